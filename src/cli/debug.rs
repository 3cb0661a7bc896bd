//! `imtacfg debug decode|encode|show` and `imtacfg heap`.

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand, ValueEnum};
use serde_json::json;

use super::{exit, output};
use imtacfg::debug_mask::{self, Decoded};
use imtacfg::model::config_set::{ConfigFile, ConfigSet};
use imtacfg::model::heap::Datasize;
use imtacfg::model::heap::{self, HeapSource};
use imtacfg::syntax::Kind;

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum TableOrJson {
    Table,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum DebugCommand {
    /// Decode a DEBUG mask: decimal, -1, b%v (16%FF), 0x…, or with --hex bare hexadecimal
    /// as IMTA_DISPATCHER_DEBUG is written (FFFFFFFF).
    Decode {
        #[arg(allow_hyphen_values = true)]
        value: String,
        /// Read VALUE as bare hexadecimal, the way the environment variable is written.
        #[arg(long)]
        hex: bool,
        #[arg(long, value_enum, default_value = "table")]
        format: TableOrJson,
    },
    /// Build a mask from bit numbers (0–31) or names. Names of the documented bits:
    /// dispatcher-basic (0), dispatcher-extra (1), config-file (2), dispatcher-misc (3),
    /// service-basic (4), service-extra (5), service-process (6), ipc-basic (8),
    /// ipc-extra (9), packet (10), worker-basic (12), worker-extra (13),
    /// worker-handoff (14), worker-io-basic (16), worker-io-extra (17), stats-basic (20),
    /// stats-extra (21), port-access (24).
    Encode {
        #[arg(required = true)]
        bits: Vec<String>,
        #[arg(long, value_enum, default_value = "table")]
        format: TableOrJson,
    },
    /// Set DEBUG in dispatcher.cnf (globally, or in one service with --service), through
    /// the editing pipeline: diff first, --write to apply.
    Set(super::edit::DebugSetArgs),
    /// Show and decode the DEBUG settings of a dispatcher.cnf (globals and sections).
    Show {
        /// dispatcher.cnf, or the configuration directory holding it (default: `.`).
        path: Option<String>,
        #[arg(long, value_enum, default_value = "table")]
        format: TableOrJson,
    },
}

pub fn debug(cmd: DebugCommand) -> i32 {
    let result = match cmd {
        DebugCommand::Decode { value, hex, format } => debug_mask::parse_value(&value, hex)
            .map(|v| render_decoded(&debug_mask::decode_value(&value, v), format)),
        DebugCommand::Encode { bits, format } => debug_mask::encode(&bits).map(|mask| {
            let decoded = debug_mask::decode_value(&bits.join(" "), mask);
            match format {
                TableOrJson::Json => pretty(&json!({
                    "version": 1,
                    "value": mask,
                    "hex": decoded.hex,
                    "debug": debug_mask::option_value(mask),
                    "env": debug_mask::env_value(mask),
                    "bits": decoded.bits,
                })),
                TableOrJson::Table => format!(
                    "DEBUG={}\nIMTA_DISPATCHER_DEBUG={}\n\n{}",
                    debug_mask::option_value(mask),
                    debug_mask::env_value(mask),
                    bit_table(&decoded)
                ),
            }
        }),
        DebugCommand::Show { path, format } => {
            return match show(path.as_deref().unwrap_or("."), format) {
                // Every setting is shown; a value that cannot be decoded is also an error.
                Ok((text, bad)) => {
                    let code = finish(Ok(text));
                    for b in &bad {
                        output::error(b);
                    }
                    if bad.is_empty() { code } else { exit::ERROR }
                }
                Err(e) => finish(Err(e)),
            };
        }
        DebugCommand::Set(args) => return super::edit::debug_set(args),
    };
    finish(result)
}

fn finish(result: Result<String, String>) -> i32 {
    match result {
        Ok(text) => match output::stdout_bytes(text.as_bytes()) {
            Ok(()) => exit::OK,
            Err(e) => {
                output::error(e);
                exit::ERROR
            }
        },
        Err(e) => {
            output::error(e);
            exit::ERROR
        }
    }
}

fn pretty(v: &serde_json::Value) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
    s.push('\n');
    s
}

fn bit_table(d: &Decoded) -> String {
    if d.bits.is_empty() {
        return "no bits set\n".into();
    }
    let mut s = format!(
        "{:>3}  {:<10}  {:>10}  {:<12}  meaning\n",
        "bit", "hex", "decimal", "status"
    );
    for b in &d.bits {
        s.push_str(&format!(
            "{:>3}  {:<10}  {:>10}  {:<12}  {}\n",
            b.bit, b.hex, b.decimal, b.status, b.meaning
        ));
    }
    s
}

fn render_decoded(d: &Decoded, format: TableOrJson) -> String {
    match format {
        TableOrJson::Json => pretty(&json!({
            "version": 1,
            "input": d.input,
            "value": d.value,
            "hex": d.hex,
            "bits": d.bits.iter().map(|b| json!({
                "bit": b.bit, "hex": b.hex, "decimal": b.decimal,
                "name": b.name, "meaning": b.meaning, "status": b.status,
            })).collect::<Vec<_>>(),
        })),
        TableOrJson::Table => format!("{} = {} ({})\n\n{}", d.input, d.value, d.hex, bit_table(d)),
    }
}

/// Load the dispatcher.cnf of a path (a file, or a directory holding one).
fn load_dispatcher(path: &str) -> Result<(ConfigSet, usize), String> {
    let (_, catalog, opts) = super::load::settings_for(None, path)?;
    // A file given by itself is a dispatcher.cnf whatever its name.
    let kind = (!Path::new(path).is_dir()).then_some(Kind::Dispatcher);
    let set = super::load::config_complete(path, kind, &catalog, &opts)?;
    let idx = set
        .file_of(Kind::Dispatcher)
        .map(|(i, _)| i)
        .ok_or_else(|| format!("{path}: no dispatcher.cnf here"))?;
    Ok((set, idx))
}

/// The decoded DEBUG settings of a dispatcher.cnf, and a message for each value that
/// cannot be decoded.
fn show(path: &str, format: TableOrJson) -> Result<(String, Vec<String>), String> {
    let (set, idx) = load_dispatcher(path)?;
    let f: &ConfigFile = &set.files[idx];
    let m = f.dispatcher().ok_or("not a dispatcher file")?;
    let text = &f.source.text;
    let mut found = Vec::new();
    for (i, s) in m.settings.iter().enumerate() {
        if s.normalized != "DEBUG" {
            continue;
        }
        let scope = m
            .sections
            .iter()
            .find(|sec| sec.settings.contains(&i))
            .map_or("global".to_string(), |sec| {
                format!("[{}={}]", sec.kind.text(text), sec.name.text(text))
            });
        let line = f.source.line_col(s.span.start as usize).line;
        let value = s.value_trimmed().to_string();
        let decoded =
            debug_mask::parse_value(&value, false).map(|v| debug_mask::decode_value(&value, v));
        found.push((scope, line, value, decoded));
    }
    let bad: Vec<String> = found
        .iter()
        .filter_map(|(_, line, _, d)| {
            d.as_ref()
                .err()
                .map(|e| format!("{}:{line}: DEBUG {e}", f.name()))
        })
        .collect();
    let text = match format {
        TableOrJson::Json => pretty(&json!({
            "version": 1,
            "file": f.name(),
            "settings": found.iter().map(|(scope, line, value, d)| json!({
                "scope": scope, "line": line, "value": value,
                "decoded": d.as_ref().ok(),
                "error": d.as_ref().err(),
            })).collect::<Vec<_>>(),
        })),
        TableOrJson::Table => {
            if found.is_empty() {
                return Ok((format!("{}: DEBUG is not set\n", f.name()), bad));
            }
            let mut s = String::new();
            for (scope, line, value, d) in &found {
                s.push_str(&format!("{}:{line}: {scope} DEBUG={value}\n", f.name()));
                match d {
                    Ok(d) => s.push_str(&format!(
                        "  = {} ({})\n{}\n",
                        d.value,
                        d.hex,
                        indent(&bit_table(d))
                    )),
                    Err(e) => s.push_str(&format!("  cannot decode: {e}\n\n")),
                }
            }
            s
        }
    };
    Ok((text, bad))
}

fn indent(s: &str) -> String {
    s.lines().map(|l| format!("  {l}\n")).collect()
}

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
    match heap_inner(args) {
        Ok((text, code)) => match output::stdout_bytes(text.as_bytes()) {
            Ok(()) => code,
            Err(e) => {
                output::error(e);
                exit::ERROR
            }
        },
        Err(e) => {
            output::error(e);
            exit::ERROR
        }
    }
}

fn heap_inner(args: HeapArgs) -> Result<(String, i32), String> {
    let path = args.path.as_deref().unwrap_or(".");
    let datasize = match args.datasize.as_deref() {
        Some("auto") => Some(Datasize::current_process()?),
        Some(s) => Some(Datasize::parse(s).map_err(|e| format!("--datasize: {e}"))?),
        None => {
            super::load::settings_for(args.config.as_deref(), path)?
                .0
                .datasize
        }
    };
    let (set, idx) = load_dispatcher(path)?;
    let f = &set.files[idx];
    let m = f.dispatcher().ok_or("not a dispatcher file")?;
    let report = heap::heap_requirement(m, &f.source.text);
    // With services left out of the sum, only "not enough" is certain.
    let ok = match datasize {
        Some(Datasize::Unlimited) => Some(true),
        Some(Datasize::Bytes(n)) if report.required > n as u128 => Some(false),
        Some(Datasize::Bytes(_)) if report.unknown.is_empty() => Some(true),
        _ => None,
    };
    let code = if ok == Some(false) {
        exit::FINDINGS
    } else {
        exit::OK
    };
    let n64 = |v: u128| u64::try_from(v).unwrap_or(u64::MAX);
    let text = match args.format {
        TableOrJson::Json => pretty(&json!({
            "version": 1,
            "file": f.name(),
            "services": report.services.iter().map(|s| json!({
                "name": s.service,
                "stacksize": s.stacksize.value,
                "stacksize_from": source(s.stacksize.source),
                "max_conns": s.max_conns.value,
                "max_conns_from": source(s.max_conns.source),
                "product": s.product.map(n64),
            })).collect::<Vec<_>>(),
            "sum": n64(report.sum),
            "required": n64(report.required),
            "datasize": match datasize { Some(Datasize::Bytes(n)) => json!(n), Some(Datasize::Unlimited) => json!("unlimited"), None => json!(null) },
            "ok": ok,
            "unknown": report.unknown,
        })),
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
            s.push_str(&format!(
                "\nsum       {:>16} bytes ({})\n",
                report.sum,
                mib(report.sum)
            ));
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
            s.push_str(match ok {
                Some(true) => "verdict: enough\n",
                Some(false) => "verdict: NOT enough: raise the data-segment limit (ulimit -d) or lower STACKSIZE/MAX_CONNS\n",
                None if datasize.is_none() => "verdict: unknown (no datasize)\n",
                None => "verdict: unknown (some services have no known STACKSIZE or MAX_CONNS)\n",
            });
            s
        }
    };
    Ok((text, code))
}
