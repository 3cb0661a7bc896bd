//! `imtacfg dispatcher set|unset`: dispatcher.cnf options, globally or per service.

use super::error::CliError;
use clap::{Args, Subcommand};

use super::editing::{EditFlags, assignments, fail, finish, words_and_set};
use imtacfg::edit;
use imtacfg::model::config_set::{ConfigFile, ConfigSet};
use imtacfg::syntax::Kind;

#[derive(Debug, Subcommand)]
pub enum DispatcherCommand {
    /// Set options globally, or in one service with --service (created with --create).
    #[command(after_long_help = super::help::DISPATCHER_SET)]
    #[command(mut_arg("words", |a| a.value_name("NAME=VALUE")
        .help("NAME=VALUE settings, then optionally the configuration PATH")))]
    Set(DispatcherArgs),
    /// Remove options from the globals or from one service.
    #[command(after_long_help = super::help::DISPATCHER_UNSET)]
    #[command(mut_arg("words", |a| a.value_name("NAME")
        .help("Names of the options to remove, then optionally the configuration PATH")))]
    Unset(DispatcherArgs),
}

#[derive(Debug, Args)]
pub struct DispatcherArgs {
    /// NAME=VALUE (set) or NAME (unset) words, then optionally the configuration PATH.
    #[arg(required = true)]
    words: Vec<String>,
    #[command(flatten)]
    target: ServiceTarget,
    #[command(flatten)]
    flags: EditFlags,
}

/// Where in dispatcher.cnf an edit goes: `--service NAME` and `--create`.
#[derive(Debug, Clone, Args)]
pub struct ServiceTarget {
    /// The service section, e.g. SMTP (default: the global options).
    #[arg(long)]
    service: Option<String>,
    /// With `--service NAME`: create the section when the file has none of that name
    /// (without it, a name that is not there is refused, so a typo creates nothing).
    #[arg(long, requires = "service")]
    create: bool,
}

impl ServiceTarget {
    /// The section to set in (`None`: the global options), refused when the file lacks it
    /// and `--create` was not given.
    pub(super) fn checked(&self, file: &ConfigFile) -> Result<Option<&str>, CliError> {
        if let (Some(m), Some(s)) = (file.dispatcher(), self.service.as_deref()) {
            edit::names::check_service(m, s, self.create)?;
        }
        Ok(self.service.as_deref())
    }
}

pub(super) fn dispatcher_file(set: &ConfigSet, path: &str) -> Result<usize, CliError> {
    set.file_of(Kind::Dispatcher)
        .map(|(i, _)| i)
        .ok_or_else(|| format!("{path}: no dispatcher.cnf here").into())
}

pub fn dispatcher(cmd: DispatcherCommand) -> i32 {
    let (a, setting) = match cmd {
        DispatcherCommand::Set(a) => (a, true),
        DispatcherCommand::Unset(a) => (a, false),
    };
    let (words, path, ctx) = match words_and_set(&a.words, &a.flags, setting) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let set = &ctx.set;
    let fi = match dispatcher_file(set, &path) {
        Ok(i) => i,
        Err(e) => return fail(e),
    };
    let plan = if setting {
        let assignments = match assignments(&words) {
            Ok(a) => a,
            Err(e) => return fail(e),
        };
        let f = &set.files[fi];
        let names = assignments.iter().map(|(n, _)| n.as_str());
        if let Err(e) = edit::names::check_options(&ctx.ws.catalog, f.kind, names, a.flags.force) {
            return fail(e);
        }
        match a.target.checked(f) {
            Ok(service) => edit::dispatcher::set(set, fi, service, &assignments),
            Err(e) => return fail(e),
        }
    } else {
        edit::dispatcher::unset(set, fi, a.target.service.as_deref(), &words)
    };
    match plan {
        Ok(p) => finish(&ctx, p, &a.flags),
        Err(e) => fail(e),
    }
}
