//! The editing commands end to end (`logging`, `option`, `channel`, `dispatcher`,
//! `debug set`), always on copies in temporary directories:
//!
//! - snapshots of the diffs every command prints on the sample, on a CRLF copy, on a
//!   Latin-1 copy and on small messy configurations (continuation lines, duplicates,
//!   commented-out blocks, `nodefaults`, no `defaults` line, no final newline);
//! - what `--write` leaves behind: the channels log (or not) as asked, no new error-level
//!   finding, only the intended lines changed, and a second run changes nothing;
//! - the safety paths of saving (changed on disk, read-only directory, symlink, file mode,
//!   `--backup`, edits that add errors, a crash before the rename);
//! - bad input.
//!
//! Every command runs with the configuration directory as the current directory and `.`
//! as PATH, so the diff headers (`--- a/imta.cnf`) do not depend on the temporary path.
//!
//! Some tests at the end reproduce bugs found while these tests were written (now fixed).

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use imtacfg::edit::save::{SaveError, SaveOptions, save};
use imtacfg::knowledge::Catalog;
use imtacfg::model::config_set::{ConfigSet, LoadOptions};
use imtacfg::source::SourceFile;
use imtacfg::syntax::Kind;
use serde_json::Value;
use similar::{DiffOp, TextDiff};

use crate::common::*;

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

/// Run each command (none with `--write`) and write down what it printed.
fn transcript(conf: &Conf, commands: &[&[&str]]) -> String {
    let before = conf.files();
    let mut s = String::new();
    for args in commands {
        let out = conf.run(args);
        s.push_str(&format!("$ imtacfg {}\n", args.join(" ")));
        s.push_str(&visible(&out.bytes));
        for line in out.stderr.lines() {
            s.push_str(&format!("[stderr] {line}\n"));
        }
        s.push_str(&format!("[exit {}]\n\n", out.code));
    }
    assert!(conf.files() == before, "a command without --write changed a file");
    s
}

/// Replace the first occurrence of `from` by `to`.
fn replace_once(bytes: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    let p = bytes
        .windows(from.len())
        .position(|w| w == from)
        .unwrap_or_else(|| panic!("{:?} not found", String::from_utf8_lossy(from)));
    [&bytes[..p], to, &bytes[p + from.len()..]].concat()
}

/// The error-level findings of `lint --format json`, as sorted `file code` strings.
fn lint_errors(conf: &Conf) -> Vec<String> {
    let out = conf.run(&["lint", ".", "--format", "json"]);
    assert!(out.code == 0 || out.code == 1, "{out:?}");
    let v: Value = serde_json::from_slice(&out.bytes).unwrap();
    let mut errs: Vec<String> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| format!("{} {}", d["file"].as_str().unwrap(), d["code"]))
        .collect();
    errs.sort();
    assert_eq!(v["summary"]["errors"].as_u64().unwrap() as usize, errs.len());
    errs
}

/// `after` holds no error that `before` does not (as multisets).
fn no_new_errors(before: &[String], after: &[String]) {
    let mut left = before.to_vec();
    for e in after {
        match left.iter().position(|b| b == e) {
            Some(i) => {
                left.remove(i);
            }
            None => panic!("new error after the edit: {e}\nbefore: {before:?}\nafter: {after:?}"),
        }
    }
}

/// Lines with their terminators.
fn lines(text: &str) -> Vec<&str> {
    text.split_inclusive('\n').collect()
}

fn is_blank(line: &str) -> bool {
    line.trim().is_empty()
}

/// The words of some physical lines, continuation backslashes removed, without the words
/// `skip` says to drop.
fn words<'a>(lines: &[&'a str], skip: &dyn Fn(&str) -> bool) -> Vec<&'a str> {
    lines
        .iter()
        .flat_map(|l| l.split_whitespace())
        .filter(|w| *w != "\\")
        .map(|w| w.strip_suffix('\\').unwrap_or(w))
        .filter(|w| !w.is_empty() && !skip(w))
        .collect()
}

/// The line-ending shape of a text: (has CRLF, has bare LF, ends with a newline).
fn endings(text: &str) -> (bool, bool, bool) {
    let b = text.as_bytes();
    let crlf = b.windows(2).any(|w| w == b"\r\n");
    let lf = b.iter().enumerate().any(|(i, &c)| c == b'\n' && (i == 0 || b[i - 1] != b'\r'));
    (crlf, lf, text.ends_with('\n'))
}

/// Check a logging edit of imta.cnf (or an included channel file) line by line: apart
/// from the words `logging` / `nologging` and continuation backslashes, every changed
/// hunk has the same words before and after, except for inserted `defaults logging`
/// blocks, each of which brings exactly one blank line. Line endings and the final
/// newline are kept.
fn check_logging_lines(name: &str, old: &str, new: &str) {
    let skip = |w: &str| w.eq_ignore_ascii_case("logging") || w.eq_ignore_ascii_case("nologging");
    let (old_l, new_l) = (lines(old), lines(new));
    let diff = TextDiff::from_slices(&old_l, &new_l);
    let mut hunks: Vec<(Vec<&str>, Vec<&str>)> = Vec::new();
    let mut open = false;
    for op in diff.ops() {
        match *op {
            DiffOp::Equal { .. } => open = false,
            _ => {
                if !open {
                    hunks.push((Vec::new(), Vec::new()));
                    open = true;
                }
                let h = hunks.last_mut().unwrap();
                h.0.extend_from_slice(&old_l[op.old_range()]);
                h.1.extend_from_slice(&new_l[op.new_range()]);
            }
        }
    }
    let starts_defaults =
        |l: &str| l.split_whitespace().next().is_some_and(|w| w.eq_ignore_ascii_case("defaults"));
    let mut inserted_blocks = 0usize;
    for (o, n) in &hunks {
        let old_defaults = o.iter().filter(|l| starts_defaults(l)).count();
        let new_block: Vec<&str> =
            n.iter().copied().filter(|l| l.trim() == "defaults logging").collect();
        let n_kept: Vec<&str> = if old_defaults < new_block.len() {
            inserted_blocks += new_block.len() - old_defaults;
            let mut drop = new_block.len() - old_defaults;
            n.iter()
                .copied()
                .filter(|l| {
                    if drop > 0 && l.trim() == "defaults logging" {
                        drop -= 1;
                        false
                    } else {
                        true
                    }
                })
                .collect()
        } else {
            n.clone()
        };
        let o_words = words(&o.iter().copied().filter(|l| !is_blank(l)).collect::<Vec<_>>(), &skip);
        let n_words =
            words(&n_kept.iter().copied().filter(|l| !is_blank(l)).collect::<Vec<_>>(), &skip);
        assert_eq!(
            o_words, n_words,
            "{name}: a hunk changes more than logging keywords:\n-{o:?}\n+{n:?}"
        );
        for l in o.iter().chain(n) {
            if !is_blank(l) {
                let t = l.trim_start();
                assert!(
                    !t.starts_with('!'),
                    "{name}: a comment line changed: {l:?}\n-{o:?}\n+{n:?}"
                );
            }
        }
    }
    let blanks = |ls: &[&str]| ls.iter().filter(|l| is_blank(l)).count();
    assert_eq!(
        blanks(&new_l),
        blanks(&old_l) + inserted_blocks,
        "{name}: blank lines added or removed beyond one per new defaults block"
    );
    let (oc, ol, of) = endings(old);
    let (nc, nl, nf) = endings(new);
    assert!(
        (nc || !oc || new.len() < 2) && (!nl || ol) && (!nc || oc) && of == nf,
        "{name}: line endings or final newline changed"
    );
}

/// Parse one option-family text with the library.
fn option_settings(name: &str, bytes: &[u8], kind: Kind) -> Vec<(String, String)> {
    let src = SourceFile::from_bytes(name, bytes.to_vec()).unwrap();
    let set = ConfigSet::from_source(src, kind, &Catalog::builtin());
    let f = &set.files[0];
    let settings = match kind {
        Kind::Dispatcher => &f.dispatcher().unwrap().settings,
        _ => &f.options().unwrap().settings,
    };
    settings.iter().map(|s| (s.normalized.clone(), s.value_trimmed().to_string())).collect()
}

/// Comment lines (`!` in column 1) of a text, in order.
fn comment_lines(text: &str) -> Vec<String> {
    text.lines()
        .filter(|l| l.starts_with('!') || l.starts_with('#') || l.starts_with(';'))
        .map(|l| l.trim_end_matches('\r').to_string())
        .collect()
}

/// Which channels should log after a logging edit.
#[derive(Clone, Copy)]
enum Expect<'a> {
    /// Every channel logs (true) or none does (false), except the named ones
    /// (rewrite rules misread as channels, which per-channel edits skip).
    All(bool, &'a [&'a str]),
    /// These channels log (true) or not; the others stay as they were.
    Named(&'a [&'a str], bool),
}

/// The logging edits that every configuration takes, and what follows from each.
const LOGGING_EDITS: &[(&[&str], Expect<'static>)] = &[
    (&["logging", "enable", "--all"], Expect::All(true, &[])),
    (&["logging", "enable", "--all", "--per-channel"], Expect::All(true, &[])),
    (&["logging", "disable", "--all"], Expect::All(false, &[])),
    (&["logging", "disable", "--all", "--per-channel"], Expect::All(false, &[])),
    (&["logging", "enable", "--channel", "tcp_local"], Expect::Named(&["tcp_local"], true)),
    (&["logging", "disable", "--channel", "tcp_local"], Expect::Named(&["tcp_local"], false)),
];

/// Run a logging edit with `--write` on a fresh configuration and check everything the
/// issue asks for; returns the configuration for further checks.
fn logging_write_check(make: &dyn Fn() -> Conf, args: &[&str], expect: Expect) -> Conf {
    let conf = make();
    let before_files = conf.files();
    let before_status = logging_status(&conf.dir);
    let before_errors = lint_errors(&conf);
    let out = conf.run(&with_flags(args, &["--write"]));
    assert_eq!(out.code, 0, "{args:?}: {out:?}");
    let after_status = logging_status(&conf.dir);
    assert_eq!(before_status.len(), after_status.len(), "{args:?}");
    match expect {
        Expect::All(want, except) => {
            for (name, logs) in &after_status {
                if !except.contains(&name.as_str()) {
                    assert_eq!(*logs, want, "{args:?}: channel {name}: {after_status:?}");
                }
            }
        }
        Expect::Named(names, want) => {
            for ((name, logs), (_, was)) in after_status.iter().zip(&before_status) {
                if names.contains(&name.as_str()) {
                    assert_eq!(*logs, want, "{args:?}: channel {name}");
                } else {
                    assert_eq!(logs, was, "{args:?}: channel {name} changed");
                }
            }
        }
    }
    if !args.contains(&"--force") {
        no_new_errors(&before_errors, &lint_errors(&conf));
    }
    let after_files = conf.files();
    for (name, old) in &before_files {
        let new = &after_files[name];
        if new == old {
            continue;
        }
        if name == "option.dat" {
            continue; // checked by the --set tests
        }
        assert!(
            name.ends_with(".cnf") && name != "dispatcher.cnf" && name != "job_controller.cnf",
            "{args:?}: {name} changed"
        );
        let (o, n) = (
            imtacfg::source::SourceFile::from_bytes(name.as_str(), old.clone()).unwrap(),
            imtacfg::source::SourceFile::from_bytes(name.as_str(), new.clone()).unwrap(),
        );
        assert_eq!(o.encoding, n.encoding, "{name}: encoding changed");
        check_logging_lines(name, &o.text, &n.text);
    }
    for name in after_files.keys() {
        assert!(
            before_files.contains_key(name) || name == "option.dat",
            "{args:?}: new file {name}"
        );
    }
    // A second run changes nothing.
    let out = conf.run(&with_flags(args, &[]));
    assert_eq!(out.code, 0, "{args:?} again: {out:?}");
    assert_eq!(out.stdout.clone(), "nothing to change\n", "{args:?} again");
    let out = conf.run(&with_flags(args, &["--check"]));
    assert_eq!(out.code, 0, "{args:?} --check again");
    conf
}

/// `CMD SUB FLAGS… WORDS… .`: flags go before the trailing words (after them, the
/// commands with free-form trailing words would take them for words; see
/// `flags_after_the_words_are_flags`).
fn with_flags<'a>(args: &[&'a str], flags: &[&'a str]) -> Vec<&'a str> {
    let mut v = args[..2].to_vec();
    v.extend_from_slice(flags);
    v.extend_from_slice(&args[2..]);
    v.push(".");
    v
}

/// Run any edit with `--write`, then check that a second run prints "nothing to change"
/// and that the lint adds no error. Returns the files before the edit.
fn write_then_nothing(conf: &Conf, args: &[&str]) -> BTreeMap<String, Vec<u8>> {
    let before = conf.files();
    let errs = lint_errors(conf);
    let out = conf.run(&with_flags(args, &["--write"]));
    assert_eq!(out.code, 0, "{args:?}: {out:?}");
    assert!(out.stdout.clone().starts_with("wrote "), "{args:?}: {out:?}");
    assert_ne!(before, conf.files(), "{args:?}: nothing was written");
    no_new_errors(&errs, &lint_errors(conf));
    let out = conf.run(&with_flags(args, &[]));
    assert_eq!(
        (out.code, out.stdout.clone()),
        (0, "nothing to change\n".to_string()),
        "{args:?} again: {out:?}"
    );
    before
}

// ---------------------------------------------------------------------------------------
// Messy configurations (shared/spec/real-world.md)
// ---------------------------------------------------------------------------------------

/// Lines joined with `\n`, with a final newline.
fn text(lines: &[&str]) -> Vec<u8> {
    let mut s = lines.join("\n");
    s.push('\n');
    s.into_bytes()
}

/// A configuration of one imta.cnf of these lines.
fn imta_cnf(lines: &[&str]) -> Conf {
    Conf::with_files(&[("imta.cnf", text(lines))])
}

/// The messy configurations, in `tests/fixtures/messy/NAME/`:
///
/// - `continuations`: continuation lines everywhere: continued channel and defaults lines
///   with indented and unindented continuation lines, a comment between a keyword line and
///   its host line, trailing blanks, a continued option value with `!` comment lines
///   inside, `MAX_NOTIFYS = 2`;
/// - `duplicates`: two `tcp_local` blocks, two `defaults` lines, an option set twice (once
///   in lower case), a dispatcher section twice and an option repeated in a section;
/// - `commented`: a whole channel block (with `nologging`) and an include commented out, a
///   commented-out alternative right next to the active option, a commented-out section
///   header whose options stayed active;
/// - `nodefaults`: `nodefaults` in the middle: `defaults logging` first, a channel with
///   explicit `nologging`, `nodefaults`, then `defaults nologging` and more channels,
///   another `nodefaults` and a last channel without any defaults;
/// - `no_defaults`: no `defaults` line at all, lines holding only spaces as separators
///   (also the one that ends the rules), a comment directly after the separating blank
///   line; no option.dat;
/// - `no_final_newline`: no final newline in any file;
/// - `crlf_continuations`, `crlf_nodefaults`: copies of two of them with CRLF line ends.
fn messy(name: &str) -> Conf {
    let (dir, crlf_ends) = match name.strip_prefix("crlf_") {
        Some(lf) => (lf, true),
        None => (name, false),
    };
    let c = Conf::copy_of(&format!("tests/fixtures/messy/{dir}"));
    assert!(!c.files().is_empty(), "no messy configuration {name}");
    if crlf_ends {
        for file in c.files().keys() {
            c.map(file, crlf);
        }
    }
    c
}

const MESSY: &[&str] = &[
    "continuations", "duplicates", "commented", "nodefaults", "no_defaults", "no_final_newline",
    "crlf_continuations", "crlf_nodefaults",
];

// ---------------------------------------------------------------------------------------
// 1. Snapshots of the diffs
// ---------------------------------------------------------------------------------------

/// Every command on the sample, printing diffs only.
const SAMPLE_COMMANDS: &[&[&str]] = &[
    &["logging", "status", "."],
    &["logging", "enable", "--all", "."],
    &["logging", "disable", "--all", "."],
    &["logging", "enable", "--all", "--per-channel", "."],
    &["logging", "disable", "--all", "--per-channel", "."],
    &["logging", "disable", "--channel", "tcp_local", "--channel", "l", "."],
    &["logging", "enable", "--channel", "tcp_local", "."],
    &["logging", "enable", "--all", "--set", "LOG_CONNECTION=7", "--set", "LOG_NOTARY=1", "."],
    &["logging", "enable", "--all", "--set", "LOG_CONNECTION=3", "."],
    &["option", "set", "LOG_CONNECTION=7", "MAX_NOTIFYS=2", "."],
    &["option", "set", "history_to_return=5", "."],
    &["option", "set", "DELIVERY_OPTIONS=#*mailbox=@$X.ims-ms-daemon:$M", "."],
    &["option", "unset", "LOG_QUEUE_TIME", "SEPARATE_CONNECTION_LOG", "."],
    &["option", "set", "--file", "tcp_local_option", "MAX_B_ENTRIES=20", "LOG_BANNER=0", "."],
    &["option", "set", "--file", "imta_tailor", "IMTA_WORLD_GROUP=mailgrp", "."],
    &["option", "set", "LOG_FORMAT=1", "."],
    &["channel", "add-keyword", "tcp_local", "maxjobs", "3", "."],
    &["channel", "add-keyword", "tcp_auth", "nologging", "."],
    &["channel", "add-keyword", "defaults", "maxjobs", "5", "."],
    &["channel", "add-keyword", "ims-ms", "notices", "1", "3", "7", "."],
    &["channel", "remove-keyword", "tcp_local", "loopcheck", "."],
    &["channel", "remove-keyword", "tcp_local", "backoff", "."],
    &["channel", "remove-keyword", "defaults", "logging", "."],
    &["dispatcher", "set", "MAX_PROCS=8", "MAX_CONNS=25", "."],
    &["dispatcher", "set", "--service", "SMTP", "PORT=2525", "MAX_CONNS=40", "."],
    &[
        "dispatcher", "set", "--service", "LMTP", "--create", "PORT=2225",
        "IMAGE=IMTA_BIN:tcp_lmtp_server", ".",
    ],
    &["dispatcher", "unset", "--service", "SMTP", "DNS_VERIFY_DOMAIN", "."],
    &["dispatcher", "unset", "MAX_SHUTDOWN", "."],
    &["debug", "set", "-1", "."],
    &["debug", "set", "--service", "SMTP", "0x30", "."],
    &["debug", "set", "--bits", "0,1", "."],
    &["debug", "set", "--bits", "0", "--bits", "worker-basic", "-C", "."],
];

#[test]
fn diffs_on_the_sample() {
    let conf = Conf::copy_of(SAMPLE);
    snapshot!("edit_sample", transcript(&conf, SAMPLE_COMMANDS));
}

/// The CRLF copy prints the same diffs, with CRLF kept on every line of the files (and
/// only there: the diff's own header lines stay LF, as `patch` expects).
#[test]
fn diffs_on_a_crlf_copy() {
    let lf = transcript(&Conf::copy_of(SAMPLE), SAMPLE_COMMANDS);
    let conf = Conf::copy_of(SAMPLE);
    for name in ["imta.cnf", "option.dat", "dispatcher.cnf", "tcp_local_option", "imta_tailor"] {
        conf.map(name, crlf);
    }
    let t = transcript(&conf, SAMPLE_COMMANDS);
    snapshot!("edit_sample_crlf", t.clone());
    assert_eq!(t.replace("<CR>", ""), lf, "CRLF changed more than line endings");
    let mut in_hunk = false;
    for line in t.lines() {
        if line.starts_with("@@ ") {
            in_hunk = true;
        } else if line.starts_with("--- ") || line.starts_with('[') || line.starts_with("$ ") {
            in_hunk = false;
        } else if in_hunk && !line.starts_with('\\') {
            assert!(line.ends_with("<CR>"), "a diff line lost its CR: {line:?}");
        }
    }
}

/// Put Latin-1 (or UTF-8) `é` in comments next to the places the commands edit.
fn with_accents(conf: &Conf, e: &[u8]) {
    let acc = |s: &str| -> Vec<u8> { s.split('é').map(str::as_bytes).collect::<Vec<_>>().join(e) };
    conf.map("imta.cnf", |b| {
        let b = replace_once(
            b,
            b"! local channel: alias and directory processing",
            &acc("! local channel (réseau): alias and directory processing"),
        );
        replace_once(
            &b,
            b"! Internet SMTP, both directions",
            &acc("! Internet SMTP, both directions (entrée et sortie)"),
        )
    });
    conf.map("option.dat", |b| {
        replace_once(b, b"LOG_CONNECTION=3\n", &acc("! journal des opérations\nLOG_CONNECTION=3\n"))
    });
    conf.map("dispatcher.cnf", |b| {
        replace_once(b, b"PORT=25\n", &acc("PORT=25\n! réseau local\n"))
    });
    conf.map("tcp_local_option", |b| {
        replace_once(b, b"MAX_B_ENTRIES=10\n", &acc("! entrées\nMAX_B_ENTRIES=10\n"))
    });
}

/// The Latin-1 copy: diffs keep the Latin-1 bytes (0xE9, never the UTF-8 0xC3 0xA9), and
/// a value typed in UTF-8 on the command line is written in Latin-1. Decoded, the
/// transcript equals the one of a UTF-8 copy with the same accents.
#[test]
fn diffs_on_a_latin1_copy() {
    let mut commands: Vec<&[&str]> = SAMPLE_COMMANDS.to_vec();
    let banner: &[&str] = &[
        "option", "set", "--file", "tcp_local_option",
        "BANNER_ADDITION=Courrier non sollicité refusé", ".",
    ];
    commands.push(banner);

    let latin = Conf::copy_of(SAMPLE);
    with_accents(&latin, b"\xe9");
    let t = transcript(&latin, &commands);
    snapshot!("edit_sample_latin1", t.clone());

    let utf8 = Conf::copy_of(SAMPLE);
    with_accents(&utf8, "é".as_bytes());
    let u = transcript(&utf8, &commands);
    assert_eq!(t.replace("<E9>", "é"), u, "Latin-1 and UTF-8 copies differ");
    assert!(t.contains("r<E9>seau") && t.contains("entr<E9>es") && t.contains("op<E9>rations"));
    assert!(t.contains("+BANNER_ADDITION=Courrier non sollicit<E9> refus<E9>"));
    assert!(
        !t.lines().any(|l| !l.starts_with("$ ") && l.contains('é')),
        "a Latin-1 diff holds UTF-8"
    );

    // Written, the file stays Latin-1 and every other byte is kept.
    let before = latin.read("tcp_local_option");
    let mut args = banner.to_vec();
    args.push("--write");
    assert_eq!(latin.run(&args).code, 0);
    let after = latin.read("tcp_local_option");
    let expected = replace_once(
        &before,
        b"BANNER_ADDITION=Unsolicited bulk mail is not accepted at this site",
        b"BANNER_ADDITION=Courrier non sollicit\xe9 refus\xe9",
    );
    assert_eq!(after, expected);
}

/// The commands for each messy configuration.
fn messy_commands(name: &str) -> Vec<Vec<&'static str>> {
    let common: Vec<Vec<&str>> = vec![
        vec!["logging", "status", "."],
        vec!["logging", "enable", "--all", "."],
        vec!["logging", "enable", "--all", "--per-channel", "."],
        vec!["logging", "disable", "--all", "."],
        vec!["logging", "disable", "--all", "--per-channel", "."],
        vec!["logging", "enable", "--channel", "tcp_local", "--set", "LOG_CONNECTION=7", "."],
        vec!["logging", "disable", "--channel", "tcp_local", "."],
        vec!["channel", "add-keyword", "tcp_local", "maxjobs", "3", "."],
        vec!["channel", "add-keyword", "tcp_local", "single", "."],
        vec!["channel", "add-keyword", "l", "pool", "SMTP_POOL", "."],
        vec!["option", "set", "LOG_CONNECTION=6", "LOG_FORMAT=2", "."],
        vec!["option", "unset", "LOG_CONNECTION", "."],
        vec!["dispatcher", "set", "MAX_PROCS=6", "DEBUG=0", "."],
        vec!["dispatcher", "set", "--service", "SMTP", "MAX_CONNS=30", "."],
        vec![
            "dispatcher", "set", "--service", "LMTP", "--create", "PORT=225",
            "IMAGE=IMTA_BIN:tcp_lmtp_server", ".",
        ],
        vec!["debug", "set", "3", "."],
    ];
    let extra: Vec<Vec<&str>> = match name {
        "continuations" | "crlf_continuations" => vec![
            vec!["channel", "remove-keyword", "tcp_local", "maxjobs", "."],
            vec!["channel", "remove-keyword", "tcp_local", "remotehost", "."],
            vec!["channel", "remove-keyword", "tcp_intranet", "nologging", "."],
            vec!["channel", "add-keyword", "defaults", "maxjobs", "9", "."],
            vec!["option", "set", "max_notifys=3", "."],
            vec!["option", "set", "DELIVERY_OPTIONS=#*mailbox=x", "."],
            vec!["option", "unset", "DELIVERY_OPTIONS", "."],
        ],
        "duplicates" => vec![
            vec!["channel", "remove-keyword", "tcp_local", "mx", "."],
            vec!["option", "unset", "LOG_FORMAT", "."],
            vec!["dispatcher", "unset", "--service", "SMTP", "MAX_CONNS", "."],
        ],
        "commented" => vec![
            vec!["logging", "enable", "--channel", "tcp_old", "."],
            vec!["option", "set", "MAX_NOTIFYS=2", "."],
            vec!["dispatcher", "set", "--service", "SMTP", "STACKSIZE=1024000", "."],
        ],
        "nodefaults" | "crlf_nodefaults" => vec![
            vec!["logging", "enable", "--channel", "bitbucket", "--channel", "tcp_bulk", "."],
            vec!["channel", "remove-keyword", "defaults", "nologging", "."],
        ],
        "no_defaults" => vec![vec!["logging", "enable", "--all", "--set", "LOG_CONNECTION=3", "."]],
        _ => vec![],
    };
    common.into_iter().chain(extra).collect()
}

#[test]
fn diffs_on_messy_configurations() {
    for name in MESSY {
        let conf = messy(name);
        let commands = messy_commands(name);
        let refs: Vec<&[&str]> = commands.iter().map(|c| c.as_slice()).collect();
        snapshot!(format!("edit_messy_{name}"), transcript(&conf, &refs));
    }
}

/// The CRLF messy copies print the same as the LF ones, apart from line endings.
#[test]
fn messy_crlf_equals_messy_lf() {
    for (lf, cr) in [("continuations", "crlf_continuations"), ("nodefaults", "crlf_nodefaults")] {
        let cmds = messy_commands(lf);
        let refs: Vec<&[&str]> = cmds.iter().map(|c| c.as_slice()).collect();
        let a = transcript(&messy(lf), &refs);
        let b = transcript(&messy(cr), &refs);
        assert_eq!(b.replace("<CR>", ""), a, "{cr}");
    }
}

/// What the directory of typical mistakes gets from the logging commands (the blank line
/// after the opening comments makes the rules read as channels).
#[test]
fn diffs_on_the_mistakes() {
    let conf = Conf::copy_of(MISTAKES);
    snapshot!(
        "edit_mistakes",
        transcript(
            &conf,
            &[
                &["logging", "status", "."],
                &["logging", "enable", "--all", "."],
                &["logging", "enable", "--all", "--per-channel", "."],
                &["logging", "disable", "--all", "."],
                &["logging", "disable", "--all", "--per-channel", "."],
                &["option", "set", "LOG_FORMAT=4", "."],
                &["dispatcher", "unset", "DEBUG", "."],
            ]
        )
    );
}

/// The diff is a patch: `patch -p1` applied to a copy gives what `--write` writes.
#[test]
fn the_diff_applies_with_patch() {
    if std::process::Command::new("patch").arg("--version").output().is_err() {
        eprintln!("skipped: no `patch` program");
        return;
    }
    for (make, args) in [
        (
            Box::new(|| Conf::copy_of(SAMPLE)) as Box<dyn Fn() -> Conf>,
            vec!["logging", "enable", "--all", "--per-channel"],
        ),
        (Box::new(|| messy("crlf_nodefaults")), vec!["logging", "enable", "--all"]),
        (
            Box::new(|| messy("no_final_newline")),
            vec!["logging", "enable", "--all", "--set", "LOG_FORMAT=2"],
        ),
    ] {
        let a = make();
        let mut dry = args.clone();
        dry.push(".");
        let out = a.run(&dry);
        assert_eq!(out.code, 0, "{out:?}");
        let patch = std::process::Command::new("patch")
            .args(["-p1", "--batch", "--quiet", "-i", "-"])
            .current_dir(&a.dir)
            .stdin(std::process::Stdio::piped())
            .spawn()
            .and_then(|mut c| {
                use std::io::Write;
                c.stdin.take().unwrap().write_all(&out.bytes)?;
                c.wait()
            })
            .unwrap();
        assert!(patch.success(), "{args:?}: patch failed");
        let b = make();
        let mut write = dry.clone();
        write.push("--write");
        assert_eq!(b.run(&write).code, 0);
        let strip = |m: BTreeMap<String, Vec<u8>>| -> BTreeMap<String, Vec<u8>> {
            m.into_iter().filter(|(n, _)| !n.ends_with(".orig")).collect()
        };
        assert!(strip(a.files()) == strip(b.files()), "{args:?}: patch result differs");
    }
}

// ---------------------------------------------------------------------------------------
// 2. What --write leaves behind
// ---------------------------------------------------------------------------------------

fn sample() -> Conf {
    Conf::copy_of(SAMPLE)
}

fn mistakes() -> Conf {
    Conf::copy_of(MISTAKES)
}

/// A copy of the sample, of the mistakes, or of a messy configuration, by name.
fn configuration(name: &str) -> Conf {
    match name {
        "sample" => sample(),
        "mistakes" => mistakes(),
        _ => messy(name),
    }
}

/// Rewrite rules that the blank line on line 4 of the mistakes makes read as channels;
/// `--per-channel` leaves them alone.
const MISREAD_RULES: &[&str] = &["relay.example.net", ".com"];

#[test]
fn enable_all_on_the_sample() {
    // The sample logs everything through its defaults line: first make it not log.
    let make = || {
        let c = sample();
        assert_eq!(c.run(&["logging", "disable", "--all", ".", "--write"]).code, 0);
        c
    };
    assert!(logging_status(&make().dir).iter().all(|(_, l)| !l));
    logging_write_check(&make, &["logging", "enable", "--all"], Expect::All(true, &[]));
    logging_write_check(
        &make,
        &["logging", "enable", "--all", "--per-channel"],
        Expect::All(true, &[]),
    );
    // Already logging: nothing to change.
    let c = sample();
    let out = c.run(&["logging", "enable", "--all", "."]);
    assert_eq!((out.code, out.stdout.clone()), (0, "nothing to change\n".into()));
}

#[test]
fn per_channel_and_disable_on_the_sample() {
    // All but `enable --all` (the sample logs already) and `disable --channel tcp_local`.
    for &(args, expect) in &LOGGING_EDITS[1..5] {
        logging_write_check(&sample, args, expect);
    }
    logging_write_check(
        &sample,
        &["logging", "disable", "--channel", "tcp_local", "--channel", "pipe"],
        Expect::Named(&["tcp_local", "pipe"], false),
    );
}

#[test]
fn logging_edits_on_the_mistakes() {
    // Per channel, `logging` would also go on `tcp_submit-daemon`, the host line that the
    // blank line on line 30 turns into a channel block of its own; the lint then no longer
    // sees an orphaned host line and reports two channels without host lines: refused.
    // The same for `nologging` per channel.
    let c = mistakes();
    let before = c.files();
    for on in [true, false] {
        let verb = if on { "enable" } else { "disable" };
        logging_write_check(&mistakes, &["logging", verb, "--all"], Expect::All(on, &[]));
        let out = c.run(&["logging", verb, "--all", "--per-channel", ".", "--write"]);
        assert_eq!(out.code, 2, "{verb}: {out:?}");
        assert!(out.stderr.contains("imta.cnf:31: IMTA106"), "{verb}: {out:?}");
        assert!(c.files() == before, "{verb}");
        let misread: &[&str] = if on { MISREAD_RULES } else { &[] };
        let forced = ["logging", verb, "--all", "--per-channel", "--force"];
        logging_write_check(&mistakes, &forced, Expect::All(on, misread));
    }
    // `l logging nologging`: enabling it keeps `logging` and drops `nologging`.
    let c = logging_write_check(
        &mistakes,
        &["logging", "enable", "--channel", "l"],
        Expect::Named(&["l"], true),
    );
    assert!(c.text("imta.cnf").contains("\nl logging maxjobs 4 pool LOCAL_POOL\n"));
    // The duplicated tcp_local: both blocks are edited.
    logging_write_check(
        &mistakes,
        &["logging", "disable", "--channel", "tcp_local"],
        Expect::Named(&["tcp_local"], false),
    );
}

#[test]
fn logging_edits_on_messy_configurations() {
    for name in MESSY {
        let make = || messy(name);
        for &(args, expect) in LOGGING_EDITS {
            logging_write_check(&make, args, expect);
        }
        // Enable after disable and disable after enable come back to a stable state.
        let c = make();
        for args in [
            ["logging", "enable", "--all", ".", "--write"],
            ["logging", "disable", "--all", ".", "--write"],
            ["logging", "enable", "--all", ".", "--write"],
        ] {
            assert_eq!(c.run(&args).code, 0, "{name}");
        }
        assert!(logging_status(&c.dir).iter().all(|(_, l)| *l), "{name}");
    }
}

/// A nodefaults in the middle gets its own `defaults logging` block after it, with one
/// blank line, and `defaults nologging` becomes `defaults logging`.
#[test]
fn nodefaults_regions_get_their_own_defaults() {
    let c = logging_write_check(
        &|| messy("nodefaults"),
        &["logging", "enable", "--all"],
        Expect::All(true, &[]),
    );
    let t = c.text("imta.cnf");
    assert!(t.contains("\nnodefaults\n\ndefaults logging maxjobs 2\n\ntcp_bulk smtp mx\n"), "{t}");
    assert!(t.contains("\nnodefaults\n\ndefaults logging\n\n! the last channel"), "{t}");
    assert!(t.contains("\ntcp_local smtp mx logging\n"), "{t}");
}

#[test]
fn set_log_options_with_logging() {
    // In place, keeping the line where it is.
    let c = sample();
    let before = c.text("option.dat");
    let out = c.run(&["logging", "enable", "--all", "--set", "LOG_CONNECTION=7", ".", "--write"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(out.stdout.clone(), "wrote option.dat\n");
    let after = c.text("option.dat");
    let diff: Vec<(usize, &str, &str)> = before
        .lines()
        .zip(after.lines())
        .enumerate()
        .filter(|(_, (a, b))| a != b)
        .map(|(i, (a, b))| (i + 1, a, b))
        .collect();
    assert_eq!(diff, vec![(11, "LOG_CONNECTION=3", "LOG_CONNECTION=7")]);
    assert_eq!(before.lines().count(), after.lines().count());
    let again = c.run(&["logging", "enable", "--all", "--set", "LOG_CONNECTION=7", "."]);
    assert_eq!(again.stdout.clone(), "nothing to change\n");

    // A missing option.dat is created, and so is the defaults block.
    let c = messy("no_defaults");
    assert!(!c.path("option.dat").exists());
    let out = c.run(&[
        "logging", "enable", "--all", "--set", "LOG_CONNECTION=3", "--set", "LOG_FORMAT=1", ".",
        "--write",
    ]);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(out.stdout.clone(), "wrote imta.cnf\nwrote option.dat\n");
    assert_eq!(c.text("option.dat"), "LOG_CONNECTION=3\nLOG_FORMAT=1\n");
    assert!(logging_status(&c.dir).iter().all(|(_, l)| *l));
    let again = c.run(&[
        "logging", "enable", "--all", "--set", "LOG_CONNECTION=3", "--set", "LOG_FORMAT=1", ".",
    ]);
    assert_eq!(again.stdout.clone(), "nothing to change\n", "{again:?}");

    // On messy option files: only the named settings change.
    for name in MESSY {
        let c = messy(name);
        if !c.path("option.dat").exists() {
            continue;
        }
        let old = c.read("option.dat");
        let out = c.run(&[
            "logging", "disable", "--channel", "tcp_local", "--set", "LOG_CONNECTION=7", ".",
            "--write",
        ]);
        assert_eq!(out.code, 0, "{name}: {out:?}");
        check_option_edit(
            name,
            &old,
            &c.read("option.dat"),
            Kind::Option,
            &[("LOG_CONNECTION", Some("7"))],
        );
    }
}

/// `ARGS --write` in `c` (see [`write_then_nothing`]), then [`check_option_edit`] of
/// `file` against the wanted settings.
fn option_edit(c: &Conf, label: &str, file: &str, kind: Kind, args: &[&str], wanted: Wanted) {
    let before = write_then_nothing(c, args);
    check_option_edit(label, &before[file], &c.read(file), kind, wanted);
}

/// [`option_edit`] of option.dat.
fn option_dat_edit(c: &Conf, label: &str, args: &[&str], wanted: Wanted) {
    option_edit(c, label, "option.dat", Kind::Option, args, wanted);
}

/// Settings an edit should leave: name and value (`None`: removed).
type Wanted<'a> = &'a [(&'a str, Option<&'a str>)];

/// Check an edit of an option-family file against the library's reading of it: the
/// settings not named are the same (in order); the named ones have the wanted value
/// (`None`: removed); comment lines are kept; line endings are kept.
fn check_option_edit(
    label: &str,
    old: &[u8],
    new: &[u8],
    kind: Kind,
    wanted: &[(&str, Option<&str>)],
) {
    let named = |n: &str| wanted.iter().any(|(w, _)| w.eq_ignore_ascii_case(n));
    let o = option_settings("old", old, kind);
    let n = option_settings("new", new, kind);
    let keep = |v: &[(String, String)]| -> Vec<(String, String)> {
        v.iter().filter(|(k, _)| !named(k)).cloned().collect()
    };
    assert_eq!(keep(&o), keep(&n), "{label}: other settings changed");
    for (w, value) in wanted {
        let last = n.iter().rev().find(|(k, _)| k.eq_ignore_ascii_case(w));
        match value {
            Some(v) => assert_eq!(last.map(|(_, x)| x.as_str()), Some(*v), "{label}: {w}"),
            None => assert!(last.is_none(), "{label}: {w} still set"),
        }
    }
    let (os, ns) =
        (String::from_utf8_lossy(old).into_owned(), String::from_utf8_lossy(new).into_owned());
    assert_eq!(comment_lines(&os), comment_lines(&ns), "{label}: comments changed");
    let (oc, ol, _) = endings(&os);
    let (nc, nl, _) = endings(&ns);
    assert!((!nc || oc) && (!nl || ol || os.is_empty()), "{label}: line endings changed");
}

#[test]
fn option_edits_write_then_nothing() {
    let c = sample();
    option_dat_edit(
        &c,
        "sample",
        &["option", "set", "LOG_CONNECTION=7", "MAX_NOTIFYS=2"],
        &[("LOG_CONNECTION", Some("7")), ("MAX_NOTIFYS", Some("2"))],
    );
    assert!(c.text("option.dat").ends_with("filter_debug=0\nMAX_NOTIFYS=2\n"));
    // `HISTORY_TO_RETURN = 10` keeps its spacing and its name's case.
    write_then_nothing(&c, &["option", "set", "history_to_return=5"]);
    assert!(c.text("option.dat").contains("\nHISTORY_TO_RETURN = 5\n"));
    // A continued value is replaced whole.
    option_dat_edit(
        &c,
        "sample",
        &["option", "set", "DELIVERY_OPTIONS=#*mailbox=x"],
        &[("DELIVERY_OPTIONS", Some("#*mailbox=x"))],
    );
    option_dat_edit(
        &c,
        "sample",
        &["option", "unset", "LOG_QUEUE_TIME", "ALIAS_DOMAINS"],
        &[("LOG_QUEUE_TIME", None), ("ALIAS_DOMAINS", None)],
    );
    // A channel option file and imta_tailor.
    option_edit(
        &c,
        "tcp_local_option",
        "tcp_local_option",
        Kind::ChannelOption,
        &["option", "set", "--file", "tcp_local_option", "MAX_B_ENTRIES=20"],
        &[("MAX_B_ENTRIES", Some("20"))],
    );
    write_then_nothing(&c, &["option", "unset", "--file", "tcp_local_option", "LOG_BANNER"]);
    write_then_nothing(&c, &["option", "set", "--file", "imta_tailor", "IMTA_USER=mta"]);
    // A new channel option file is created.
    write_then_nothing(&c, &["option", "set", "--file", "tcp_intranet_option", "MAX_B_ENTRIES=5"]);
    assert_eq!(c.text("tcp_intranet_option"), "MAX_B_ENTRIES=5\n");

    for name in MESSY {
        let c = messy(name);
        if !c.path("option.dat").exists() {
            continue;
        }
        option_dat_edit(
            &c,
            name,
            &["option", "set", "LOG_CONNECTION=6", "LOG_FORMAT=2"],
            &[("LOG_CONNECTION", Some("6")), ("LOG_FORMAT", Some("2"))],
        );
        option_dat_edit(
            &c,
            name,
            &["option", "unset", "LOG_CONNECTION"],
            &[("LOG_CONNECTION", None)],
        );
    }
    // The continued value of the messy file: replaced whole, its comment lines kept.
    let c = messy("crlf_continuations");
    option_dat_edit(
        &c,
        "crlf_continuations",
        &["option", "set", "DELIVERY_OPTIONS=#*mailbox=y"],
        &[("DELIVERY_OPTIONS", Some("#*mailbox=y"))],
    );
    assert!(c.text("option.dat").contains(
        "DELIVERY_OPTIONS=#*mailbox=y\r\n! the members entry is switched off for now\r\n!    #&members=*,\\\r\nALIAS_URL0"
    ));
}

#[test]
fn dispatcher_edits_write_then_nothing() {
    for label in [
        "sample", "continuations", "duplicates", "commented", "no_final_newline", "crlf_nodefaults",
    ] {
        let c = configuration(label);
        let cases: &[(&[&str], Wanted)] = &[
            (&["dispatcher", "set", "MAX_PROCS=6"], &[("MAX_PROCS", Some("6"))]),
            (&["dispatcher", "set", "MAX_CONNS=30"], &[("MAX_CONNS", Some("30"))]),
            (&["debug", "set", "3"], &[("DEBUG", Some("3"))]),
            (
                &["dispatcher", "set", "--service", "SMTP", "STACKSIZE=1024000"],
                &[("STACKSIZE", Some("1024000"))],
            ),
            (
                &[
                    "dispatcher", "set", "--service", "LMTP", "--create", "PORT=2225",
                    "IMAGE=IMTA_BIN:tcp_lmtp_server",
                ],
                &[("PORT", Some("2225")), ("IMAGE", Some("IMTA_BIN:tcp_lmtp_server"))],
            ),
            (&["dispatcher", "unset", "DEBUG"], &[("DEBUG", None)]),
        ];
        for (args, wanted) in cases {
            let before = write_then_nothing(&c, args);
            let (old, new) = (&before["dispatcher.cnf"], c.read("dispatcher.cnf"));
            // Settings that are not named stay; the named ones are checked by reading
            // the new file's scope through the command.
            let named = |n: &str| wanted.iter().any(|(w, _)| w.eq_ignore_ascii_case(n));
            let keep = |v: Vec<(String, String)>| -> Vec<(String, String)> {
                v.into_iter().filter(|(k, _)| !named(k)).collect()
            };
            assert_eq!(
                keep(option_settings("o", old, Kind::Dispatcher)),
                keep(option_settings("n", &new, Kind::Dispatcher)),
                "{label} {args:?}"
            );
            let (os, ns) = (String::from_utf8_lossy(old), String::from_utf8_lossy(&new));
            assert_eq!(comment_lines(&os), comment_lines(&ns), "{label} {args:?}");
            let (oc, ol, _) = endings(&os);
            let (nc, nl, _) = endings(&ns);
            assert!((!nc || oc) && (!nl || ol), "{label} {args:?}: line endings");
        }
        // The new section is at the end; DEBUG went away again.
        let t = c.text("dispatcher.cnf").replace('\r', "");
        assert!(
            t.ends_with("[SERVICE=LMTP]\nPORT=2225\nIMAGE=IMTA_BIN:tcp_lmtp_server\n"),
            "{label}: {t}"
        );
        assert!(!t.lines().any(|l| l.starts_with("DEBUG=")), "{label}");
    }
}

#[test]
fn keyword_edits_write_then_nothing() {
    for label in [
        "sample", "mistakes", "continuations", "crlf_continuations", "duplicates", "commented",
        "nodefaults", "no_final_newline",
    ] {
        let c = configuration(label);
        let cases: &[&[&str]] = &[
            &["channel", "add-keyword", "tcp_local", "maxjobs", "3"],
            &["channel", "add-keyword", "tcp_local", "maxjobs", "5"],
            &["channel", "add-keyword", "tcp_local", "single"],
            &["channel", "add-keyword", "tcp_local", "single_sys"],
            &["channel", "add-keyword", "tcp_local", "notices", "1", "3"],
            &["channel", "remove-keyword", "tcp_local", "notices"],
            &["channel", "add-keyword", "tcp_local", "logging"],
            &["channel", "remove-keyword", "tcp_local", "logging"],
        ];
        for args in cases {
            let before = c.files();
            let old = String::from_utf8_lossy(&before["imta.cnf"]).into_owned();
            write_then_nothing(&c, args);
            let new = c.text("imta.cnf");
            // Every changed line is a line of a tcp_local block's keyword line.
            let keyword = args[3];
            let (oc, ol, of) = endings(&old);
            let (nc, nl, nf) = endings(&new);
            assert!((!nc || oc) && (!nl || ol) && of == nf, "{label} {args:?}: endings");
            assert_eq!(comment_lines(&old), comment_lines(&new), "{label} {args:?}");
            let (ol_, nl_) = (lines(&old), lines(&new));
            let diff = TextDiff::from_slices(&ol_, &nl_);
            for op in diff.ops() {
                if let DiffOp::Equal { .. } = op {
                    continue;
                }
                for l in ol_[op.old_range()].iter().chain(&nl_[op.new_range()]) {
                    let w: Vec<&str> = l.split_whitespace().collect();
                    let on_channel_line = w.first() == Some(&"tcp_local")
                        || l.starts_with(' ')
                        || w.iter().any(|x| x.eq_ignore_ascii_case(keyword));
                    assert!(on_channel_line, "{label} {args:?}: line {l:?} changed");
                }
            }
        }
    }
}

/// `logging status --format json`: the documented shape, with where each channel's
/// setting comes from.
#[test]
fn logging_status_json() {
    let c = messy("nodefaults");
    let out = c.run(&["logging", "status", ".", "--format", "json"]);
    assert_eq!(out.code, 0, "{out:?}");
    let v: Value = serde_json::from_slice(&out.bytes).unwrap();
    assert_eq!(v["version"], 1);
    let got: Vec<(String, bool, String, u64, String)> = v["channels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let keys: Vec<&String> = c.as_object().unwrap().keys().collect();
            assert_eq!(keys, ["name", "logging", "source", "line", "file"]);
            (
                c["name"].as_str().unwrap().into(),
                c["logging"].as_bool().unwrap(),
                c["source"].as_str().unwrap().into(),
                c["line"].as_u64().unwrap(),
                c["file"].as_str().unwrap().into(),
            )
        })
        .collect();
    // The line of the keyword that decides (the defaults line, the channel's own
    // keyword), else the channel's line itself, not the comment above it.
    let want = [
        ("l", true, "defaults", 4),
        ("tcp_local", false, "channel", 9),
        ("tcp_bulk", false, "defaults", 14),
        ("tcp_quiet", true, "channel", 19),
        ("bitbucket", false, "none", 25),
    ];
    assert_eq!(got.len(), want.len());
    for (g, w) in got.iter().zip(want) {
        assert_eq!(
            (g.0.as_str(), g.1, g.2.as_str(), g.3, g.4.as_str()),
            (w.0, w.1, w.2, w.3, "imta.cnf")
        );
    }
    assert_eq!(
        v["options"],
        serde_json::json!([{"name": "LOG_CONNECTION", "value": "3",
            "meaning": "What connection information is logged"}])
    );
    // The table says the same.
    let out = c.run(&["logging", "status", "."]);
    assert!(
        out.stdout.clone().contains("tcp_bulk                 no       defaults  imta.cnf:14\n")
    );
}

// ---------------------------------------------------------------------------------------
// 3. --check and the exit codes of the dry run
// ---------------------------------------------------------------------------------------

#[test]
fn check_exit_codes() {
    let c = sample();
    let before = c.files();
    let out = c.run(&["option", "set", "LOG_CONNECTION=7", ".", "--check"]);
    assert_eq!(out.code, 1, "{out:?}");
    assert!(out.stdout.clone().starts_with("--- a/option.dat\n+++ b/option.dat\n@@ "));
    let out = c.run(&["option", "set", "LOG_CONNECTION=3", ".", "--check"]);
    assert_eq!((out.code, out.stdout.clone()), (0, "nothing to change\n".into()));
    let out = c.run(&["logging", "disable", "--all", ".", "--check"]);
    assert_eq!(out.code, 1);
    let out = c.run(&["logging", "enable", "--all", "--check", "-C", "."]);
    assert_eq!(out.code, 0);
    assert_eq!(c.run(&["option", "set", "A=1", ".", "--check", "--write"]).code, 2);
    assert!(c.files() == before);
}

/// The diff has the documented shape: `--- a/PATH`, `+++ b/PATH`, 3 lines of context; a
/// new file is `--- /dev/null`.
#[test]
fn diff_shape() {
    let c = sample();
    let out = c.run(&["option", "set", "LOG_PROCESS=0", "."]);
    let expected = [
        "--- a/option.dat",
        "+++ b/option.dat",
        "@@ -9,7 +9,7 @@",
        " ! --- transaction log (the channels get 'logging' from the defaults",
        " ! line of imta.cnf) -----------------------------------------------------",
        " LOG_CONNECTION=3",
        "-LOG_PROCESS=1",
        "+LOG_PROCESS=0",
        " LOG_MESSAGE_ID=1",
        " LOG_FILENAME=1",
        " LOG_USERNAME=1",
        "",
    ];
    assert_eq!(out.stdout.clone(), expected.join("\n"));
    let c = messy("no_defaults");
    let out = c.run(&["option", "set", "LOG_CONNECTION=3", "."]);
    assert_eq!(
        out.stdout.clone(),
        "--- /dev/null\n+++ b/option.dat\n@@ -0,0 +1 @@\n+LOG_CONNECTION=3\n"
    );
    // With another PATH the headers carry it.
    let out = run_in(c.tmp.path(), &["option", "set", "LOG_CONNECTION=3", "conf"]);
    assert!(out.stdout.clone().starts_with("--- /dev/null\n+++ b/conf/option.dat\n"), "{out:?}");
}

// ---------------------------------------------------------------------------------------
// 4. Safety paths
// ---------------------------------------------------------------------------------------

/// Load a directory the way the CLI does.
fn load(dir: &Path) -> ConfigSet {
    ConfigSet::load_dir(dir, ".", &Catalog::builtin(), &LoadOptions::default()).unwrap()
}

/// Plan and check `option set` through the library; returns (path, old bytes, new bytes).
fn prepared_option_set(dir: &Path, name: &str, value: &str) -> (PathBuf, Vec<u8>, Vec<u8>) {
    use imtacfg::edit::{options, pipeline};
    let catalog = Catalog::builtin();
    let set = load(dir);
    let target = options::option_dat(&set, ".").unwrap();
    let plan = options::set(&set, &target, &[(name.into(), value.into())]).unwrap();
    let options = imtacfg::lint::LintOptions::default();
    let p = pipeline::prepare(
        &set,
        &plan,
        &catalog,
        &|s: &ConfigSet| imtacfg::lint::lint(s, &catalog, &options),
        false,
    )
    .unwrap();
    assert_eq!(p.changes.len(), 1);
    let c = &p.changes[0];
    (c.path.clone(), c.old_bytes.clone().unwrap(), c.new_bytes.clone())
}

#[test]
fn changed_on_disk_between_planning_and_writing() {
    let c = sample();
    let (path, old, new) = prepared_option_set(&c.dir, "LOG_CONNECTION", "7");
    assert_eq!(old, c.read("option.dat"));
    // Someone else edits the file meanwhile.
    let mut theirs = old.clone();
    theirs.extend_from_slice(b"LOG_USERNAME=0\n");
    c.write("option.dat", &theirs);
    let e = save(&path, Some(&old), &new, &SaveOptions::default()).unwrap_err();
    assert!(matches!(e, SaveError::ChangedOnDisk(_)), "{e}");
    assert!(e.to_string().contains("changed on disk"), "{e}");
    assert_eq!(c.read("option.dat"), theirs, "their edit was lost");
    // A file that was to be created but appeared meanwhile.
    let p = c.path("tcp_new_option");
    fs::write(&p, b"X=1\n").unwrap();
    let e = save(&p, None, b"Y=2\n", &SaveOptions::default()).unwrap_err();
    assert!(matches!(e, SaveError::ChangedOnDisk(_)));
    assert_eq!(fs::read(&p).unwrap(), b"X=1\n");
    // Unchanged: nothing written.
    assert_eq!(
        save(&path, Some(&theirs), &theirs, &SaveOptions::default()).unwrap(),
        imtacfg::edit::save::Saved::Unchanged
    );
}

#[test]
fn crash_between_temp_file_and_rename() {
    let c = sample();
    let (path, old, new) = prepared_option_set(&c.dir, "LOG_CONNECTION", "7");
    let opts = SaveOptions { crash_before_rename: true, ..Default::default() };
    assert!(save(&path, Some(&old), &new, &opts).is_err());
    assert_eq!(c.read("option.dat"), old, "the original was touched");
    // The left-over temporary file does not disturb the next run.
    let leftovers: Vec<String> =
        c.files().into_keys().filter(|n| n.starts_with(".imtacfg-")).collect();
    assert_eq!(leftovers.len(), 1, "{leftovers:?}");
    let out = c.run(&["option", "set", "LOG_CONNECTION=7", ".", "--write"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(c.read("option.dat"), new);
}

/// Can a process write into `dir` although its mode forbids it (we are root)?
fn permissions_do_not_bind(dir: &Path) -> bool {
    let probe = dir.join(".probe");
    let ok = fs::write(&probe, b"x").is_ok();
    let _ = fs::remove_file(&probe);
    ok
}

#[test]
fn read_only_directory() {
    use std::os::unix::fs::PermissionsExt;
    let c = sample();
    for name in c.files().keys() {
        fs::set_permissions(c.path(name), fs::Permissions::from_mode(0o666)).unwrap();
    }
    fs::set_permissions(c.tmp.path(), fs::Permissions::from_mode(0o755)).unwrap();
    fs::set_permissions(&c.dir, fs::Permissions::from_mode(0o555)).unwrap();
    let before = c.files();
    let args = ["option", "set", "LOG_CONNECTION=7", ".", "--write"];
    let out = if permissions_do_not_bind(&c.dir) {
        // Root: run the command as nobody if we can.
        let bin = assert_cmd::cargo::cargo_bin("imtacfg");
        let as_nobody = |prog: &std::ffi::OsStr, args: &[&str]| {
            std::process::Command::new("setpriv")
                .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
                .arg(prog)
                .args(args)
                .current_dir(&c.dir)
                .output()
        };
        if !as_nobody("true".as_ref(), &[]).is_ok_and(|o| o.status.success()) {
            fs::set_permissions(&c.dir, fs::Permissions::from_mode(0o755)).unwrap();
            eprintln!("skipped: running as root and cannot drop privileges (no setpriv)");
            return;
        }
        // Does the mode bind nobody? (Some sandboxes do not enforce it.)
        let probe = c.dir.join(".probe");
        let _ = as_nobody("touch".as_ref(), &[probe.to_str().unwrap()]);
        if probe.exists() {
            fs::set_permissions(&c.dir, fs::Permissions::from_mode(0o755)).unwrap();
            eprintln!("skipped: a read-only directory does not stop writes here, even as nobody");
            return;
        }
        let o = as_nobody(bin.as_os_str(), &args).unwrap();
        Out::from(o)
    } else {
        c.run(&args)
    };
    fs::set_permissions(&c.dir, fs::Permissions::from_mode(0o755)).unwrap();
    if out.code == 126 || out.code == 127 {
        eprintln!("skipped: the binary cannot run as nobody: {out:?}");
        return;
    }
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("option.dat"), "{out:?}");
    assert!(out.stderr.to_lowercase().contains("permission denied"), "{out:?}");
    assert!(c.files() == before, "a file changed");
}

#[test]
fn symlinked_option_file_stays_a_link() {
    use std::os::unix::fs::PermissionsExt;
    let c = sample();
    let real = c.tmp.path().join("shared");
    fs::create_dir(&real).unwrap();
    fs::rename(c.path("option.dat"), real.join("option.dat")).unwrap();
    std::os::unix::fs::symlink(real.join("option.dat"), c.path("option.dat")).unwrap();
    fs::set_permissions(real.join("option.dat"), fs::Permissions::from_mode(0o640)).unwrap();
    let old = fs::read(real.join("option.dat")).unwrap();
    // The link leaves the configuration directory: not read, not written, unless asked.
    let out = c.run(&["option", "set", "LOG_CONNECTION=7", ".", "--write"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("outside the configuration directory"), "{out:?}");
    assert_eq!(fs::read(real.join("option.dat")).unwrap(), old);
    let out = c.run(&["option", "set", "LOG_CONNECTION=7", ".", "--write", "--allow-outside"]);
    assert_eq!(out.code, 0, "{out:?}");
    let link = fs::symlink_metadata(c.path("option.dat")).unwrap();
    assert!(link.file_type().is_symlink(), "the link was replaced by a file");
    let new = fs::read(real.join("option.dat")).unwrap();
    assert_eq!(new, replace_once(&old, b"LOG_CONNECTION=3", b"LOG_CONNECTION=7"));
    let mode = fs::metadata(real.join("option.dat")).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
    // A relative link too.
    let c = sample();
    fs::rename(c.path("imta.cnf"), c.path("imta.cnf.real")).unwrap();
    std::os::unix::fs::symlink("imta.cnf.real", c.path("imta.cnf")).unwrap();
    let out = c.run(&["logging", "disable", "--all", ".", "--write"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(fs::symlink_metadata(c.path("imta.cnf")).unwrap().file_type().is_symlink());
    assert!(c.text("imta.cnf.real").contains("\ndefaults notices 1 2 4 7"));
}

#[test]
fn file_mode_is_kept() {
    use std::os::unix::fs::PermissionsExt;
    let c = sample();
    for (name, mode) in [("option.dat", 0o640), ("imta.cnf", 0o600), ("dispatcher.cnf", 0o644)] {
        fs::set_permissions(c.path(name), fs::Permissions::from_mode(mode)).unwrap();
    }
    for args in [
        &["option", "set", "LOG_CONNECTION=7", ".", "--write"][..],
        &["logging", "disable", "--all", ".", "--write"],
        &["dispatcher", "set", "--write", "MAX_PROCS=6", "."],
    ] {
        assert_eq!(c.run(args).code, 0);
    }
    for (name, mode) in [("option.dat", 0o640), ("imta.cnf", 0o600), ("dispatcher.cnf", 0o644)] {
        let m = fs::metadata(c.path(name)).unwrap().permissions().mode() & 0o777;
        assert_eq!(m, mode, "{name}");
    }
    assert!(c.text("option.dat").contains("LOG_CONNECTION=7"));
}

#[test]
fn backup_keeps_the_old_bytes() {
    let c = sample();
    let old_opt = c.read("option.dat");
    let old_cnf = c.read("imta.cnf");
    let out = c.run(&[
        "logging", "disable", "--all", "--set", "LOG_CONNECTION=0", ".", "--write", "--backup",
    ]);
    assert_eq!(out.code, 0, "{out:?}");
    let names: Vec<String> = c.files().into_keys().collect();
    let backup_of = |base: &str| -> String {
        let found: Vec<&String> =
            names.iter().filter(|n| n.starts_with(&format!("{base}.imtacfg-"))).collect();
        assert_eq!(found.len(), 1, "{base}: {names:?}");
        let stamp = &found[0][base.len() + ".imtacfg-".len()..];
        let b = stamp.as_bytes();
        assert!(
            b.len() == 15
                && b[8] == b'T'
                && b.iter().enumerate().all(|(i, c)| i == 8 || c.is_ascii_digit()),
            "{stamp}: not YYYYmmddTHHMMSS"
        );
        found[0].clone()
    };
    let bo = backup_of("option.dat");
    let bc = backup_of("imta.cnf");
    assert_eq!(c.read(&bo), old_opt);
    assert_eq!(c.read(&bc), old_cnf);
    assert!(out.stdout.clone().contains("wrote option.dat (backup: "), "{out:?}");
    assert_ne!(c.read("option.dat"), old_opt);
    // The backups are not read as configuration files.
    assert!(logging_status(&c.dir).iter().all(|(_, l)| !l));
    // A second backup in the same second gets its own name.
    let out = c.run(&["option", "set", "LOG_CONNECTION=1", ".", "--write", "--backup"]);
    assert_eq!(out.code, 0);
    let count = c.files().into_keys().filter(|n| n.starts_with("option.dat.imtacfg-")).count();
    assert_eq!(count, 2);
}

#[test]
fn an_edit_that_adds_an_error_is_refused() {
    let c = sample();
    let before = c.files();
    let out = c.run(&["option", "set", "LOG_FORMAT=9", ".", "--write"]);
    // Refused (exit 2, nothing on standard output), naming the new error and --force.
    assert_eq!((out.code, out.stdout.as_str()), (2, ""), "{out:?}");
    for part in ["option.dat:18", "--force"] {
        assert!(out.stderr.contains(part), "{part}: {out:?}");
    }
    assert!(c.files() == before);
    // The dry run refuses too.
    assert_eq!(c.run(&["option", "set", "LOG_FORMAT=9", "."]).code, 2);
    // A port out of range.
    let out = c.run(&["dispatcher", "set", "--write", "--service", "SMTP", "PORT=70000", "."]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("dispatcher.cnf:"), "{out:?}");
    assert!(c.files() == before);
    // --force applies it.
    let out = c.run(&["option", "set", "LOG_FORMAT=9", ".", "--write", "--force"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(c.text("option.dat").contains("\nLOG_FORMAT=9\n!LOG_FORMAT=4\n"));
}

// ---------------------------------------------------------------------------------------
// 5. Bad input
// ---------------------------------------------------------------------------------------

#[test]
fn bad_input() {
    let c = sample();
    let before = c.files();
    #[derive(serde::Deserialize)]
    struct Row {
        args: String,
        error: String,
    }
    let cases = rows::<Row>("edit_bad_input");
    for Row { args, error: msg } in &cases {
        let args = argv(args);
        let out = c.run(&args);
        assert_eq!(out.code, 2, "{args:?}: {out:?}");
        assert!(out.stderr.contains(msg), "{args:?}: expected {msg:?} in {out:?}");
        assert!(out.stdout.is_empty(), "{args:?}: {out:?}");
    }
    assert!(c.files() == before);
    // --force adds an unknown keyword anyway.
    let out = c.run(&["channel", "add-keyword", "--force", "tcp_auth", "logginng", "."]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stdout.clone().contains("+tcp_auth smtp mx single_sys mustsaslserver maytlsserver missingrecipientpolicy 4 logginng\n"));
}

#[test]
fn paths_that_do_not_exist() {
    let c = sample();
    let before = c.files();
    let missing = c.tmp.path().join("nowhere");
    let m = missing.to_str().unwrap();
    for args in [
        vec!["logging", "status", m],
        vec!["logging", "enable", "--all", m],
        vec!["logging", "disable", "--all", "-C", m],
        vec!["option", "set", "LOG_CONNECTION=7", m],
        vec!["option", "set", "LOG_CONNECTION=7", "-C", m],
        vec!["channel", "add-keyword", "-C", m, "tcp_local", "logging"],
        vec!["dispatcher", "set", "-C", m, "MAX_PROCS=6"],
        vec!["debug", "set", "-C", m, "3"],
    ] {
        let out = c.run(&args);
        assert_eq!(out.code, 2, "{args:?}: {out:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }
    // A directory without imta.cnf (and without dispatcher.cnf).
    let empty = Conf::with_files(&[("option.dat", "LOG_FORMAT=1\n")]);
    let out = empty.run(&["logging", "enable", "--all", "."]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("there is no imta.cnf"), "{out:?}");
    let out = empty.run(&["dispatcher", "set", "MAX_PROCS=6", "."]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("no dispatcher.cnf"), "{out:?}");
    assert!(c.files() == before);
}

// ---------------------------------------------------------------------------------------
// Bugs (ignored until fixed)
// ---------------------------------------------------------------------------------------

/// Flags after the trailing words are taken as words: `--check`, `--write`, `--service`
/// and `-C` are silently ignored or misread.
#[test]
fn flags_after_the_words_are_flags() {
    let c = sample();
    let before = c.files();
    // --check must exit 1 when something would change (it exits 0 and prints the diff).
    let out = c.run(&["dispatcher", "unset", "MAX_SHUTDOWN", "--check"]);
    assert_eq!(out.code, 1, "{out:?}");
    // --write must write (it prints the diff, writes nothing and exits 0).
    let out = c.run(&["dispatcher", "unset", "MAX_SHUTDOWN", "--write"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert_ne!(c.files(), before, "--write wrote nothing: {out:?}");
    // `--write` must not become a keyword argument.
    let c = sample();
    let out = c
        .run(&["channel", "add-keyword", "tcp_auth", "backoff", "\"pt5m\"", "\"pt1h\"", "--write"]);
    assert!(!out.stdout.clone().contains("--write"), "{out:?}");
    assert!(!c.text("imta.cnf").contains("--write"));
    // `--service` after the value.
    let out = c.run(&["debug", "set", "0", "--service", "SMTP"]);
    assert_eq!(out.code, 0, "{out:?}");
    let out = c.run(&["dispatcher", "set", "MAX_CONNS=5", "-C", "."]);
    assert_eq!(out.code, 0, "{out:?}");
}

/// `debug set --bits BIT,BIT PATH` and `--bits` repeated, with a PATH after them.
#[test]
fn debug_set_bits_then_path() {
    let c = sample();
    let out = run_in(c.tmp.path(), &["debug", "set", "--bits", "0,1", "conf"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stdout.clone().contains("+DEBUG=3\n"), "{out:?}");
    let out = run_in(c.tmp.path(), &["debug", "set", "--bits", "0", "--bits", "1", "conf"]);
    assert!(out.stdout.clone().contains("+DEBUG=3\n"), "{out:?}");
}

/// `option unset NAME /no/such/dir --write` edits the option.dat of the CURRENT directory:
/// a PATH that does not exist is taken for one more NAME.
#[test]
fn missing_path_does_not_edit_the_current_directory() {
    let c = sample();
    let before = c.files();
    let out = c.run(&["option", "unset", "LOG_PROCESS", "/etc/opt/no-such-imta", "--write"]);
    assert!(c.files() == before, "the current directory was edited: {out:?}");
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("no-such-imta"), "{out:?}");
    let out = c.run(&["dispatcher", "unset", "MAX_PROCS", "/etc/opt/no-such-imta"]);
    assert_eq!(out.code, 2, "{out:?}");
    // The message should say the PATH does not exist, not that it is no NAME=VALUE.
    let out = c.run(&["option", "set", "LOG_CONNECTION=7", "/etc/opt/no-such-imta"]);
    assert!(!out.stderr.contains("is not NAME=VALUE"), "{out:?}");
}

/// A value ending in `\` continues the setting onto the next line: the next option is
/// swallowed into the value (and a second run changes the file again).
#[test]
fn value_ending_in_backslash_is_refused() {
    let c = sample();
    let out = c.run(&["option", "set", "ALIAS_URL0=ldap:///x\\", ".", "--write"]);
    let settings = option_settings("option.dat", &c.read("option.dat"), Kind::Option);
    assert!(settings.iter().any(|(n, _)| n == "LDAP_OPTIN1"), "LDAP_OPTIN1 was swallowed: {out:?}");
}

#[test]
fn option_name_must_not_start_a_comment() {
    let c = sample();
    for name in ["#LOG_X=1", ";LOG_X=1"] {
        let out = c.run(&["option", "set", name, "."]);
        assert_eq!(out.code, 2, "{name}: {out:?}");
    }
}

/// The same channel file included twice is read twice; `--write` writes it, then refuses
/// the second copy with exit 3 and "nothing was written" although two files were written.
#[test]
fn file_included_twice() {
    let c = Conf::with_files(&[
        (
            "imta.cnf",
            b"a $U@tcp-daemon\n\ntcp_local smtp\ntcp-daemon\n\n<IMTA_TABLE:ch.cnf\n\n<IMTA_TABLE:ch.cnf\n"
                .to_vec(),
        ),
        ("ch.cnf", b"tcp_x smtp nologging\nx-daemon\n".to_vec()),
    ]);
    let out = c.run(&["logging", "enable", "--all", "."]);
    assert_eq!(out.stdout.clone().matches("+++ b/ch.cnf").count(), 1, "{out:?}");
    let out = c.run(&["logging", "enable", "--all", ".", "--write"]);
    assert_eq!(out.code, 0, "{out:?}");
}

/// imta_tailor's IMTA_OPTION_FILE names an existing file that is not called option.dat:
/// the editor plans to create it, shows a `/dev/null` diff, and `--write` exits 3.
#[test]
fn option_file_named_by_imta_tailor() {
    let c = sample();
    c.map("imta_tailor", |b| replace_once(b, b"config/option.dat", b"config/option_main.dat"));
    fs::rename(c.path("option.dat"), c.path("option_main.dat")).unwrap();
    let out = c.run(&["option", "set", "LOG_CONNECTION=7", "."]);
    assert!(out.stdout.clone().starts_with("--- a/option_main.dat"), "{out:?}");
    let out = c.run(&["option", "set", "LOG_CONNECTION=7", ".", "--write"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(c.text("option_main.dat").contains("\nLOG_CONNECTION=7\n"));
}

/// A file that ends in the middle of a continuation (last line `…,\` without a newline,
/// a real-world shape): a setting appended after it becomes part of the continued value.
#[test]
fn append_after_a_dangling_continuation() {
    let c = Conf::with_files(&[
        (
            "option.dat",
            b"ALIAS_DOMAINS=6\nDELIVERY_OPTIONS=\\\n     #&members=*,\\\n     #forward=**,\\"
                .to_vec(),
        ),
        (
            "dispatcher.cnf",
            b"[SERVICE=SMTP]\nPORT=25\nIMAGE=IMTA_BIN:tcp_smtp_server\nPARAMETER=A,\\".to_vec(),
        ),
    ]);
    let out = c.run(&["option", "set", "LOG_CONNECTION=3", ".", "--write"]);
    assert_eq!(out.code, 0, "{out:?}");
    let s = option_settings("option.dat", &c.read("option.dat"), Kind::Option);
    assert!(s.iter().any(|(n, v)| n == "LOG_CONNECTION" && v == "3"), "{s:?}");
    let out = c.run(&["dispatcher", "set", "--service", "SMTP", "MAX_CONNS=4", ".", "--write"]);
    assert_eq!(out.code, 0, "{out:?}");
    let s = option_settings("dispatcher.cnf", &c.read("dispatcher.cnf"), Kind::Dispatcher);
    assert!(s.iter().any(|(n, v)| n == "MAX_CONNS" && v == "4"), "{s:?}");
}

/// Removing the only word of a channel's last continuation line also deletes a comment
/// line that sits between the continued lines.
#[test]
fn removing_a_keyword_keeps_comment_lines() {
    let c = Conf::with_files(&[(
        "imta.cnf",
        b"a $U@tcp-daemon\n\ntcp_local smtp \\\n! keep this note\n  maxjobs 7\ntcp-daemon\n"
            .to_vec(),
    )]);
    let out = c.run(&["channel", "remove-keyword", "tcp_local", "maxjobs", "."]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(!out.stdout.clone().contains("-! keep this note"), "{out:?}");
}

/// A keyword alone on each of the last two continuation lines: every command on that
/// channel fails with "internal error: two edits overlap".
#[test]
fn keyword_alone_on_the_last_two_continuation_lines() {
    let c = imta_cnf(&[
        "r $U@tcp_0-daemon", "", "tcp_0 smtp logging \\", "  logging \\", "  logging",
        "tcp_0-daemon",
    ]);
    for args in [
        &["channel", "remove-keyword", "tcp_0", "logging", "."][..],
        &["channel", "add-keyword", "tcp_0", "logging", "."],
        &["logging", "disable", "--all", "."],
    ] {
        let out = c.run(args);
        assert_eq!(out.code, 0, "{args:?}: {out:?}");
    }
}

/// Two keywords that are the only words of a continuation line are both removed: the
/// line is left empty, which would end the block; the lint catches it, so
/// `logging enable --all` is refused although the request is plain.
#[test]
fn continuation_line_emptied_of_all_its_words() {
    let c = imta_cnf(&[
        "r $U@tcp_0-daemon", "", "tcp_0 smtp logging \\", "  nologging logging", "tcp_0-daemon",
    ]);
    let out = c.run(&["logging", "enable", "--all", "."]);
    assert_eq!(out.code, 0, "{out:?}");
}

/// Removing the first keyword of an indented continuation line also removes the indent.
#[test]
fn removing_the_first_word_of_a_continuation_line_keeps_the_indent() {
    let c = messy("continuations");
    let out = c.run(&["channel", "remove-keyword", "tcp_local", "remotehost", "."]);
    assert!(out.stdout.clone().contains("\n+    inner \\\n"), "{out:?}");
}

/// The re-lint gate lints as `lint` does: a severity lowered in imtacfg.toml no longer
/// refuses the edit, and a rule turned off there is not reported as added.
#[test]
fn the_gate_uses_the_lint_settings() {
    let c = sample();
    c.write("imtacfg.toml", b"[lint.severity]\nOPT102 = \"warning\"\n");
    let out = c.run(&["option", "set", "LOG_FORMAT=9", "."]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stderr.contains("warning: the edit adds OPT102"), "{out:?}");
    c.write("imtacfg.toml", b"[lint]\nignore = [\"OPT102\"]\n");
    let out = c.run(&["option", "set", "LOG_FORMAT=9", "."]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(!out.stderr.contains("OPT102"), "{out:?}");
}

/// imta_tailor naming an option file outside the directory: that file is never written,
/// and no option.dat is created here either (the product would not read it).
#[test]
fn option_file_named_outside_is_refused() {
    let c = sample();
    fs::remove_file(c.path("option.dat")).unwrap();
    c.write("imta_tailor", b"IMTA_OPTION_FILE=../outside/option.dat\n");
    let before = c.files();
    let out = c.run(&["option", "set", "LOG_CONNECTION=3", ".", "--write"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("outside the configuration directory"), "{out:?}");
    assert!(c.files() == before, "a file changed or appeared");
}

/// A last word that is neither NAME=VALUE nor an existing path says both (it may be a
/// mistyped directory).
#[test]
fn a_missing_path_is_named_as_one() {
    let c = sample();
    let out = c.run(&["option", "set", "LOG_FORMAT=2", "nosuchdir"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(
        out.stderr.contains(
            "`nosuchdir` is not NAME=VALUE, nor a configuration directory or file that exists"
        ),
        "{out:?}"
    );
}

/// The faithfulness check skips the rewrite rules and blocks at both ends that an edit left
/// as they were; a plan that also changes a block near the end, or a rule, which no intent
/// names, is still refused, and the intended edit alone still passes.
#[test]
fn the_edit_check_sees_a_stray_change_at_either_end() {
    use imtacfg::edit::{keywords, pipeline};
    let c = conf(&[(
        "imta.cnf",
        "! rules\n.a.example $U@tcp_a-daemon\n.b.example $U@tcp_b-daemon\n\ntcp_a smtp\ntcp_a-daemon\n\ntcp_b smtp\ntcp_b-daemon\n\ntcp_c smtp\ntcp_c-daemon\n",
    )]);
    let catalog = Catalog::builtin();
    let set = load(c.path());
    let text = set.files[0].source.text.clone();
    assert_eq!(set.files.len(), 1);
    let options = imtacfg::lint::LintOptions::default();
    let lint = |s: &ConfigSet| imtacfg::lint::lint(s, &catalog, &options);
    let block = keywords::find_channel(&set, "tcp_b")[0];
    let plan = keywords::add(&set, &catalog, block, "single", &[]);
    assert!(pipeline::prepare(&set, &plan, &catalog, &lint, false).is_ok());
    for stray in ["tcp_c smtp", ".b.example $U@tcp_b-daemon", "tcp_a smtp"] {
        let mut bad = plan.clone();
        let at = text.find(stray).unwrap() + stray.len();
        bad.push(0usize, imtacfg::model::Span::new(at, at), " mx");
        let refused = pipeline::prepare(&set, &bad, &catalog, &lint, true);
        assert!(
            matches!(refused, Err(pipeline::Refusal::Unfaithful(_))),
            "{stray}: {:?}",
            refused.err()
        );
    }
}
