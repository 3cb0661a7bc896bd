//! `imtacfg log stats FILE...`: counts, sizes, delays and failures.

use super::super::error::CliError;

use clap::{Args, ValueEnum};

use super::super::output::{self, TableOrJson, document};
use super::{InputArgs, Problems};
use imtacfg::log::Record;
use imtacfg::log::stats::{By, Part, Stats};
use imtacfg::report::log_documents as docs;

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ByArg {
    Channel,
    Code,
    Hour,
    RemoteIp,
    Reason,
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Log files (plain or gzip), `-` for standard input; none: the log directory of -C PATH.
    files: Vec<String>,
    /// How to group the entries (channel: the channel enqueued to, or dequeued from).
    #[arg(long, value_enum, default_value = "channel")]
    by: ByArg,
    /// Show this many groups, diagnostics and addresses.
    #[arg(long, default_value_t = 10)]
    top: usize,
    /// The output: a table for people, or JSON (versioned) for programs.
    #[arg(long, value_enum, default_value = "table")]
    format: TableOrJson,
    #[command(flatten)]
    input: InputArgs,
}

fn by_name(b: ByArg) -> (By, &'static str) {
    match b {
        ByArg::Channel => (By::Channel, "channel"),
        ByArg::Code => (By::Code, "code"),
        ByArg::Hour => (By::Hour, "hour"),
        ByArg::RemoteIp => (By::RemoteIp, "remote-ip"),
        ByArg::Reason => (By::Reason, "reason"),
    }
}

pub fn run(a: StatsArgs) -> Result<i32, CliError> {
    let mut reading = a.input.reading(&a.files)?;
    let names = reading.names.clone();
    let filter = reading.filter.clone();
    let block =
        reading.decoder.profile.as_ref().map_or(1024, |p| p.value("BLOCK_SIZE").max(1) as u64);
    let (by, by_str) = by_name(a.by);
    let mut stats = Stats::new(by);
    let mut problems = Problems::default();
    // Each batch is decoded and counted on a core of its own; the parts are merged here
    // in input order.
    let start = || (Part::new(by), Problems::default());
    let fold = |(part, seen): &mut (Part, Problems), r: &Record<'_>| {
        seen.note(r, &names);
        if filter.matches(r) {
            part.feed(r);
        }
    };
    reading.fold(&start, &fold, &mut |(mut part, seen)| {
        stats.merge(&mut part);
        problems.merge(seen);
    })?;
    let d = doc(&stats, by_str, block, a.top);
    let text = match a.format {
        TableOrJson::Json => document(&d),
        TableOrJson::Table => table(&d),
    };
    output::stdout_bytes(text.as_bytes()).map_err(|e| e.to_string())?;
    Ok(problems.report())
}

fn round(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn doc(s: &Stats, by: &'static str, block: u64, top: usize) -> docs::StatsDoc {
    let counted = |v: Vec<(&str, u64)>| {
        v.into_iter().map(|(k, n)| docs::Counted { key: k.to_string(), count: n }).collect()
    };
    docs::StatsDoc {
        version: docs::LOG_VERSION,
        by,
        records: s.records,
        errors: s.errors,
        message_entries: s.message_entries,
        connection_entries: s.connection_entries,
        block_size: block,
        groups: s
            .groups(top)
            .into_iter()
            .map(|(k, g)| docs::StatsGroup {
                key: k.to_string(),
                entries: g.entries,
                blocks: g.blocks,
                bytes_at_most: g.blocks.saturating_mul(block),
                enqueued: g.enqueued,
                delivered: g.delivered,
                failed: g.failed,
            })
            .collect(),
        delays: s
            .delays()
            .into_iter()
            .map(|(c, d)| docs::DelayDoc {
                channel: c.to_string(),
                count: d.count,
                mean: round(d.sum / d.count.max(1) as f64),
                p50: round(d.quantile(0.5)),
                p90: round(d.quantile(0.9)),
                p99: round(d.quantile(0.99)),
                max: round(d.max),
            })
            .collect(),
        failures: counted(s.failures(top)),
        auth_failures: counted(s.auth_failures(top)),
    }
}

fn table(d: &docs::StatsDoc) -> String {
    let mut s = format!(
        "{} records: {} message entries, {} connection entries, {} not decoded\n\n",
        d.records, d.message_entries, d.connection_entries, d.errors
    );
    let w = d.groups.iter().map(|g| g.key.chars().count()).max().unwrap_or(0).clamp(16, 72);
    s.push_str(&format!(
        "{:<w$} {:>9} {:>9} {:>9} {:>9} {:>9} {:>12}\n",
        d.by, "entries", "enqueued", "delivered", "failed", "blocks", "bytes<="
    ));
    for g in &d.groups {
        s.push_str(&format!(
            "{:<w$} {:>9} {:>9} {:>9} {:>9} {:>9} {:>12}\n",
            g.key, g.entries, g.enqueued, g.delivered, g.failed, g.blocks, g.bytes_at_most
        ));
    }
    if !d.delays.is_empty() {
        s.push_str(&format!(
            "\nqueue delay (enqueue to dequeue, seconds)\n{:<20} {:>8} {:>9} {:>9} {:>9} {:>9} {:>9}\n",
            "channel", "count", "mean", "p50", "p90", "p99", "max"
        ));
        for x in &d.delays {
            s.push_str(&format!(
                "{:<20} {:>8} {:>9} {:>9} {:>9} {:>9} {:>9}\n",
                x.channel, x.count, x.mean, x.p50, x.p90, x.p99, x.max
            ));
        }
    }
    if !d.failures.is_empty() {
        s.push_str("\nmost frequent failure diagnostics\n");
        for f in &d.failures {
            s.push_str(&format!("{:>8}  {}\n", f.count, f.key));
        }
    }
    if !d.auth_failures.is_empty() {
        s.push_str("\nauthentication failures by remote address\n");
        for f in &d.auth_failures {
            s.push_str(&format!("{:>8}  {}\n", f.count, f.key));
        }
    }
    s
}
