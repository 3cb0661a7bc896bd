//! `imtacfg lint`: check configurations and report findings (with baselines).

use super::error::CliError;
use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::color::{self, ColorArg};
use super::dump::KindArg;
use super::{exit, output};
use imtacfg::lint::engine::Datasize;
use imtacfg::lint::{Diagnostic, Severity, registry};
use imtacfg::report::{self, InputError, Linted, Report};
use imtacfg::syntax::Kind;
use imtacfg::workspace::{Target, Workspace, WorkspaceError};

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Format {
    /// Source snippets with labels and help (miette), and a summary line.
    Human,
    /// `path:line:col: severity CODE message`, then a summary line.
    Concise,
    /// The JSON report (version 1, documented in the README).
    Json,
    /// SARIF 2.1.0.
    Sarif,
    /// GitHub Actions workflow annotations.
    Github,
    /// GitLab Code Quality report (JSON).
    Gitlab,
    /// JUnit XML: one test case per file checked.
    Junit,
}

impl Format {
    /// A report for people, which ends with the summary (and the statistics).
    fn is_text(self) -> bool {
        matches!(self, Format::Human | Format::Concise)
    }

    /// A document for programs: errors reading inputs go to standard error as well.
    fn is_document(self) -> bool {
        matches!(self, Format::Json | Format::Sarif | Format::Gitlab | Format::Junit)
    }
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
    /// Write the report to this file instead of standard output.
    #[arg(long, short = 'o', value_name = "PATH")]
    output_file: Option<PathBuf>,
    /// Print nothing on standard output (the exit code tells the result); errors reading
    /// the input still go to standard error, and --output-file is still written.
    #[arg(long, short = 'q')]
    quiet: bool,
    /// After the report, count the findings of each rule (on standard error for the
    /// json, sarif, github, gitlab and junit formats).
    #[arg(long)]
    statistics: bool,
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
    /// Colour the human report: auto (a terminal, unless NO_COLOR, CLICOLOR=0 or
    /// TERM=dumb; CLICOLOR_FORCE or FORCE_COLOR force it), always or never.
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
    /// Report physical lines longer than this many characters (at least 1) [default: 252,
    /// the documented limit].
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..))]
    max_line_length: Option<u32>,
    /// Write the current findings to FILE as a baseline, and exit 0.
    #[arg(long, value_name = "FILE")]
    write_baseline: Option<PathBuf>,
    /// Do not report findings recorded in this baseline.
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Apply the safe fixes: print the unified diff of the change and change nothing,
    /// unless --write. Exit 0 when there is nothing to fix, 1 when there is a diff.
    #[arg(long)]
    fix: bool,
    /// Print the diff of the safe fixes and change nothing (--fix without --write).
    #[arg(long, conflicts_with = "write")]
    diff: bool,
    /// With --fix: save the fixed files (under the edit lock, atomically, as the
    /// editing commands do). Exit 0 when no finding at or above --fail-on remains, 1
    /// when one does.
    #[arg(long, requires = "fix")]
    write: bool,
    /// With --fix or --diff: apply the unsafe fixes too (they change what the product
    /// does: a name corrected, a setting removed or changed).
    #[arg(long)]
    unsafe_fixes: bool,
    /// With --fix --write: keep each old file as FILE.imtacfg-YYYYmmddTHHMMSS.
    #[arg(long, requires = "write")]
    backup: bool,
    /// With --fix or --diff: apply the fixes even if they add error-level findings.
    #[arg(long)]
    force: bool,
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

/// A path that could not be opened, as the report shows it.
fn input_error(e: &WorkspaceError, fallback: &str) -> InputError {
    let text = e.to_string();
    let path = match e {
        WorkspaceError::Read { path, .. }
        | WorkspaceError::Kind { path, .. }
        | WorkspaceError::Empty { path } => path.as_str(),
        WorkspaceError::Settings(_) | WorkspaceError::File(_) => fallback,
    };
    let message = text.strip_prefix(path).and_then(|m| m.strip_prefix(": ")).unwrap_or(&text);
    InputError::placed(path, message)
}

/// Read every path: what can be read becomes a target, what cannot an error, in order.
fn open_all(
    ws: &imtacfg::workspace::Workspace,
    paths: &[String],
    stdin_filename: Option<&str>,
) -> (Vec<Target>, Vec<InputError>) {
    let named: Vec<(usize, &str)> =
        paths.iter().enumerate().filter(|(_, p)| *p != "-").map(|(i, p)| (i, p.as_str())).collect();
    let names: Vec<&str> = named.iter().map(|(_, p)| *p).collect();
    let mut opened: Vec<(usize, Result<Target, InputError>)> = ws
        .open_targets(&names)
        .into_iter()
        .map(|(i, r)| {
            let (position, path) = named[i];
            (position, r.map_err(|e| input_error(&e, path)))
        })
        .collect();
    // Standard input can be read once; naming it again is an error in its place.
    for (position, _) in paths.iter().enumerate().filter(|(_, p)| *p == "-").skip(1) {
        opened.push((
            position,
            Err(InputError::new("-", "standard input is named more than once; it is read once")),
        ));
    }
    if let Some(position) = paths.iter().position(|p| p == "-") {
        let name = stdin_filename.unwrap_or("<stdin>");
        let r = super::load::open(ws, "-", stdin_filename).map(Target::whole).map_err(|e| {
            let msg = e.to_string();
            let message = msg.strip_prefix(name).and_then(|m| m.strip_prefix(": ")).unwrap_or(&msg);
            InputError::placed(name, message)
        });
        opened.push((position, r));
    }
    opened.sort_by_key(|(position, _)| *position);
    let mut targets = Vec::new();
    let mut errors = Vec::new();
    for (_, r) in opened {
        match r {
            Ok(t) => {
                errors.extend(t.errors.iter().map(InputError::from_load));
                targets.push(t);
            }
            Err(e) => errors.push(e),
        }
    }
    (targets, errors)
}

fn run_inner(args: LintArgs) -> Result<i32, CliError> {
    let paths = if args.paths.is_empty() { vec![".".to_string()] } else { args.paths.clone() };
    for s in args.select.iter().chain(&args.ignore) {
        if !registry::selector_is_known(s) {
            return Err(format!("no rule matches `{s}` (see `imtacfg rules`)").into());
        }
    }
    // Settings: --config > $IMTACFG_CONFIG > nearest imtacfg.toml from the first path;
    // the flags on top.
    let mut o = super::load::overrides(args.config.as_deref())?;
    o.kind = args.kind.map(Kind::from);
    o.max_line_length = args.max_line_length.map(|n| n as usize);
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
    if let Some(flag) = fix::misplaced_flag(&args) {
        return Err(flag.into());
    }
    o.select = args.select.clone();
    o.ignore = args.ignore.clone();
    o.fail_on = args.fail_on.map(Severity::from);
    let ws = match Workspace::new(&paths[0], &o) {
        Ok(ws) => ws,
        // A document for programs is written even then: a CI step that uploads it gets one
        // saying what went wrong.
        Err(WorkspaceError::Settings(e)) if args.format.is_document() => {
            output::error(e.clone());
            let errors = [InputError {
                file: e.path.clone(),
                path: Some(PathBuf::from(&e.path)),
                line: e.line,
                column: e.column,
                message: e.message.clone(),
                excerpt: None,
            }];
            let rep = Report {
                linted: &[],
                errors: &errors,
                baseline_hidden: 0,
                fail_on: Severity::Warning,
                srcroot: std::env::current_dir().ok(),
            };
            emit(&args, &rep)?;
            return Ok(exit::ERROR);
        }
        Err(e) => return Err(e.into()),
    };
    for w in ws.warnings() {
        eprintln!("imtacfg: warning: {w}");
    }
    if args.fix || args.diff {
        return fix::run(&args, ws, &paths);
    }

    let (targets, errors) = open_all(&ws, &paths, args.stdin_filename.as_deref());
    let mut results: Vec<Vec<Diagnostic>> = targets.iter().map(|t| ws.lint_target(t)).collect();

    if let Some(path) = &args.write_baseline {
        if !errors.is_empty() {
            for e in &errors {
                output::error(format_args!("{}: {}", e.place(), e.message));
            }
            output::error(format_args!(
                "{}: not written, since not every input could be read",
                path.display()
            ));
            return Ok(exit::ERROR);
        }
        let text = baseline::write(&targets, &results);
        std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))?;
        let n: usize = results.iter().map(Vec::len).sum();
        eprintln!("imtacfg: wrote {n} finding(s) to {}", path.display());
        return Ok(exit::OK);
    }
    let mut stale = None;
    let mut hidden = 0;
    if let Some(path) = &args.baseline {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let base = baseline::read(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        let before: usize = results.iter().map(Vec::len).sum();
        stale = Some(baseline::filter(&targets, &mut results, &base));
        hidden = before - results.iter().map(Vec::len).sum::<usize>();
    }

    let linted: Vec<Linted> = targets
        .iter()
        .zip(&results)
        .map(|(t, diagnostics)| Linted { set: &t.set, diagnostics, scope: t.scope.as_deref() })
        .collect();
    let rep = Report {
        linted: &linted,
        errors: &errors,
        baseline_hidden: hidden,
        fail_on: ws.fail_on,
        srcroot: std::env::current_dir().ok(),
    };
    let to_stdout = args.output_file.is_none();
    // Errors reading inputs are in every report; standard error has them too when the
    // report is a document for programs, goes into a file, or is not printed.
    if args.format.is_document() || !to_stdout || args.quiet {
        for e in &errors {
            output::error(format_args!("{}: {}", e.place(), e.message));
        }
    }
    emit(&args, &rep)?;
    if !args.quiet {
        if hidden > 0 && !(args.format.is_text() && to_stdout) {
            eprintln!("imtacfg: {}", rep.baseline_line().unwrap_or_default());
        }
        if let Some(n) = stale
            && n > 0
        {
            eprintln!(
                "imtacfg: {n} baseline {} no longer {} any finding",
                if n == 1 { "entry" } else { "entries" },
                if n == 1 { "matches" } else { "match" }
            );
        }
    }
    let failing = results.iter().any(|r| ws.fails(r));
    // The report is out and the process ends next: freeing the parsed files and the
    // findings one allocation at a time would only make it end later (a second or more
    // for a 60 MB configuration). The operating system takes the memory back at once.
    std::mem::forget((targets, results));
    if !errors.is_empty() {
        return Ok(exit::ERROR);
    }
    Ok(if failing && !args.exit_zero { exit::FINDINGS } else { exit::OK })
}

/// Write the report where it goes (the file, standard output, nowhere with --quiet), with
/// the statistics after it (on standard error for documents).
fn emit(args: &LintArgs, rep: &Report) -> Result<(), String> {
    let text_format = args.format.is_text();
    let write = |out: &mut dyn Write, colour: bool, width: usize| -> std::io::Result<()> {
        write_report(args.format, rep, colour, width, out)?;
        if args.statistics && text_format {
            out.write_all(report::statistics(rep.linted).as_bytes())?;
        }
        Ok(())
    };
    if let Some(path) = &args.output_file {
        let file = std::fs::File::create(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut out = std::io::BufWriter::new(file);
        // A file is coloured only when asked for by name.
        write(&mut out, args.color == ColorArg::Always, 100)
            .and_then(|_| out.flush())
            .map_err(|e| format!("{}: {e}", path.display()))?;
    } else if !args.quiet {
        let colour = color::stdout(args.color);
        let width = color::stdout_width(&color::ProcessEnv, 100);
        output::stdout_stream(|out| write(out, colour, width))
            .map_err(|e| format!("cannot write: {e}"))?;
    }
    if args.statistics && !text_format && !args.quiet {
        eprint!("{}", report::statistics(rep.linted));
    }
    Ok(())
}

/// The report in `format`, written to `out`.
fn write_report(
    format: Format,
    rep: &Report,
    colour: bool,
    width: usize,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    match format {
        Format::Human => {
            let options = report::human::Options {
                color: colour,
                unicode: color::unicode(&color::ProcessEnv),
                width,
            };
            out.write_all(report::human::render_report(rep, &options).as_bytes())
        }
        Format::Concise => out.write_all(report::concise::render_report(rep).as_bytes()),
        Format::Github => out.write_all(report::github::render_report(rep).as_bytes()),
        Format::Json => report::json::write_report(rep, out),
        Format::Sarif => report::sarif::write(rep, out),
        Format::Gitlab => report::gitlab::write(rep, out),
        Format::Junit => report::junit::write(rep, out),
    }
}

/// Baselines: known findings keyed by file, code and fingerprint (not line numbers).
mod baseline {
    use std::collections::HashMap;

    use serde_json::{Value, json};

    use imtacfg::lint::Diagnostic;
    use imtacfg::report::fingerprint::fingerprints;
    use imtacfg::workspace::Target;

    pub type Key = (String, String, String);

    pub fn write(targets: &[Target], results: &[Vec<Diagnostic>]) -> String {
        let mut entries = Vec::new();
        for (t, diags) in targets.iter().zip(results) {
            let set = &t.set;
            for (d, fp) in diags.iter().zip(fingerprints(set, diags)) {
                entries.push(json!({
                    "file": set.relative_name(d.file),
                    "code": d.code(),
                    "fingerprint": fp.to_string(),
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
        for e in v["entries"].as_array().ok_or("baseline has no entries list")? {
            let get = |k: &str| {
                e[k].as_str().map(str::to_string).ok_or(format!("baseline entry without {k}"))
            };
            *map.entry((get("file")?, get("code")?, get("fingerprint")?)).or_insert(0) += 1;
        }
        Ok(map)
    }

    /// Drop findings in the baseline; return how many baseline entries matched nothing.
    pub fn filter(
        targets: &[Target],
        results: &mut [Vec<Diagnostic>],
        base: &HashMap<Key, usize>,
    ) -> usize {
        let mut left = base.clone();
        for (t, diags) in targets.iter().zip(results.iter_mut()) {
            let set = &t.set;
            let prints = fingerprints(set, diags);
            let mut keep = Vec::new();
            for (d, fp) in diags.drain(..).zip(prints) {
                let key = (set.relative_name(d.file), d.code().to_string(), fp.to_string());
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

/// `lint --fix`, `--diff`: the fixes of the findings as one edit, checked and shown or
/// saved by the editing commands' code (`editing::finish`).
mod fix {
    use super::super::editing::{self, Ctx, EditFlags};
    use super::super::{exit, output};
    use super::LintArgs;
    use crate::cli::error::CliError;
    use imtacfg::edit::fixes::{self, FixOptions};
    use imtacfg::workspace::{Target, Workspace};

    /// A flag that cannot go with the ones given, as an error message.
    pub(super) fn misplaced_flag(args: &LintArgs) -> Option<String> {
        let fixing = args.fix || args.diff;
        if !fixing {
            for (on, flag) in [(args.unsafe_fixes, "--unsafe-fixes"), (args.force, "--force")] {
                if on {
                    return Some(format!("{flag} goes with --fix or --diff"));
                }
            }
            return None;
        }
        for (on, flag) in [
            (args.write_baseline.is_some(), "--write-baseline"),
            (args.baseline.is_some(), "--baseline"),
            (args.output_file.is_some(), "--output-file"),
        ] {
            if on {
                return Some(format!("{flag} cannot be used with --fix or --diff"));
            }
        }
        None
    }

    /// The one target at `path`, or the error that says why it cannot be fixed.
    fn open(ws: &Workspace, path: &str) -> Result<Target, CliError> {
        let mut opened = ws.open_targets(&[path]);
        let target = match opened.pop() {
            Some((_, r)) => r?,
            None => return Err(format!("{path}: nothing to read").into()),
        };
        if let Some(e) = target.errors.first() {
            return Err(format!(
                "{}; nothing is fixed while a file cannot be read",
                imtacfg::workspace::WorkspaceError::File(e.clone())
            )
            .into());
        }
        Ok(target)
    }

    fn plural(n: usize, one: &str, many: &str) -> String {
        format!("{n} {}", if n == 1 { one } else { many })
    }

    pub(super) fn run(args: &LintArgs, ws: Workspace, paths: &[String]) -> Result<i32, CliError> {
        let [path] = paths else {
            return Err("--fix and --diff take one configuration directory or file".into());
        };
        if path == "-" {
            return Err("--fix and --diff cannot change standard input; name the file".into());
        }
        let write = args.fix && args.write;
        let lock = match editing::lock(path, write) {
            Ok(l) => l,
            Err(code) => return Ok(code),
        };
        let target = open(&ws, path)?;
        let findings = ws.lint_target(&target);
        let options = FixOptions { unsafe_fixes: args.unsafe_fixes };
        let planned = fixes::plan(&findings, options);
        if !args.quiet {
            let mut parts = vec![match planned.applied {
                0 => "no fix to apply".to_string(),
                n => format!("{} to apply", plural(n, "fix", "fixes")),
            }];
            if planned.unsafe_left > 0 {
                parts.push(format!(
                    "{} left out (--unsafe-fixes applies them)",
                    plural(planned.unsafe_left, "unsafe fix", "unsafe fixes")
                ));
            }
            if planned.display_only > 0 {
                parts.push(format!(
                    "{} only shown by `imtacfg lint`",
                    plural(planned.display_only, "suggestion", "suggestions")
                ));
            }
            eprintln!("imtacfg: {}", parts.join("; "));
        }
        let ctx = Ctx::new(target.set, ws, lock);
        let flags = EditFlags {
            write,
            // Without --write the diff makes the exit status 1, as `--check` does.
            check: !write,
            backup: args.backup,
            force: args.force,
            dir: None,
            color: args.color,
        };
        let code = editing::finish(&ctx, planned.plan, &flags);
        if !write || code != exit::OK {
            return Ok(code);
        }
        // What is left, read again from the disk.
        let after = match open(&ctx.ws, path) {
            Ok(t) => t,
            Err(e) => {
                output::error(e);
                return Ok(exit::ERROR);
            }
        };
        let remaining = ctx.ws.lint_target(&after);
        let fixable = fixes::plan(&remaining, options).applied;
        if !args.quiet && !remaining.is_empty() {
            let mut line = format!(
                "imtacfg: {} remain (`imtacfg lint {path}` shows them)",
                plural(remaining.len(), "finding", "findings")
            );
            if fixable > 0 {
                line.push_str(&format!(
                    "; {} can be applied by another run",
                    plural(fixable, "fix", "fixes")
                ));
            }
            eprintln!("{line}");
        }
        Ok(if ctx.ws.fails(&remaining) && !args.exit_zero { exit::FINDINGS } else { exit::OK })
    }
}
