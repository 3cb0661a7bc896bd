//! `imtacfg option set|unset`: option.dat, channel option files, imta_tailor.

use clap::{Args, Subcommand};

use super::editing::{EditFlags, assignments, fail, finish, words_and_set};
use imtacfg::edit;
use imtacfg::syntax::Kind;

#[derive(Debug, Subcommand)]
pub enum OptionCommand {
    /// Set options: `imtacfg option set LOG_CONNECTION=3 LOG_PROCESS=1 [PATH]`.
    #[command(after_long_help = super::help::OPTION_SET)]
    #[command(mut_arg("words", |a| a.value_name("NAME=VALUE")
        .help("NAME=VALUE settings, then optionally the configuration PATH")))]
    Set(OptionArgs),
    /// Remove options: `imtacfg option unset LOG_PROCESS [PATH]`.
    #[command(after_long_help = super::help::OPTION_UNSET)]
    #[command(mut_arg("words", |a| a.value_name("NAME")
        .help("Names of the options to remove (every setting of each), then optionally the configuration PATH")))]
    Unset(OptionArgs),
}

#[derive(Debug, Args)]
pub struct OptionArgs {
    /// NAME=VALUE (set) or NAME (unset) words, then optionally the configuration PATH.
    #[arg(required = true)]
    words: Vec<String>,
    /// The option file to edit, relative to PATH (default: option.dat, found through
    /// imta_tailor's IMTA_OPTION_FILE): a channel option file or imta_tailor.
    #[arg(long)]
    file: Option<String>,
    #[command(flatten)]
    flags: EditFlags,
}

pub fn option(cmd: OptionCommand) -> i32 {
    let (args, setting) = match cmd {
        OptionCommand::Set(a) => (a, true),
        OptionCommand::Unset(a) => (a, false),
    };
    let (words, path, ctx) = match words_and_set(&args.words, &args.flags, setting) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let set = &ctx.set;
    let target = match &args.file {
        None => match edit::options::option_dat(set, &path) {
            Ok(t) => t,
            Err(e) => return fail(e),
        },
        Some(file) => {
            let full = set.root.clone().unwrap_or_default().join(file);
            match set.file_index_of_path(&full) {
                Some(i) => edit::options::Target::Existing(i.into()),
                None => {
                    let Some(rel) = set.inside_name(&full) else {
                        return fail(format!(
                            "{file}: not in the configuration directory {path}; --file names a file inside it"
                        ));
                    };
                    let name = imtacfg::model::config_set::join_display(&path, &rel);
                    let kind = match Kind::from_file_name(file) {
                        Some(k @ (Kind::Option | Kind::ChannelOption | Kind::Tailor)) => k,
                        _ => {
                            return fail(format!(
                                "{file}: not an option file name (option.dat, <channel>_option, imta_tailor)"
                            ));
                        }
                    };
                    match set.access.check(&full) {
                        Err(imtacfg::access::ReadError::Missing) if setting => {}
                        Err(imtacfg::access::ReadError::Missing) => {
                            return fail(format!("{name}: no such file"));
                        }
                        Err(e) => return fail(format!("{name}: {e}")),
                        Ok(_) => return fail(format!("{name}: was not read as part of {path}")),
                    }
                    edit::options::Target::New { path: full, name, kind }
                }
            }
        }
    };
    let plan = if setting {
        let assignments = match assignments(&words) {
            Ok(a) => a,
            Err(e) => return fail(e),
        };
        let kind = match &target {
            edit::options::Target::Existing(i) => set.files[*i].kind,
            edit::options::Target::New { kind, .. } => *kind,
        };
        let names = assignments.iter().map(|(n, _)| n.as_str());
        if let Err(e) = edit::names::check_options(&ctx.ws.catalog, kind, names, args.flags.force) {
            return fail(e);
        }
        edit::options::set(set, &target, &assignments)
    } else {
        match target {
            edit::options::Target::Existing(i) => edit::options::unset(set, i.index(), &words),
            edit::options::Target::New { name, .. } => {
                return fail(format!("{name}: no such file"));
            }
        }
    };
    match plan {
        Ok(p) => finish(&ctx, p, &args.flags),
        Err(e) => fail(e),
    }
}
