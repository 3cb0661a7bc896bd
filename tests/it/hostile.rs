//! Hostile configuration trees: what a CI job reading a pull request may be handed.
//!
//! Every case builds, in a temporary directory, a configuration directory `d/` (a copy of
//! `examples/sample`) next to a directory `outside/` that holds `secret`, a file each line
//! of which carries the marker [`MARKER`]. Then the hostile change is applied (a path with
//! `..` in imta_tailor, an include line, a member file that is a symlink out of `d/`, a
//! committed `imtacfg.toml` that widens access, a FIFO, a device, a 2 GiB sparse file, …)
//! and every command of [`COMMANDS`] runs on it, each on a fresh copy of the case.
//!
//! For every run:
//! - the marker appears neither on standard output nor on standard error (nothing outside
//!   the configuration directory is read);
//! - everything next to `d/` (`outside/` and its files) is byte-identical afterwards and no
//!   file appeared there (nothing outside is written);
//! - the run ends within [`TIMEOUT`], is not killed by the address-space limit
//!   ([`MEMORY_LIMIT`], through `prlimit` when it exists) and does not panic;
//! - for a member file that must be refused (a symlink out of the directory, a FIFO, a
//!   device, a socket, a file over the size limit) the exit status is non-zero and the
//!   output names the file (`d/option.dat`);
//! - for a refused include, `lint --format json` reports it (X104 or X105).
//!
//! Positive controls prove that the detector sees the marker when access is widened on the
//! command line or in the environment, and a self-test proves that the harness notices a
//! leak, a write outside, a hang and a killed process.
//!
//! Cases that need `mkfifo` or root (`mknod`) are skipped with a note when those are not
//! available. When running as root, device targets are private device nodes made in
//! `outside/` (same major/minor as `/dev/zero` and `/dev/urandom`), so that a `--write`
//! through a symlink can never replace the machine's own `/dev/zero`.

#![cfg(unix)]

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::Read;
use std::os::unix::fs::{MetadataExt, symlink};
use std::os::unix::net::UnixListener;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use tempfile::TempDir;

use crate::common::answers;

const BIN: &str = env!("CARGO_BIN_EXE_imtacfg");
const SAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/sample");

/// A run still going after this long has hung (it is killed).
const TIMEOUT: Duration = Duration::from_secs(20);
/// Once a run of a case has hung, the remaining runs of that case get only this long:
/// they are reported as hung just the same, without waiting 20 s for each.
const TIMEOUT_AFTER_HANG: Duration = Duration::from_secs(2);
/// Address-space limit of every run (bytes), so that a command reading `/dev/zero` into
/// memory is stopped before it takes the machine down.
const MEMORY_LIMIT: u64 = 4_000_000_000;
/// A 2 GiB file must be refused before it is read: those runs get less address space
/// than the file's size.
const SMALL_MEMORY_LIMIT: u64 = 1_000_000_000;
/// At most this much of each output stream is looked at.
const OUTPUT_CAP: u64 = 64 << 20;

/// Part of every line of the outside file; never printed unless access is widened.
const MARKER: &str = "SECRET-4b1d";
/// The outside file, in the shapes rules quote: a passwd line, an option, a rewrite rule
/// routed to an unknown channel (IMTA301 quotes the tag), a dispatcher section.
const SECRET: &str = "SECRET-4b1d-1 root:x:0:0:root:/root:/bin/bash
LOG_SECRET=SECRET-4b1d-2
tcp_secret SECRET-4b1d-3
SECRET-4b1d-4 $U%$D@SECRET-4b1d-4-daemon
[SERVICE=SECRET-4b1d-5]
PORT=SECRET-4b1d-6
";

/// The commands run on every case, `d` being the configuration directory.
const COMMANDS: &[&[&str]] = &[
    &["lint", "d", "--format", "human"],
    &["lint", "d", "--format", "concise"],
    &["lint", "d", "--format", "json"],
    &["lint", "d", "--format", "sarif"],
    &["lint", "d", "--format", "github"],
    &["dump", "d"],
    &["dump", "d", "--format", "source", "--expand-includes"],
    &["heap", "d"],
    &["debug", "show", "d"],
    &["logging", "status", "d"],
    &["logging", "status", "d", "--format", "json"],
    &["logging", "enable", "--all", "d"],
    &["logging", "enable", "--all", "d", "--write"],
    &["option", "set", "LOG_CONNECTION=3", "d"],
    &["option", "set", "LOG_CONNECTION=3", "d", "--write"],
    &["option", "set", "LOG_CONNECTION=3", "d", "--write", "--backup"],
    &["channel", "add-keyword", "tcp_local", "logging", "d", "--write"],
    &["dispatcher", "set", "--service", "SMTP", "MAX_CONNS=5", "d", "--write"],
    &["debug", "set", "4", "d", "--write"],
];

/// The commands also run on a hostile member file itself (`FILE` becomes `d/<member>`).
const FILE_COMMANDS: &[&[&str]] = &[
    &["lint", "FILE", "--format", "concise"],
    &["dump", "FILE"],
    &["dump", "FILE", "--format", "source"],
];

// ---------------------------------------------------------------------------------------
// Running the binary
// ---------------------------------------------------------------------------------------

/// How one run ended.
struct Outcome {
    /// None when it was killed for running too long.
    status: Option<ExitStatus>,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
    timed_out: bool,
    /// The timeout the run was given.
    timeout: Duration,
}

impl Outcome {
    fn code(&self) -> Option<i32> {
        self.status.and_then(|s| s.code())
    }

    /// Standard output and standard error, as text.
    fn text(&self) -> String {
        format!(
            "{}\n{}",
            String::from_utf8_lossy(&self.stdout),
            String::from_utf8_lossy(&self.stderr)
        )
    }

    /// The start of standard error on one line, for messages.
    fn stderr_excerpt(&self) -> String {
        let s = String::from_utf8_lossy(&self.stderr);
        let s: String = s.chars().take(240).collect();
        s.trim_end().replace('\n', " | ")
    }
}

/// `prlimit`, when util-linux is installed.
fn prlimit() -> Option<&'static str> {
    static FOUND: OnceLock<bool> = OnceLock::new();
    let found = *FOUND.get_or_init(|| answers("prlimit", &["--version"]));
    found.then_some("prlimit")
}

fn is_root() -> bool {
    static ROOT: OnceLock<bool> = OnceLock::new();
    *ROOT.get_or_init(|| {
        Command::new("id")
            .arg("-u")
            .output()
            .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
    })
}

/// Run a program with a hard timeout and an address-space limit. Standard input is empty;
/// the outputs go to files (a child printing a lot never blocks on a full pipe); inherited
/// `IMTACFG_*` variables are removed so that only `env` widens access.
fn run_program(
    program: &str,
    dir: &Path,
    args: &[&str],
    env: &[(&str, &str)],
    timeout: Duration,
    memory_limit: u64,
) -> Outcome {
    let outputs = tempfile::tempdir().expect("temporary directory for outputs");
    let out_path = outputs.path().join("stdout");
    let err_path = outputs.path().join("stderr");
    let mut cmd = match prlimit() {
        Some(p) => {
            let mut c = Command::new(p);
            c.arg(format!("--as={memory_limit}")).arg("--").arg(program);
            c
        }
        None => Command::new(program),
    };
    cmd.args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(File::create(&out_path).expect("stdout file"))
        .stderr(File::create(&err_path).expect("stderr file"));
    for (name, _) in std::env::vars_os() {
        if name.to_string_lossy().starts_with("IMTACFG_") {
            cmd.env_remove(name);
        }
    }
    cmd.envs(env.iter().copied());
    let mut child = cmd.spawn().unwrap_or_else(|e| panic!("cannot start {program}: {e}"));
    let deadline = Instant::now() + timeout;
    let (status, timed_out) = loop {
        match child.try_wait() {
            Ok(Some(status)) => break (Some(status), false),
            Ok(None) if Instant::now() >= deadline => {
                let _ = child.kill();
                let _ = child.wait();
                break (None, true);
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(e) => panic!("waiting for {program}: {e}"),
        }
    };
    let read = |p: &Path| {
        let mut v = Vec::new();
        if let Ok(f) = File::open(p) {
            let _ = f.take(OUTPUT_CAP).read_to_end(&mut v);
        }
        v
    };
    Outcome { status, stdout: read(&out_path), stderr: read(&err_path), timed_out, timeout }
}

// ---------------------------------------------------------------------------------------
// Judging a run
// ---------------------------------------------------------------------------------------

/// What a run must show.
#[derive(Clone, Copy)]
enum Expect<'a> {
    /// The marker does not appear.
    Quiet,
    /// The marker does not appear, the exit status is non-zero and the output names the
    /// refused file.
    Refused(&'a str),
    /// Positive control: access was widened, the marker does appear.
    Shows,
    /// Positive control: the file is read (exit 0) and its marker appears.
    ReadsCleanly,
}

/// The first output line carrying the marker.
fn leaked_line(text: &str) -> Option<&str> {
    text.lines().find(|l| l.contains(MARKER)).map(str::trim)
}

fn grew(text: &str) -> bool {
    ["memory allocation of", "out of memory", "Cannot allocate memory"]
        .iter()
        .any(|s| text.contains(s))
}

/// Everything wrong with one run, as short sentences.
fn problems(o: &Outcome, expect: Expect<'_>) -> Vec<String> {
    let mut p = Vec::new();
    let text = o.text();
    if o.timed_out {
        p.push(format!("hung: still running after {} s, killed", o.timeout.as_secs_f32()));
    } else if let Some(sig) = o.status.and_then(|s| s.signal()) {
        if grew(&text) {
            p.push(format!(
                "grew: killed by the memory limit (signal {sig}): {}",
                o.stderr_excerpt()
            ));
        } else {
            p.push(format!("killed by signal {sig}: {}", o.stderr_excerpt()));
        }
    } else if grew(&text) {
        p.push(format!("grew: ran out of memory under the limit: {}", o.stderr_excerpt()));
    }
    if let Some(line) = text.lines().find(|l| l.contains("panicked at")) {
        p.push(format!("panicked: {}", line.trim()));
    }
    match expect {
        Expect::Quiet | Expect::Refused(_) => {
            if let Some(line) = leaked_line(&text) {
                p.push(format!("leaked the outside file: `{line}`"));
            }
        }
        Expect::Shows | Expect::ReadsCleanly => {
            if !text.contains(MARKER) {
                p.push(format!(
                    "positive control: the marker does not appear (exit {:?}): {}",
                    o.code(),
                    o.stderr_excerpt()
                ));
            }
        }
    }
    if let Expect::Refused(name) = expect
        && !o.timed_out
    {
        if o.code() == Some(0) {
            p.push(format!("exit 0 although {name} must be refused"));
        }
        if !text.contains(name) {
            p.push(format!(
                "the output does not name {name} (exit {:?}): {}",
                o.code(),
                o.stderr_excerpt()
            ));
        }
    }
    if let Expect::ReadsCleanly = expect
        && !o.timed_out
        && o.code() != Some(0)
    {
        p.push(format!("exit {:?}, expected 0: {}", o.code(), o.stderr_excerpt()));
    }
    p
}

/// One entry of a directory snapshot.
#[derive(Debug, PartialEq, Eq)]
enum Entry {
    File(Vec<u8>),
    Dir,
    Link(PathBuf),
    /// FIFO, device or socket: its mode and device number (never opened).
    Special(u32, u64),
}

/// Every entry under `dir`, not following symlinks and never opening special files.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Entry> {
    fn walk(dir: &Path, base: &Path, skip: &Path, out: &mut BTreeMap<PathBuf, Entry>) {
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let path = e.path();
            if path == skip {
                continue;
            }
            let rel = path.strip_prefix(base).unwrap_or(&path).to_path_buf();
            let Ok(meta) = fs::symlink_metadata(&path) else {
                continue;
            };
            let ft = meta.file_type();
            let entry = if ft.is_symlink() {
                Entry::Link(fs::read_link(&path).unwrap_or_default())
            } else if ft.is_dir() {
                walk(&path, base, skip, out);
                Entry::Dir
            } else if ft.is_file() {
                Entry::File(fs::read(&path).unwrap_or_default())
            } else {
                Entry::Special(meta.mode(), meta.rdev())
            };
            out.insert(rel, entry);
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &dir.join("d"), &mut out);
    out
}

/// What changed between two snapshots of the outside.
fn changes(before: &BTreeMap<PathBuf, Entry>, after: &BTreeMap<PathBuf, Entry>) -> Vec<String> {
    let mut p = Vec::new();
    for (path, old) in before {
        match after.get(path) {
            None => p.push(format!("wrote outside: {} was removed", path.display())),
            Some(new) if new != old => p.push(format!("wrote outside: {} changed", path.display())),
            Some(_) => {}
        }
    }
    for path in after.keys().filter(|k| !before.contains_key(*k)) {
        p.push(format!("wrote outside: {} appeared", path.display()));
    }
    p
}

// ---------------------------------------------------------------------------------------
// Building hostile trees
// ---------------------------------------------------------------------------------------

/// A temporary directory holding `d/` (a copy of the sample) and `outside/secret`.
struct Tree {
    tmp: TempDir,
    /// Sockets stay bound while the commands run.
    listeners: Vec<UnixListener>,
}

impl Tree {
    fn new() -> Tree {
        let tmp = tempfile::tempdir().expect("temporary directory");
        let t = Tree { tmp, listeners: Vec::new() };
        fs::create_dir(t.d()).unwrap();
        fs::create_dir(t.outside()).unwrap();
        fs::write(t.secret(), SECRET).unwrap();
        for e in fs::read_dir(SAMPLE).unwrap() {
            let e = e.unwrap();
            if e.file_type().unwrap().is_file() {
                fs::copy(e.path(), t.d().join(e.file_name())).unwrap();
            }
        }
        t
    }

    fn root(&self) -> &Path {
        self.tmp.path()
    }

    /// The configuration directory, absolute.
    fn d(&self) -> PathBuf {
        self.root().join("d")
    }

    fn outside(&self) -> PathBuf {
        self.root().join("outside")
    }

    fn secret(&self) -> PathBuf {
        self.outside().join("secret")
    }

    fn path(&self, name: &str) -> PathBuf {
        self.d().join(name)
    }

    fn remove(&self, name: &str) {
        fs::remove_file(self.path(name)).unwrap();
    }

    fn write(&self, name: &str, text: &str) {
        fs::write(self.path(name), text).unwrap();
    }

    fn edit(&self, name: &str, f: impl FnOnce(String) -> String) {
        let text = fs::read_to_string(self.path(name)).unwrap();
        self.write(name, &f(text));
    }

    /// Set `NAME=value` in imta_tailor (replacing the line, else appending one).
    fn tailor(&self, name: &str, value: &str) {
        self.edit("imta_tailor", |text| {
            let prefix = format!("{name}=");
            let mut found = false;
            let mut out = String::new();
            for line in text.lines() {
                if line.starts_with(&prefix) {
                    found = true;
                    out.push_str(&format!("{prefix}{value}\n"));
                } else {
                    out.push_str(line);
                    out.push('\n');
                }
            }
            if !found {
                out.push_str(&format!("{prefix}{value}\n"));
            }
            out
        });
    }

    /// Add `<spec` to imta.cnf's rewrite rules, after the sample's own include.
    fn include_in_imta(&self, spec: &str) {
        self.edit("imta.cnf", |text| {
            let anchor = "<IMTA_TABLE:internet.rules\n";
            assert!(text.contains(anchor));
            text.replacen(anchor, &format!("{anchor}<{spec}\n"), 1)
        });
    }

    /// Add `<spec` to dispatcher.cnf, among the global options.
    fn include_in_dispatcher(&self, spec: &str) {
        self.edit("dispatcher.cnf", |text| {
            let anchor = "MAX_SHUTDOWN=2\n";
            assert!(text.contains(anchor));
            text.replacen(anchor, &format!("{anchor}<{spec}\n"), 1)
        });
    }

    /// `d/name` becomes a symlink to `target`.
    fn link(&self, name: &str, target: impl AsRef<Path>) {
        let _ = fs::remove_file(self.path(name));
        symlink(target, self.path(name)).unwrap();
    }

    /// `d/name` becomes a FIFO.
    fn fifo(&self, name: &str) -> Result<(), String> {
        let _ = fs::remove_file(self.path(name));
        match Command::new("mkfifo").arg(self.path(name)).status() {
            Ok(s) if s.success() => Ok(()),
            Ok(s) => Err(format!("mkfifo failed ({s})")),
            Err(e) => Err(format!("mkfifo is not available ({e})")),
        }
    }

    /// A character device at `path` (root only).
    fn device(&self, path: &Path, major: u32, minor: u32) -> Result<(), String> {
        if !is_root() {
            return Err("not root: cannot make a device node".to_string());
        }
        let _ = fs::remove_file(path);
        match Command::new("mknod")
            .arg(path)
            .arg("c")
            .arg(major.to_string())
            .arg(minor.to_string())
            .status()
        {
            Ok(s) if s.success() => Ok(()),
            Ok(s) => Err(format!("mknod failed ({s})")),
            Err(e) => Err(format!("mknod is not available ({e})")),
        }
    }

    /// A device like `/dev/<name>` outside `d/`: a private node in `outside/` when root
    /// (a stray write can only hit the test's own node), else the system one (which a
    /// non-root process cannot replace).
    fn outside_device(&self, name: &str, minor: u32) -> Result<PathBuf, String> {
        if is_root() {
            let p = self.outside().join(name);
            self.device(&p, 1, minor)?;
            Ok(p)
        } else {
            Ok(PathBuf::from("/dev").join(name))
        }
    }

    /// `d/name` becomes a 2 GiB sparse file (zeros, no disk used).
    fn sparse(&self, name: &str) {
        let _ = fs::remove_file(self.path(name));
        File::create(self.path(name)).unwrap().set_len(2 << 30).unwrap();
    }

    /// `d/name` becomes a bound Unix socket.
    fn socket(&mut self, name: &str) {
        let _ = fs::remove_file(self.path(name));
        let l = UnixListener::bind(self.path(name)).unwrap();
        self.listeners.push(l);
    }

    /// `../` enough times to reach `/` from `d/`, for paths that climb to the root and
    /// come down again to the absolute outside directory.
    fn up_to_root(&self) -> String {
        "../".repeat(self.d().components().count() + 2)
    }

    fn abs_outside(&self) -> String {
        self.outside().display().to_string()
    }

    fn abs_d(&self) -> String {
        self.d().display().to_string()
    }

    /// Run `imtacfg ARGS` in the tree's root and judge it, outside snapshot included.
    fn check(
        &self,
        args: &[&str],
        env: &[(&str, &str)],
        expect: Expect<'_>,
        timeout: Duration,
        memory_limit: u64,
    ) -> (Outcome, Vec<String>) {
        let before = snapshot(self.root());
        let o = run_program(BIN, self.root(), args, env, timeout, memory_limit);
        let mut p = problems(&o, expect);
        p.extend(changes(&before, &snapshot(self.root())));
        (o, p)
    }
}

/// Runs with the problems they had, as a test failure.
fn report(case: &str, failures: Vec<String>) {
    if !failures.is_empty() {
        panic!("{case}: {} failing run(s):\n  {}", failures.len(), failures.join("\n  "));
    }
}

fn describe(args: &[&str], env: &[(&str, &str)]) -> String {
    let env: String = env.iter().map(|(k, v)| format!("{k}={v} ")).collect();
    format!("{env}imtacfg {}", args.join(" "))
}

// ---------------------------------------------------------------------------------------
// The table of hostile cases
// ---------------------------------------------------------------------------------------

type Build = fn(&mut Tree) -> Result<(), String>;

/// How a [`Case`] builds its tree: like [`Build`], but it may hold values of the case.
type BuildCase = Box<dyn Fn(&mut Tree) -> Result<(), String>>;

/// A hostile case: how to build it and what else to expect of it.
struct Case {
    build: BuildCase,
    /// A member file that must be refused: every run exits non-zero naming `d/<member>`,
    /// and [`FILE_COMMANDS`] also run on `d/<member>`.
    member: Option<&'static str>,
    /// The hostile part is an include: `lint --format json` must report it (X104/X105).
    include: bool,
    memory_limit: u64,
}

impl Case {
    fn new(build: impl Fn(&mut Tree) -> Result<(), String> + 'static) -> Case {
        Case { build: Box::new(build), member: None, include: false, memory_limit: MEMORY_LIMIT }
    }

    /// Member file `member` is a symbolic link to the outside secret: the relative
    /// `../outside/secret`, or the absolute path.
    fn member_link(member: &'static str, absolute: bool) -> Case {
        Case::new(move |t| {
            let target = if absolute { t.secret() } else { PathBuf::from("../outside/secret") };
            t.link(member, target);
            Ok(())
        })
        .member(member)
    }

    /// An include line of imta.cnf, `<spec`, where `spec` is made of the tree.
    fn include_line(spec: fn(&Tree) -> String) -> Case {
        Case::new(move |t| {
            t.include_in_imta(&spec(t));
            Ok(())
        })
        .include()
    }

    /// imta_tailor's `entry` names a member file outside (see [`tailor_entry`]).
    fn tailor(entry: &'static str, member: &'static str, climb_to_root: bool) -> Case {
        Case::new(move |t| {
            tailor_entry(t, entry, member, climb_to_root);
            Ok(())
        })
    }

    fn member(self, name: &'static str) -> Case {
        Case { member: Some(name), ..self }
    }

    fn include(self) -> Case {
        Case { include: true, ..self }
    }

    fn memory_limit(self, bytes: u64) -> Case {
        Case { memory_limit: bytes, ..self }
    }
}

/// Run every command (and the file commands of a member) on fresh copies of the case.
fn check_case(name: &str, case: &Case) {
    let member_path = case.member.map(|m| format!("d/{m}"));
    let mut runs: Vec<Vec<String>> =
        COMMANDS.iter().map(|a| a.iter().map(|s| s.to_string()).collect()).collect();
    if let Some(file) = &member_path {
        for a in FILE_COMMANDS {
            runs.push(
                a.iter().map(|s| if *s == "FILE" { file.clone() } else { s.to_string() }).collect(),
            );
        }
    }
    let expect = match &member_path {
        Some(p) => Expect::Refused(p),
        None => Expect::Quiet,
    };
    let mut timeout = TIMEOUT;
    let mut failures = Vec::new();
    for args in &runs {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let mut tree = Tree::new();
        if let Err(note) = (case.build)(&mut tree) {
            eprintln!("{name}: skipped: {note}");
            return;
        }
        let (o, mut p) = tree.check(&args, &[], expect, timeout, case.memory_limit);
        if o.timed_out {
            timeout = TIMEOUT_AFTER_HANG;
        }
        if case.include && args == ["lint", "d", "--format", "json"] && !o.timed_out {
            let out = String::from_utf8_lossy(&o.stdout);
            if !out.contains("\"X104\"") && !out.contains("\"X105\"") {
                p.push("the refused include is not reported as X104 or X105".to_string());
            }
        }
        for problem in p {
            failures.push(format!("`{}`: {problem}", describe(&args, &[])));
        }
    }
    report(name, failures);
}

/// One run of [`check_runs`]: arguments, environment, expectation.
type Run<'a> = (&'a [&'a str], &'a [(&'a str, &'a str)], Expect<'a>);

/// Runs that differ from the standard command list, each with its expectation.
fn check_runs(name: &str, build: Build, runs: &[Run<'_>]) {
    let mut failures = Vec::new();
    let mut timeout = TIMEOUT;
    for (args, env, expect) in runs {
        let mut tree = Tree::new();
        if let Err(note) = build(&mut tree) {
            eprintln!("{name}: skipped: {note}");
            return;
        }
        let (o, p) = tree.check(args, env, *expect, timeout, MEMORY_LIMIT);
        if o.timed_out {
            timeout = TIMEOUT_AFTER_HANG;
        }
        for problem in p {
            failures.push(format!("`{}`: {problem}", describe(args, env)));
        }
    }
    report(name, failures);
}

/// imta_tailor names a member file outside: `entry=path`, the directory's own file of that
/// kind removed so that the tailor entry is what counts.
fn tailor_entry(t: &Tree, entry: &str, member: &str, climb_to_root: bool) {
    t.remove(member);
    let value = if climb_to_root {
        format!("{}{}/secret", t.up_to_root(), t.abs_outside().trim_start_matches('/'))
    } else {
        "../outside/secret".to_string()
    };
    t.tailor(entry, &value);
}

/// One `#[test]` per case.
macro_rules! cases {
    ($( $(#[$meta:meta])* $name:ident: $case:expr; )*) => {
        $( $(#[$meta])* #[test] fn $name() { check_case(stringify!($name), &$case); } )*
    };
}

cases! {
    // --- 1. imta_tailor names member files outside ------------------------------------

    /// `IMTA_OPTION_FILE=../outside/secret`, no option.dat.
    tailor_option_file_dotdot: Case::tailor("IMTA_OPTION_FILE", "option.dat", false);
    /// `IMTA_OPTION_FILE=../../…/../<absolute outside>/secret`: up to `/`, down again.
    tailor_option_file_climbs_to_root: Case::tailor("IMTA_OPTION_FILE", "option.dat", true);
    /// `IMTA_JBC_CONFIG_FILE=../outside/secret`, no job_controller.cnf.
    tailor_jbc_config_file_dotdot: Case::tailor("IMTA_JBC_CONFIG_FILE", "job_controller.cnf", false);
    tailor_jbc_config_file_climbs_to_root: Case::tailor("IMTA_JBC_CONFIG_FILE", "job_controller.cnf", true);
    /// `IMTA_DISPATCHER_CONFIG=../outside/secret`, no dispatcher.cnf.
    tailor_dispatcher_config_dotdot: Case::tailor("IMTA_DISPATCHER_CONFIG", "dispatcher.cnf", false);
    tailor_dispatcher_config_climbs_to_root: Case::tailor("IMTA_DISPATCHER_CONFIG", "dispatcher.cnf", true);
    /// `IMTA_CONFIG_FILE=../outside/secret`, no imta.cnf.
    tailor_config_file_dotdot: Case::tailor("IMTA_CONFIG_FILE", "imta.cnf", false);
    tailor_config_file_climbs_to_root: Case::tailor("IMTA_CONFIG_FILE", "imta.cnf", true);

    // --- 2. IMTA_TABLE-relative absolute paths with `..` --------------------------------

    /// `IMTA_TABLE=<d>/`, `IMTA_OPTION_FILE=<d>/../outside/secret`: mapped into the
    /// directory, the `..` climbs out of it again.
    tailor_table_absolute_option_file: Case::new(|t| {
        t.remove("option.dat");
        t.tailor("IMTA_TABLE", &format!("{}/", t.abs_d()));
        t.tailor("IMTA_OPTION_FILE", &format!("{}/../outside/secret", t.abs_d()));
        Ok(())
    });
    /// The same for IMTA_CONFIG_FILE.
    tailor_table_absolute_config_file: Case::new(|t| {
        t.remove("imta.cnf");
        t.tailor("IMTA_TABLE", &format!("{}/", t.abs_d()));
        t.tailor("IMTA_CONFIG_FILE", &format!("{}/../outside/secret", t.abs_d()));
        Ok(())
    });

    // --- 3. include lines --------------------------------------------------------------

    /// `<../outside/secret` in imta.cnf.
    include_dotdot: Case::include_line(|_| "../outside/secret".into());
    /// `<IMTA_TABLE:../outside/secret` in imta.cnf.
    include_table_dotdot: Case::include_line(|_| "IMTA_TABLE:../outside/secret".into());
    /// `<<absolute outside>/secret` in imta.cnf.
    include_absolute: Case::include_line(|t| format!("{}/secret", t.abs_outside()));
    /// `<<d>/../outside/secret` with `IMTA_TABLE=<d>/`.
    include_table_absolute_dotdot: Case::new(|t| {
        t.tailor("IMTA_TABLE", &format!("{}/", t.abs_d()));
        t.include_in_imta(&format!("{}/../outside/secret", t.abs_d()));
        Ok(())
    })
    .include();
    /// `<SITE:secret` with `SITE=../outside/` in imta_tailor: read relative to `d/`, this
    /// is the outside directory. (No X104 required here or in the next case: which
    /// directory a relative logical value is relative to is the product's decision, and
    /// the other reading is a missing file; it must not be read either way.)
    include_logical_relative: Case::new(|t| {
        t.tailor("SITE", "../outside/");
        t.include_in_imta("SITE:secret");
        Ok(())
    });
    /// `<SITE:secret` with `SITE=outside/`: read relative to the current directory (the
    /// tree's root, where the commands run), this is the outside directory.
    include_logical_relative_to_cwd: Case::new(|t| {
        t.tailor("SITE", "outside/");
        t.include_in_imta("SITE:secret");
        Ok(())
    });
    /// `<SITE:secret` with `SITE=<absolute outside>/` in imta_tailor.
    include_logical_absolute: Case::new(|t| {
        t.tailor("SITE", &format!("{}/", t.abs_outside()));
        t.include_in_imta("SITE:secret");
        Ok(())
    })
    .include();
    /// `<../outside/secret` in dispatcher.cnf.
    include_dotdot_in_dispatcher: Case::new(|t| {
        t.include_in_dispatcher("../outside/secret");
        Ok(())
    })
    .include();

    // --- 4. member files that are symlinks out of the directory -------------------------

    /// option.dat → ../outside/secret (relative link).
    symlink_option_dat: Case::member_link("option.dat", false);
    /// option.dat → inner.link → ../outside/secret: the first hop stays inside.
    symlink_chain_option_dat: Case::new(|t| {
        t.link("inner.link", "../outside/secret");
        t.link("option.dat", "inner.link");
        Ok(())
    })
    .member("option.dat");
    /// tcp_local_option → <absolute outside>/secret.
    symlink_channel_option: Case::member_link("tcp_local_option", true);
    symlink_imta_cnf: Case::member_link("imta.cnf", true);
    symlink_dispatcher_cnf: Case::member_link("dispatcher.cnf", false);
    symlink_job_controller_cnf: Case::member_link("job_controller.cnf", true);
    symlink_imta_tailor: Case::member_link("imta_tailor", false);
    /// internet.rules, which imta.cnf includes, → outside/secret.
    symlink_included_file: Case::new(|t| {
        t.link("internet.rules", t.secret());
        Ok(())
    })
    .include();
    /// `d/rules → ../outside` and `<IMTA_TABLE:rules/secret` in imta.cnf.
    symlink_directory_in_include_path: Case::new(|t| {
        symlink("../outside", t.path("rules")).unwrap();
        t.include_in_imta("IMTA_TABLE:rules/secret");
        Ok(())
    })
    .include();

    // --- 5. a committed settings file does not widen access -----------------------------

    /// `d/imtacfg.toml` says `allow-outside = true`; the tree under check cannot vouch for
    /// itself, so `<../outside/secret` stays unread.
    committed_settings_do_not_widen: Case::new(|t| {
        committed_settings(t);
        Ok(())
    })
    .include();

    // --- 6. denial of service -----------------------------------------------------------

    /// option.dat → /dev/zero: endless zeros.
    dos_option_dat_dev_zero: Case::new(|t| {
        let dev = t.outside_device("zero", 5)?;
        t.link("option.dat", dev);
        Ok(())
    })
    .member("option.dat");
    /// option.dat → /dev/urandom: endless random bytes.
    dos_option_dat_dev_urandom: Case::new(|t| {
        let dev = t.outside_device("urandom", 9)?;
        t.link("option.dat", dev);
        Ok(())
    })
    .member("option.dat");
    /// option.dat is a character device inside the directory (root only).
    dos_option_dat_char_device: Case::new(|t| {
        t.remove("option.dat");
        t.device(&t.path("option.dat"), 1, 5)
    })
    .member("option.dat");
    /// option.dat is a FIFO nobody writes to: opening it blocks unless non-blocking.
    dos_option_dat_fifo: Case::new(|t| t.fifo("option.dat")).member("option.dat");
    /// option.dat is a Unix socket.
    dos_option_dat_socket: Case::new(|t| {
        t.socket("option.dat");
        Ok(())
    })
    .member("option.dat");
    /// option.dat is a 2 GiB sparse file: refused by size before it is read (the run has
    /// less address space than the file).
    dos_option_dat_sparse_2g: Case::new(|t| {
        t.sparse("option.dat");
        Ok(())
    })
    .member("option.dat")
    .memory_limit(SMALL_MEMORY_LIMIT);
    /// `<IMTA_TABLE:pipe.rules`, a FIFO.
    dos_include_fifo: Case::new(|t| {
        t.include_in_imta("IMTA_TABLE:pipe.rules");
        t.fifo("pipe.rules")
    })
    .include();
    /// `<IMTA_TABLE:zero.rules`, a character device like /dev/zero inside `d/` (root only).
    dos_include_char_device: Case::new(|t| {
        t.include_in_imta("IMTA_TABLE:zero.rules");
        t.device(&t.path("zero.rules"), 1, 5)
    })
    .include();
    /// `<IMTA_TABLE:big.rules`, a 2 GiB sparse file (less address space than that).
    dos_include_sparse_2g: Case::new(|t| {
        t.include_in_imta("IMTA_TABLE:big.rules");
        t.sparse("big.rules");
        Ok(())
    })
    .include()
    .memory_limit(SMALL_MEMORY_LIMIT);
    /// `<IMTA_TABLE:sub.rules`, a directory.
    dos_include_directory: Case::new(|t| {
        t.include_in_imta("IMTA_TABLE:sub.rules");
        fs::create_dir(t.path("sub.rules")).unwrap();
        Ok(())
    })
    .include();
}

/// `d/imtacfg.toml` with `allow-outside = true` and `<../outside/secret` in imta.cnf.
fn committed_settings(t: &Tree) {
    t.write("imtacfg.toml", "[includes]\nallow-outside = true\n");
    t.include_in_imta("../outside/secret");
}

/// Only `<../outside/secret` in imta.cnf.
fn outside_include(t: &mut Tree) -> Result<(), String> {
    t.include_in_imta("../outside/secret");
    Ok(())
}

/// `dump /dev/zero --kind option`: a device named on the command line is refused too.
#[test]
fn dos_dev_zero_on_the_command_line() {
    check_runs(
        "dos_dev_zero_on_the_command_line",
        |_| Ok(()),
        &[
            (&["dump", "/dev/zero", "--kind", "option"], &[], Expect::Refused("/dev/zero")),
            (&["lint", "/dev/zero", "--kind", "option"], &[], Expect::Refused("/dev/zero")),
        ],
    );
}

/// With `--max-file-size 1K` (or `IMTACFG_MAX_FILE_SIZE=1K`) a 2 KiB option.dat is
/// refused, named, not printed; with the default limit or 4K it is read. The file's
/// padding lines carry the marker, so "not printed" is checked like a leak.
#[test]
fn max_file_size_refuses_before_reading() {
    let build: Build = |t| {
        t.edit("option.dat", |mut text| {
            let mut n = 0;
            while text.len() < 2100 {
                n += 1;
                text.push_str(&format!("! {MARKER}-pad-{n:02} padding to make this file 2 KiB\n"));
            }
            assert!(text.len() < 4096);
            text
        });
        Ok(())
    };
    let refused = Expect::Refused("d/option.dat");
    check_runs(
        "max_file_size_refuses_before_reading",
        build,
        &[
            (
                &["dump", "d/option.dat", "--format", "source", "--max-file-size", "1K"],
                &[],
                refused,
            ),
            (&["lint", "d/option.dat", "--max-file-size", "1K"], &[], refused),
            (&["dump", "d", "--format", "source", "--max-file-size", "1K"], &[], refused),
            (
                &["dump", "d/option.dat", "--format", "source"],
                &[("IMTACFG_MAX_FILE_SIZE", "1K")],
                refused,
            ),
            (&["dump", "d/option.dat", "--format", "source"], &[], Expect::ReadsCleanly),
            (
                &["dump", "d/option.dat", "--format", "source", "--max-file-size", "4K"],
                &[],
                Expect::ReadsCleanly,
            ),
        ],
    );
}

// ---------------------------------------------------------------------------------------
// Positive controls: widened access shows the marker
// ---------------------------------------------------------------------------------------

const EXPAND: &[&str] = &["dump", "d", "--format", "source", "--expand-includes"];

/// `--allow-outside` after the subcommand (the flag being introduced).
#[test]
fn control_allow_outside_flag() {
    check_runs(
        "control_allow_outside_flag",
        outside_include,
        &[
            (&[EXPAND, &["--allow-outside"]].concat(), &[], Expect::Shows),
            (&["lint", "d", "--format", "concise", "--allow-outside"], &[], Expect::Shows),
        ],
    );
}

/// Today's spelling, `--allow-outside-includes`, on lint and dump.
#[test]
fn control_allow_outside_includes_flag() {
    check_runs(
        "control_allow_outside_includes_flag",
        outside_include,
        &[
            (&[EXPAND, &["--allow-outside-includes"]].concat(), &[], Expect::Shows),
            (&["dump", "d", "--allow-outside-includes"], &[], Expect::Shows),
            (&["lint", "d", "--format", "concise", "--allow-outside-includes"], &[], Expect::Shows),
            (&["lint", "d", "--format", "json", "--allow-outside-includes"], &[], Expect::Shows),
        ],
    );
}

/// `IMTACFG_ALLOW_OUTSIDE=1`.
#[test]
fn control_allow_outside_environment() {
    check_runs(
        "control_allow_outside_environment",
        outside_include,
        &[
            (EXPAND, &[("IMTACFG_ALLOW_OUTSIDE", "1")], Expect::Shows),
            (
                &["lint", "d", "--format", "concise"],
                &[("IMTACFG_ALLOW_OUTSIDE", "1")],
                Expect::Shows,
            ),
        ],
    );
}

/// The committed settings file, named explicitly with `--config` or `IMTACFG_CONFIG`,
/// does widen access.
#[test]
fn control_settings_named_explicitly() {
    check_runs(
        "control_settings_named_explicitly",
        |t| {
            committed_settings(t);
            Ok(())
        },
        &[
            (&[EXPAND, &["--config", "d/imtacfg.toml"]].concat(), &[], Expect::Shows),
            (EXPAND, &[("IMTACFG_CONFIG", "d/imtacfg.toml")], Expect::Shows),
            (
                &["lint", "d", "--format", "concise", "--config", "d/imtacfg.toml"],
                &[],
                Expect::Shows,
            ),
        ],
    );
}

/// A file named on the command line is its own directory's: reading it is what the user
/// asked for.
#[test]
fn control_outside_file_named_on_the_command_line() {
    check_runs(
        "control_outside_file_named_on_the_command_line",
        |_| Ok(()),
        &[(
            &["dump", "outside/secret", "--kind", "imta", "--format", "source"],
            &[],
            Expect::Shows,
        )],
    );
}

/// The harness itself: it notices a leak, a write outside, a new file outside, a hang, a
/// killed process, and the memory limit is in force.
#[test]
fn harness_self_test() {
    let t = Tree::new();
    let sh = |script: &str, timeout: Duration| {
        let before = snapshot(t.root());
        let o = run_program("sh", t.root(), &["-c", script], &[], timeout, MEMORY_LIMIT);
        let mut p = problems(&o, Expect::Quiet);
        p.extend(changes(&before, &snapshot(t.root())));
        (o, p)
    };
    let secs = Duration::from_secs(10);
    let has = |p: &[String], what: &str| p.iter().any(|s| s.starts_with(what));

    // Clean runs: a plain one, and a write inside d/ (which is not outside).
    for script in ["true", "touch d/inside"] {
        let (_, p) = sh(script, secs);
        assert!(p.is_empty(), "{script}: problems: {p:?}");
    }
    // Each misbehaviour is seen: (script, timeout, the problem it gives).
    let misbehaviours = [
        ("cat outside/secret", secs, "leaked"),
        ("cat outside/secret >&2", secs, "leaked"),
        ("sleep 30", Duration::from_millis(300), "hung"),
        ("kill -KILL $$", secs, "killed"),
        ("echo 'memory allocation of 4294967296 bytes failed' >&2; kill -ABRT $$", secs, "grew"),
        ("echo x >> outside/secret", secs, "wrote outside"),
        ("touch outside/new", secs, "wrote outside"),
        ("touch next-to-d", secs, "wrote outside"),
    ];
    for (script, timeout, problem) in misbehaviours {
        let (_, p) = sh(script, timeout);
        assert!(has(&p, problem), "{script}: {problem:?} not seen: {p:?}");
    }
    let (o, p) = sh("printf 'x SECRET-4b1d-9\\n' > /dev/null; exit 3", secs);
    assert!(p.is_empty() && o.code() == Some(3), "{p:?}");
    assert!(has(&problems(&o, Expect::Refused("d/option.dat")), "the output does not name"));
    assert!(has(&problems(&o, Expect::Shows), "positive control"));

    if prlimit().is_some() {
        let (o, _) = sh("ulimit -v", secs);
        let kib = String::from_utf8_lossy(&o.stdout).trim().to_string();
        assert_eq!(kib, (MEMORY_LIMIT / 1024).to_string(), "memory limit not in force");
    } else {
        eprintln!("harness_self_test: prlimit not found: runs have no memory limit");
    }
}
