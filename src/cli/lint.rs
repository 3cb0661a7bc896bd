//! `imtacfg lint`, `imtacfg rules`, `imtacfg explain`.

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::dump::KindArg;
use super::{exit, output};
use imtacfg::knowledge::Catalog;
use imtacfg::lint::engine::{Datasize, Selection};
use imtacfg::lint::{Diagnostic, Severity, lint, registry};
use imtacfg::model::config_set::{ConfigSet, LoadOptions};
use imtacfg::report::{self, Linted};
use imtacfg::settings::{self};
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

fn run_inner(args: LintArgs) -> Result<i32, String> {
    let paths = if args.paths.is_empty() {
        vec![".".to_string()]
    } else {
        args.paths.clone()
    };
    for s in args.select.iter().chain(&args.ignore) {
        if !registry::selector_is_known(s) {
            return Err(format!("no rule matches `{s}` (see `imtacfg rules`)"));
        }
    }
    // Settings: --config > $IMTACFG_CONFIG > nearest imtacfg.toml from the first path.
    let (settings, catalog, load) = super::load::settings_for(args.config.as_deref(), &paths[0])?;
    let datasize = match args.datasize.as_deref() {
        Some("auto") => Some(Datasize::current_process()?),
        Some(s) => Some(Datasize::parse(s).map_err(|e| format!("--datasize: {e}"))?),
        None => settings.datasize,
    };
    // Settings first, then the flags on top.
    let mut options = settings.lint_options();
    if let Some(n) = args.max_line_length {
        options.max_line_length = n;
    }
    options.datasize = datasize;
    if let Some(v) = args.product_version.as_deref() {
        options.product_version =
            Some(imtacfg::model::version::parse_version(v).ok_or_else(|| {
                format!("--product-version: `{v}` is not a version such as 6.3 or 8.0.2.3")
            })?);
    }
    let mut selection: Selection = settings.selection.clone();
    selection.select.extend(args.select.iter().cloned());
    selection.ignore.extend(args.ignore.iter().cloned());
    let fail_on: Severity = args
        .fail_on
        .map(Severity::from)
        .or(settings.fail_on)
        .unwrap_or(Severity::Warning);

    let mut sets = Vec::new();
    for p in &paths {
        let set = load_path(p, &args, &catalog, &load)?;
        if !set.errors.is_empty() {
            let msgs: Vec<String> = set.errors.iter().map(|e| e.message.clone()).collect();
            return Err(msgs.join("\n"));
        }
        sets.push(set);
    }
    let mut results: Vec<Vec<Diagnostic>> = sets
        .iter()
        .map(|set| selection.apply(lint(set, &catalog, &options)))
        .collect();

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
        Format::Json => pretty(&report::json::to_value(&linted)),
        Format::Sarif => pretty(&report::sarif::to_value(&linted)),
    };
    output::stdout_bytes(text.as_bytes()).map_err(|e| format!("cannot write: {e}"))?;
    if let Some(n) = stale
        && n > 0
    {
        eprintln!(
            "imtacfg: {n} baseline {} no longer {} any finding",
            if n == 1 { "entry" } else { "entries" },
            if n == 1 { "matches" } else { "match" }
        );
    }
    let failing = results.iter().flatten().any(|d| d.severity >= fail_on);
    Ok(if failing && !args.exit_zero {
        exit::FINDINGS
    } else {
        exit::OK
    })
}

fn pretty(v: &serde_json::Value) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
    s.push('\n');
    s
}

fn load_path(
    p: &str,
    args: &LintArgs,
    catalog: &Catalog,
    load: &LoadOptions,
) -> Result<ConfigSet, String> {
    let kind = args.kind.map(Kind::from);
    let set = super::load::config(p, kind, args.stdin_filename.as_deref(), catalog, load)?;
    super::load::non_empty(set, p)
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

#[derive(Debug, Args)]
pub struct RulesArgs {
    #[arg(long, value_enum, default_value = "table")]
    format: RulesFormat,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum RulesFormat {
    Table,
    Json,
}

pub fn rules(args: RulesArgs) -> i32 {
    let rules = registry::all();
    let text = match args.format {
        RulesFormat::Json => pretty(&serde_json::json!({
            "version": 1,
            "rules": rules.iter().map(|r| serde_json::json!({
                "code": r.code, "name": r.name, "severity": r.severity.as_str(),
                "summary": r.summary, "why": r.why, "example": r.example, "fix": r.fix,
            })).collect::<Vec<_>>(),
        })),
        RulesFormat::Table => {
            let mut s = String::new();
            for r in rules {
                s.push_str(&format!(
                    "{:<8} {:<8} {:<40} {}\n",
                    r.code,
                    r.severity.as_str(),
                    r.name,
                    r.summary
                ));
            }
            s
        }
    };
    match output::stdout_bytes(text.as_bytes()) {
        Ok(()) => exit::OK,
        Err(e) => {
            output::error(e);
            exit::ERROR
        }
    }
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A rule code (`IMTA101`) or name (`rules-ended-early`).
    code: String,
}

pub fn explain(args: ExplainArgs) -> i32 {
    let Some(r) = registry::find(&args.code) else {
        output::error(format!(
            "no rule is called `{}` (see `imtacfg rules`)",
            args.code
        ));
        return exit::ERROR;
    };
    let text = explain_text(r);
    match output::stdout_bytes(text.as_bytes()) {
        Ok(()) => exit::OK,
        Err(e) => {
            output::error(e);
            exit::ERROR
        }
    }
}

/// The `explain` text of a rule.
pub fn explain_text(r: &imtacfg::lint::RuleInfo) -> String {
    let indent = |s: &str| {
        s.lines()
            .map(|l| {
                if l.trim().is_empty() {
                    "\n".to_string()
                } else {
                    format!("    {l}\n")
                }
            })
            .collect::<String>()
    };
    format!(
        "{} {} ({} by default)\n\n{}\n\nWhy it matters\n{}\nExample\n{}\nHow to fix it\n{}",
        r.code,
        r.name,
        r.severity.as_str(),
        r.summary,
        indent(r.why),
        indent(r.example),
        indent(r.fix)
    )
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Where to write the file.
    #[arg(default_value = settings::FILE_NAME)]
    path: PathBuf,
    /// Overwrite an existing file.
    #[arg(long)]
    force: bool,
}

pub fn init(args: InitArgs) -> i32 {
    if args.path.exists() && !args.force {
        output::error(format!(
            "{} exists; use --force to replace it",
            args.path.display()
        ));
        return exit::ERROR;
    }
    match std::fs::write(&args.path, settings::STARTER) {
        Ok(()) => {
            println!("wrote {}", args.path.display());
            exit::OK
        }
        Err(e) => {
            output::error(format!("{}: {e}", args.path.display()));
            exit::ERROR
        }
    }
}

#[derive(Debug, Args)]
pub struct ConfigSetArgs {
    /// A dotted key: `lint.max-line-length`, `lint.datasize`, `lint.severity.IMTA201`, …
    key: String,
    value: String,
    /// The settings file to edit.
    #[arg(long, default_value = settings::FILE_NAME)]
    file: PathBuf,
}

pub fn config_set(args: ConfigSetArgs) -> i32 {
    let text = match std::fs::read_to_string(&args.file) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => {
            output::error(format!("{}: {e}", args.file.display()));
            return exit::ERROR;
        }
    };
    match settings::set_key(
        &text,
        &args.key,
        &args.value,
        &args.file.display().to_string(),
    ) {
        Ok(out) => match std::fs::write(&args.file, out) {
            Ok(()) => {
                println!(
                    "set {} = {} in {}",
                    args.key,
                    args.value,
                    args.file.display()
                );
                exit::OK
            }
            Err(e) => {
                output::error(format!("{}: {e}", args.file.display()));
                exit::ERROR
            }
        },
        Err(e) => {
            output::error(e);
            exit::ERROR
        }
    }
}
