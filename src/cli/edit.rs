//! The editing commands: `logging`, `option`, `channel`, `dispatcher`, `debug set`.
//!
//! Every command plans edits, checks them (re-parse, re-lint), then prints a unified diff
//! (default), reports whether anything would change (`--check`), or saves (`--write`).

use std::io::IsTerminal;
use std::path::Path;

use clap::{Args, Subcommand};
use serde_json::json;

use super::{exit, output};
use imtacfg::edit::lock::{EditLock, LockError};
use imtacfg::edit::pipeline::{self, Refusal};
use imtacfg::edit::save::{SaveError, SaveOptions, Saved, save};
use imtacfg::edit::{self, Plan, diff};
use imtacfg::knowledge::Catalog;
use imtacfg::lint::LintOptions;
use imtacfg::model::config_set::ConfigSet;
use imtacfg::model::logging::{LoggingSource, channel_logging};
use imtacfg::syntax::Kind;

/// Refused to write: a file changed on disk since it was read.
const CHANGED_ON_DISK: i32 = 3;

#[derive(Debug, Clone, Default, Args)]
pub struct EditFlags {
    /// Save the changes (without it, print the diff and change nothing).
    #[arg(long)]
    write: bool,
    /// Exit 1 if anything would change, 0 otherwise; change nothing.
    #[arg(long, conflicts_with = "write")]
    check: bool,
    /// With --write: keep each old file as FILE.imtacfg-YYYYmmddTHHMMSS.
    #[arg(long)]
    backup: bool,
    /// Apply even if the edit adds error-level findings.
    #[arg(long)]
    force: bool,
    /// The configuration directory or file (alternative to the trailing PATH argument).
    #[arg(short = 'C', long = "path", value_name = "PATH")]
    dir: Option<String>,
}

/// Split trailing positional words into values and an optional PATH: the last word is the
/// PATH when it is not a value and names an existing file or directory, or looks like a
/// path (contains `/`, or is `.` or `..`); a path that does not exist is then an error
/// rather than a silent edit of the current directory.
fn split_path(
    mut words: Vec<String>,
    flag: &Option<String>,
    is_value: impl Fn(&str) -> bool,
) -> (Vec<String>, String) {
    if let Some(p) = flag {
        return (words, p.clone());
    }
    if words.len() > 1
        && let Some(last) = words.last()
        && !is_value(last)
        && looks_like_path(last)
    {
        let p = words.pop().unwrap_or_default();
        return (words, p);
    }
    (words, ".".to_string())
}

/// The NAME=VALUE (or NAME) words of `option` and `dispatcher` commands, the PATH, and
/// the configuration read from it (or the exit code of the error, already reported).
fn words_and_set(
    words: &[String],
    flags: &EditFlags,
    setting: bool,
) -> Result<(Vec<String>, String, Ctx), i32> {
    let (words, path) = split_path(words.to_vec(), &flags.dir, |w| setting && w.contains('='));
    match load(&path, flags) {
        Ok(ctx) => Ok((words, path, ctx)),
        Err(code) => Err(code),
    }
}

fn looks_like_path(w: &str) -> bool {
    Path::new(w).exists() || w.contains('/') || w == "." || w == ".."
}

/// How long a writing editor waits for another one to finish (IMTACFG_LOCK_TIMEOUT, in
/// seconds, changes it).
fn lock_timeout() -> std::time::Duration {
    let secs = std::env::var("IMTACFG_LOCK_TIMEOUT")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
        .unwrap_or(30);
    std::time::Duration::from_secs(secs)
}

/// The configuration at `path`, read under the settings that apply to it (site keywords
/// and options from imtacfg.toml, include mapping), and the catalog they give. With
/// `--write` the directory's edit lock is taken first and held until the command ends,
/// so the whole read-plan-write cycle sees no other editor's half-done work. Errors are
/// reported here; the exit code is returned.
fn load(path: &str, flags: &EditFlags) -> Result<Ctx, i32> {
    let lock = if flags.write {
        let p = Path::new(path);
        let dir = if p.is_dir() {
            p.to_path_buf()
        } else {
            imtacfg::model::config_set::parent_dir(p)
        };
        match EditLock::acquire(&dir, lock_timeout()) {
            Ok(l) => Some(l),
            Err(e @ LockError::Busy { .. }) => {
                output::error(e);
                return Err(CHANGED_ON_DISK);
            }
            Err(e) => return Err(fail(e)),
        }
    } else {
        None
    };
    let read = || -> Result<Ctx, String> {
        let (settings, catalog, opts) = super::load::settings_for(None, path)?;
        let set = super::load::config_complete(path, None, &catalog, &opts)?;
        Ok(Ctx {
            set,
            catalog,
            lint: settings.lint_options(),
            _lock: None,
        })
    };
    match read() {
        Ok(ctx) => Ok(Ctx { _lock: lock, ..ctx }),
        Err(e) => Err(fail(e)),
    }
}

/// What an editing command works with.
struct Ctx {
    set: ConfigSet,
    catalog: Catalog,
    /// Lint options for the re-lint gate (from imtacfg.toml).
    lint: LintOptions,
    /// Held while a `--write` command runs.
    _lock: Option<EditLock>,
}

/// Check, then print the diff or save. Returns the exit code.
fn finish(ctx: &Ctx, plan: Plan, flags: &EditFlags) -> i32 {
    let (set, catalog) = (&ctx.set, &ctx.catalog);
    if plan.is_empty() {
        println!("nothing to change");
        return exit::OK;
    }
    let prepared = match pipeline::prepare(set, &plan, catalog, &ctx.lint, flags.force) {
        Ok(p) => p,
        Err(Refusal::Invalid(e)) => {
            output::error(e);
            return exit::ERROR;
        }
        Err(r @ (Refusal::AddsErrors(_) | Refusal::Unfaithful(_))) => {
            output::error(r.to_string().trim_end());
            return exit::ERROR;
        }
    };
    for n in &prepared.notes {
        eprintln!("note: {n}");
    }
    for w in &prepared.added_warnings {
        eprintln!(
            "{}: the edit adds {} {}:{}: {}",
            w.severity.as_str(),
            w.code,
            w.file,
            w.line,
            w.message
        );
    }
    if prepared.changes.is_empty() {
        println!("nothing to change");
        return exit::OK;
    }
    if !flags.write {
        let color = std::io::stdout().is_terminal()
            && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
        let mut out = Vec::new();
        for c in &prepared.changes {
            let d = diff::unified(&c.name, c.old_text.as_deref(), &c.new_text, c.encoding);
            out.extend(if color { diff::colorize(&d) } else { d });
        }
        if let Err(e) = output::stdout_bytes(&out) {
            output::error(e);
            return exit::ERROR;
        }
        return if flags.check {
            exit::FINDINGS
        } else {
            exit::OK
        };
    }
    // Refuse before writing anything if any file changed on disk meanwhile.
    for c in &prepared.changes {
        let current = std::fs::read(&c.path).ok();
        if current.as_deref() != c.old_bytes.as_deref() {
            output::error(SaveError::ChangedOnDisk(c.path.clone()));
            return CHANGED_ON_DISK;
        }
        if let Some(n) = hard_links(&c.path)
            && n > 1
        {
            eprintln!(
                "warning: {} has {} hard links; the file is replaced, so its other names keep the old content",
                c.name,
                n - 1
            );
        }
    }
    // A new file takes the mode of the configuration's own files.
    let like = set
        .files
        .iter()
        .filter(|f| f.depth == 0)
        .find_map(|f| f.real_path.clone());
    for c in &prepared.changes {
        let opts = SaveOptions {
            backup: flags.backup,
            like: like.clone(),
            ..Default::default()
        };
        match save(&c.path, c.old_bytes.as_deref(), &c.new_bytes, &opts) {
            Ok(Saved::Written { backup }) => match backup {
                Some(b) => println!("wrote {} (backup: {})", c.name, b.display()),
                None => println!("wrote {}", c.name),
            },
            Ok(Saved::Unchanged) => {}
            Err(e @ SaveError::ChangedOnDisk(_)) => {
                output::error(e);
                return CHANGED_ON_DISK;
            }
            Err(e) => {
                output::error(e);
                return exit::ERROR;
            }
        }
    }
    exit::OK
}

/// How many names the file has.
fn hard_links(path: &Path) -> Option<u64> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(path).ok().map(|m| m.nlink())
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

fn fail(msg: impl std::fmt::Display) -> i32 {
    output::error(msg);
    exit::ERROR
}

// ---- logging ----

#[derive(Debug, Subcommand)]
pub enum LoggingCommand {
    /// Show every channel's effective logging and the LOG_* options in force.
    Status {
        path: Option<String>,
        #[arg(long, value_enum, default_value = "table")]
        format: super::debug::TableOrJson,
    },
    /// Make channels log (all with --all, or those named with --channel).
    Enable(LoggingArgs),
    /// Make channels stop logging.
    Disable(LoggingArgs),
}

#[derive(Debug, Args)]
pub struct LoggingArgs {
    path: Option<String>,
    /// Every channel.
    #[arg(long, conflicts_with = "channel", required_unless_present = "channel")]
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
                Ok(ctx) => status(&ctx.set, &ctx.catalog, format),
                Err(code) => code,
            }
        }
        LoggingCommand::Enable(args) => logging_edit(args, true),
        LoggingCommand::Disable(args) => logging_edit(args, false),
    }
}

fn status(set: &ConfigSet, catalog: &Catalog, format: super::debug::TableOrJson) -> i32 {
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
    let line = |c: &imtacfg::model::logging::ChannelLogging| {
        let f = &set.files[c.file];
        let b = &f.imta().map(|m| m.blocks[c.block].span).unwrap_or_default();
        f.source.line_col(b.start as usize).line
    };
    let source = |s: LoggingSource| match s {
        LoggingSource::Channel => "channel",
        LoggingSource::Defaults => "defaults",
        LoggingSource::None => "none",
    };
    let text = match format {
        super::debug::TableOrJson::Json => {
            let mut s = serde_json::to_string_pretty(&json!({
                "version": 1,
                "channels": channels.iter().map(|c| json!({
                    "name": c.name,
                    "logging": c.logging,
                    "source": source(c.source),
                    "line": line(c),
                    "file": set.files[c.file].name(),
                })).collect::<Vec<_>>(),
                "options": options.iter().map(|(n, v, m)| json!({"name": n, "value": v, "meaning": m})).collect::<Vec<_>>(),
            }))
            .unwrap_or_default();
            s.push('\n');
            s
        }
        super::debug::TableOrJson::Table => {
            let mut s = format!(
                "{:<24} {:<8} {:<9} {}\n",
                "channel", "logging", "from", "line"
            );
            for c in &channels {
                s.push_str(&format!(
                    "{:<24} {:<8} {:<9} {}:{}\n",
                    c.name,
                    if c.logging { "yes" } else { "no" },
                    source(c.source),
                    set.files[c.file].name(),
                    line(c)
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
    let path = args
        .flags
        .dir
        .clone()
        .or(args.path.clone())
        .unwrap_or_else(|| ".".into());
    let ctx = match load(&path, &args.flags) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let (set, catalog) = (&ctx.set, &ctx.catalog);
    if set.file_of(Kind::Imta).is_none() {
        return fail(format!("{path}: no imta.cnf here"));
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
                    if catalog
                        .options
                        .get_folded(&n.to_ascii_uppercase())
                        .is_none()
                        && !args.flags.force
                    {
                        return fail(format!(
                            "`{n}` is not an option.dat option imtacfg knows (use --force to set it anyway)"
                        ));
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

// ---- option ----

#[derive(Debug, Subcommand)]
pub enum OptionCommand {
    /// Set options: `imtacfg option set LOG_CONNECTION=3 LOG_PROCESS=1 [PATH]`.
    Set(OptionArgs),
    /// Remove options: `imtacfg option unset LOG_PROCESS [PATH]`.
    Unset(OptionArgs),
}

#[derive(Debug, Args)]
pub struct OptionArgs {
    /// NAME=VALUE (set) or NAME (unset) words, then optionally the configuration PATH.
    #[arg(required = true)]
    words: Vec<String>,
    /// The option file to edit, relative to PATH (default: option.dat, found through
    /// imta_tailor's IMTA_OPTION_FILE): a channel option file or imta_tailor.
    #[arg(long)]
    file: Option<String>,
    #[command(flatten)]
    flags: EditFlags,
}

pub fn option(cmd: OptionCommand) -> i32 {
    let (args, setting) = match cmd {
        OptionCommand::Set(a) => (a, true),
        OptionCommand::Unset(a) => (a, false),
    };
    let (words, path, ctx) = match words_and_set(&args.words, &args.flags, setting) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let set = &ctx.set;
    let target = match &args.file {
        None => match edit::options::option_dat(set, &path) {
            Ok(t) => t,
            Err(e) => return fail(e),
        },
        Some(file) => {
            let full = set.root.clone().unwrap_or_default().join(file);
            match set.file_index_of_path(&full) {
                Some(i) => edit::options::Target::Existing(i),
                None => {
                    let Some(rel) = set.inside_name(&full) else {
                        return fail(format!(
                            "{file}: not in the configuration directory {path}; --file names a file inside it"
                        ));
                    };
                    let name = imtacfg::model::config_set::join_display(&path, &rel);
                    let kind = match Kind::from_file_name(file) {
                        Some(k @ (Kind::Option | Kind::ChannelOption | Kind::Tailor)) => k,
                        _ => {
                            return fail(format!(
                                "{file}: not an option file name (option.dat, <channel>_option, imta_tailor)"
                            ));
                        }
                    };
                    match set.access.check(&full) {
                        Err(imtacfg::access::ReadError::Missing) if setting => {}
                        Err(imtacfg::access::ReadError::Missing) => {
                            return fail(format!("{name}: no such file"));
                        }
                        Err(e) => return fail(format!("{name}: {e}")),
                        Ok(_) => return fail(format!("{name}: was not read as part of {path}")),
                    }
                    edit::options::Target::New {
                        path: full,
                        name,
                        kind,
                    }
                }
            }
        }
    };
    let plan = if setting {
        let mut assignments = Vec::new();
        for w in &words {
            match edit::options::parse_assignment(w) {
                Ok(a) => assignments.push(a),
                Err(e) => return fail(e),
            }
        }
        edit::options::set(set, &target, &assignments)
    } else {
        match target {
            edit::options::Target::Existing(i) => edit::options::unset(set, i, &words),
            edit::options::Target::New { name, .. } => {
                return fail(format!("{name}: no such file"));
            }
        }
    };
    match plan {
        Ok(p) => finish(&ctx, p, &args.flags),
        Err(e) => fail(e),
    }
}

// ---- channel ----

#[derive(Debug, Subcommand)]
pub enum ChannelCommand {
    /// Add a keyword (with arguments) to a channel: replaces a rival of its exclusive
    /// group and updates the arguments of an existing one.
    AddKeyword(KeywordArgs),
    /// Remove a keyword (and its arguments) from a channel.
    RemoveKeyword(KeywordArgs),
}

#[derive(Debug, Args)]
pub struct KeywordArgs {
    /// The channel name (`defaults` edits the first defaults line).
    channel: String,
    keyword: String,
    /// Keyword arguments, then optionally the configuration PATH.
    args: Vec<String>,
    #[command(flatten)]
    flags: EditFlags,
}

pub fn channel(cmd: ChannelCommand) -> i32 {
    let (a, adding) = match cmd {
        ChannelCommand::AddKeyword(a) => (a, true),
        ChannelCommand::RemoveKeyword(a) => (a, false),
    };
    let mut words = a.args.clone();
    let path = if let Some(p) = &a.flags.dir {
        p.clone()
    } else if words.last().is_some_and(|w| looks_like_path(w)) {
        words.pop().unwrap_or_default()
    } else {
        ".".into()
    };
    let ctx = match load(&path, &a.flags) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let (set, catalog) = (&ctx.set, &ctx.catalog);
    let targets = if a.channel.eq_ignore_ascii_case("defaults") {
        first_defaults(set)
    } else {
        edit::keywords::find_channel(set, &a.channel)
    };
    if targets.is_empty() {
        return fail(format!("no channel named `{}` in imta.cnf", a.channel));
    }
    let mut plan = Plan::default();
    if adding {
        if let Err(e) = edit::keywords::check_keyword(catalog, &a.keyword, &words, a.flags.force) {
            return fail(e);
        }
        for t in targets {
            plan.extend(edit::keywords::add(set, catalog, t, &a.keyword, &words));
        }
    } else {
        if !words.is_empty() {
            return fail("remove-keyword takes no keyword arguments");
        }
        for t in targets {
            plan.extend(edit::keywords::remove_all(set, t, &a.keyword));
        }
    }
    finish(&ctx, plan, &a.flags)
}

fn first_defaults(set: &ConfigSet) -> Vec<edit::keywords::BlockRef> {
    set.file_of(Kind::Imta)
        .and_then(|(fi, f)| {
            let m = f.imta()?;
            let bi = m
                .blocks
                .iter()
                .position(|b| b.kind == imtacfg::model::imta::BlockKind::Defaults)?;
            Some(vec![edit::keywords::BlockRef {
                file: fi,
                block: bi,
            }])
        })
        .unwrap_or_default()
}

// ---- dispatcher ----

#[derive(Debug, Subcommand)]
pub enum DispatcherCommand {
    /// Set options globally, or in one service with --service (created when missing).
    Set(DispatcherArgs),
    /// Remove options from the globals or from one service.
    Unset(DispatcherArgs),
}

#[derive(Debug, Args)]
pub struct DispatcherArgs {
    /// NAME=VALUE (set) or NAME (unset) words, then optionally the configuration PATH.
    #[arg(required = true)]
    words: Vec<String>,
    /// The service section, e.g. SMTP (default: the global options).
    #[arg(long)]
    service: Option<String>,
    #[command(flatten)]
    flags: EditFlags,
}

fn dispatcher_file(set: &ConfigSet, path: &str) -> Result<usize, String> {
    set.file_of(Kind::Dispatcher)
        .map(|(i, _)| i)
        .ok_or_else(|| format!("{path}: no dispatcher.cnf here"))
}

pub fn dispatcher(cmd: DispatcherCommand) -> i32 {
    let (a, setting) = match cmd {
        DispatcherCommand::Set(a) => (a, true),
        DispatcherCommand::Unset(a) => (a, false),
    };
    let (words, path, ctx) = match words_and_set(&a.words, &a.flags, setting) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let set = &ctx.set;
    let fi = match dispatcher_file(set, &path) {
        Ok(i) => i,
        Err(e) => return fail(e),
    };
    let plan = if setting {
        let mut assignments = Vec::new();
        for w in &words {
            match edit::options::parse_assignment(w) {
                Ok(x) => assignments.push(x),
                Err(e) => return fail(e),
            }
        }
        edit::dispatcher::set(set, fi, a.service.as_deref(), &assignments)
    } else {
        edit::dispatcher::unset(set, fi, a.service.as_deref(), &words)
    };
    match plan {
        Ok(p) => finish(&ctx, p, &a.flags),
        Err(e) => fail(e),
    }
}

// ---- debug set ----

#[derive(Debug, Args)]
pub struct DebugSetArgs {
    /// The mask (decimal, -1, b%v, 0x…), then optionally the configuration PATH.
    #[arg(allow_negative_numbers = true)]
    words: Vec<String>,
    /// Build the mask from bit numbers or names instead of VALUE:
    /// `--bits worker-basic 4` or `--bits worker-basic,4`.
    #[arg(long, value_delimiter = ',', num_args = 1..)]
    bits: Vec<String>,
    /// The service section (default: the global options).
    #[arg(long)]
    service: Option<String>,
    #[command(flatten)]
    flags: EditFlags,
}

pub fn debug_set(a: DebugSetArgs) -> i32 {
    let mut words = a.words.clone();
    let mut bits = a.bits.clone();
    // `--bits 4 12 conf`: the PATH ends up among the bits.
    if words.is_empty() && a.flags.dir.is_none() && bits.last().is_some_and(|b| looks_like_path(b))
    {
        words.extend(bits.pop());
    }
    let a = DebugSetArgs { bits, ..a };
    let path = if let Some(p) = &a.flags.dir {
        p.clone()
    } else if words.last().is_some_and(|w| Path::new(w).exists())
        && (words.len() > 1 || !a.bits.is_empty())
    {
        words.pop().unwrap_or_default()
    } else {
        ".".into()
    };
    let mask = match (words.as_slice(), a.bits.is_empty()) {
        ([v], true) => imtacfg::debug_mask::parse_value(v, false),
        ([], false) => imtacfg::debug_mask::encode(&a.bits),
        _ => Err("give either one VALUE or --bits BIT…".to_string()),
    };
    let mask = match mask {
        Ok(m) => m,
        Err(e) => return fail(e),
    };
    let ctx = match load(&path, &a.flags) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let set = &ctx.set;
    let fi = match dispatcher_file(set, &path) {
        Ok(i) => i,
        Err(e) => return fail(e),
    };
    let value = imtacfg::debug_mask::option_value(mask);
    match edit::dispatcher::set(
        set,
        fi,
        a.service.as_deref(),
        &[("DEBUG".to_string(), value)],
    ) {
        Ok(p) => finish(&ctx, p, &a.flags),
        Err(e) => fail(e),
    }
}
