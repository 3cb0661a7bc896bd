//! `imtacfg channel add-keyword|remove-keyword`: channel keywords in imta.cnf.

use clap::{Args, Subcommand};

use super::editing::{EditFlags, fail, finish, load, looks_like_path};
use imtacfg::edit::{self, Plan};
use imtacfg::model::config_set::ConfigSet;
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
    }
    finish(&ctx, plan, &a.flags)
}

fn first_defaults(set: &ConfigSet) -> Vec<edit::keywords::BlockRef> {
    set.file_of(Kind::Imta)
        .and_then(|(fi, f)| {
            let m = f.imta()?;
            let bi = m
                .blocks
                .iter()
                .position(|b| b.kind == imtacfg::model::imta::BlockKind::Defaults)?;
            Some(vec![edit::keywords::BlockRef {
                file: fi,
                block: bi,
            }])
        })
        .unwrap_or_default()
}
