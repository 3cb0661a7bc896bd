//! What the editing commands promise about safety, checked through the real binary on
//! copies in temporary directories:
//!
//! 1. Properties over generated, messy configurations (LF/CRLF, with and without a final
//!    newline, continued values with comment lines inside, dangling continuations at the
//!    end of the file followed by comment lines, duplicate settings, sections and
//!    channels, indented settings, tabs, blank and whitespace-only lines, lone CR
//!    characters inside lines, Latin-1 bytes; imta.cnf with rewrite rules, continued
//!    keyword lines with comment lines between them, keywords missing their argument at
//!    the end of the line, keywords in upper case, defaults/nodefaults blocks, a last
//!    channel cut off after a `\`) and every editing command. Each command either exits
//!    0 with a diff (or "nothing to change") or refuses with exit 2 and changes nothing
//!    (and never with imtacfg's own "this is a bug" refusal). A diff applies with
//!    `git apply` and with `patch -p1` to exactly what `--write` writes; what `--write`
//!    leaves means exactly the requested change and nothing else (read back with the
//!    library's model and `logging status --format json`), keeps comment lines, line
//!    endings, the encoding and the blank lines; "nothing to change" means the request
//!    holds already; a second run changes nothing. Each property also checks that enough
//!    of its cases really wrote something, so that it cannot hold vacuously.
//! 2. Concurrency: two editors at once never lose a change; a held lock makes a
//!    `--write` run with `IMTACFG_LOCK_TIMEOUT=0` exit 3 without writing.
//! 3. Metadata: mode (setuid/setgid included), owner and group, user extended
//!    attributes and POSIX ACLs survive a `--write`, or the edit is refused with a
//!    reason; a file of another owner is never silently taken over; a new file takes
//!    the mode of its siblings; `--backup` keeps every old byte; a second hard link is
//!    warned about before writing.
//! 4. Regression tests for corruptions that were fixed.
//!
//! The `#[ignore = "bug: …"]` tests at the end show bugs found while writing these tests
//! (files whose last line ends in a lone CR).
//!
//! Every command runs with the configuration directory as its current directory and `.`
//! as PATH, so diff headers read `--- a/option.dat`.

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;

use imtacfg::edit::verify::{BlockMeaning, Meaning, SectionMeaning, meaning};
use imtacfg::knowledge::Catalog;
use imtacfg::model::config_set::{ConfigSet, LoadOptions};
use imtacfg::model::imta::BlockKind;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use serde_json::Value;

use crate::common::*;

/// Cases per property. Each case runs the binary 4 to 6 times plus `git apply` and
/// `patch`; 96 cases keep the whole file well under a minute in a debug build.
const CASES: u32 = 96;

// ---------------------------------------------------------------------------------------
// Running the binary, directories, patches
// ---------------------------------------------------------------------------------------

/// `imtacfg ARGS` in `dir`, with a clean environment for the product's own variables.
fn command(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Command {
    let mut c = std_command(dir);
    c.args(args).env("NO_COLOR", "1");
    for (k, v) in env {
        c.env(k, v);
    }
    c
}

fn run_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Out {
    Out::from(command(dir, args, env).output().expect("run imtacfg"))
}

fn spawn(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Child {
    command(dir, args, env)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn imtacfg")
}

/// The run changed nothing and said so.
fn nothing(o: &Out) -> bool {
    o.code == 0 && o.bytes == b"nothing to change\n"
}

fn show_snap(s: &Entries) -> String {
    s.iter().map(|(n, b)| format!("=== {n}\n{}\n", visible(b))).collect()
}

fn with_write<'a>(args: &[&'a str]) -> Vec<&'a str> {
    let mut v = args.to_vec();
    v.push("--write");
    v
}

/// Is `tool` installed (it runs with `--version`)?
fn have(tool: &str) -> bool {
    static GIT: OnceLock<bool> = OnceLock::new();
    static PATCH: OnceLock<bool> = OnceLock::new();
    let cell = match tool {
        "git" => &GIT,
        "patch" => &PATCH,
        _ => unreachable!(),
    };
    *cell.get_or_init(|| {
        Command::new(tool).arg("--version").output().is_ok_and(|o| o.status.success())
    })
}

fn pipe_to(mut c: Command, input: &[u8]) -> Out {
    let mut child = c
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    child.stdin.take().unwrap().write_all(input).unwrap();
    Out::from(child.wait_with_output().unwrap())
}

/// `git apply --check` then `git apply`, outside any repository.
fn git_apply(dir: &Path, patch: &[u8]) -> Result<(), String> {
    for check in [true, false] {
        let mut c = Command::new("git");
        c.current_dir(dir).env("GIT_CEILING_DIRECTORIES", dir.parent().unwrap()).arg("apply");
        if check {
            c.arg("--check");
        }
        c.arg("-");
        let out = pipe_to(c, patch);
        if out.code != 0 {
            return Err(format!(
                "git apply{} failed: {out:?}",
                if check { " --check" } else { "" }
            ));
        }
    }
    Ok(())
}

/// `patch -p1`, leaving no `.orig` or `.rej` file behind.
fn patch_p1(dir: &Path, patch: &[u8]) -> Result<(), String> {
    let mut c = Command::new("patch");
    c.current_dir(dir)
        .args(["-p1", "--batch", "--quiet", "--no-backup-if-mismatch", "-r", "-", "-i", "-"]);
    let out = pipe_to(c, patch);
    if out.code != 0 {
        return Err(format!("patch -p1 failed: {out:?}"));
    }
    Ok(())
}

/// Load a directory the way the CLI does.
fn load(dir: &Path) -> ConfigSet {
    ConfigSet::load_dir(dir, ".", &Catalog::builtin(), &LoadOptions::default()).unwrap()
}

fn file_meaning(set: &ConfigSet, name: &str) -> Option<Meaning> {
    set.files.iter().find(|f| f.path.file_name().is_some_and(|n| n == name)).map(meaning)
}

/// The sections and bad lines of an option-family file (an empty one when missing).
fn options_meaning(set: &ConfigSet, name: &str) -> (Vec<SectionMeaning>, Vec<String>) {
    match file_meaning(set, name) {
        Some(Meaning::Options { sections, bad_lines }) => (sections, bad_lines),
        None => (vec![SectionMeaning { header: None, settings: Vec::new() }], Vec::new()),
        Some(m) => panic!("{name} is not an option file: {m:?}"),
    }
}

type Rules = Vec<(String, Option<String>)>;

fn imta_meaning(set: &ConfigSet) -> (Rules, Vec<BlockMeaning>) {
    match file_meaning(set, "imta.cnf") {
        Some(Meaning::Imta { rules, blocks }) => (rules, blocks),
        m => panic!("no imta.cnf: {m:?}"),
    }
}

/// The settings of option.dat (globals), as (NAME, value).
fn option_dat_settings(dir: &Path) -> Vec<(String, String)> {
    options_meaning(&load(dir), "option.dat").0[0].settings.clone()
}

/// Lines (terminators and a CR before them removed) that start with one of `chars`,
/// shown with [`visible`].
fn comment_lines(bytes: &[u8], chars: &[u8]) -> Vec<String> {
    // Only a CR before an LF is part of the terminator; one ending the file is data.
    bytes
        .split_inclusive(|&b| b == b'\n')
        .map(|l| match l.strip_suffix(b"\n") {
            Some(l) => l.strip_suffix(b"\r").unwrap_or(l),
            None => l,
        })
        .filter(|l| l.first().is_some_and(|c| chars.contains(c)))
        .map(visible)
        .collect()
}

/// Lines with nothing but blanks.
fn blank_lines(bytes: &[u8]) -> usize {
    let mut lines: Vec<&[u8]> = bytes.split(|&b| b == b'\n').collect();
    if bytes.ends_with(b"\n") {
        lines.pop();
    }
    lines.iter().filter(|l| l.iter().all(|b| matches!(b, b' ' | b'\t' | b'\r'))).count()
}

/// (line terminators that are CRLF, bare LF).
fn terminators(bytes: &[u8]) -> (usize, usize) {
    let mut crlf = 0;
    let mut lf = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' {
            if i > 0 && bytes[i - 1] == b'\r' {
                crlf += 1;
            } else {
                lf += 1;
            }
        }
    }
    (crlf, lf)
}

fn is_latin1(bytes: &[u8]) -> bool {
    std::str::from_utf8(bytes).is_err()
}

// ---------------------------------------------------------------------------------------
// Generated configurations
// ---------------------------------------------------------------------------------------

/// Text of one file: `é` stands for a non-ASCII character, written as the byte 0xE9
/// when the file is Latin-1, as UTF-8 otherwise.
fn encode(text: &str, latin1: bool) -> Vec<u8> {
    if latin1 {
        text.chars().map(|c| u8::try_from(u32::from(c)).expect("a Latin-1 character")).collect()
    } else {
        text.as_bytes().to_vec()
    }
}

/// How a generated file is written: its line ending, whether its last line ends in one,
/// Latin-1 or UTF-8.
#[derive(Debug, Clone, Copy)]
struct Form {
    eol: &'static str,
    final_newline: bool,
    latin1: bool,
}

impl Form {
    fn write(&self, lines: &[String]) -> Vec<u8> {
        encode(&finish_text(lines, self.eol, self.final_newline), self.latin1)
    }
}

fn form() -> impl Strategy<Value = Form> {
    (eol(), any::<bool>(), prop::bool::weighted(0.3))
        .prop_map(|(eol, final_newline, latin1)| Form { eol, final_newline, latin1 })
}

/// A comment body: words, `é`, `=`, a trailing `\` now and then, and sometimes a lone CR
/// in the middle of the line.
fn comment_body() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => "[ a-zA-Z0-9_=é]{0,12}",
        1 => "[ a-zA-Z0-9_=é]{0,8}\\\\",
        2 => ("[ a-zA-Z0-9_é]{0,6}", "[a-zA-Z0-9_é][ a-zA-Z0-9_é]{0,5}")
            .prop_map(|(a, b)| format!("{a}\r{b}")),
    ]
}

/// The first part of a value (on the name's line; may be empty).
fn value_head() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => "[A-Za-z0-9$:/.*#@_,=é-]{0,10}",
        1 => ("[A-Za-z0-9$:/._,-]{1,4}", "[A-Za-z0-9._,-]{1,4}").prop_map(|(a, b)| format!("{a}\r{b}")),
    ]
}

/// A continuation line's text: never empty, never a comment or blank in column 1.
fn value_cont() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => "[A-Za-z0-9$*][A-Za-z0-9$:/.*#@_,=é-]{0,8}",
        1 => ("[A-Za-z0-9$*][A-Za-z0-9._,-]{0,3}", "[A-Za-z0-9._,-]{1,4}").prop_map(|(a, b)| format!("{a}\r{b}")),
    ]
}

#[derive(Debug, Clone)]
struct Setting {
    /// Blanks before the name.
    lead: &'static str,
    name: &'static str,
    before_eq: &'static str,
    after_eq: &'static str,
    /// The value's physical parts: the first on the name's line.
    parts: Vec<String>,
    /// Indentation of continuation lines.
    indent: &'static str,
    /// A comment line after physical line i (between continuation lines, or after a
    /// dangling `\`).
    inner: Vec<Option<String>>,
    trailing: &'static str,
    /// The last physical line ends in `\` too (a blank line or the end of the file
    /// follows, after the comment lines).
    dangling: bool,
}

#[derive(Debug, Clone)]
enum OLine {
    Setting(Setting),
    Comment(String),
    Blank,
    Spaces,
}

fn setting(names: &'static [&'static str]) -> impl Strategy<Value = Setting> {
    (
        (prop::sample::select(&["", "", "", "", " ", "\t"][..]), prop::sample::select(names)),
        prop::sample::select(&["", " ", "\t"][..]),
        prop::sample::select(&["", " "][..]),
        (value_head(), prop::collection::vec(value_cont(), 0..3)),
        prop::sample::select(&["", "  ", "     "][..]),
        prop::collection::vec(
            prop::option::weighted(
                0.3,
                (prop::sample::select(&["!", "#"][..]), comment_body())
                    .prop_map(|(c, b)| format!("{c}{b}")),
            ),
            3,
        ),
        prop::sample::select(&["", "  "][..]),
        prop::bool::weighted(0.15),
    )
        .prop_map(
            |(
                (lead, name),
                before_eq,
                after_eq,
                (head, rest),
                indent,
                inner,
                trailing,
                dangling,
            )| {
                let mut parts = vec![head];
                parts.extend(rest);
                Setting {
                    lead,
                    name,
                    before_eq,
                    after_eq,
                    parts,
                    indent,
                    inner,
                    trailing,
                    dangling,
                }
            },
        )
}

fn oline(names: &'static [&'static str]) -> impl Strategy<Value = OLine> {
    prop_oneof![
        6 => setting(names).prop_map(OLine::Setting),
        2 => (prop::sample::select(&["!", "#", ";"][..]), comment_body())
            .prop_map(|(c, b)| OLine::Comment(format!("{c}{b}"))),
        1 => Just(OLine::Blank),
        1 => Just(OLine::Spaces),
    ]
}

/// Render option-family lines; `last` says whether they end the file.
fn render_olines(lines: &[OLine], last: bool, out: &mut Vec<String>) {
    for (i, l) in lines.iter().enumerate() {
        match l {
            OLine::Setting(s) => {
                let mut cur =
                    format!("{}{}{}={}{}", s.lead, s.name, s.before_eq, s.after_eq, s.parts[0]);
                for (j, p) in s.parts.iter().enumerate().skip(1) {
                    cur.push('\\');
                    out.push(cur);
                    if let Some(c) = &s.inner[j - 1] {
                        out.push(c.clone());
                    }
                    cur = format!("{}{p}", s.indent);
                }
                if s.dangling {
                    cur.push('\\');
                    out.push(cur);
                    if let Some(c) = &s.inner[s.parts.len() - 1] {
                        out.push(c.clone());
                    }
                    // A blank line ends the value, unless the file ends here.
                    if !(last && i + 1 == lines.len()) {
                        out.push(String::new());
                    }
                } else {
                    cur.push_str(s.trailing);
                    out.push(cur);
                }
            }
            OLine::Comment(c) => out.push(c.clone()),
            OLine::Blank => out.push(String::new()),
            OLine::Spaces => out.push("   ".into()),
        }
    }
}

const OPTION_NAMES: &[&str] = &[
    "LOG_CONNECTION", "log_connection", "LOG_FORMAT", "Log_Process", "MAX_NOTIFYS",
    "DELIVERY_OPTIONS", "ALIAS_URL0", "FOO_BAR",
];

/// A setting whose last line ends in a dangling `\\` at the end of the file, then
/// comment lines (`!`, `#`).
#[derive(Debug, Clone)]
struct Tail {
    setting: Setting,
    comments: Vec<String>,
}

fn tail(names: &'static [&'static str]) -> impl Strategy<Value = Tail> {
    (
        setting(names),
        prop::collection::vec(
            (prop::sample::select(&["!", "#"][..]), comment_body())
                .prop_map(|(c, b)| format!("{c}{b}")),
            0..3,
        ),
    )
        .prop_map(|(mut setting, comments)| {
            setting.dangling = true;
            Tail { setting, comments }
        })
}

fn render_tail(t: &Option<Tail>, out: &mut Vec<String>) {
    if let Some(t) = t {
        render_olines(&[OLine::Setting(t.setting.clone())], true, out);
        out.extend(t.comments.iter().cloned());
    }
}

#[derive(Debug, Clone)]
struct OptionFile {
    lines: Vec<OLine>,
    tail: Option<Tail>,
    form: Form,
}

impl OptionFile {
    fn bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        render_olines(&self.lines, self.tail.is_none(), &mut out);
        render_tail(&self.tail, &mut out);
        self.form.write(&out)
    }
}

fn option_file() -> impl Strategy<Value = OptionFile> {
    (
        prop::collection::vec(oline(OPTION_NAMES), 0..10),
        prop::option::weighted(0.25, tail(OPTION_NAMES)),
        form(),
    )
        .prop_map(|(lines, tail, form)| OptionFile { lines, tail, form })
}

const DISPATCHER_NAMES: &[&str] =
    &["MAX_CONNS", "max_conns", "PORT", "DEBUG", "STACKSIZE", "PARAMETER", "IMAGE", "MIN_PROCS"];

const HEADERS: &[&str] = &[
    "[SERVICE=SMTP]", "[service=smtp]", "[SERVICE=LMTP]", "[SERVICE=SMTP_SUBMIT]",
    "[SERVICE=SMTP]  ", "[SERVICE=LMTP] ! the LMTP service", "  [SERVICE=SMTP]",
];

#[derive(Debug, Clone)]
struct DispatcherFile {
    globals: Vec<OLine>,
    sections: Vec<(&'static str, Vec<OLine>)>,
    tail: Option<Tail>,
    form: Form,
}

impl DispatcherFile {
    fn bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        let untailed = self.tail.is_none();
        render_olines(&self.globals, untailed && self.sections.is_empty(), &mut out);
        for (i, (h, lines)) in self.sections.iter().enumerate() {
            out.push(h.to_string());
            render_olines(lines, untailed && i + 1 == self.sections.len(), &mut out);
        }
        render_tail(&self.tail, &mut out);
        self.form.write(&out)
    }
}

fn dispatcher_file() -> impl Strategy<Value = DispatcherFile> {
    (
        prop::collection::vec(oline(DISPATCHER_NAMES), 0..5),
        prop::collection::vec(
            (prop::sample::select(HEADERS), prop::collection::vec(oline(DISPATCHER_NAMES), 0..7)),
            0..5,
        ),
        prop::option::weighted(0.25, tail(DISPATCHER_NAMES)),
        form(),
    )
        .prop_map(|(globals, sections, tail, form)| DispatcherFile {
            globals,
            sections,
            tail,
            form,
        })
}

/// Keywords of generated channel lines (with their arguments): the shared ones, except
/// `master_debug`, and some more in other spellings.
static KEYWORDS: std::sync::LazyLock<Vec<&str>> = std::sync::LazyLock::new(|| {
    let more = ["maytlsserver", "port 25", "LOGGING", "NoLogging", "MX"];
    let shared = CHANNEL_KEYWORDS.iter().filter(|k| **k != "master_debug");
    shared.copied().chain(more).collect()
});

/// Keywords whose argument is missing at the end of a line.
const ARGLESS: &[&str] = &["pool", "maxjobs", "subdirs"];

const RULES: &[&str] = &[
    ".example.net   $U%$D@tcp_0-daemon", "example.net    $U@l",
    "$*             $U%$H$D@tcp_1-daemon", "[]             $U%[$L]@tcp_0-daemon",
];

/// A keyword line (channel or defaults), possibly continued over several physical lines.
#[derive(Debug, Clone)]
struct KwLine {
    keywords: Vec<&'static str>,
    /// What separates the words: a blank, two, or a tab.
    sep: &'static str,
    /// New physical lines start at these word positions (the name is word 0).
    breaks: Vec<usize>,
    indent: &'static str,
    /// A `!` comment line after these physical lines (between continuation lines).
    comments_after: Vec<usize>,
    trailing: &'static str,
    /// A keyword without its argument at the very end.
    argless: Option<&'static str>,
}

impl KwLine {
    /// Render the line as `name` and its keywords. Comment lines go between physical
    /// lines; between a keyword and its arguments only with `split_comments` (a shape
    /// that hits a bug: `comment_between_a_keyword_and_its_arguments_is_kept`).
    fn render(&self, name: &str, split_comments: bool, out: &mut Vec<String>) {
        let mut words: Vec<String> = vec![name.to_string()];
        // Word positions where a keyword (not an argument) starts.
        let mut starts = vec![0];
        for k in &self.keywords {
            starts.push(words.len());
            words.extend(k.split(' ').map(str::to_string));
        }
        if let Some(a) = self.argless {
            starts.push(words.len());
            words.push(a.to_string());
        }
        let mut lines: Vec<Vec<String>> = vec![Vec::new()];
        // Whether each physical line starts with a keyword.
        let mut at_keyword = vec![true];
        for (i, w) in words.into_iter().enumerate() {
            if i > 0 && self.breaks.contains(&i) {
                lines.push(Vec::new());
                at_keyword.push(starts.contains(&i));
            }
            lines.last_mut().unwrap().push(w);
        }
        for (i, l) in lines.iter().enumerate() {
            let mut s = if i == 0 {
                l.join(self.sep)
            } else {
                format!("{}{}", self.indent, l.join(self.sep))
            };
            if i + 1 < lines.len() {
                s.push_str(" \\");
            } else {
                s.push_str(self.trailing);
            }
            out.push(s);
            if i + 1 < lines.len()
                && self.comments_after.contains(&i)
                && (split_comments || at_keyword[i + 1])
            {
                out.push(format!("! inside {name}"));
            }
        }
    }
}

fn kw_line(keywords: &'static [&'static str]) -> impl Strategy<Value = KwLine> {
    (
        (
            prop::collection::vec(prop::sample::select(keywords), 0..8),
            prop::sample::select(&[" ", " ", " ", "  ", "\t"][..]),
        ),
        prop::collection::vec(1usize..10, 0..3),
        prop::sample::select(&["", "  ", "    ", "\t"][..]),
        prop::collection::vec(0usize..3, 0..2),
        prop::sample::select(&["", "  "][..]),
        prop::option::weighted(0.15, prop::sample::select(ARGLESS)),
    )
        .prop_map(|((keywords, sep), breaks, indent, comments_after, trailing, argless)| {
            KwLine { keywords, sep, breaks, indent, comments_after, trailing, argless }
        })
}

#[derive(Debug, Clone)]
enum Blk {
    Defaults(KwLine),
    Nodefaults,
    Commented,
    Channel(Channel),
}

/// A generated channel block (its name comes from its place).
#[derive(Debug, Clone)]
struct Channel {
    line: KwLine,
    comment_before: Option<String>,
    comment_before_host: bool,
    second_host: bool,
    /// Named like the channel before it (a duplicate definition).
    duplicate: bool,
}

fn blk() -> impl Strategy<Value = Blk> {
    prop_oneof![
        2 => kw_line(&["logging", "nologging", "notices 1 2 4", "maxjobs 7", "single_sys", "mx"])
            .prop_map(Blk::Defaults),
        1 => Just(Blk::Nodefaults),
        1 => Just(Blk::Commented),
        8 => (
            kw_line(&KEYWORDS),
            prop::option::weighted(0.4, comment_body().prop_map(|b| format!("!{b}"))),
            prop::bool::weighted(0.3),
            prop::bool::weighted(0.2),
            prop::bool::weighted(0.08),
        )
            .prop_map(|(line, comment_before, comment_before_host, second_host, duplicate)| {
                Blk::Channel(Channel {
                    line,
                    comment_before,
                    comment_before_host,
                    second_host,
                    duplicate,
                })
            }),
    ]
}

#[derive(Debug, Clone)]
struct ImtaFile {
    head_comment: Option<String>,
    /// Rule indexes, each with a comment line after it or not.
    rules: Vec<(usize, bool)>,
    /// The line ending the rules is whitespace-only (else empty).
    break_spaces: bool,
    blocks: Vec<Blk>,
    /// Whitespace-only separators between blocks (else empty).
    seps: Vec<bool>,
    /// A last channel `tcp_end` whose keyword line ends in a dangling `\`, followed by
    /// comment lines and the end of the file.
    truncated_end: Option<usize>,
    /// Comment lines may stand between a keyword and its continued arguments.
    split_comments: bool,
    form: Form,
}

impl ImtaFile {
    fn bytes(&self) -> Vec<u8> {
        let mut out: Vec<String> = Vec::new();
        if let Some(c) = &self.head_comment {
            out.push(c.clone());
        }
        for &(r, comment) in &self.rules {
            out.push(RULES[r].to_string());
            if comment {
                out.push("! a rule comment".into());
            }
        }
        out.push(if self.break_spaces { "  ".into() } else { String::new() });
        let mut n = 0;
        for (i, b) in self.blocks.iter().enumerate() {
            push_block_separator(&mut out, &self.seps, i);
            match b {
                Blk::Defaults(l) => l.render("defaults", self.split_comments, &mut out),
                Blk::Nodefaults => out.push("nodefaults".into()),
                Blk::Commented => out.extend(COMMENTED_CHANNEL.map(String::from)),
                Blk::Channel(c) => {
                    if let Some(comment) = &c.comment_before {
                        out.push(comment.clone());
                    }
                    let dup = c.duplicate && n > 0;
                    let k = if dup { n - 1 } else { n };
                    c.line.render(&format!("tcp_{k}"), self.split_comments, &mut out);
                    if c.comment_before_host {
                        out.push("! the host line follows".into());
                    }
                    out.push(format!("tcp_{k}-daemon"));
                    if c.second_host {
                        out.push(format!("tcp_{k}.example.net"));
                    }
                    if !dup {
                        n += 1;
                    }
                }
            }
        }
        if let Some(comments) = self.truncated_end {
            if !self.blocks.is_empty() {
                out.push(String::new());
            }
            out.push("tcp_end smtp mx \\".into());
            for i in 0..comments {
                out.push(format!("! trailing note {i}"));
            }
        }
        self.form.write(&out)
    }
}

fn imta_file() -> impl Strategy<Value = ImtaFile> {
    (
        prop::option::of(comment_body().prop_map(|b| format!("!{b}"))),
        prop::collection::vec((0..RULES.len(), prop::bool::weighted(0.3)), 1..4),
        prop::bool::weighted(0.15),
        prop::collection::vec(blk(), 2..8),
        prop::collection::vec(prop::bool::weighted(0.2), 8),
        prop::option::weighted(0.2, 0usize..3),
        form(),
    )
        .prop_map(|(head_comment, rules, break_spaces, blocks, seps, truncated_end, form)| {
            ImtaFile {
                head_comment,
                rules,
                break_spaces,
                blocks,
                seps,
                truncated_end,
                split_comments: false,
                form,
            }
        })
}

/// A generated configuration directory: imta.cnf always, option.dat and dispatcher.cnf
/// most of the time.
#[derive(Clone)]
struct Files {
    option: Option<OptionFile>,
    dispatcher: Option<DispatcherFile>,
    imta: ImtaFile,
    /// Every file's last line ends in a lone CR instead of its line ending (see
    /// `property_files_ending_in_a_lone_cr`).
    cr_end: bool,
}

impl Files {
    fn snap(&self) -> Entries {
        let mut s = Entries::new();
        s.insert("imta.cnf".into(), self.imta.bytes());
        if let Some(o) = &self.option {
            s.insert("option.dat".into(), o.bytes());
        }
        if let Some(d) = &self.dispatcher {
            s.insert("dispatcher.cnf".into(), d.bytes());
        }
        if self.cr_end {
            for b in s.values_mut() {
                while b.last().is_some_and(|c| *c == b'\n' || *c == b'\r') {
                    b.pop();
                }
                b.push(b'\r');
            }
        }
        s
    }
}

impl std::fmt::Debug for Files {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&show_snap(&self.snap()))
    }
}

fn files() -> impl Strategy<Value = Files> {
    (
        prop::option::weighted(0.9, option_file()),
        prop::option::weighted(0.9, dispatcher_file()),
        imta_file(),
    )
        .prop_map(|(option, dispatcher, imta)| Files {
            option,
            dispatcher,
            imta,
            cr_end: false,
        })
}

// ---------------------------------------------------------------------------------------
// Commands and what they must mean
// ---------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy)]
enum LogTarget {
    All { per_channel: bool },
    Channel(&'static str),
}

#[derive(Debug, Clone, Copy)]
enum Cmd {
    OptionSet(&'static str, &'static str),
    OptionUnset(&'static str),
    DispatcherSet(Option<&'static str>, &'static str, &'static str),
    DispatcherUnset(Option<&'static str>, &'static str),
    DebugSet(Option<&'static str>),
    AddKeyword(&'static str, &'static str),
    RemoveKeyword(&'static str, &'static str),
    Logging(bool, LogTarget),
}

impl Cmd {
    fn args(&self) -> Vec<String> {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        let service = |sv: &Option<&str>| match sv {
            Some(x) => vec!["--service".to_string(), x.to_string(), "--create".to_string()],
            None => Vec::new(),
        };
        match self {
            Cmd::OptionSet(n, v) => s(&["option", "set", &format!("{n}={v}"), "."]),
            Cmd::OptionUnset(n) => s(&["option", "unset", n, "."]),
            Cmd::DispatcherSet(sv, n, v) => {
                let mut a = s(&["dispatcher", "set"]);
                a.extend(service(sv));
                a.extend(s(&[&format!("{n}={v}"), "."]));
                a
            }
            Cmd::DispatcherUnset(sv, n) => {
                let mut a = s(&["dispatcher", "unset"]);
                a.extend(service(sv));
                a.extend(s(&[n, "."]));
                a
            }
            Cmd::DebugSet(sv) => {
                let mut a = s(&["debug", "set", "4", "."]);
                a.extend(service(sv));
                a
            }
            Cmd::AddKeyword(ch, kw) => {
                let mut a = s(&["channel", "add-keyword", ch]);
                a.extend(kw.split(' ').map(str::to_string));
                a.push(".".into());
                a
            }
            Cmd::RemoveKeyword(ch, kw) => s(&["channel", "remove-keyword", ch, kw, "."]),
            Cmd::Logging(on, t) => {
                let mut a = s(&["logging", if *on { "enable" } else { "disable" }]);
                match t {
                    LogTarget::All { per_channel } => {
                        a.push("--all".into());
                        if *per_channel {
                            a.push("--per-channel".into());
                        }
                    }
                    LogTarget::Channel(c) => a.extend(s(&["--channel", c])),
                }
                a.push(".".into());
                a
            }
        }
    }

    /// The one file the command may change.
    fn file(&self) -> &'static str {
        match self {
            Cmd::OptionSet(..) | Cmd::OptionUnset(..) => "option.dat",
            Cmd::DispatcherSet(..) | Cmd::DispatcherUnset(..) | Cmd::DebugSet(..) => {
                "dispatcher.cnf"
            }
            _ => "imta.cnf",
        }
    }
}

/// The blocks `channel add-keyword NAME` edits: every channel block of that name
/// (exact, else ignoring case); `defaults` is the first defaults block.
fn channel_indices(blocks: &[BlockMeaning], name: &str) -> Vec<usize> {
    if name.eq_ignore_ascii_case("defaults") {
        return blocks.iter().position(|b| b.kind == BlockKind::Defaults).into_iter().collect();
    }
    let find = |f: &dyn Fn(&str) -> bool| -> Vec<usize> {
        (0..blocks.len())
            .filter(|&i| {
                blocks[i].kind == BlockKind::Channel && blocks[i].name.as_deref().is_some_and(f)
            })
            .collect()
    };
    let exact = find(&|n| n == name);
    if exact.is_empty() { find(&|n| n.eq_ignore_ascii_case(name)) } else { exact }
}

fn service_header(service: Option<&str>) -> Option<(String, String)> {
    service.map(|s| ("SERVICE".to_string(), s.to_ascii_uppercase()))
}

/// NAME=VALUE in a section: the last setting of the name changes, else it is appended;
/// a missing section is appended with it.
fn expect_set(
    sections: &mut Vec<SectionMeaning>,
    header: Option<(String, String)>,
    name: &str,
    value: &str,
) {
    let name = name.to_ascii_uppercase();
    let i = match sections.iter().position(|s| s.header == header) {
        Some(i) => i,
        None => {
            sections.push(SectionMeaning { header, settings: Vec::new() });
            sections.len() - 1
        }
    };
    let s = &mut sections[i].settings;
    match s.iter().rposition(|(n, _)| *n == name) {
        Some(j) => s[j].1 = value.to_string(),
        None => s.push((name, value.to_string())),
    }
}

/// Forget `logging`/`nologging` and the defaults blocks that hold nothing else.
fn strip_logging(blocks: &[BlockMeaning]) -> Vec<BlockMeaning> {
    blocks
        .iter()
        .cloned()
        .map(|mut b| {
            b.keywords.retain(|(k, _)| k != "logging" && k != "nologging");
            b
        })
        .filter(|b| !(b.kind == BlockKind::Defaults && b.keywords.is_empty()))
        .collect()
}

/// What the command must do to the configuration, if anything can be said before
/// running it: `Err` names why it must be refused.
enum Expected {
    Options(&'static str, Vec<SectionMeaning>, Vec<String>),
    Imta(Rules, Vec<BlockMeaning>),
    /// Logging: the channels' logging, and the blocks without logging keywords.
    Logging(Vec<(String, bool)>, Rules, Vec<BlockMeaning>),
}

fn expected(
    cmd: &Cmd,
    before: &ConfigSet,
    before_status: &[(String, bool)],
) -> Result<Expected, &'static str> {
    let catalog = Catalog::builtin();
    match *cmd {
        Cmd::OptionSet(n, v) => {
            let (mut s, bad) = options_meaning(before, "option.dat");
            expect_set(&mut s, None, n, v);
            Ok(Expected::Options(cmd.file(), s, bad))
        }
        Cmd::OptionUnset(n) => {
            if file_meaning(before, "option.dat").is_none() {
                return Err("there is no option.dat");
            }
            let (mut s, bad) = options_meaning(before, "option.dat");
            s[0].settings.retain(|(x, _)| !x.eq_ignore_ascii_case(n));
            Ok(Expected::Options(cmd.file(), s, bad))
        }
        Cmd::DispatcherSet(..) | Cmd::DispatcherUnset(..) | Cmd::DebugSet(..)
            if file_meaning(before, "dispatcher.cnf").is_none() =>
        {
            Err("there is no dispatcher.cnf")
        }
        Cmd::DispatcherSet(sv, n, v) => {
            let (mut s, bad) = options_meaning(before, "dispatcher.cnf");
            expect_set(&mut s, service_header(sv), n, v);
            Ok(Expected::Options(cmd.file(), s, bad))
        }
        Cmd::DebugSet(sv) => {
            let (mut s, bad) = options_meaning(before, "dispatcher.cnf");
            expect_set(&mut s, service_header(sv), "DEBUG", "4");
            Ok(Expected::Options(cmd.file(), s, bad))
        }
        Cmd::DispatcherUnset(sv, n) => {
            let (mut s, bad) = options_meaning(before, "dispatcher.cnf");
            let header = service_header(sv);
            let Some(sec) = s.iter_mut().find(|x| x.header == header) else {
                return Err("the service section does not exist");
            };
            sec.settings.retain(|(x, _)| !x.eq_ignore_ascii_case(n));
            Ok(Expected::Options(cmd.file(), s, bad))
        }
        Cmd::AddKeyword(ch, kw) => {
            let (rules, mut blocks) = imta_meaning(before);
            let at = channel_indices(&blocks, ch);
            if at.is_empty() {
                return Err("the channel does not exist");
            }
            let mut words = kw.split(' ');
            let name = words.next().unwrap().to_ascii_lowercase();
            let args: Vec<String> = words.map(str::to_string).collect();
            let group = catalog.keyword(&name).and_then(|k| k.group.clone());
            for i in at {
                let b = &mut blocks[i];
                b.keywords.retain(|(k, _)| {
                    *k != name
                        && (group.is_none()
                            || catalog.keyword(k).and_then(|x| x.group.clone()) != group)
                });
                b.keywords.push((name.clone(), args.clone()));
                b.keywords.sort();
            }
            Ok(Expected::Imta(rules, blocks))
        }
        Cmd::RemoveKeyword(ch, kw) => {
            let (rules, mut blocks) = imta_meaning(before);
            let at = channel_indices(&blocks, ch);
            if at.is_empty() {
                return Err("the channel does not exist");
            }
            let kw = kw.to_ascii_lowercase();
            for i in at {
                blocks[i].keywords.retain(|(k, _)| *k != kw);
            }
            Ok(Expected::Imta(rules, blocks))
        }
        Cmd::Logging(on, target) => {
            let (rules, blocks) = imta_meaning(before);
            let mut st = before_status.to_vec();
            match target {
                LogTarget::All { .. } => st.iter_mut().for_each(|c| c.1 = on),
                LogTarget::Channel(ch) => {
                    let mut found = false;
                    for c in st.iter_mut().filter(|c| c.0.eq_ignore_ascii_case(ch)) {
                        c.1 = on;
                        found = true;
                    }
                    if !found {
                        return Err("the channel does not exist");
                    }
                }
            }
            Ok(Expected::Logging(st, rules, strip_logging(&blocks)))
        }
    }
}

/// Does the configuration in `dir` (read back with the library, and `logging status`)
/// look as `want` says?
fn matches_expected(want: &Expected, dir: &Path) -> Result<(), TestCaseError> {
    let set = load(dir);
    match want {
        Expected::Options(file, s, bad) => {
            let (got, got_bad) = options_meaning(&set, file);
            prop_assert_eq!(&got, s, "{}: the settings are not what was asked", file);
            prop_assert_eq!(&got_bad, bad, "{}: the bad lines changed", file);
        }
        Expected::Imta(rules, blocks) => {
            let (r, b) = imta_meaning(&set);
            prop_assert_eq!(&r, rules, "the rewrite rules changed");
            prop_assert_eq!(&b, blocks, "the blocks are not what was asked");
        }
        Expected::Logging(st, rules, blocks) => {
            let (r, b) = imta_meaning(&set);
            prop_assert_eq!(&r, rules, "the rewrite rules changed");
            prop_assert_eq!(&strip_logging(&b), blocks, "more than logging keywords changed");
            let now = logging_status(dir);
            prop_assert_eq!(&now, st, "the channels do not log as asked");
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// The property
// ---------------------------------------------------------------------------------------

/// What the cases of one property did.
#[derive(Debug, Default)]
struct Stats {
    written: usize,
    nothing: usize,
    refused: Vec<String>,
}

fn first_line(s: &str) -> String {
    s.lines().find(|l| !l.trim().is_empty()).unwrap_or("").to_string()
}

/// The whole contract of one command on one generated directory.
fn check_command(files: &Files, cmd: &Cmd, stats: &mut Stats) -> Result<(), TestCaseError> {
    let snap = files.snap();
    let args = cmd.args();
    let argv: Vec<&str> = args.iter().map(String::as_str).collect();
    let wargv = with_write(&argv);
    let target = cmd.file();

    let base = Conf::from_entries(&snap);
    let before = load(&base.dir);
    let before_status = match cmd {
        Cmd::Logging(..) => logging_status(&base.dir),
        _ => Vec::new(),
    };
    let want = expected(cmd, &before, &before_status);

    let dry = base.run(&argv);
    prop_assert!(base.snap() == snap, "a run without --write changed a file");
    let w = Conf::from_entries(&snap);
    let wrote = w.run(&wargv);

    // Refused: exit 2 with a reason, both with and without --write, nothing written.
    if dry.code == 2 {
        prop_assert_eq!(wrote.code, 2, "--write did not refuse too: {:?}", wrote);
        prop_assert!(!dry.stderr.trim().is_empty(), "refused without a reason");
        prop_assert!(w.snap() == snap, "a refused --write changed a file");
        stats.refused.push(first_line(&dry.stderr));
        return Ok(());
    }
    prop_assert_eq!(dry.code, 0, "{:?}", dry);
    if let Err(why) = &want {
        return Err(TestCaseError::fail(format!("accepted although {why}: {dry:?}")));
    }
    let want = want.unwrap();
    prop_assert_eq!(wrote.code, 0, "the diff was shown but --write failed: {:?}", wrote);

    if nothing(&dry) {
        prop_assert!(nothing(&wrote), "{:?}", wrote);
        prop_assert!(w.snap() == snap, "nothing to change, yet a file changed");
        // Nothing to change must mean: the request holds already.
        matches_expected(&want, &base.dir)?;
        stats.nothing += 1;
        return Ok(());
    }
    prop_assert!(dry.bytes.starts_with(b"--- "), "not a diff: {:?}", dry);
    let after = w.snap();

    // Only the target file changed (or was created); nothing else appeared.
    let names = |s: &Entries| s.keys().cloned().collect::<Vec<_>>();
    let mut expected_names = names(&snap);
    if !snap.contains_key(target) {
        expected_names.push(target.to_string());
        expected_names.sort();
    }
    prop_assert_eq!(names(&after), expected_names, "files appeared or vanished");
    for (n, b) in &snap {
        if n != target {
            prop_assert!(&after[n] == b, "{} changed although {} was edited", n, target);
        }
    }
    prop_assert!(
        wrote.stdout.clone() == format!("wrote {target}\n"),
        "--write output: {:?}",
        wrote
    );
    let old = snap.get(target).cloned().unwrap_or_default();
    let new = &after[target];
    prop_assert!(new != &old);
    if snap.contains_key(target) {
        use std::os::unix::fs::PermissionsExt;
        let mode = |d: &Path| fs::metadata(d.join(target)).unwrap().permissions().mode();
        prop_assert_eq!(mode(&w.dir), mode(&base.dir), "the file mode changed");
    }

    // (a) The diff applies to a copy with git apply and patch -p1, giving the same bytes.
    type Apply = fn(&Path, &[u8]) -> Result<(), String>;
    for (tool, how, apply) in
        [("git", "git apply", git_apply as Apply), ("patch", "patch -p1", patch_p1)]
    {
        if have(tool) {
            let c = Conf::from_entries(&snap);
            apply(&c.dir, &dry.bytes).map_err(TestCaseError::fail)?;
            prop_assert!(
                c.snap() == after,
                "{} gives other bytes than --write:\n{}",
                how,
                show_snap(&c.snap())
            );
        }
    }

    // (b) The result means the requested change and nothing else.
    matches_expected(&want, &w.dir)?;
    // Comment lines, line endings, encoding and blank lines are kept.
    let comments: &[u8] = if target == "imta.cnf" { b"!" } else { b"!#;" };
    prop_assert_eq!(
        comment_lines(&old, comments),
        comment_lines(new, comments),
        "comment lines changed"
    );
    let (crlf, lf) = terminators(&old);
    let (ncrlf, nlf) = terminators(new);
    if lf == 0 && crlf > 0 {
        prop_assert_eq!(nlf, 0, "a bare LF in a CRLF file");
    }
    // One exception: a file that ended in a lone CR (data, not a terminator) gets a CRLF
    // after it when a line is appended, because an LF there would turn the CR into a CRLF
    // terminator and cut it from its line.
    let ended_in_cr = old.last() == Some(&b'\r');
    if crlf == 0 && lf > 0 {
        prop_assert!(ncrlf == 0 || (ended_in_cr && ncrlf == 1), "a CRLF in an LF file");
    }
    if snap.contains_key(target) && is_latin1(&old) {
        // A Latin-1 file stays Latin-1: no UTF-8 sequence for `é` appears.
        prop_assert!(
            !new.windows(2).any(|w| w == [0xC3, 0xA9]),
            "a Latin-1 file was written as UTF-8"
        );
    }
    if target == "imta.cnf" {
        let (_, b0) = imta_meaning(&before);
        let (_, b1) = imta_meaning(&load(&w.dir));
        let added = b1.len() as isize - b0.len() as isize;
        prop_assert_eq!(
            blank_lines(new) as isize,
            blank_lines(&old) as isize + added,
            "blank lines were added or removed (beyond one per new defaults block)"
        );
    }

    // (c) Again: nothing to change, nothing written.
    let again = w.run(&argv);
    prop_assert!(nothing(&again), "the second run is not a no-op: {:?}", again);
    let again = w.run(&wargv);
    prop_assert!(nothing(&again), "the second --write is not a no-op: {:?}", again);
    prop_assert!(w.snap() == after, "the second --write changed a file");
    stats.written += 1;
    Ok(())
}

/// Run the property for commands drawn from `cmds`, then check the cases were not
/// mostly refusals or no-ops (the property would hold vacuously).
fn property(name: &str, cmds: impl Strategy<Value = Cmd>, min_written: usize) {
    property_of(name, (files(), cmds), min_written);
}

/// [`property`] with commands that depend on the generated files.
fn property_of(name: &str, cases: impl Strategy<Value = (Files, Cmd)>, min_written: usize) {
    let mut runner = TestRunner::new(Config {
        cases: CASES,
        failure_persistence: None,
        max_shrink_iters: 400,
        ..Config::default()
    });
    let stats = std::cell::RefCell::new(Stats::default());
    let result = runner.run(&cases, |(f, c)| check_command(&f, &c, &mut stats.borrow_mut()));
    if let Err(e) = result {
        panic!("{name}: {e}");
    }
    let stats = stats.into_inner();
    let mut reasons: BTreeMap<String, usize> = BTreeMap::new();
    for r in &stats.refused {
        *reasons.entry(r.clone()).or_default() += 1;
    }
    eprintln!(
        "{name}: {} written, {} nothing to change, {} refused: {reasons:#?}",
        stats.written,
        stats.nothing,
        stats.refused.len()
    );
    assert!(
        stats.written >= min_written && stats.written + stats.nothing >= CASES as usize / 2,
        "{name}: only {} of the cases wrote something ({} had nothing to change); refusals: {reasons:#?}",
        stats.written,
        stats.nothing
    );
    // A refusal is allowed, but not one that imtacfg itself calls a bug of its own.
    assert!(
        !reasons.keys().any(|r| r.contains("would not do what was asked")),
        "{name}: the planned edit did not mean what was asked: {reasons:#?}"
    );
}

/// Channels to edit: mostly ones that exist in the generated files.
fn channel() -> impl Strategy<Value = &'static str> {
    prop_oneof![
        4 => Just("tcp_0"),
        2 => Just("tcp_1"),
        1 => Just("TCP_1"),
        1 => Just("tcp_2"),
        1 => Just("tcp_end"),
        1 => Just("tcp_9"),
        1 => Just("defaults"),
    ]
}
const SERVICES: &[Option<&str>] = &[None, Some("SMTP"), Some("smtp"), Some("LMTP"), Some("NEWSVC")];

/// `NAME=VALUE` as the two parts of a command.
fn name_value(
    pairs: &'static [&'static str],
) -> impl Strategy<Value = (&'static str, &'static str)> {
    prop::sample::select(pairs).prop_map(|p| p.split_once('=').unwrap())
}

fn option_set_cmd() -> impl Strategy<Value = Cmd> {
    // Latin-1 text goes into a Latin-1 file as Latin-1; `€` cannot (refused there).
    let pairs = &[
        "LOG_CONNECTION=7", "log_connection=0", "LOG_FORMAT=4", "LOG_FORMAT=9", "Log_Process=1",
        "MAX_NOTIFYS=3", "DELIVERY_OPTIONS=*mailbox=$M@ims-ms-daemon",
        "ALIAS_URL0=ldap:///$V?*?sub?$R", "NEW_OPTION=x", "FOO_BAR=café", "FOO_BAR=5€",
    ];
    name_value(pairs).prop_map(|(n, v)| Cmd::OptionSet(n, v))
}

fn option_unset_cmd() -> impl Strategy<Value = Cmd> {
    prop::sample::select(&["LOG_CONNECTION", "log_format", "DELIVERY_OPTIONS", "FOO_BAR"][..])
        .prop_map(Cmd::OptionUnset)
}

fn dispatcher_set_cmd() -> impl Strategy<Value = Cmd> {
    let pairs = &[
        "MAX_CONNS=5", "max_conns=40", "PORT=2525", "STACKSIZE=2048000", "DEBUG=-1",
        "PARAMETER=CHANNEL=tcp_0",
    ];
    (prop::sample::select(SERVICES), name_value(pairs))
        .prop_map(|(s, (n, v))| Cmd::DispatcherSet(s, n, v))
}

fn dispatcher_unset_cmd() -> impl Strategy<Value = Cmd> {
    (
        prop_oneof![
            3 => Just(None),
            2 => Just(Some("SMTP")),
            1 => Just(Some("smtp")),
            1 => Just(Some("LMTP")),
        ],
        prop_oneof![
            3 => Just("MAX_CONNS"),
            1 => Just("PORT"),
            1 => Just("DEBUG"),
            1 => Just("PARAMETER"),
        ],
    )
        .prop_map(|(s, n)| Cmd::DispatcherUnset(s, n))
}

fn debug_set_cmd() -> impl Strategy<Value = Cmd> {
    prop::sample::select(SERVICES).prop_map(Cmd::DebugSet)
}

fn add_keyword_cmd() -> impl Strategy<Value = Cmd> {
    let kws: &[&str] = &[
        "logging", "nologging", "single", "single_sys", "mx", "nomx", "maxjobs 3", "pool P2",
        "defragment", "notices 1 2", "identnonenumeric",
    ];
    (channel(), prop::sample::select(kws)).prop_map(|(c, k)| Cmd::AddKeyword(c, k))
}

fn remove_keyword_cmd() -> impl Strategy<Value = Cmd> {
    let kws: &[&str] =
        &["logging", "nologging", "smtp", "mx", "maxjobs", "pool", "notices", "subdirs"];
    (channel(), prop::sample::select(kws)).prop_map(|(c, k)| Cmd::RemoveKeyword(c, k))
}

fn logging_cmd(on: bool) -> impl Strategy<Value = Cmd> {
    prop_oneof![
        any::<bool>().prop_map(move |p| Cmd::Logging(on, LogTarget::All { per_channel: p })),
        channel().prop_map(move |c| Cmd::Logging(on, LogTarget::Channel(c))),
    ]
}

/// One `#[test]` per command (so they run in parallel and fail by name): the test, the
/// label of its failures, its commands, and the share of the cases that must write.
macro_rules! command_properties {
    ($($test:ident: $label:literal, $cmds:expr, 1 / $share:literal;)*) => {
        $(
            #[test]
            fn $test() {
                property($label, $cmds, CASES as usize / $share);
            }
        )*
    };
}

command_properties! {
    property_option_set: "option set", option_set_cmd(), 1 / 3;
    property_option_unset: "option unset", option_unset_cmd(), 1 / 8;
    property_dispatcher_set: "dispatcher set", dispatcher_set_cmd(), 1 / 3;
    property_dispatcher_unset: "dispatcher unset", dispatcher_unset_cmd(), 1 / 16;
    property_debug_set: "debug set", debug_set_cmd(), 1 / 3;
    property_channel_add_keyword: "channel add-keyword", add_keyword_cmd(), 1 / 3;
    property_logging_enable: "logging enable", logging_cmd(true), 1 / 3;
    property_logging_disable: "logging disable", logging_cmd(false), 1 / 4;
}

#[test]
fn property_channel_remove_keyword() {
    // Mostly keywords that the generated imta.cnf has somewhere.
    let cases = files().prop_flat_map(|f| {
        let mut used: Vec<&'static str> = vec!["logging", "nologging", "pool", "LOGGING"];
        for b in &f.imta.blocks {
            if let Blk::Channel(Channel { line, .. }) | Blk::Defaults(line) = b {
                used.extend(line.keywords.iter().map(|k| k.split(' ').next().unwrap()));
                used.extend(line.argless);
            }
        }
        (Just(f), channel(), prop::sample::select(used))
            .prop_map(|(f, c, k)| (f, Cmd::RemoveKeyword(c, k)))
    });
    property_of("channel remove-keyword", cases, CASES as usize / 8);
}

/// The same contract on files whose last line ends in a lone CR (a CRLF file that lost
/// its last LF, or an old Mac file), with every command. Two bugs show here: the diff
/// ends in the middle of a line without a `\ No newline at end of file` marker, so
/// `git apply` and `patch` reject it (see `diff_of_a_file_ending_in_a_lone_cr_applies`);
/// and a line appended after `A=x\` + CR at the end of the file is refused as "a bug in
/// imtacfg" (see `append_after_a_lone_cr_at_the_end_of_the_file`).
#[test]
fn property_files_ending_in_a_lone_cr() {
    let cmds = prop_oneof![
        option_set_cmd(),
        option_unset_cmd(),
        dispatcher_set_cmd(),
        dispatcher_unset_cmd(),
        debug_set_cmd(),
        add_keyword_cmd(),
        remove_keyword_cmd(),
        logging_cmd(true),
        logging_cmd(false),
    ];
    let cases = (files(), cmds).prop_map(|(mut f, c)| {
        f.cr_end = true;
        (f, c)
    });
    property_of("files ending in a lone CR", cases, CASES as usize / 3);
}

/// The generators produce the messy shapes they claim to (a guard against generators
/// that silently stop covering them).
#[test]
fn generators_cover_the_messy_shapes() {
    let mut runner = TestRunner::deterministic();
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    let mut count = |k: &'static str, yes: bool| *seen.entry(k).or_default() += usize::from(yes);
    for _ in 0..300 {
        let f = files().new_tree(&mut runner).unwrap().current();
        let s = f.snap();
        for (name, b) in &s {
            let t = String::from_utf8_lossy(b).into_owned();
            count("crlf", t.contains("\r\n"));
            count("no final newline", !b.is_empty() && !b.ends_with(b"\n"));
            count("latin-1", is_latin1(b));
            count("lone CR", b.windows(2).any(|w| w[0] == b'\r' && w[1] != b'\n'));
            count("whitespace-only line", t.contains("\n   ") || t.contains("\n  \n"));
            if name != "imta.cnf" {
                count("continued value", t.contains("\\\n") || t.contains("\\\r\n"));
                let ends_dangling = t
                    .trim_end_matches(['\r', '\n'])
                    .lines()
                    .rev()
                    .find(|l| !l.starts_with(['!', '#', ';']))
                    .is_some_and(|l| l.ends_with('\\'));
                count("dangling continuation at the end", ends_dangling);
                count(
                    "comment inside a continued value",
                    t.contains("\\\n!")
                        || t.contains("\\\n#")
                        || t.contains("\\\r\n!")
                        || t.contains("\\\r\n#"),
                );
            }
        }
        let imta = String::from_utf8_lossy(&s["imta.cnf"]).into_owned();
        count("nodefaults", imta.contains("\nnodefaults"));
        count("comment between keyword lines", imta.contains("\n! inside tcp_"));
        count(
            "keyword missing its argument",
            ARGLESS.iter().any(|a| {
                imta.contains(&format!(" {a}\n"))
                    || imta.contains(&format!(" {a}\r\n"))
                    || imta.contains(&format!(" {a}  \n"))
            }),
        );
        count("truncated last channel", imta.contains("tcp_end smtp mx \\"));
    }
    for (k, n) in &seen {
        assert!(*n >= 15, "only {n} of 300 generated directories have: {k} ({seen:?})");
    }
}

// ---------------------------------------------------------------------------------------
// 2. Concurrency
// ---------------------------------------------------------------------------------------

fn value_of(settings: &[(String, String)], name: &str) -> Option<String> {
    settings.iter().rev().find(|(n, _)| n == name).map(|(_, v)| v.clone())
}

/// Start both runs before waiting for either.
fn race(dir: &Path, a: &[&str], b: &[&str], env: &[(&str, &str)]) -> (Out, Out) {
    let ca = spawn(dir, a, env);
    let cb = spawn(dir, b, env);
    let oa = Out::from(ca.wait_with_output().unwrap());
    let ob = Out::from(cb.wait_with_output().unwrap());
    (oa, ob)
}

/// Two option.dat edits at once, 30 times: none is lost; with a lock timeout of 0 a
/// loser exits 3 and its change is not there.
#[test]
fn two_option_edits_at_once_lose_nothing() {
    let a = ["option", "set", "LOG_CONNECTION=7", ".", "--write"];
    let b = ["option", "set", "LOG_PROCESS=0", ".", "--write"];
    let mut codes = BTreeMap::new();
    for round in 0..30 {
        let env: &[(&str, &str)] =
            if round % 3 == 2 { &[("IMTACFG_LOCK_TIMEOUT", "0")] } else { &[] };
        let c = Conf::sample();
        let before = c.snap();
        let old = option_dat_settings(&c.dir);
        let (oa, ob) = race(&c.dir, &a, &b, env);
        for o in [&oa, &ob] {
            assert!(o.code == 0 || o.code == 3, "round {round}: {o:?}");
            *codes.entry(o.code).or_insert(0) += 1;
        }
        let now = option_dat_settings(&c.dir);
        let mut want = old.clone();
        if oa.code == 0 {
            expect_set_globals(&mut want, "LOG_CONNECTION", "7");
        }
        if ob.code == 0 {
            expect_set_globals(&mut want, "LOG_PROCESS", "0");
        }
        assert_eq!(now, want, "round {round}: a change was lost\n{oa:?}\n{ob:?}");
        assert_eq!(
            c.snap().keys().collect::<Vec<_>>(),
            before.keys().collect::<Vec<_>>(),
            "round {round}: files left behind"
        );
        for (n, bytes) in &before {
            if n != "option.dat" {
                assert!(&c.read(n) == bytes, "round {round}: {n} changed");
            }
        }
    }
    eprintln!("exit codes of the racing editors: {codes:?}");
}

fn expect_set_globals(settings: &mut Vec<(String, String)>, name: &str, value: &str) {
    match settings.iter().rposition(|(n, _)| n == name) {
        Some(i) => settings[i].1 = value.into(),
        None => settings.push((name.into(), value.into())),
    }
}

/// An option edit and a keyword edit of imta.cnf at once; and an option.dat edit and a
/// dispatcher.cnf edit at once.
#[test]
fn edits_of_two_files_at_once_lose_nothing() {
    let opt = ["option", "set", "LOG_CONNECTION=7", ".", "--write"];
    let kw = ["channel", "add-keyword", "tcp_local", "single", ".", "--write"];
    let disp = ["dispatcher", "set", "MAX_PROCS=6", ".", "--write"];
    // 30 rounds of each pair.
    for round in 0..60 {
        let other: &[&str] = if round % 2 == 0 { &kw } else { &disp };
        let env: &[(&str, &str)] =
            if round % 5 == 4 { &[("IMTACFG_LOCK_TIMEOUT", "0")] } else { &[] };
        let c = Conf::sample();
        let before = c.snap();
        let (oa, ob) = if round % 4 < 2 {
            race(&c.dir, &opt, other, env)
        } else {
            let (b, a) = race(&c.dir, other, &opt, env);
            (a, b)
        };
        for o in [&oa, &ob] {
            assert!(o.code == 0 || o.code == 3, "round {round}: {o:?}");
        }
        let set = load(&c.dir);
        let opts = options_meaning(&set, "option.dat").0[0].settings.clone();
        assert_eq!(
            value_of(&opts, "LOG_CONNECTION").as_deref(),
            Some(if oa.code == 0 { "7" } else { "3" }),
            "round {round}: {oa:?}"
        );
        if other == kw {
            let (_, blocks) = imta_meaning(&set);
            let b = &blocks[channel_indices(&blocks, "tcp_local")[0]];
            let has = |k: &str| b.keywords.iter().any(|(n, _)| n == k);
            assert_eq!(has("single"), ob.code == 0, "round {round}: {ob:?}");
            assert_eq!(has("single_sys"), ob.code != 0, "round {round}: {ob:?}");
        } else {
            let (s, _) = options_meaning(&set, "dispatcher.cnf");
            assert_eq!(
                value_of(&s[0].settings, "MAX_PROCS").as_deref(),
                Some(if ob.code == 0 { "6" } else { "5" }),
                "round {round}: {ob:?}"
            );
        }
        assert_eq!(
            c.snap().keys().collect::<Vec<_>>(),
            before.keys().collect::<Vec<_>>(),
            "round {round}: files left behind"
        );
    }
}

/// A lock held by someone else: with IMTACFG_LOCK_TIMEOUT=0 a --write run exits 3 and
/// writes nothing; a run without --write does not need the lock; a run that may wait
/// gets the lock once it is released.
#[test]
fn a_held_lock_stops_a_write() {
    let c = Conf::sample();
    let before = c.snap();
    let held = fs::File::open(&c.dir).unwrap();
    held.lock().unwrap();
    let args = ["option", "set", "LOG_CONNECTION=7", ".", "--write"];
    let out = run_env(&c.dir, &args, &[("IMTACFG_LOCK_TIMEOUT", "0")]);
    assert_eq!(out.code, 3, "{out:?}");
    assert!(out.stderr.contains("another imtacfg"), "{out:?}");
    assert!(c.snap() == before, "a file changed while the lock was held");
    for args in [
        &["logging", "enable", "--all", ".", "--write"][..],
        &["channel", "add-keyword", "tcp_local", "single", ".", "--write"],
        &["dispatcher", "set", "MAX_PROCS=6", ".", "--write"],
        &["debug", "set", "4", ".", "--write"],
    ] {
        let out = run_env(&c.dir, args, &[("IMTACFG_LOCK_TIMEOUT", "0")]);
        assert_eq!(out.code, 3, "{args:?}: {out:?}");
        assert!(c.snap() == before, "{args:?}: a file changed");
    }
    // The lock is the directory's, whatever way the configuration is named.
    for args in [
        &["option", "set", "LOG_CONNECTION=7", "./option.dat", "--write"][..],
        &["option", "set", "LOG_CONNECTION=7", "-C", ".", "--write"],
        &["channel", "add-keyword", "tcp_local", "single", "./imta.cnf", "--write"],
    ] {
        let out = run_env(&c.dir, args, &[("IMTACFG_LOCK_TIMEOUT", "0")]);
        assert_eq!(out.code, 3, "{args:?}: {out:?}");
        assert!(c.snap() == before, "{args:?}: a file changed");
    }
    let out = run_env(
        c.tmp.path(),
        &["logging", "enable", "--all", "conf", "--write"],
        &[("IMTACFG_LOCK_TIMEOUT", "0")],
    );
    assert_eq!(out.code, 3, "{out:?}");
    // Showing the diff needs no lock.
    let out = run_env(&c.dir, &args[..4], &[("IMTACFG_LOCK_TIMEOUT", "0")]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stdout.clone().starts_with("--- a/option.dat"), "{out:?}");
    // A run that may wait 10 s gets the lock when it is released.
    let child = spawn(&c.dir, &args, &[("IMTACFG_LOCK_TIMEOUT", "10")]);
    std::thread::sleep(std::time::Duration::from_millis(400));
    assert!(c.snap() == before, "written while the lock was held");
    drop(held);
    let out = Out::from(child.wait_with_output().unwrap());
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(value_of(&option_dat_settings(&c.dir), "LOG_CONNECTION").as_deref(), Some("7"));
}

// ---------------------------------------------------------------------------------------
// 3. Metadata
// ---------------------------------------------------------------------------------------

fn is_root() -> bool {
    rustix::process::geteuid().is_root()
}

/// What a --write did to one file: written (metadata to compare) or refused with a
/// reason and nothing written.
enum Outcome {
    Written,
    Refused,
}

fn write_or_refuse(c: &Conf, args: &[&str], file: &str) -> Outcome {
    let before = c.snap();
    let out = c.run(args);
    match out.code {
        0 => {
            assert!(c.read(file) != before[file], "exit 0 but {file} unchanged");
            assert!(out.stdout.clone().contains(&format!("wrote {file}")), "{out:?}");
            Outcome::Written
        }
        2 => {
            assert!(
                out.stderr.contains("nothing was written"),
                "refused without saying nothing was written: {out:?}"
            );
            assert!(c.snap() == before, "refused, yet a file changed");
            eprintln!("refused (allowed): {}", out.stderr.trim());
            Outcome::Refused
        }
        _ => panic!("{out:?}"),
    }
}

const OPT_SET: &[&str] = &["option", "set", "LOG_CONNECTION=7", ".", "--write"];

/// `imtacfg OPT_SET` in `c`, run by `sh -c SCRIPT` (the script execs `"$0" "$@"`, after
/// setting a umask, say), with `NO_COLOR`; it must exit 0.
fn opt_set_by_sh(c: &Conf, script: &str) -> Out {
    let o = Out::from(
        Command::new("sh")
            .args(["-c", script])
            .arg(BIN)
            .args(OPT_SET)
            .current_dir(&c.dir)
            .env("NO_COLOR", "1")
            .output()
            .unwrap(),
    );
    assert_eq!(o.code, 0, "{o:?}");
    o
}

#[test]
fn setuid_and_setgid_bits_survive() {
    use std::os::unix::fs::PermissionsExt;
    for mode in [0o6640, 0o2644, 0o4600, 0o1640] {
        let c = Conf::sample();
        fs::set_permissions(c.path("option.dat"), fs::Permissions::from_mode(mode)).unwrap();
        if let Outcome::Written = write_or_refuse(&c, OPT_SET, "option.dat") {
            let m = fs::metadata(c.path("option.dat")).unwrap().permissions().mode() & 0o7777;
            assert_eq!(m, mode, "mode {mode:04o} became {m:04o}");
        }
    }
}

#[test]
fn owner_and_group_survive() {
    use std::os::unix::fs::MetadataExt;
    if !is_root() {
        eprintln!("skipped: not root, cannot give a file to another owner");
        return;
    }
    let c = Conf::sample();
    for (name, args) in [
        ("option.dat", OPT_SET),
        ("imta.cnf", &["logging", "disable", "--all", ".", "--write"][..]),
        ("dispatcher.cnf", &["dispatcher", "set", "MAX_PROCS=6", ".", "--write"]),
    ] {
        std::os::unix::fs::chown(c.path(name), Some(1234), Some(1234)).unwrap();
        if let Outcome::Written = write_or_refuse(&c, args, name) {
            let m = fs::metadata(c.path(name)).unwrap();
            assert_eq!((m.uid(), m.gid()), (1234, 1234), "{name}");
        }
    }
    // With setgid: the change of owner must not cost the bit.
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(c.path("option.dat"), fs::Permissions::from_mode(0o6640)).unwrap();
    let args = ["option", "set", "LOG_CONNECTION=1", ".", "--write"];
    if let Outcome::Written = write_or_refuse(&c, &args, "option.dat") {
        let m = fs::metadata(c.path("option.dat")).unwrap();
        assert_eq!((m.uid(), m.gid(), m.mode() & 0o7777), (1234, 1234, 0o6640));
    }
}

/// Every extended attribute of a file, sorted (None: the file system has none).
fn xattrs(path: &Path) -> Option<Vec<(Vec<u8>, Vec<u8>)>> {
    let len = rustix::fs::listxattr_query(path).ok()?;
    let mut names = vec![0u8; len];
    let n = rustix::fs::listxattr(path, &mut names[..]).ok()?;
    names.truncate(n);
    let mut out = Vec::new();
    for name in names.split(|&b| b == 0).filter(|n| !n.is_empty()) {
        let size = rustix::fs::getxattr_query(path, name).ok()?;
        let mut v = vec![0u8; size];
        let n = rustix::fs::getxattr(path, name, &mut v[..]).ok()?;
        v.truncate(n);
        out.push((name.to_vec(), v));
    }
    out.sort();
    Some(out)
}

#[test]
fn user_extended_attributes_survive() {
    let c = Conf::sample();
    let p = c.path("option.dat");
    if let Err(e) = rustix::fs::setxattr(&p, "user.test", b"kept", rustix::fs::XattrFlags::empty())
    {
        eprintln!("skipped: the file system refuses user extended attributes ({e})");
        return;
    }
    rustix::fs::setxattr(&p, "user.other", b"", rustix::fs::XattrFlags::empty()).unwrap();
    let before = xattrs(&p).unwrap();
    assert!(before.iter().any(|(n, v)| n == b"user.test" && v == b"kept"));
    if let Outcome::Written = write_or_refuse(&c, OPT_SET, "option.dat") {
        assert_eq!(xattrs(&p).unwrap(), before, "extended attributes lost");
    }
    // Through the command-line tools too, where they exist.
    if let Ok(o) =
        Command::new("getfattr").args(["--only-values", "-n", "user.test"]).arg(&p).output()
    {
        assert!(o.status.success(), "{o:?}");
        assert_eq!(o.stdout, b"kept");
    }
}

fn getfacl(path: &Path) -> Option<String> {
    let o = Command::new("getfacl").args(["--omit-header", "--numeric"]).arg(path).output().ok()?;
    o.status.success().then(|| String::from_utf8_lossy(&o.stdout).into_owned())
}

#[test]
fn posix_acls_survive() {
    let c = Conf::sample();
    let p = c.path("option.dat");
    let set = Command::new("setfacl").args(["-m", "u:1234:r,g:1234:rw"]).arg(&p).output();
    match set {
        Ok(o) if o.status.success() => {}
        Ok(o) => {
            eprintln!("skipped: setfacl refused: {}", String::from_utf8_lossy(&o.stderr));
            return;
        }
        Err(_) => {
            eprintln!("skipped: no setfacl");
            return;
        }
    }
    let Some(before) = getfacl(&p) else {
        eprintln!("skipped: no getfacl");
        return;
    };
    assert!(before.contains("user:1234:r--"), "{before}");
    if let Outcome::Written = write_or_refuse(&c, OPT_SET, "option.dat") {
        assert_eq!(getfacl(&p).unwrap(), before, "the ACL changed");
    }
    // And a second edit, with a backup, keeps it as well.
    let args = ["option", "set", "LOG_CONNECTION=1", ".", "--write", "--backup"];
    if let Outcome::Written = write_or_refuse(&c, &args, "option.dat") {
        assert_eq!(getfacl(&p).unwrap(), before, "the ACL changed");
    }
}

/// `setpriv` as nobody, or None when that cannot work here.
fn as_nobody(dir: &Path, prog: &Path, args: &[&str]) -> Option<std::process::Output> {
    Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(prog)
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("IMTACFG_LOCK_TIMEOUT")
        .output()
        .ok()
}

/// Can nobody run programs here, and do file modes bind nobody?
fn nobody_usable(c: &Conf) -> bool {
    use std::os::unix::fs::PermissionsExt;
    if !is_root() {
        eprintln!("skipped: not root");
        return false;
    }
    if !as_nobody(&c.dir, Path::new("true"), &[]).is_some_and(|o| o.status.success()) {
        eprintln!("skipped: cannot run as nobody (no setpriv?)");
        return false;
    }
    // A directory nobody may not write: does that bind here?
    let probe = c.tmp.path().join("probe");
    fs::create_dir(&probe).unwrap();
    fs::set_permissions(&probe, fs::Permissions::from_mode(0o755)).unwrap();
    let _ = as_nobody(&probe, Path::new("touch"), &["x"]);
    if probe.join("x").exists() {
        eprintln!("skipped: file modes do not bind nobody here");
        return false;
    }
    match as_nobody(&c.dir, Path::new(BIN), &["--version"]) {
        Some(o) if o.status.success() => true,
        o => {
            eprintln!("skipped: the binary cannot run as nobody: {o:?}");
            false
        }
    }
}

/// Run as nobody on files that belong to root: refused (exit 2), nothing changed, the
/// file never taken over by nobody.
#[test]
fn another_owners_file_is_never_taken_over() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let c = Conf::sample();
    fs::set_permissions(c.tmp.path(), fs::Permissions::from_mode(0o755)).unwrap();
    if !nobody_usable(&c) {
        return;
    }
    // (1) A directory nobody cannot write, files nobody can read and write.
    for name in c.snap().keys() {
        fs::set_permissions(c.path(name), fs::Permissions::from_mode(0o666)).unwrap();
    }
    fs::set_permissions(&c.dir, fs::Permissions::from_mode(0o755)).unwrap();
    let before = c.snap();
    let o = Out::from(as_nobody(&c.dir, Path::new(BIN), OPT_SET).unwrap());
    assert_eq!(o.code, 2, "{o:?}");
    assert!(c.snap() == before, "a file changed");
    let m = fs::metadata(c.path("option.dat")).unwrap();
    assert_eq!((m.uid(), m.gid()), (0, 0));
    // (2) A directory nobody can write (so a temporary file can be made), the file still
    // root's: the new version could not belong to root, so it must not be written.
    fs::set_permissions(&c.dir, fs::Permissions::from_mode(0o777)).unwrap();
    for args in [
        OPT_SET,
        &["option", "set", "LOG_CONNECTION=7", ".", "--write", "--backup"][..],
        &["logging", "disable", "--all", ".", "--write"],
    ] {
        let o = Out::from(as_nobody(&c.dir, Path::new(BIN), args).unwrap());
        fs::set_permissions(&c.dir, fs::Permissions::from_mode(0o755)).unwrap();
        assert_eq!(o.code, 2, "{args:?}: {o:?}");
        assert!(o.stderr.contains("nothing was written"), "{o:?}");
        assert!(c.snap() == before, "{args:?}: a file changed (or one was left behind)");
        for name in ["option.dat", "imta.cnf"] {
            let m = fs::metadata(c.path(name)).unwrap();
            assert_eq!((m.uid(), m.gid()), (0, 0), "{name} was taken over");
        }
        fs::set_permissions(&c.dir, fs::Permissions::from_mode(0o777)).unwrap();
    }
    fs::set_permissions(&c.dir, fs::Permissions::from_mode(0o755)).unwrap();
    // The control: nobody's own file in nobody's own directory is edited, and stays
    // nobody's.
    std::os::unix::fs::chown(&c.dir, Some(65534), Some(65534)).unwrap();
    std::os::unix::fs::chown(c.path("option.dat"), Some(65534), Some(65534)).unwrap();
    fs::set_permissions(c.path("option.dat"), fs::Permissions::from_mode(0o640)).unwrap();
    let o = Out::from(as_nobody(&c.dir, Path::new(BIN), OPT_SET).unwrap());
    assert_eq!(o.code, 0, "{o:?}");
    let m = fs::metadata(c.path("option.dat")).unwrap();
    assert_eq!((m.uid(), m.gid(), m.mode() & 0o7777), (65534, 65534, 0o640));
    assert_eq!(value_of(&option_dat_settings(&c.dir), "LOG_CONNECTION").as_deref(), Some("7"));
}

/// A new option.dat takes the mode of its siblings, not the umask's.
#[test]
fn a_new_file_takes_its_siblings_mode() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let c = Conf::sample();
    fs::remove_file(c.path("option.dat")).unwrap();
    // Without option.dat, imta_tailor's IMTA_OPTION_FILE still names it.
    for name in c.snap().keys() {
        fs::set_permissions(c.path(name), fs::Permissions::from_mode(0o644)).unwrap();
        if is_root() {
            std::os::unix::fs::chown(c.path(name), Some(1234), Some(1234)).unwrap();
        }
    }
    opt_set_by_sh(&c, "umask 077; exec \"$0\" \"$@\"");
    let m = fs::metadata(c.path("option.dat")).unwrap();
    assert_eq!(m.mode() & 0o7777, 0o644, "the new file has mode {:04o}", m.mode() & 0o7777);
    if is_root() {
        assert_eq!((m.uid(), m.gid()), (1234, 1234), "the new file's owner");
    }
    assert_eq!(c.read("option.dat"), b"LOG_CONNECTION=7\n");
}

/// `--backup` keeps every byte of the old file (a large one, with a Latin-1 byte and no
/// final newline), and the backup is not read as configuration.
#[test]
fn backup_keeps_every_old_byte() {
    let c = Conf::sample();
    let mut old = c.read("option.dat");
    for i in 0..20_000 {
        old.extend_from_slice(format!("! filler line {i} caf").as_bytes());
        old.extend_from_slice(b"\xe9\n");
    }
    // The byte 0xE9 on its own is not UTF-8: the file is Latin-1.
    old.extend_from_slice(b"ALIAS_URL1=ldap:///x\n! no final newline \xe9\xe9");
    fs::write(c.path("option.dat"), &old).unwrap();
    let out = c.run(&["option", "set", "LOG_CONNECTION=7", ".", "--write", "--backup"]);
    assert_eq!(out.code, 0, "{out:?}");
    let backups: Vec<String> =
        c.snap().into_keys().filter(|n| n.starts_with("option.dat.imtacfg-")).collect();
    assert_eq!(backups.len(), 1, "{backups:?}");
    assert!(c.read(&backups[0]) == old, "the backup is not the old file");
    let new = c.read("option.dat");
    assert_eq!(new.len(), old.len(), "LOG_CONNECTION=3 became =7 in place");
    assert!(new.ends_with(b"\xe9\xe9"), "the Latin-1 tail changed");
    assert!(out.stdout.clone().contains("(backup: "), "{out:?}");
    // A second backup in the same second gets a name of its own, and also holds the
    // bytes it replaced.
    let out = c.run(&["option", "set", "LOG_CONNECTION=1", ".", "--write", "--backup"]);
    assert_eq!(out.code, 0, "{out:?}");
    let mut backups: Vec<(String, Vec<u8>)> =
        c.snap().into_iter().filter(|(n, _)| n.starts_with("option.dat.imtacfg-")).collect();
    assert_eq!(backups.len(), 2);
    backups.retain(|(_, b)| *b != old);
    assert_eq!(backups.len(), 1);
    assert!(backups[0].1 == new, "the second backup is not the first result");
    assert_eq!(value_of(&option_dat_settings(&c.dir), "LOG_CONNECTION").as_deref(), Some("1"));
}

/// A file with a second hard link: a warning that names hard links comes on standard
/// error before the file is written.
#[test]
fn a_second_hard_link_is_warned_about_before_writing() {
    let c = Conf::sample();
    let old = c.read("option.dat");
    let other = c.tmp.path().join("option.dat.link");
    fs::hard_link(c.path("option.dat"), &other).unwrap();
    let o = opt_set_by_sh(&c, "exec \"$0\" \"$@\" 2>&1");
    let text = o.stdout.clone();
    let warn =
        text.find("hard link").unwrap_or_else(|| panic!("no warning about hard links: {text}"));
    let wrote = text.find("wrote option.dat").expect("wrote");
    assert!(warn < wrote, "the warning came after the write: {text}");
    assert_eq!(fs::read(&other).unwrap(), old, "the other name");
    assert!(c.read("option.dat") != old);
    // Without --write nothing is written, and no warning is needed.
    let o = c.run(&["option", "set", "LOG_CONNECTION=1", "."]);
    assert_eq!(o.code, 0, "{o:?}");
}

// ---------------------------------------------------------------------------------------
// 4. Regressions: corruptions that were fixed
// ---------------------------------------------------------------------------------------

/// Run `args` without and with --write; the diff must apply with git apply and patch to
/// the same bytes; the second run must change nothing. Returns the directory.
fn edit_everywhere(files: &[(&str, &[u8])], args: &[&str]) -> Conf {
    let snap: Entries = files.iter().map(|(n, b)| (n.to_string(), b.to_vec())).collect();
    let base = Conf::from_entries(&snap);
    let dry = base.run(args);
    assert_eq!(dry.code, 0, "{dry:?}");
    assert!(dry.bytes.starts_with(b"--- a/"), "{dry:?}");
    let w = Conf::from_entries(&snap);
    let out = w.run(&with_write(args));
    assert_eq!(out.code, 0, "{out:?}");
    let after = w.snap();
    assert!(after != snap);
    if have("git") {
        let g = Conf::from_entries(&snap);
        git_apply(&g.dir, &dry.bytes).unwrap();
        assert!(g.snap() == after, "git apply: {}", show_snap(&g.snap()));
    }
    if have("patch") {
        let p = Conf::from_entries(&snap);
        patch_p1(&p.dir, &dry.bytes).unwrap();
        assert!(p.snap() == after, "patch: {}", show_snap(&p.snap()));
    }
    let again = w.run(args);
    assert!(nothing(&again), "second run: {again:?}");
    let again = w.run(&with_write(args));
    assert!(nothing(&again), "second --write: {again:?}");
    assert!(w.snap() == after);
    w
}

/// The settings of option.dat from `imtacfg dump --format json`.
fn dumped_settings(dir: &Path) -> Vec<(String, String)> {
    let out = run_env(dir, &["dump", ".", "--format", "json"], &[]);
    assert_eq!(out.code, 0, "{out:?}");
    let v: Value = serde_json::from_slice(&out.bytes).unwrap();
    let f = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"].as_str().unwrap().ends_with("option.dat"))
        .expect("option.dat in the dump");
    f["model"]["settings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                // Dump version 2: `normalized` only where it differs from the name.
                s["normalized"].as_str().or(s["name"]["text"].as_str()).unwrap().to_string(),
                s["value"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn option_set_after_a_dangling_continuation_and_a_comment() {
    for text in [
        &b"DELIVERY_OPTIONS=a\\\n!c"[..],
        b"DELIVERY_OPTIONS=a\\\n!c\n",
        b"DELIVERY_OPTIONS=a\\\r\n!c\r\n",
        b"DELIVERY_OPTIONS=a\\\n#c\n!d",
        b"LOG_CONNECTION=1\nDELIVERY_OPTIONS=a\\\n!c",
    ] {
        let w =
            edit_everywhere(&[("option.dat", text)], &["option", "set", "LOG_CONNECTION=3", "."]);
        let s = dumped_settings(&w.dir);
        assert_eq!(
            value_of(&s, "DELIVERY_OPTIONS").as_deref(),
            Some("a"),
            "{}: {s:?}",
            visible(text)
        );
        assert_eq!(
            value_of(&s, "LOG_CONNECTION").as_deref(),
            Some("3"),
            "{}: {s:?}",
            visible(text)
        );
        assert_eq!(s.len(), 2, "{s:?}");
        assert_eq!(comment_lines(&w.read("option.dat"), b"!#"), comment_lines(text, b"!#"));
    }
}

#[test]
fn dispatcher_set_after_a_dangling_continuation_creates_a_real_section() {
    for text in [&b"A=\\\n!"[..], b"A=\\\n!\n", b"A=\\\r\n!\r\n", b"A=x\\\n! c\n#d"] {
        let w = edit_everywhere(
            &[("dispatcher.cnf", text)],
            &["dispatcher", "set", "--service", "SMTP", "--create", "MAX_CONNS=5", "."],
        );
        let set = load(&w.dir);
        let (sections, bad) = options_meaning(&set, "dispatcher.cnf");
        let (old, _) = {
            let c = Conf::from_entries(&[("dispatcher.cnf".to_string(), text.to_vec())].into());
            let s = load(&c.dir);
            options_meaning(&s, "dispatcher.cnf")
        };
        assert_eq!(sections.len(), 2, "{}: {sections:?}", visible(text));
        assert_eq!(sections[0], old[0], "the globals changed");
        assert_eq!(sections[1].header, Some(("SERVICE".to_string(), "SMTP".to_string())));
        assert_eq!(sections[1].settings, vec![("MAX_CONNS".to_string(), "5".to_string())]);
        assert!(bad.is_empty(), "{bad:?}");
        // The Dispatcher's own model sees the section too.
        let m = set.files[0].dispatcher().unwrap();
        assert_eq!(m.sections.len(), 1);
        let (s, _) = m.effective(0, "MAX_CONNS").unwrap();
        assert_eq!(s.value_trimmed(), "5");
    }
}

#[test]
fn add_keyword_after_a_keyword_missing_its_argument() {
    for (text, ch) in [
        (&b"r $U@tcp-daemon\n\ntcp_local smtp pool\ntcp-daemon\n"[..], "tcp_local"),
        (b"r $U@tcp-daemon\r\n\r\ntcp_local smtp pool\r\ntcp-daemon\r\n", "tcp_local"),
        (b"r $U@tcp-daemon\n\ntcp_local smtp \\\n! c\n  maxjobs\ntcp-daemon", "tcp_local"),
    ] {
        let w =
            edit_everywhere(&[("imta.cnf", text)], &["channel", "add-keyword", ch, "logging", "."]);
        let set = load(&w.dir);
        let f = &set.files[0];
        let m = f.imta().unwrap();
        let b = m.blocks.iter().find(|b| b.name(&f.source.text) == Some(ch)).unwrap();
        let kws: Vec<(String, Vec<String>)> = b
            .head
            .as_ref()
            .unwrap()
            .keywords
            .iter()
            .map(|k| {
                (
                    k.normalized(&f.source.text),
                    k.args.iter().map(|a| a.text(&f.source.text).to_string()).collect(),
                )
            })
            .collect();
        assert!(
            kws.iter().any(|(k, a)| k == "logging" && a.is_empty()),
            "{}: {kws:?}",
            visible(text)
        );
        assert!(
            kws.iter().all(|(_, a)| !a.iter().any(|x| x.eq_ignore_ascii_case("logging"))),
            "logging became an argument: {kws:?}"
        );
        assert_eq!(kws.len(), 3, "{kws:?}");
        let st = logging_status(&w.dir);
        assert_eq!(st, vec![(ch.to_string(), true)]);
        assert_eq!(comment_lines(&w.read("imta.cnf"), b"!"), comment_lines(text, b"!"));
    }
}

#[test]
fn a_lone_cr_inside_a_line_survives_the_diff() {
    // In a comment, in a value, in an imta.cnf comment and on a channel's comment line.
    edit_everywhere(
        &[("option.dat", b"! a\rb\nLOG_CONNECTION=1\nX=a\rb\nLOG_PROCESS=1\n")],
        &["option", "set", "LOG_CONNECTION=3", "."],
    );
    let w = edit_everywhere(
        &[("option.dat", b"LOG_FILENAME=a\rb\nLOG_CONNECTION=1\r\n")],
        // A text value where a number belongs: --force past the lint gate.
        &["option", "set", "LOG_FILENAME=c", ".", "--force"],
    );
    assert_eq!(w.read("option.dat"), b"LOG_FILENAME=c\nLOG_CONNECTION=1\r\n");
    edit_everywhere(
        &[("option.dat", b"A=1\nB=x\rz\n")],
        &["option", "set", "LOG_CONNECTION=3", "."],
    );
    edit_everywhere(&[("option.dat", b"A=1\nB=x\rz")], &["option", "unset", "A", "."]);
    let cnf: &[u8] =
        b"! head\rer\nr $U@tcp-daemon\n\n! a\rb\ntcp_local smtp \\\n! c\rd\n  mx\ntcp-daemon\n";
    let w = edit_everywhere(
        &[("imta.cnf", cnf)],
        &["channel", "add-keyword", "tcp_local", "single", "."],
    );
    assert_eq!(comment_lines(&w.read("imta.cnf"), b"!"), comment_lines(cnf, b"!"));
    edit_everywhere(&[("imta.cnf", cnf)], &["logging", "enable", "--all", "."]);
    edit_everywhere(
        &[("dispatcher.cnf", b"! x\ry\n[SERVICE=SMTP]\nPORT=25\r\n")],
        &["debug", "set", "4", ".", "--service", "SMTP"],
    );
}

// ---------------------------------------------------------------------------------------
// Bugs found while writing these tests
// ---------------------------------------------------------------------------------------

/// A file whose last line ends in a lone CR (no LF): the diff's last line has no line
/// end and no `\ No newline at end of file` marker (the diff writer takes the CR for a
/// line end), so `git apply` says "corrupt patch" and `patch` says "malformed patch" or
/// applies with fuzz. `--write` itself writes the right bytes.
#[test]
fn diff_of_a_file_ending_in_a_lone_cr_applies() {
    // The edit does not even touch the last line: it is only context.
    edit_everywhere(
        &[("option.dat", b"LOG_FILENAME=1\nB=2\r")],
        &["option", "set", "LOG_FILENAME=3", "."],
    );
    edit_everywhere(
        &[("option.dat", b"LOG_FILENAME=x\\\r")],
        &["option", "set", "LOG_FILENAME=3", "."],
    );
    edit_everywhere(
        &[("imta.cnf", b"r $U@tcp_0-daemon\n\ntcp_0 smtp\ntcp_0-daemon\r")],
        &["logging", "enable", "--all", "."],
    );
    edit_everywhere(
        &[("dispatcher.cnf", b"[SERVICE=SMTP]\nPORT=25\n! end\r")],
        &["debug", "set", "4", ".", "--service", "SMTP"],
    );
}

/// A setting at the end of the file whose line ends in a lone CR (`A=1` + CR, or
/// `A=x\` + CR): a new setting is appended after `\n`, which turns the CR into a CRLF
/// line end (and `\` + CRLF into a continuation). The re-check sees that the new text
/// changes A and refuses with "the edit would not do what was asked … this is a bug in
/// imtacfg" (exit 2, nothing written): safe, but a plain request cannot be carried out.
#[test]
fn append_after_a_lone_cr_at_the_end_of_the_file() {
    for (file, text, args) in [
        ("option.dat", &b"A=1\r"[..], &["option", "set", "LOG_CONNECTION=3", "."][..]),
        ("option.dat", b"A=x\\\r", &["option", "set", "LOG_CONNECTION=3", "."]),
        ("dispatcher.cnf", b"A=x\\\r", &["dispatcher", "set", "MAX_CONNS=5", "."]),
        (
            "dispatcher.cnf",
            b"A=x\\\r",
            &["dispatcher", "set", "--service", "SMTP", "--create", "MAX_CONNS=5", "."],
        ),
    ] {
        let c = Conf::from_entries(&[(file.to_string(), text.to_vec())].into());
        let out = c.run(&with_write(args));
        assert_eq!(out.code, 0, "{} {args:?}: {out:?}", visible(text));
        let (sections, _) = options_meaning(&load(&c.dir), file);
        let all: Vec<&(String, String)> = sections.iter().flat_map(|s| &s.settings).collect();
        assert!(
            all.iter()
                .any(|(n, v)| (n == "LOG_CONNECTION" && v == "3") || (n == "MAX_CONNS" && v == "5")),
            "{all:?}"
        );
        assert!(
            all.iter()
                .all(|(n, v)| n != "A" || !v.contains("LOG_CONNECTION") && !v.contains("MAX_CONNS")),
            "the new setting became part of A: {all:?}"
        );
    }
}

/// A keyword whose arguments are continued onto the next physical line, with a comment
/// line in between: `add-keyword` replaces the keyword and its arguments as one span,
/// from the keyword to its last argument, so the comment line inside that span is
/// deleted (the meaning is right, so the re-check lets it through). README: "comment
/// lines inside the block are respected".
#[test]
fn comment_between_a_keyword_and_its_arguments_is_kept() {
    for (text, args) in [
        (
            &b"r $U@tcp_0-daemon\n\ntcp_0 pool \\\n! keep this note\n  SMTP_POOL\ntcp_0-daemon\n"[..],
            &["channel", "add-keyword", "tcp_0", "pool", "P2", "."][..],
        ),
        (
            b"r $U@tcp_0-daemon\r\n\r\ntcp_0 maxjobs 7 notices \\\r\n! keep this note\r\n  1 2 4\r\ntcp_0-daemon\r\n",
            &["channel", "add-keyword", "tcp_0", "notices", "1", "2", "."],
        ),
        (
            b"r $U@tcp_0-daemon\n\ndefaults notices \\\n! keep this note\n  1 2\n\ntcp_0 smtp\ntcp_0-daemon\n",
            &["channel", "add-keyword", "defaults", "notices", "7", "."],
        ),
    ] {
        let w = edit_everywhere(&[("imta.cnf", text)], args);
        assert_eq!(
            comment_lines(&w.read("imta.cnf"), b"!"),
            comment_lines(text, b"!"),
            "{args:?}: a comment line was lost:\n{}",
            visible(&w.read("imta.cnf"))
        );
    }
}

/// The imta.cnf properties on files whose comment lines may also stand between a
/// keyword and its continued arguments (see
/// `comment_between_a_keyword_and_its_arguments_is_kept`).
#[test]
fn property_comments_between_a_keyword_and_its_arguments() {
    const NAMES: &[&str] = &["tcp_0", "tcp_1", "tcp_2", "tcp_3", "tcp_4", "tcp_5", "tcp_6"];
    let other_args = |k: &str| -> &'static str {
        match k.split(' ').next().unwrap() {
            "maxjobs" => "maxjobs 3",
            "pool" => "pool P2",
            "notices" => "notices 1 2",
            "subdirs" => "subdirs 10",
            "port" => "port 2525",
            _ => "backoff \"pt1m\"",
        }
    };
    let cases = files().prop_flat_map(move |mut f| {
        f.imta.split_comments = true;
        // Continue every keyword line between its first keyword with arguments and its
        // first argument, with a comment line there; then give that keyword other
        // arguments.
        let mut cmds = Vec::new();
        let mut n = 0;
        for b in &mut f.imta.blocks {
            let (line, name) = match b {
                Blk::Channel(Channel { line, duplicate, .. }) => {
                    let name = if *duplicate && n > 0 { n - 1 } else { n };
                    if !(*duplicate && n > 0) {
                        n += 1;
                    }
                    (line, NAMES.get(name).copied())
                }
                Blk::Defaults(line) => (line, None),
                _ => continue,
            };
            let mut at = 1;
            for k in &line.keywords {
                let words = k.split(' ').count();
                if words > 1 {
                    line.breaks.push(at + 1);
                    if let Some(name) = name {
                        cmds.push(Cmd::AddKeyword(name, other_args(k)));
                    }
                    break;
                }
                at += words;
            }
            line.comments_after = vec![0, 1, 2, 3];
        }
        if cmds.is_empty() {
            cmds.push(Cmd::Logging(true, LogTarget::All { per_channel: true }));
        }
        (Just(f), prop::sample::select(cmds))
    });
    property_of("comments inside keywords", cases, CASES as usize / 3);
}
