//! `imtacfg log parse FILE...`: every line as a record.

use super::super::error::CliError;
use std::io::Write;
use std::ops::ControlFlow;

use clap::{Args, ValueEnum};

use super::super::output;
use super::{InputArgs, Problems};
use imtacfg::log::fields::{FIELDS, FieldId};
use imtacfg::log::record::{Record, text};
use imtacfg::report::log_documents::{LOG_VERSION, log_record};

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ParseFormat {
    /// One JSON record per line (the documented, versioned shape).
    Ndjson,
    /// One JSON document: {"version": 1, "records": [...]}.
    Json,
    /// A header line, then one row per record.
    Csv,
    /// Columns for people.
    Table,
    /// The lines as read (filters applied): re-emits the input bytes.
    Raw,
}

#[derive(Debug, Args)]
pub struct ParseArgs {
    /// Log files (plain or gzip), `-` for standard input; none: the log directory of -C PATH.
    files: Vec<String>,
    /// The output: one JSON record per line (ndjson), a JSON array, CSV, a table, or the
    /// input lines themselves (raw).
    #[arg(long, value_enum, default_value = "ndjson")]
    format: ParseFormat,
    #[command(flatten)]
    input: InputArgs,
}

fn csv_cell(out: &mut Vec<u8>, v: &str) {
    if v.contains([',', '"', '\n', '\r']) {
        out.push(b'"');
        out.extend_from_slice(v.replace('"', "\"\"").as_bytes());
        out.push(b'"');
    } else {
        out.extend_from_slice(v.as_bytes());
    }
}

fn write_record(
    w: &mut impl Write,
    fmt: ParseFormat,
    r: &Record<'_>,
    names: &[String],
    first: &mut bool,
) -> std::io::Result<()> {
    match fmt {
        ParseFormat::Raw => r.emit(w),
        ParseFormat::Ndjson => {
            serde_json::to_writer(&mut *w, &log_record(r, names))?;
            w.write_all(b"\n")
        }
        ParseFormat::Json => {
            if !*first {
                w.write_all(b",\n")?;
            }
            *first = false;
            serde_json::to_writer(&mut *w, &log_record(r, names))?;
            Ok(())
        }
        ParseFormat::Csv => {
            let mut line = Vec::with_capacity(256);
            csv_cell(&mut line, names.get(r.file).map_or("", |s| s.as_str()));
            line.extend_from_slice(format!(",{},{},", r.line, r.kind.as_str()).as_bytes());
            csv_cell(&mut line, &r.time.map(|t| t.to_string()).unwrap_or_default());
            for f in &FIELDS {
                line.push(b',');
                if let Some(v) = r.get(f.id) {
                    csv_cell(&mut line, &text(v));
                }
            }
            line.push(b',');
            csv_cell(&mut line, r.error.as_deref().unwrap_or(""));
            line.push(b'\n');
            w.write_all(&line)
        }
        ParseFormat::Table => {
            let g = |id| r.str(id).map(|s| s.into_owned()).unwrap_or_default();
            let where_ = format!("{}:{}", names.get(r.file).map_or("?", |s| s.as_str()), r.line);
            if let Some(e) = &r.error {
                return writeln!(w, "{where_:<24} error: {e}");
            }
            writeln!(
                w,
                "{where_:<24} {:<22} {:<4} {:<14} {:<14} {:>5} {:<28} {:<28} {}",
                r.time.map(|t| t.to_string()).unwrap_or_default(),
                g(FieldId::Code),
                g(FieldId::SourceChannel),
                g(FieldId::DestChannel),
                g(FieldId::Size),
                g(FieldId::From),
                g(FieldId::To),
                r.remote_ip().unwrap_or_default()
            )
        }
    }
}

pub fn run(a: ParseArgs) -> Result<i32, CliError> {
    let mut reading = a.input.reading(&a.files)?;
    let names = reading.names.clone();
    let filter = reading.filter.clone();
    let mut problems = Problems::default();
    let fmt = a.format;
    let mut io_error = None;
    output::stdout_stream(|w| {
        match fmt {
            ParseFormat::Json => writeln!(w, "{{\"version\":{LOG_VERSION},\"records\":[")?,
            ParseFormat::Csv => {
                let mut h = String::from("input,line,kind,iso_time");
                for f in &FIELDS {
                    h.push(',');
                    h.push_str(f.name);
                }
                h.push_str(",error\n");
                w.write_all(h.as_bytes())?;
            }
            ParseFormat::Table => writeln!(
                w,
                "{:<24} {:<22} {:<4} {:<14} {:<14} {:>5} {:<28} {:<28} remote-ip",
                "where", "time", "code", "source", "destination", "size", "from", "to"
            )?,
            _ => {}
        }
        let mut first = true;
        let r = reading.run_by_time(&mut |rec| {
            problems.note(rec, &names);
            if filter.matches(rec)
                && let Err(e) = write_record(w, fmt, rec, &names, &mut first)
            {
                io_error = Some(e);
                return ControlFlow::Break(());
            }
            ControlFlow::Continue(())
        });
        if let Some(e) = io_error.take() {
            return Err(e);
        }
        r.map_err(std::io::Error::other)?;
        if fmt == ParseFormat::Json {
            w.write_all(b"\n]}\n")?;
        }
        Ok(())
    })
    .map_err(|e| e.to_string())?;
    Ok(problems.report())
}
