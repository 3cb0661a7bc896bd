//! `imtacfg logging status|enable|disable`: which channels log, and turning it on or off.

use clap::{Args, Subcommand};

use super::editing::{EditFlags, fail, finish, load, need_imta};
use super::output::{TableOrJson, document};
use super::{exit, output};
use imtacfg::edit;
use imtacfg::knowledge::Catalog;
use imtacfg::model::config_set::ConfigSet;
use imtacfg::model::logging::{LoggingSource, channel_logging};
use imtacfg::report::documents;
use imtacfg::syntax::Kind;

#[derive(Debug, Subcommand)]
pub enum LoggingCommand {
    /// Show every channel's effective logging and the LOG_* options in force.
    #[command(after_long_help = super::help::LOGGING_STATUS)]
    Status {
        /// The configuration directory (default: `.`).
        path: Option<String>,
        /// Output: `table` for people, `json` for tools (a versioned document, see the README).
        #[arg(long, value_enum, default_value = "table")]
        format: TableOrJson,
    },
    /// Make channels log (all with --all, or those named with --channel).
    #[command(after_long_help = super::help::LOGGING_EDIT)]
    Enable(LoggingArgs),
    /// Make channels stop logging.
    #[command(after_long_help = super::help::LOGGING_EDIT)]
    Disable(LoggingArgs),
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("which").required(true).args(["all", "channel"])))]
pub struct LoggingArgs {
    /// The configuration directory (default: `.`, or -C PATH).
    path: Option<String>,
    /// Every channel.
    #[arg(long, conflicts_with = "channel")]
    all: bool,
    /// Only this channel (repeatable).
    #[arg(long)]
    channel: Vec<String>,
    /// Also set LOG_* options in option.dat (repeatable): --set LOG_CONNECTION=3.
    #[arg(long = "set", value_name = "LOG_X=V")]
    set: Vec<String>,
    /// With --all: put the keyword on each channel line instead of the defaults line.
    #[arg(long)]
    per_channel: bool,
    #[command(flatten)]
    flags: EditFlags,
}

pub fn logging(cmd: LoggingCommand) -> i32 {
    match cmd {
        LoggingCommand::Status { path, format } => {
            let path = path.unwrap_or_else(|| ".".into());
            match load(&path, &EditFlags::default()) {
                Ok(ctx) => match need_imta(&ctx.set, &path) {
                    Ok(()) => status(&ctx.set, &ctx.ws.catalog, format),
                    Err(e) => fail(e),
                },
                Err(code) => code,
            }
        }
        LoggingCommand::Enable(args) => logging_edit(args, true),
        LoggingCommand::Disable(args) => logging_edit(args, false),
    }
}

fn status(set: &ConfigSet, catalog: &Catalog, format: TableOrJson) -> i32 {
    let channels = channel_logging(set);
    let mut options = Vec::new();
    if let Some((_, f)) = set.file_of(Kind::Option)
        && let Some(m) = f.options()
    {
        for s in &m.settings {
            if s.normalized.starts_with("LOG_") || s.normalized == "SEPARATE_CONNECTION_LOG" {
                let meaning = catalog
                    .options
                    .get_folded(&s.normalized)
                    .map_or("unknown option", |o| o.summary.as_str());
                options.push((s.normalized.clone(), s.value_trimmed().to_string(), meaning));
            }
        }
    }
    // Where the effective setting is: the keyword that decides it (on the channel line or
    // a defaults line), else the channel's own line (not the comments above it).
    let place = |c: &imtacfg::model::logging::ChannelLogging| -> (&str, usize) {
        let (file, at) = match c.decided_by {
            Some(p) => (p.file, p.span.start),
            None => {
                let f = &set.files[c.file];
                let b = f.imta().map(|m| &m.blocks[c.block]);
                let at = b.map_or(0, |b| b.head.as_ref().map_or(b.span.start, |h| h.name.start));
                (c.file, at)
            }
        };
        let f = &set.files[file];
        (f.name(), f.source.line_col(at as usize).line)
    };
    let source = |s: LoggingSource| match s {
        LoggingSource::Channel => "channel",
        LoggingSource::Defaults => "defaults",
        LoggingSource::None => "none",
    };
    let text = match format {
        TableOrJson::Json => document(&documents::LoggingStatus {
            version: documents::VERSION,
            channels: channels
                .iter()
                .map(|c| documents::ChannelStatus {
                    name: &c.name,
                    logging: c.logging,
                    source: source(c.source),
                    line: place(c).1,
                    file: place(c).0,
                })
                .collect(),
            options: options
                .iter()
                .map(|(n, v, m)| documents::LogOption { name: n, value: v, meaning: m })
                .collect(),
        }),
        TableOrJson::Table => {
            let mut s = format!("{:<24} {:<8} {:<9} {}\n", "channel", "logging", "from", "line");
            for c in &channels {
                let (file, line) = place(c);
                s.push_str(&format!(
                    "{:<24} {:<8} {:<9} {file}:{line}\n",
                    c.name,
                    if c.logging { "yes" } else { "no" },
                    source(c.source),
                ));
            }
            if options.is_empty() {
                s.push_str("\nno LOG_* options are set\n");
            } else {
                s.push_str("\nLOG_* options in force:\n");
                for (n, v, m) in &options {
                    s.push_str(&format!("  {n}={v}  {m}\n"));
                }
            }
            s
        }
    };
    match output::stdout_bytes(text.as_bytes()) {
        Ok(()) => exit::OK,
        Err(e) => fail(e),
    }
}

fn logging_edit(args: LoggingArgs, enable: bool) -> i32 {
    let path = args.flags.dir.clone().or(args.path.clone()).unwrap_or_else(|| ".".into());
    let ctx = match load(&path, &args.flags) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let (set, catalog) = (&ctx.set, &ctx.ws.catalog);
    if let Err(e) = need_imta(set, &path) {
        return fail(e);
    }
    let channels = if args.all {
        edit::logging::Channels::All
    } else {
        edit::logging::Channels::Named(args.channel.clone())
    };
    let planned = if enable {
        edit::logging::enable(set, catalog, &channels, args.per_channel)
    } else {
        edit::logging::disable(set, catalog, &channels, args.per_channel)
    };
    let mut plan = match planned {
        Ok(p) => p,
        Err(e) => return fail(e),
    };
    if !args.set.is_empty() {
        let mut assignments = Vec::new();
        for a in &args.set {
            match edit::options::parse_assignment(a) {
                Ok((n, v)) => {
                    let known = edit::names::check_options(
                        catalog,
                        Kind::Option,
                        [n.as_str()],
                        args.flags.force,
                    );
                    if let Err(e) = known {
                        return fail(e);
                    }
                    assignments.push((n, v));
                }
                Err(e) => return fail(e),
            }
        }
        let target = match edit::options::option_dat(set, &path) {
            Ok(t) => t,
            Err(e) => return fail(e),
        };
        match edit::options::set(set, &target, &assignments) {
            Ok(p) => plan.extend(p),
            Err(e) => return fail(e),
        }
    }
    finish(&ctx, plan, &args.flags)
}
