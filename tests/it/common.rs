//! What the test modules share: where the examples are, how the binary is run, and small
//! byte helpers. A module uses `use crate::common::*;` rather than its own copies.

use std::path::{Path, PathBuf};
use std::process::{Command as StdCommand, Stdio};

pub use assert_cmd::Command;

/// The crate root (tests run from anywhere).
pub const ROOT: &str = env!("CARGO_MANIFEST_DIR");
/// The shipped sample configuration (no findings), relative to [`ROOT`] (the working
/// directory of the tests and of [`run`]), so printed paths stay short in snapshots.
pub const SAMPLE: &str = "examples/sample";
/// The shipped directory of typical mistakes, relative to [`ROOT`].
pub const MISTAKES: &str = "examples/mistakes";
/// Small real-world-shaped fixtures, one phenomenon per file.
pub const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/real-world");
/// The `rows` of a table of test cases kept as data (`tests/data/NAME.toml`): rows of a
/// table are data, and a TOML row names each field where a Rust tuple would not.
pub fn rows<T: serde::de::DeserializeOwned>(name: &str) -> Vec<T> {
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Table<T> {
        rows: Vec<T>,
    }
    let path = Path::new(ROOT).join("tests/data").join(format!("{name}.toml"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let table: Table<T> =
        toml_edit::de::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(!table.rows.is_empty(), "{}: no rows", path.display());
    table.rows
}

/// A command line of a data table, written as one string (no argument holds a blank).
pub fn argv(line: &str) -> Vec<&str> {
    line.split_whitespace().collect()
}

/// Keywords (with their arguments) that the generated channel lines of the edit property
/// tests are made of.
pub const CHANNEL_KEYWORDS: &[&str] = &[
    "smtp", "mx", "nomx", "single", "single_sys", "logging", "nologging", "maxjobs 7",
    "pool SMTP_POOL", "notices 1 2 4", "subdirs 20", "defragment", "loopcheck", "master_debug",
    "backoff \"pt5m\" \"pt10m\"", "identnonenumeric",
];

/// The lines of a commented-out channel block, as the generated imta.cnf files of the
/// property tests hold one.
pub const COMMENTED_CHANNEL: [&str; 2] = ["!tcp_old smtp nologging", "!tcp_old-daemon"];

/// The line ending of a generated file: LF or CRLF.
pub fn eol() -> impl proptest::strategy::Strategy<Value = &'static str> {
    proptest::sample::select(&["\n", "\r\n"][..])
}

/// Generated lines joined into a file's text, with a final line ending when asked for
/// (an empty file stays empty).
pub fn finish_text(lines: &[String], eol: &str, final_newline: bool) -> String {
    let mut text = lines.join(eol);
    if final_newline && !text.is_empty() {
        text.push_str(eol);
    }
    text
}

/// The line before block `i` of a generated imta.cnf (none before the first): whitespace
/// only where `seps` says so, else empty.
pub fn push_block_separator(out: &mut Vec<String>, seps: &[bool], i: usize) {
    if i > 0 {
        let spaces = seps.get(i).copied().unwrap_or(false);
        out.push(if spaces { " ".into() } else { String::new() });
    }
}

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_imtacfg");

/// The product's own environment variables, and those that change how output is drawn:
/// removed from every run so that the developer's shell cannot change a result.
const PRODUCT_ENV: &[&str] = &[
    "TERM", "COLUMNS", "LANG", "LC_CTYPE", "IMTACFG_CONFIG", "IMTACFG_LOCK_TIMEOUT",
    "IMTACFG_ALLOW_OUTSIDE", "IMTACFG_MAX_FILE_SIZE", "NO_COLOR", "CLICOLOR", "CLICOLOR_FORCE",
    "FORCE_COLOR",
];

/// `imtacfg` run from the crate root, standard input empty, no product variables.
pub fn imtacfg() -> Command {
    imtacfg_in(Path::new(ROOT))
}

/// `imtacfg` run from `dir`, standard input empty, no product variables, a UTF-8 locale
/// (so drawing is the same wherever the tests run).
pub fn imtacfg_in(dir: &Path) -> Command {
    let mut c = Command::new(BIN);
    c.current_dir(dir).env("LC_ALL", "C.UTF-8");
    for k in PRODUCT_ENV {
        c.env_remove(k);
    }
    c
}

/// The same as a `std::process::Command`, for tests that spawn and wait themselves.
pub fn std_command(dir: &Path) -> StdCommand {
    let mut c = StdCommand::new(BIN);
    c.current_dir(dir).stdin(Stdio::null()).env("LC_ALL", "C.UTF-8");
    for k in PRODUCT_ENV {
        c.env_remove(k);
    }
    c
}

/// What one run printed and how it ended.
pub struct Out {
    /// The exit code (-1 when killed by a signal).
    pub code: i32,
    /// Standard output, as bytes (edits may print Latin-1).
    pub bytes: Vec<u8>,
    /// Standard output, lossily decoded.
    pub stdout: String,
    /// Standard error, lossily decoded.
    pub stderr: String,
}

impl std::fmt::Debug for Out {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "exit {}\n--- stdout\n{}\n--- stderr\n{}",
            self.code,
            visible(&self.bytes),
            self.stderr
        )
    }
}

impl From<std::process::Output> for Out {
    fn from(o: std::process::Output) -> Out {
        Out {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            bytes: o.stdout,
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

/// Run a prepared command to its end.
pub fn run_cmd(cmd: &mut Command) -> Out {
    cmd.output().expect("run imtacfg").into()
}

/// Run a prepared `std::process::Command` (another program, say) to its end.
pub fn run_std(cmd: &mut StdCommand) -> Out {
    cmd.output().expect("run the command").into()
}

/// `imtacfg ARGS` from the crate root.
pub fn run(args: &[&str]) -> Out {
    run_cmd(imtacfg().args(args))
}

/// `imtacfg ARGS` from `dir`.
pub fn run_in(dir: &Path, args: &[&str]) -> Out {
    run_cmd(imtacfg_in(dir).args(args))
}

/// Standard output of a run parsed as JSON (the run must exit 0 or 1).
pub fn json_of(args: &[&str]) -> (i32, serde_json::Value) {
    let out = run(args);
    assert!(out.code == 0 || out.code == 1, "{args:?}: {out:?}");
    let v = serde_json::from_str(&out.stdout)
        .unwrap_or_else(|e| panic!("{args:?}: {e}: {}", out.stdout));
    (out.code, v)
}

/// A temporary directory holding the given files.
pub fn conf(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

/// `imtacfg lint DIR --format FORMAT` of a temporary directory holding the given files,
/// which must exit `code` (the directory is returned too: the report names its paths).
pub fn lint_files(files: &[(&str, &str)], format: &str, code: i32) -> (tempfile::TempDir, Out) {
    let dir = conf(files);
    let out = run(&["lint", p(&dir), "--format", format]);
    assert_eq!(out.code, code, "{out:?}");
    (dir, out)
}

/// A temporary copy of a flat configuration directory (regular files only).
pub fn copy_dir(from: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_files(Path::new(from), dir.path());
    dir
}

/// Copy the regular files of `from` into `to`.
pub fn copy_files(from: &Path, to: &Path) {
    let from: PathBuf = Path::new(ROOT).join(from);
    for e in std::fs::read_dir(&from).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_file() {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

/// A path under [`ROOT`], absolute (for commands run from another directory).
pub fn abs(relative: &str) -> String {
    format!("{ROOT}/{relative}")
}

/// A path as `&str` (temporary directories are ASCII).
pub fn p(path: &impl AsRef<Path>) -> &str {
    path.as_ref().to_str().unwrap()
}

/// `text` holds `part` (the panic shows the whole text).
#[track_caller]
pub fn assert_contains(text: &str, part: &str) {
    assert!(text.contains(part), "{part:?} not in:\n{text}");
}

/// Bytes as text: `\r` shown as `<CR>` (snapshots normalise line endings), bytes that are
/// not UTF-8 as `<E9>`.
pub fn visible(bytes: &[u8]) -> String {
    let mut s = String::new();
    for chunk in bytes.utf8_chunks() {
        s.push_str(&chunk.valid().replace('\r', "<CR>"));
        for b in chunk.invalid() {
            s.push_str(&format!("<{b:02X}>"));
        }
    }
    s
}

/// Every `\n` becomes `\r\n`.
pub fn crlf(bytes: &[u8]) -> Vec<u8> {
    before_each_lf(bytes, b"\r")
}

/// `insert` put in front of every `\n`.
pub fn before_each_lf(bytes: &[u8], insert: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() * 2);
    for &b in bytes {
        if b == b'\n' {
            out.extend_from_slice(insert);
        }
        out.push(b);
    }
    out
}

/// Each channel's effective logging in `dir`, from `logging status --format json`.
pub fn logging_status(dir: &Path) -> Vec<(String, bool)> {
    let out = run_in(dir, &["logging", "status", ".", "--format", "json"]);
    assert_eq!(out.code, 0, "{out:?}");
    let v: serde_json::Value = serde_json::from_slice(&out.bytes).unwrap();
    assert_eq!(v["version"], 1);
    v["channels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["name"].as_str().unwrap().to_string(), c["logging"].as_bool().unwrap()))
        .collect()
}

/// Whether a program is on the PATH (tests that drive it skip, saying so, when it is not).
pub fn have(tool: &str) -> bool {
    let found = StdCommand::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !found {
        eprintln!("note: {tool} is not installed; the check that needs it is skipped");
    }
    found
}

/// The entries of a directory by name: regular files with their bytes, anything else as a
/// marker (left-over temporary files and lock files show up too).
pub type Entries = std::collections::BTreeMap<String, Vec<u8>>;

/// Every entry of `dir` (not following symbolic links), as [`Entries`].
pub fn entries(dir: &Path) -> Entries {
    let mut out = Entries::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let e = e.unwrap();
        let bytes = if e.file_type().unwrap().is_file() {
            std::fs::read(e.path()).unwrap()
        } else {
            b"<not a regular file>".to_vec()
        };
        out.insert(e.file_name().to_string_lossy().into_owned(), bytes);
    }
    out
}

/// A configuration directory `conf/` inside a temporary directory (removed on drop), so a
/// test can also put files beside it.
pub struct Conf {
    /// The temporary directory around `conf/`.
    pub tmp: tempfile::TempDir,
    /// `conf/` itself.
    pub dir: PathBuf,
}

impl Conf {
    /// An empty `conf/`.
    pub fn empty() -> Conf {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("conf");
        std::fs::create_dir(&dir).unwrap();
        Conf { tmp, dir }
    }

    /// A copy of every regular file of `src` (relative to [`ROOT`] or absolute).
    pub fn copy_of(src: &str) -> Conf {
        let c = Conf::empty();
        copy_files(Path::new(src), &c.dir);
        c
    }

    /// `conf/` holding these files.
    pub fn with_files<N: AsRef<str>, B: AsRef<[u8]>>(files: &[(N, B)]) -> Conf {
        let c = Conf::empty();
        for (name, bytes) in files {
            c.write(name.as_ref(), bytes.as_ref());
        }
        c
    }

    /// `conf/` holding these entries (regular files).
    pub fn from_entries(files: &Entries) -> Conf {
        let c = Conf::empty();
        for (name, bytes) in files {
            c.write(name, bytes);
        }
        c
    }

    /// A copy of the sample configuration.
    pub fn sample() -> Conf {
        Conf::copy_of(SAMPLE)
    }

    /// A file of the directory.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    /// The bytes of a file.
    pub fn read(&self, name: &str) -> Vec<u8> {
        std::fs::read(self.path(name)).unwrap()
    }

    /// The text of a UTF-8 file.
    pub fn text(&self, name: &str) -> String {
        String::from_utf8(self.read(name)).unwrap()
    }

    /// Write a file.
    pub fn write(&self, name: &str, bytes: &[u8]) {
        std::fs::write(self.path(name), bytes).unwrap();
    }

    /// Rewrite a file through `f`.
    pub fn map(&self, name: &str, f: impl Fn(&[u8]) -> Vec<u8>) {
        let new = f(&self.read(name));
        self.write(name, &new);
    }

    /// The regular files of the directory by name.
    pub fn files(&self) -> Entries {
        let mut all = entries(&self.dir);
        all.retain(|name, _| self.path(name).symlink_metadata().unwrap().is_file());
        all
    }

    /// Every entry of the directory, regular or not.
    pub fn snap(&self) -> Entries {
        entries(&self.dir)
    }

    /// `imtacfg ARGS` run in the directory.
    pub fn run(&self, args: &[&str]) -> Out {
        run_in(&self.dir, args)
    }
}

/// Whether `program ARGS` runs and exits 0 (an installed tool that answers), its output
/// thrown away.
pub fn answers(program: &str, args: &[&str]) -> bool {
    StdCommand::new(program)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// The body rows of a Markdown table in `text`: the rows whose first cell reads as a `K`
/// (the header and the separator do not), with that key and every cell trimmed. The cells
/// are split at `|` as written, so `| 1 | a |` gives `["", "1", "a", ""]`; rows of fewer
/// than `cells` cells are passed over.
pub fn table_rows<K: std::str::FromStr>(text: &str, cells: usize) -> Vec<(K, Vec<&str>)> {
    text.lines()
        .filter_map(|line| {
            let row: Vec<&str> = line.split('|').map(str::trim).collect();
            let key = row.get(1)?.parse::<K>().ok()?;
            (row.len() >= cells).then_some((key, row))
        })
        .collect()
}
