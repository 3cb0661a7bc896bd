//! `imtacfg heap`: the Dispatcher heap rule, STACKSIZE × MAX_CONNS against the data segment.

use super::error::CliError;
use std::path::PathBuf;

use clap::Args;

use super::debug::load_dispatcher;
use super::output::{TableOrJson, document};
use super::{exit, output};
use imtacfg::lint::engine::Datasize;
use imtacfg::model::config_set::{ConfigSet, IncludeStatus};
use imtacfg::model::dispatcher;
use imtacfg::model::heap::{self, HeapSource};
use imtacfg::report::documents;
use imtacfg::source::SourceFile;
use imtacfg::syntax::Kind;

#[derive(Debug, Args)]
pub struct HeapArgs {
    /// dispatcher.cnf, or the configuration directory holding it (default: `.`).
    path: Option<String>,
    /// The data-segment limit: bytes, a size such as 512M or 2G, `unlimited`, or `auto`
    /// (this process's limit, for running on the server). Default: imtacfg.toml's datasize.
    #[arg(long)]
    datasize: Option<String>,
    /// The settings file (default: $IMTACFG_CONFIG, else the nearest imtacfg.toml).
    #[arg(long)]
    config: Option<PathBuf>,
    /// Output: `table` for people, `json` for tools (a versioned document, see the README).
    #[arg(long, value_enum, default_value = "table")]
    format: TableOrJson,
}

fn mib(n: u128) -> String {
    format!("{:.1} MiB", n as f64 / (1024.0 * 1024.0))
}

fn source(s: HeapSource) -> &'static str {
    match s {
        HeapSource::Service => "service",
        HeapSource::Global => "global",
        HeapSource::Unknown => "unknown",
    }
}

pub fn heap(args: HeapArgs) -> i32 {
    output::finish(heap_inner(args))
}

fn heap_inner(args: HeapArgs) -> Result<(String, i32), CliError> {
    let path = args.path.as_deref().unwrap_or(".");
    let (ws, set, idx) = load_dispatcher(path, args.config.as_deref())?;
    let datasize = match args.datasize.as_deref() {
        Some("auto") => Some(Datasize::current_process()),
        Some(s) => Some(Datasize::parse(s).map_err(|e| format!("--datasize: {e}"))?),
        None => ws.lint.datasize,
    };
    let f = &set.files[idx];
    let (report, not_included) = spliced_heap(&set, idx)?;
    // With services left out of the sum, only "not enough" is certain.
    let complete = report.unknown.is_empty() && not_included.is_empty();
    let ok = match datasize {
        Some(Datasize::Unlimited) => Some(true),
        Some(Datasize::Bytes(n)) if report.required > n as u128 => Some(false),
        Some(Datasize::Bytes(_)) if complete => Some(true),
        _ => None,
    };
    let code = if ok == Some(false) { exit::FINDINGS } else { exit::OK };
    let n64 = |v: u128| u64::try_from(v).unwrap_or(u64::MAX);
    let text = match args.format {
        TableOrJson::Json => document(&documents::Heap {
            version: documents::VERSION,
            file: f.name(),
            services: report
                .services
                .iter()
                .map(|s| documents::HeapService {
                    name: &s.service,
                    stacksize: s.stacksize.value,
                    stacksize_from: source(s.stacksize.source),
                    max_conns: s.max_conns.value,
                    max_conns_from: source(s.max_conns.source),
                    product: s.product.map(n64),
                })
                .collect(),
            sum: n64(report.sum),
            required: n64(report.required),
            datasize: datasize.map(|d| match d {
                Datasize::Bytes(n) => documents::DatasizeValue::Bytes(n),
                Datasize::Unlimited => {
                    documents::DatasizeValue::Unlimited(documents::Unlimited::Unlimited)
                }
            }),
            ok,
            unknown: &report.unknown,
            not_included: &not_included,
        }),
        TableOrJson::Table => {
            let mut s = format!(
                "{:<20} {:>12} {:<8} {:>9} {:<8} {:>16}\n",
                "service", "STACKSIZE", "from", "MAX_CONNS", "from", "product"
            );
            let opt = |v: Option<u64>| v.map_or("?".to_string(), |v| v.to_string());
            for sv in &report.services {
                s.push_str(&format!(
                    "{:<20} {:>12} {:<8} {:>9} {:<8} {:>16}\n",
                    sv.service,
                    opt(sv.stacksize.value),
                    source(sv.stacksize.source),
                    opt(sv.max_conns.value),
                    source(sv.max_conns.source),
                    sv.product.map_or("unknown".to_string(), |p| p.to_string()),
                ));
            }
            s.push_str(&format!("\nsum       {:>16} bytes ({})\n", report.sum, mib(report.sum)));
            s.push_str(&format!(
                "required  {:>16} bytes ({})  = 2 x sum\n",
                report.required,
                mib(report.required)
            ));
            match datasize {
                Some(Datasize::Bytes(n)) => {
                    s.push_str(&format!("datasize  {:>16} bytes ({})\n", n, mib(n as u128)))
                }
                Some(Datasize::Unlimited) => s.push_str("datasize         unlimited\n"),
                None => s.push_str(
                    "datasize         unknown (give --datasize, or datasize in imtacfg.toml)\n",
                ),
            }
            if !report.unknown.is_empty() {
                s.push_str(&format!(
                    "warning: left out of the sum, STACKSIZE or MAX_CONNS unknown: {}\n",
                    report.unknown.join(", ")
                ));
            }
            if !not_included.is_empty() {
                s.push_str(&format!(
                    "warning: not read, so their services are not in the sum: {}\n",
                    not_included.join(", ")
                ));
            }
            s.push_str(match ok {
                Some(true) => "verdict: enough\n",
                Some(false) => "verdict: NOT enough: raise the data-segment limit (ulimit -d) or lower STACKSIZE/MAX_CONNS\n",
                None if datasize.is_none() => "verdict: unknown (no datasize)\n",
                None if !report.unknown.is_empty() => "verdict: unknown (some services have no known STACKSIZE or MAX_CONNS)\n",
                None => "verdict: unknown (an included file was not read)\n",
            });
            s
        }
    };
    Ok((text, code))
}

/// The heap requirement of the dispatcher.cnf the Dispatcher reads: the file with its
/// included files spliced in where their include lines stand (a service, or the globals
/// its values fall back to, may sit in an included file), and the include lines whose file
/// was not read.
fn spliced_heap(set: &ConfigSet, idx: usize) -> Result<(heap::HeapReport, Vec<String>), CliError> {
    let f = &set.files[idx];
    let m = f.dispatcher().ok_or("not a dispatcher file")?;
    let not_included = unread_includes(set, idx);
    if m.includes.is_empty() {
        return Ok((heap::heap_requirement(m, &f.source.text), not_included));
    }
    let mut bytes = Vec::new();
    imtacfg::dump::write_expanded(set, idx, &mut bytes).map_err(|e| e.to_string())?;
    let source = SourceFile::from_bytes(f.name(), bytes).map_err(|e| e.to_string())?;
    let spliced = dispatcher::parse(&source.text, Kind::Dispatcher).map_err(|e| e.to_string())?;
    Ok((heap::heap_requirement(&spliced, &source.text), not_included))
}

/// `<spec>: why` for every include line, in the file or the files it includes, whose file
/// was not read.
fn unread_includes(set: &ConfigSet, idx: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut todo = vec![idx];
    while let Some(file) = todo.pop() {
        for edge in set.includes.iter().filter(|e| e.from.index() == file) {
            match (&edge.status, edge.status.why_not_read()) {
                (IncludeStatus::Read { file }, _) => todo.push(file.index()),
                (_, why) => out.push(format!("<{}: {}", edge.spec, why.unwrap_or_default())),
            }
        }
    }
    out
}
