//! `imtacfg lint`: check configurations and report findings (with baselines).

use super::error::CliError;
use std::io::IsTerminal;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::dump::KindArg;
use super::output::pretty;
use super::{exit, output};
use imtacfg::lint::engine::Datasize;
use imtacfg::lint::{Diagnostic, Severity, registry};
use imtacfg::report::{self, Linted};
use imtacfg::syntax::Kind;

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Format {
    /// Source snippets with labels and help (miette), and a summary line.
    Human,
    /// `path:line:col: severity CODE message`.
    Concise,
    /// The JSON report (version 1, documented in the README).
    Json,
    /// SARIF 2.1.0.
    Sarif,
    /// GitHub Actions workflow annotations.
    Github,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ColorArg {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Level {
    Error,
    Warning,
    Info,
}

impl From<Level> for Severity {
    fn from(l: Level) -> Severity {
        match l {
            Level::Error => Severity::Error,
            Level::Warning => Severity::Warning,
            Level::Info => Severity::Info,
        }
    }
}

#[derive(Debug, Args)]
pub struct LintArgs {
    /// Configuration directories, files, or `-` for standard input (default: `.`).
    paths: Vec<String>,
    /// The family of a file whose name does not tell it.
    #[arg(long, value_enum)]
    kind: Option<KindArg>,
    /// The output format.
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
    /// Only these rules: codes, prefixes (`IMTA`, `DSP1`) or names, comma-separated.
    #[arg(long, value_delimiter = ',')]
    select: Vec<String>,
    /// Never these rules: codes, prefixes or names, comma-separated.
    #[arg(long, value_delimiter = ',')]
    ignore: Vec<String>,
    /// Exit with status 1 when a finding is at or above this level [default: warning].
    #[arg(long, value_enum)]
    fail_on: Option<Level>,
    /// Exit with status 0 even when there are findings (errors reading input still exit 2).
    #[arg(long)]
    exit_zero: bool,
    /// The file name to report for standard input (and to tell its family).
    #[arg(long)]
    stdin_filename: Option<String>,
    /// The settings file (default: $IMTACFG_CONFIG, else the nearest imtacfg.toml).
    #[arg(long)]
    config: Option<PathBuf>,
    /// Colour the human output: `auto` (on a terminal, unless NO_COLOR is set), `always`
    /// or `never`.
    #[arg(long, value_enum, default_value = "auto")]
    color: ColorArg,
    /// The Dispatcher's data-segment limit for the heap rule: bytes, a size such as 512M
    /// or 2G, `unlimited`, or `auto` (this process's limit, for running on the server).
    #[arg(long)]
    datasize: Option<String>,
    /// The Messaging Server version the configuration is for (e.g. 6.3, 8.0.2.3); enables
    /// the version gates (OPT409).
    #[arg(long)]
    product_version: Option<String>,
    /// Report physical lines longer than this [default: 252].
    #[arg(long)]
    max_line_length: Option<usize>,
    /// Write the current findings to FILE as a baseline, and exit 0.
    #[arg(long, value_name = "FILE")]
    write_baseline: Option<PathBuf>,
    /// Do not report findings recorded in this baseline.
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
}

pub fn run(args: LintArgs) -> i32 {
    match run_inner(args) {
        Ok(code) => code,
        Err(msg) => {
            output::error(msg);
            exit::ERROR
        }
    }
}

fn run_inner(args: LintArgs) -> Result<i32, CliError> {
    let paths = if args.paths.is_empty() {
        vec![".".to_string()]
    } else {
        args.paths.clone()
    };
    for s in args.select.iter().chain(&args.ignore) {
        if !registry::selector_is_known(s) {
            return Err(format!("no rule matches `{s}` (see `imtacfg rules`)").into());
        }
    }
    // Settings: --config > $IMTACFG_CONFIG > nearest imtacfg.toml from the first path;
    // the flags on top.
    let mut o = super::load::overrides(args.config.as_deref())?;
    o.kind = args.kind.map(Kind::from);
    o.max_line_length = args.max_line_length;
    o.datasize = match args.datasize.as_deref() {
        Some("auto") => Some(Datasize::current_process()),
        Some(s) => Some(Datasize::parse(s).map_err(|e| format!("--datasize: {e}"))?),
        None => None,
    };
    if let Some(v) = args.product_version.as_deref() {
        o.product_version = Some(imtacfg::model::version::parse_version(v).ok_or_else(|| {
            format!("--product-version: `{v}` is not a version such as 6.3 or 8.0.2.3")
        })?);
    }
    o.select = args.select.clone();
    o.ignore = args.ignore.clone();
    o.fail_on = args.fail_on.map(Severity::from);
    let ws = super::load::workspace(&paths[0], &o)?;

    let mut sets = Vec::new();
    for p in &paths {
        let set = super::load::open(&ws, p, args.stdin_filename.as_deref())?;
        if !set.errors.is_empty() {
            let msgs: Vec<String> = set.errors.iter().map(|e| e.to_string()).collect();
            return Err(msgs.join("\n").into());
        }
        sets.push(set);
    }
    let mut results: Vec<Vec<Diagnostic>> = sets.iter().map(|set| ws.lint(set)).collect();

    if let Some(path) = &args.write_baseline {
        let text = baseline::write(&sets, &results);
        std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))?;
        let n: usize = results.iter().map(Vec::len).sum();
        eprintln!("imtacfg: wrote {n} finding(s) to {}", path.display());
        return Ok(exit::OK);
    }
    let mut stale = None;
    if let Some(path) = &args.baseline {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let base = baseline::read(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        stale = Some(baseline::filter(&sets, &mut results, &base));
    }

    let linted: Vec<Linted> = sets
        .iter()
        .zip(&results)
        .map(|(set, diagnostics)| Linted { set, diagnostics })
        .collect();
    let color = match args.color {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => {
            std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    let text = match args.format {
        Format::Human => report::human::render(&linted, color),
        Format::Concise => report::concise::render(&linted),
        Format::Github => report::github::render(&linted),
        Format::Json => String::new(),
        Format::Sarif => pretty(&report::sarif::to_value(&linted)),
    };
    if args.format == Format::Json {
        output::stdout_stream(|out| report::json::write(&linted, out))
    } else {
        output::stdout_bytes(text.as_bytes())
    }
    .map_err(|e| format!("cannot write: {e}"))?;
    if let Some(n) = stale
        && n > 0
    {
        eprintln!(
            "imtacfg: {n} baseline {} no longer {} any finding",
            if n == 1 { "entry" } else { "entries" },
            if n == 1 { "matches" } else { "match" }
        );
    }
    let failing = results.iter().any(|r| ws.fails(r));
    Ok(if failing && !args.exit_zero {
        exit::FINDINGS
    } else {
        exit::OK
    })
}

/// Baselines: known findings keyed by file, code and fingerprint (not line numbers).
mod baseline {
    use std::collections::HashMap;

    use serde_json::{Value, json};

    use imtacfg::lint::Diagnostic;
    use imtacfg::model::config_set::ConfigSet;
    use imtacfg::report::fingerprint::fingerprints;

    pub type Key = (String, String, String);

    pub fn write(sets: &[ConfigSet], results: &[Vec<Diagnostic>]) -> String {
        let mut entries = Vec::new();
        for (set, diags) in sets.iter().zip(results) {
            for (d, fp) in diags.iter().zip(fingerprints(set, diags)) {
                entries.push(json!({
                    "file": set.relative_name(d.file),
                    "code": d.code(),
                    "fingerprint": fp,
                    "message": d.message,
                }));
            }
        }
        let mut s = serde_json::to_string_pretty(&json!({"version": 1, "entries": entries}))
            .unwrap_or_default();
        s.push('\n');
        s
    }

    pub fn read(text: &str) -> Result<HashMap<Key, usize>, String> {
        let v: Value =
            serde_json::from_str(text).map_err(|e| format!("not a baseline file: {e}"))?;
        if v["version"] != 1 {
            return Err("unsupported baseline version (expected 1)".into());
        }
        let mut map = HashMap::new();
        for e in v["entries"]
            .as_array()
            .ok_or("baseline has no entries list")?
        {
            let get = |k: &str| {
                e[k].as_str()
                    .map(str::to_string)
                    .ok_or(format!("baseline entry without {k}"))
            };
            *map.entry((get("file")?, get("code")?, get("fingerprint")?))
                .or_insert(0) += 1;
        }
        Ok(map)
    }

    /// Drop findings in the baseline; return how many baseline entries matched nothing.
    pub fn filter(
        sets: &[ConfigSet],
        results: &mut [Vec<Diagnostic>],
        base: &HashMap<Key, usize>,
    ) -> usize {
        let mut left = base.clone();
        for (set, diags) in sets.iter().zip(results.iter_mut()) {
            let prints = fingerprints(set, diags);
            let mut keep = Vec::new();
            for (d, fp) in diags.drain(..).zip(prints) {
                let key = (set.relative_name(d.file), d.code().to_string(), fp);
                match left.get_mut(&key) {
                    Some(n) if *n > 0 => *n -= 1,
                    _ => keep.push(d),
                }
            }
            *diags = keep;
        }
        left.values().sum()
    }
}
