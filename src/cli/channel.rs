//! `imtacfg channel add-keyword|remove-keyword`: channel keywords in imta.cnf.

use clap::{Args, Subcommand};

use super::editing::{EditFlags, fail, finish, load, looks_like_path, need_imta};
use imtacfg::edit::{self, Plan};
use imtacfg::knowledge::Catalog;
use imtacfg::model::config_set::ConfigSet;
use imtacfg::model::imta::BlockKind;
use imtacfg::syntax::Kind;

#[derive(Debug, Subcommand)]
pub enum ChannelCommand {
    /// Add a keyword (with arguments) to a channel: replaces a rival of its exclusive
    /// group and updates the arguments of an existing one.
    #[command(after_long_help = super::help::CHANNEL)]
    AddKeyword(KeywordArgs),
    /// Remove a keyword (and its arguments) from a channel.
    #[command(after_long_help = super::help::CHANNEL)]
    #[command(mut_arg("args", |a| a.value_name("PATH")
        .help("The configuration directory (default: `.`, or -C PATH)")))]
    RemoveKeyword(KeywordArgs),
}

#[derive(Debug, Args)]
pub struct KeywordArgs {
    /// The channel name (`defaults` edits the first defaults line).
    channel: String,
    /// The keyword, as imta.cnf spells it (`logging`, `maxjobs`, `backoff`, …).
    keyword: String,
    /// Keyword arguments, then optionally the configuration PATH.
    args: Vec<String>,
    #[command(flatten)]
    flags: EditFlags,
}

pub fn channel(cmd: ChannelCommand) -> i32 {
    let (a, adding) = match cmd {
        ChannelCommand::AddKeyword(a) => (a, true),
        ChannelCommand::RemoveKeyword(a) => (a, false),
    };
    let mut words = a.args.clone();
    let path = if let Some(p) = &a.flags.dir {
        p.clone()
    } else if words.last().is_some_and(|w| looks_like_path(w)) {
        words.pop().unwrap_or_default()
    } else {
        ".".into()
    };
    let ctx = match load(&path, &a.flags) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let (set, catalog) = (&ctx.set, &ctx.ws.catalog);
    if let Err(e) = need_imta(set, &path) {
        return fail(e);
    }
    let targets = if a.channel.eq_ignore_ascii_case("defaults") {
        first_defaults(set)
    } else {
        edit::keywords::find_channel(set, &a.channel)
    };
    if targets.is_empty() {
        return fail(format!("no channel named `{}` in imta.cnf", a.channel));
    }
    let mut plan = Plan::default();
    if adding {
        if let Err(e) = edit::keywords::check_keyword(catalog, &a.keyword, &words, a.flags.force) {
            return fail(e);
        }
        for t in targets {
            plan.extend(edit::keywords::add(set, catalog, t, &a.keyword, &words));
        }
    } else {
        if !words.is_empty() {
            return fail("remove-keyword takes no keyword arguments");
        }
        for t in targets {
            plan.extend(edit::keywords::remove_all(set, t, &a.keyword));
        }
        if plan.is_empty() {
            for note in why_not_there(set, catalog, &a.channel, &a.keyword) {
                eprintln!("note: {note}");
            }
        }
    }
    finish(&ctx, plan, &a.flags)
}

/// Why removing `keyword` from `channel` changes nothing: the keyword is not one imtacfg
/// knows (with the nearest one), or the channel takes it from a defaults line.
fn why_not_there(set: &ConfigSet, catalog: &Catalog, channel: &str, keyword: &str) -> Vec<String> {
    let mut notes = Vec::new();
    let lower = keyword.to_ascii_lowercase();
    if catalog.keyword(&lower).is_none() {
        let hint = imtacfg::lint::suggest::did_you_mean(&lower, catalog.keywords.names())
            .map_or(String::new(), |s| format!("; did you mean `{s}`?"));
        notes.push(format!("`{keyword}` is not a keyword imtacfg knows{hint}"));
    }
    for f in set.files.iter().filter(|f| f.imta().is_some()) {
        let Some(m) = f.imta() else { continue };
        let text = &f.source.text;
        for b in m.blocks.iter().filter(|b| b.kind == BlockKind::Defaults) {
            let Some(head) = &b.head else { continue };
            if let Some(k) = head.keywords.iter().find(|k| k.normalized(text) == lower) {
                let line = f.source.line_col(k.name.start as usize).line;
                notes.push(if channel.eq_ignore_ascii_case("defaults") {
                    format!(
                        "`{keyword}` is on a later defaults line ({}:{line}); only the first defaults line is edited, so change that line by hand",
                        f.name()
                    )
                } else {
                    format!(
                        "`{channel}` does not have `{keyword}` on its own line; a defaults line sets it for the channels after it ({}:{line}); `imtacfg channel remove-keyword defaults {keyword}` removes it from the first defaults line",
                        f.name()
                    )
                });
            }
        }
    }
    notes
}

fn first_defaults(set: &ConfigSet) -> Vec<edit::keywords::BlockRef> {
    set.file_of(Kind::Imta)
        .and_then(|(fi, f)| {
            let m = f.imta()?;
            let bi = m.blocks.iter().position(|b| b.kind == BlockKind::Defaults)?;
            Some(vec![edit::keywords::BlockRef { file: fi.into(), block: bi }])
        })
        .unwrap_or_default()
}
