//! `imtacfg log layout|parse|trace|stats`: reading the MTA transaction log.
//!
//! Every subcommand but `layout` reads log files (plain or gzip, `-` for standard input,
//! or the configuration's log directory), decodes them with the configuration's options
//! when `-C PATH` is given, and applies the same filters.

mod layout;
mod parse;
mod stats;
mod trace;

use super::error::CliError;
use std::io::IsTerminal;
use std::ops::ControlFlow;

use clap::{Args, Subcommand};

use super::{exit, load, output};
use imtacfg::log::filter::Filter;
use imtacfg::log::{self as lg, Decoder, Inputs, LogError, Record};
use imtacfg::model::config_set::ConfigSet;

#[derive(Debug, Subcommand)]
pub enum LogCommand {
    /// Show the fields of message and connection entries a configuration writes.
    #[command(after_long_help = super::help::LOG_LAYOUT)]
    Layout(layout::LayoutArgs),
    /// Decode log lines into records (NDJSON, JSON, CSV, a table, or the raw lines).
    #[command(after_long_help = super::help::LOG_PARSE)]
    Parse(parse::ParseArgs),
    /// Follow one message (Message-ID, address or queue file) through the log.
    #[command(after_long_help = super::help::LOG_TRACE)]
    Trace(trace::TraceArgs),
    /// Counts, sizes, delays and failures, grouped.
    #[command(after_long_help = super::help::LOG_STATS)]
    Stats(stats::StatsArgs),
}

/// What the reading subcommands share: inputs, configuration and filters.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// The configuration directory: its options tell the decoder which fields are there,
    /// and without FILE its log directory (imta_tailor's IMTA_LOG) is read.
    #[arg(short = 'C', long = "path", value_name = "PATH")]
    conf: Option<String>,
    /// Only entries of this channel, as source or destination (repeatable).
    #[arg(long)]
    channel: Vec<String>,
    /// Only this entry code; one letter matches any modifiers: `D` is D, DE, DS… (repeatable).
    #[arg(long)]
    code: Vec<String>,
    /// Only entries at or after this time (2007-02-16T15:41, 2007-02-16, 16-Feb-2007 15:41:00).
    #[arg(long)]
    since: Option<String>,
    /// Only entries before this time.
    #[arg(long)]
    until: Option<String>,
    /// Only entries whose envelope From contains this.
    #[arg(long)]
    from: Option<String>,
    /// Only entries whose original or current To contains this.
    #[arg(long)]
    to: Option<String>,
    /// Only entries with this remote IP address.
    #[arg(long)]
    ip: Option<String>,
    /// Only entries with this Message-ID (angle brackets optional).
    #[arg(long)]
    message_id: Option<String>,
    /// Never show a progress bar (it is shown only on a terminal, for large inputs).
    #[arg(long)]
    no_progress: bool,
}

/// A run's inputs, decoder and filter, ready to read.
pub struct Reading {
    pub inputs: Inputs,
    pub names: Vec<String>,
    pub decoder: Decoder,
    pub filter: Filter,
    progress: bool,
}

pub fn log(cmd: LogCommand) -> i32 {
    let r = match cmd {
        LogCommand::Layout(a) => layout::run(a),
        LogCommand::Parse(a) => parse::run(a),
        LogCommand::Trace(a) => trace::run(a),
        LogCommand::Stats(a) => stats::run(a),
    };
    match r {
        Ok(code) => code,
        Err(e) => {
            output::error(e);
            exit::ERROR
        }
    }
}

/// Read the configuration at `path` (every file must be readable).
fn open_config(path: &str) -> Result<ConfigSet, CliError> {
    let ws = load::simple_workspace(path, None)?;
    Ok(ws.open_non_empty(path)?)
}

impl InputArgs {
    fn filter(&self) -> Result<Filter, CliError> {
        let time = |v: &Option<String>, flag| {
            v.as_deref().map(|s| Filter::time(s, flag)).transpose().map_err(|e| e.to_string())
        };
        Ok(Filter {
            channels: self.channel.clone(),
            codes: self.code.clone(),
            since: time(&self.since, "--since")?,
            until: time(&self.until, "--until")?,
            from: self.from.clone(),
            to: self.to.clone(),
            ip: self.ip.clone(),
            message_id: self.message_id.clone(),
        })
    }

    /// Open the inputs: the files named, else the configuration's log directory.
    pub fn reading(&self, files: &[String]) -> Result<Reading, CliError> {
        let filter = self.filter()?;
        let config = match &self.conf {
            Some(p) => Some((p.clone(), open_config(p)?)),
            None => None,
        };
        let mut inputs = if !files.is_empty() {
            let limit = load::overrides(None)?.max_file_size;
            Inputs::from_args_limited(files, limit).map_err(|e| e.to_string())?
        } else if let Some((p, set)) = &config {
            let dir = set.tailor_path("IMTA_LOG").ok_or_else(|| {
                LogError::NoLogDir(format!(
                    "{p}: no log files named, and imta_tailor has no IMTA_LOG to find them"
                ))
                .to_string()
            })?;
            Inputs::from_log_dir(&dir, &set.access).map_err(|e| e.to_string())?
        } else {
            return Err("name the log files (or - for standard input), or give -C PATH to read the configuration's log directory".into());
        };
        inputs.sort_by_time();
        let profile = config.as_ref().map(|(_, s)| lg::layout::profile(s));
        Ok(Reading {
            names: inputs.names(),
            inputs,
            decoder: Decoder::with_profile(profile),
            filter,
            progress: !self.no_progress,
        })
    }
}

/// What a run saw that the user must hear about: lines that could not be decoded.
#[derive(Debug, Default)]
pub struct Problems {
    pub count: u64,
    shown: Vec<String>,
}

impl Problems {
    pub fn note(&mut self, r: &Record<'_>, names: &[String]) {
        if r.error.is_none() {
            return;
        }
        self.count += 1;
        if self.shown.len() < 10 {
            self.shown.push(format!(
                "{}:{}: {}",
                names.get(r.file).map_or("?", |s| s.as_str()),
                r.line,
                r.error.as_deref().unwrap_or("")
            ));
        }
    }

    /// Add the problems seen after these (in a later part of the input).
    pub fn merge(&mut self, later: Problems) {
        self.count += later.count;
        let room = 10usize.saturating_sub(self.shown.len());
        self.shown.extend(later.shown.into_iter().take(room));
    }

    /// Print them; the exit code they give (2 when any line failed).
    pub fn report(&self) -> i32 {
        for s in &self.shown {
            output::error(s);
        }
        if self.count > self.shown.len() as u64 {
            output::error(format!(
                "{} more lines could not be decoded",
                self.count - self.shown.len() as u64
            ));
        }
        if self.count > 0 { exit::ERROR } else { exit::OK }
    }
}

impl Reading {
    /// Can the inputs be read twice (no standard input)?
    pub fn rereadable(&self) -> bool {
        self.inputs.items.iter().all(|(_, s)| !matches!(s, lg::input::Source::Stdin))
    }

    /// Decode every input, handing each record to `f` (filters are the caller's: some
    /// commands need the records the filter leaves out), the inputs merged by time stamp
    /// (see `log::input::for_each_record_by_time`): for output in time order and for
    /// traces, whose connection entries may be in a separate `connection.log*`. A progress
    /// bar is drawn on a terminal for inputs over 16 MiB.
    pub fn run_by_time(
        &mut self,
        f: &mut dyn FnMut(&Record<'_>) -> ControlFlow<()>,
    ) -> Result<(), CliError> {
        self.run_in(self.inputs.items.len() > 1, f)
    }

    fn run_in(
        &mut self,
        by_time: bool,
        f: &mut dyn FnMut(&Record<'_>) -> ControlFlow<()>,
    ) -> Result<(), CliError> {
        let read = if by_time { lg::for_each_record_by_time } else { lg::for_each_record };
        let (inputs, decoder) = (&self.inputs, &mut self.decoder);
        with_progress(inputs, self.progress, &mut |progress| read(inputs, decoder, progress, f))
    }

    /// Decode every input on all cores, folding the records of each batch into a value
    /// of its own, merged in input order (see `log::input::fold_records`).
    pub fn fold<T, S, F>(
        &mut self,
        start: &S,
        fold: &F,
        merge: &mut dyn FnMut(T),
    ) -> Result<(), CliError>
    where
        T: Send,
        S: Fn() -> T + Sync,
        F: Fn(&mut T, &Record<'_>) + Sync,
    {
        let (inputs, decoder) = (&self.inputs, &mut self.decoder);
        with_progress(inputs, self.progress, &mut |progress| {
            lg::fold_records(inputs, decoder, progress, start, fold, merge)
        })
    }
}

/// A run over the inputs, given a callback for the bytes read.
type Read<'r> = dyn FnMut(&mut dyn FnMut(u64)) -> Result<(), LogError> + 'r;

/// Run `read` with a progress callback that draws a bar on a terminal (when `show`) for
/// inputs over 16 MiB.
fn with_progress(inputs: &Inputs, show: bool, read: &mut Read<'_>) -> Result<(), CliError> {
    let total = inputs.total_bytes();
    let bar = match total {
        Some(n) if show && n > 16 << 20 && std::io::stderr().is_terminal() => {
            let b = indicatif::ProgressBar::new(n);
            b.set_style(
                indicatif::ProgressStyle::with_template(
                    "{bar:40} {bytes}/{total_bytes} {binary_bytes_per_sec} {eta}",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            Some(b)
        }
        _ => None,
    };
    let mut pending = 0u64;
    let mut progress = |n: u64| {
        if let Some(b) = &bar {
            pending += n;
            if pending > 1 << 20 {
                b.inc(pending);
                pending = 0;
            }
        }
    };
    let r = read(&mut progress);
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    r.map_err(|e| e.to_string().into())
}
