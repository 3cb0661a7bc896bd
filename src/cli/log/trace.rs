//! `imtacfg log trace KEY FILE...`: one message through the log.

use super::super::error::CliError;
use std::ops::ControlFlow;

use clap::Args;

use super::super::output::{self, TableOrJson, document};
use super::{InputArgs, Problems};
use imtacfg::log::trace::{Key, Trace, Tracer};
use imtacfg::log::values;
use imtacfg::report::log_documents as docs;

#[derive(Debug, Args)]
pub struct TraceArgs {
    /// A Message-ID (`<id@host>`), an envelope address, or a queue file name.
    key: String,
    /// Log files (plain or gzip), `-` for standard input; none: the log directory of -C PATH.
    files: Vec<String>,
    /// The output: a table for people, or JSON (versioned) for programs.
    #[arg(long, value_enum, default_value = "table")]
    format: TableOrJson,
    #[command(flatten)]
    input: InputArgs,
}

fn fmt_secs(s: f64) -> String {
    if s < 60.0 {
        return format!("{s:.2}s");
    }
    let whole = s.round() as u64;
    if whole < 3600 {
        format!("{}m{:02}s", whole / 60, whole % 60)
    } else {
        let m = (s / 60.0).round() as u64;
        format!("{}h{:02}m", m / 60, m % 60)
    }
}

pub fn run(a: TraceArgs) -> Result<i32, CliError> {
    let mut reading = a.input.reading(&a.files)?;
    let names = reading.names.clone();
    let filter = reading.filter.clone();
    let key = Key::parse(&a.key);
    let mut tracer = Tracer::new(key.clone());
    let mut problems = Problems::default();
    reading.run_by_time(&mut |r| {
        problems.note(r, &names);
        if filter.matches(r) {
            tracer.feed(r);
        }
        ControlFlow::Continue(())
    })?;
    // Files can be read again: a second pass finds the entries written before the
    // first match (the other recipients' enqueues of a message traced by one address).
    if reading.rereadable() {
        let mut again = Tracer::second_pass(&tracer);
        reading.run_by_time(&mut |r| {
            if filter.matches(r) {
                again.feed(r);
            }
            ControlFlow::Continue(())
        })?;
        tracer = again;
    }
    let t = tracer.finish();
    let path = a.input.conf.clone().unwrap_or_else(|| "CONFIG-DIR".into());
    let text = match a.format {
        TableOrJson::Json => document(&doc(&a.key, &key, &t, &names, &path)),
        TableOrJson::Table => table(&t, &names, &path),
    };
    output::stdout_bytes(text.as_bytes()).map_err(|e| e.to_string())?;
    let code = problems.report();
    if code == 0 && t.hits.is_empty() {
        return Ok(super::super::exit::FINDINGS);
    }
    Ok(code)
}

fn doc(word: &str, key: &Key, t: &Trace, names: &[String], path: &str) -> docs::TraceDoc {
    docs::TraceDoc {
        version: docs::LOG_VERSION,
        key: word.to_string(),
        key_kind: match key {
            Key::MessageId(_) => "message-id",
            Key::Address(_) => "address",
            Key::QueueFile { .. } => "queue-file",
        },
        entries: t
            .hits
            .iter()
            .map(|(h, d)| docs::TraceEntry {
                file: names.get(h.file).cloned().unwrap_or_default(),
                line: h.line,
                time: h.time.map(|t| t.to_string()),
                since_previous: d.map(|d| (d * 100.0).round() / 100.0),
                kind: h.kind.as_str(),
                code: h.code.clone(),
                source_channel: h.source.clone(),
                destination_channel: h.destination.clone(),
                from: h.from.clone(),
                to: h.to.clone(),
                orig_to: h.orig_to.clone(),
                queue_file: h.queue_file.clone(),
                attempts: h
                    .queue_file
                    .as_deref()
                    .and_then(values::queue_file)
                    .and_then(|q| q.attempts),
                message_id: h.message_id.clone(),
                process: h.process.clone(),
                diagnostic: h.diagnostic.clone(),
                remote_ip: h.remote_ip.clone(),
                raw: h.raw.clone(),
            })
            .collect(),
        recipients: t
            .fates
            .iter()
            .map(|f| docs::RecipientFate {
                recipient: f.recipient.clone(),
                fate: f.fate.clone(),
                channel: f.channel.clone(),
                reason: f.reason.clone(),
                retries: f.retries,
                seconds: f.seconds.map(|d| (d * 100.0).round() / 100.0),
                notification: f.notification,
            })
            .collect(),
        advice: t
            .advice
            .iter()
            .map(|a| docs::AdviceDoc {
                option: a.option,
                why: a.why,
                command: format!("imtacfg option set {} {path}", a.option),
            })
            .collect(),
        truncated: t.truncated,
    }
}

fn table(t: &Trace, names: &[String], path: &str) -> String {
    let mut s = String::new();
    if t.hits.is_empty() {
        s.push_str("no entry matches\n");
    }
    for (h, d) in &t.hits {
        let when = h.time.map(|t| t.to_string()).unwrap_or_default();
        let delta = d.map_or(String::new(), |d| format!("+{}", fmt_secs(d)));
        let route = match h.kind {
            imtacfg::log::EntryKind::Connection => format!("{} {}", h.source, h.destination),
            _ if h.destination.is_empty() => format!("{} ->", h.source),
            _ => format!("{} -> {}", h.source, h.destination),
        };
        let attempts = h
            .queue_file
            .as_deref()
            .and_then(values::queue_file)
            .map(|q| format!(" {}", q.leaf))
            .unwrap_or_default();
        s.push_str(&format!(
            "{when:<23} {delta:>9} {:<4} {route:<26} {}{attempts}\n",
            h.code,
            if h.to.is_empty() { h.remote_ip.clone().unwrap_or_default() } else { h.to.clone() },
        ));
        if let Some(d) = &h.diagnostic {
            s.push_str(&format!("{:34}{d}\n", ""));
        }
        s.push_str(&format!(
            "{:34}{}:{}\n",
            "",
            names.get(h.file).map_or("?", |n| n.as_str()),
            h.line
        ));
    }
    if !t.fates.is_empty() {
        s.push_str("\nfate:\n");
        for f in &t.fates {
            s.push_str(&format!(
                "  {}{}: {} (on {}{}{})\n",
                f.recipient,
                if f.notification { " (notification)" } else { "" },
                f.fate,
                f.channel,
                if f.retries > 0 { format!(", {} retries", f.retries) } else { String::new() },
                f.seconds.map_or(String::new(), |x| format!(", {} in all", fmt_secs(x))),
            ));
            if let Some(r) = &f.reason {
                let label = if f.fate == "delivered" { "last failure" } else { "reason" };
                s.push_str(&format!("    {label}: {r}\n"));
            }
        }
    }
    for a in &t.advice {
        s.push_str(&format!(
            "hint: {}; set it with: imtacfg option set {} {path}\n",
            a.why, a.option
        ));
    }
    if t.truncated {
        s.push_str(&format!(
            "warning: more than {} entries matched; only the first were kept\n",
            imtacfg::log::trace::MAX_HITS
        ));
    }
    s
}
