//! What every editing command (`logging`, `option`, `channel`, `dispatcher`, `debug set`)
//! shares: the flags, reading the configuration (under the edit lock with `--write`), and
//! the end of the run: check the plan (re-parse, re-lint), then print a unified diff
//! (default), say whether anything would change (`--check`), or save (`--write`).

use super::error::CliError;
use std::path::Path;

use clap::Args;

use super::{exit, output};
use imtacfg::edit::lock::{EditLock, LockError};
use imtacfg::edit::pipeline::{self, Refusal};
use imtacfg::edit::save::{SaveError, SaveOptions, Saved, save};
use imtacfg::edit::{Plan, diff};
use imtacfg::model::config_set::ConfigSet;
use imtacfg::workspace::Workspace;

/// Refused to write: a file changed on disk since it was read.
const CHANGED_ON_DISK: i32 = 3;

#[derive(Debug, Clone, Default, Args)]
pub struct EditFlags {
    /// Save the changes (without it, print the diff and change nothing).
    #[arg(long)]
    pub(super) write: bool,
    /// Exit 1 if anything would change, 0 otherwise; change nothing.
    #[arg(long, conflicts_with = "write")]
    pub(super) check: bool,
    /// With --write: keep each old file as FILE.imtacfg-YYYYmmddTHHMMSS.
    #[arg(long)]
    pub(super) backup: bool,
    /// Apply even if the edit adds error-level findings.
    #[arg(long)]
    pub(super) force: bool,
    /// The configuration directory or file (alternative to the trailing PATH argument).
    #[arg(short = 'C', long = "path", value_name = "PATH")]
    pub(super) dir: Option<String>,
    /// Colour the diff: auto (a terminal, as for `lint`), always or never.
    #[arg(long, value_enum, default_value = "auto")]
    pub(super) color: super::color::ColorArg,
}

/// Split trailing positional words into values and an optional PATH: the last word is the
/// PATH when it is not a value and names an existing file or directory, or looks like a
/// path (contains `/`, or is `.` or `..`); a path that does not exist is then an error
/// rather than a silent edit of the current directory.
pub(super) fn split_path(
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
pub(super) fn words_and_set(
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

/// The `NAME=VALUE` words of a `set` command. A word without `=` is named as what it
/// might have been meant to be: the PATH, which does not exist (the PATH is only taken
/// from the last word when it exists or looks like one).
pub(super) fn assignments(words: &[String]) -> Result<Vec<(String, String)>, CliError> {
    words
        .iter()
        .map(|w| {
            if !w.contains('=') {
                return Err(format!(
                    "`{w}` is not NAME=VALUE, nor a configuration directory or file that exists"
                )
                .into());
            }
            Ok(imtacfg::edit::options::parse_assignment(w)?)
        })
        .collect()
}

pub(super) fn looks_like_path(w: &str) -> bool {
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
pub(super) fn load(path: &str, flags: &EditFlags) -> Result<Ctx, i32> {
    let lock = lock(path, flags.write)?;
    let read = || -> Result<(Workspace, ConfigSet), CliError> {
        let ws = super::load::simple_workspace(path, None)?;
        let set = ws.open_complete(path)?;
        Ok((ws, set))
    };
    match read() {
        Ok((ws, set)) => Ok(Ctx { set, ws, _lock: lock }),
        Err(e) => Err(fail(e)),
    }
}

/// With `write`, the edit lock of the configuration directory at `path` (held until it is
/// dropped); errors are reported here and the exit code returned.
pub(super) fn lock(path: &str, write: bool) -> Result<Option<EditLock>, i32> {
    if !write {
        return Ok(None);
    }
    let p = Path::new(path);
    let dir = if p.is_dir() { p.to_path_buf() } else { imtacfg::model::config_set::parent_dir(p) };
    match EditLock::acquire(&dir, lock_timeout()) {
        Ok(l) => Ok(Some(l)),
        Err(e @ LockError::Busy { .. }) => {
            output::error(e);
            Err(CHANGED_ON_DISK)
        }
        Err(e) => Err(fail(e)),
    }
}

/// An error unless the configuration has an imta.cnf: channels (and their logging) are
/// defined there.
pub(super) fn need_imta(set: &ConfigSet, path: &str) -> Result<(), CliError> {
    match set.file_of(imtacfg::syntax::Kind::Imta) {
        Some(_) => Ok(()),
        None => Err(format!("{path}: there is no imta.cnf, where channels are defined").into()),
    }
}

/// What an editing command works with. Dropping it releases the edit lock but does not
/// free the configuration: the command ends right after, and freeing every parsed file
/// one allocation at a time would only make it end later.
pub(super) struct Ctx {
    pub(super) set: ConfigSet,
    /// Settings, catalog and lint rules (the re-lint gate lints as `lint` does).
    pub(super) ws: Workspace,
    /// Held while a `--write` command runs.
    _lock: Option<EditLock>,
}

impl Ctx {
    /// A configuration read by another command (`lint --fix`) under `lock`.
    pub(super) fn new(set: ConfigSet, ws: Workspace, lock: Option<EditLock>) -> Ctx {
        Ctx { set, ws, _lock: lock }
    }
}

impl Drop for Ctx {
    fn drop(&mut self) {
        std::mem::forget(std::mem::take(&mut self.set));
    }
}

/// Check, then print the diff or save. Returns the exit code.
pub(super) fn finish(ctx: &Ctx, plan: Plan, flags: &EditFlags) -> i32 {
    // Not freed (see `Ctx`): thousands of edits for --per-channel.
    let plan = std::mem::ManuallyDrop::new(plan);
    let (set, catalog) = (&ctx.set, &ctx.ws.catalog);
    if plan.is_empty() {
        println!("nothing to change");
        return exit::OK;
    }
    // Not freed, as the configuration is not (see `Ctx`): the command ends after this.
    let prepared = match pipeline::prepare(set, &plan, catalog, &ctx.ws, flags.force) {
        Ok(p) => std::mem::ManuallyDrop::new(p),
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
        let color = super::color::stdout(flags.color);
        let mut out = Vec::new();
        for c in &prepared.changes {
            let d = match c.old_text.as_deref() {
                Some(old) => diff::unified_at(&c.name, old, &c.new_text, &c.places, c.encoding),
                None => diff::unified(&c.name, None, &c.new_text, c.encoding),
            };
            out.extend(if color { diff::colorize(&d) } else { d });
        }
        if let Err(e) = output::stdout_bytes(&out) {
            output::error(e);
            return exit::ERROR;
        }
        return if flags.check { exit::FINDINGS } else { exit::OK };
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
    let like = set.files.iter().filter(|f| f.depth == 0).find_map(|f| f.real_path.clone());
    for c in &prepared.changes {
        let opts = SaveOptions { backup: flags.backup, like: like.clone(), ..Default::default() };
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

pub(super) fn fail(msg: impl Into<super::error::CliError>) -> i32 {
    output::error(msg);
    exit::ERROR
}
