//! `imtacfg dump` end to end: byte-identical source output (also for CRLF and Latin-1
//! files), the JSON of a configuration directory, include expansion, errors with exit
//! code 2, standard input, and includes that point outside the configuration directory.

use std::path::Path;

use serde_json::Value;

use crate::common::*;

/// The `--kind` value for a fixture, from its extension.
fn kind_arg(name: &str) -> &'static str {
    match Path::new(name).extension().and_then(|e| e.to_str()) {
        Some("cnf") => "imta",
        Some("dat") => "option",
        Some("tailor") => "tailor",
        Some("dispatcher") => "dispatcher",
        Some("jbc") => "job-controller",
        _ => panic!("{name}: no family for this extension"),
    }
}

/// The fixtures used for the CLI checks: one or more of every family, and the awkward
/// endings (no final newline, end inside a continuation, empty file).
const SOME_FIXTURES: &[&str] = &[
    "blank-after-opening-comments.cnf", "whitespace-only-separators.cnf",
    "channel-line-continuation.cnf", "include-last-line-no-newline.cnf", "no-final-newline.cnf",
    "empty.cnf", "single-newline.cnf", "continuation-comment-cuts-value.dat",
    "ends-mid-continuation.dat", "value-forms.dat", "trailing-spaces.tailor",
    "commented-section-header.dispatcher", "pools-and-channel-wildcards.jbc",
];

/// Run `dump PATH --kind K --format source` and return stdout, asserting success.
fn dump_source(path: &Path, kind: &str) -> Vec<u8> {
    let out = imtacfg()
        .args(["dump", path.to_str().unwrap(), "--kind", kind, "--format", "source"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}: {}",
        path.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// Run a command expecting a JSON document on stdout.
fn json_of(cmd: &mut Command) -> Value {
    let out = cmd.output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("stdout is JSON")
}

/// The Latin-1 byte 0xE9 after the first comment character, or an appended `! caf\xe9`.
fn latin1(bytes: &[u8]) -> Vec<u8> {
    let mut out = bytes.to_vec();
    match out.iter().position(|&b| b == b'!' || b == b'#') {
        Some(p) => out.insert(p + 1, 0xE9),
        None => out.extend_from_slice(b"\n! caf\xe9\n"),
    }
    out
}

/// The lines of a text, each with its terminator.
fn lines_with_ends(text: &str) -> Vec<&str> {
    text.split_inclusive('\n').collect()
}

/// `--format source` prints fixtures back byte for byte.
#[test]
fn source_format_is_byte_identical() {
    for name in SOME_FIXTURES {
        let path = Path::new(FIXTURES).join(name);
        let bytes = std::fs::read(&path).unwrap();
        assert!(dump_source(&path, kind_arg(name)) == bytes, "{name}");
    }
}

/// `--format source` prints CRLF, Latin-1 and CRLF + Latin-1 copies back byte for byte,
/// with `--kind` and with the family told by the file name.
#[test]
fn source_format_keeps_crlf_and_latin1() {
    let dir = tempfile::tempdir().unwrap();
    for name in SOME_FIXTURES {
        let bytes = std::fs::read(Path::new(FIXTURES).join(name)).unwrap();
        for (tag, variant) in [
            ("crlf", crlf(&bytes)),
            ("latin1", latin1(&bytes)),
            ("crlf-latin1", crlf(&latin1(&bytes))),
        ] {
            let path = dir.path().join(format!("{tag}-{name}"));
            std::fs::write(&path, &variant).unwrap();
            assert!(dump_source(&path, kind_arg(name)) == variant, "{tag} {name}");
        }
    }
    // The family from the file name, no --kind.
    let bytes = std::fs::read(Path::new(SAMPLE).join("imta.cnf")).unwrap();
    let variant = crlf(&latin1(&bytes));
    let sub = dir.path().join("conf");
    std::fs::create_dir(&sub).unwrap();
    let path = sub.join("imta.cnf");
    std::fs::write(&path, &variant).unwrap();
    let out =
        imtacfg().args(["dump", path.to_str().unwrap(), "--format", "source"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout == variant);
    let json = json_of(imtacfg().args(["dump", path.to_str().unwrap()]));
    assert_eq!(json["files"][0]["encoding"], "latin-1");
    assert_eq!(json["files"][0]["line_endings"], "crlf");
}

/// The JSON of examples/sample has version 2 and lists every file of the directory with
/// its family, plus internet.rules read through the include of imta.cnf.
#[test]
fn json_of_sample_directory_lists_every_file() {
    let json = json_of(imtacfg().args(["dump", "examples/sample"]));
    assert_eq!(json["version"], 2);
    let files = json["files"].as_array().unwrap();
    let listed: Vec<(&str, &str, u64)> = files
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap(),
                f["kind"].as_str().unwrap(),
                f["include_depth"].as_u64().unwrap(),
            )
        })
        .collect();
    let expected_top = [
        ("imta.cnf", "imta"),
        ("imta_tailor", "tailor"),
        ("option.dat", "option"),
        ("tcp_local_option", "channel-option"),
        ("dispatcher.cnf", "dispatcher"),
        ("job_controller.cnf", "job-controller"),
    ];
    for (name, kind) in expected_top {
        let path = format!("examples/sample/{name}");
        assert!(
            listed.contains(&(path.as_str(), kind, 0)),
            "{path} as {kind} missing from {listed:?}"
        );
    }
    assert!(
        listed.contains(&("examples/sample/internet.rules", "imta", 1)),
        "internet.rules read as an include: {listed:?}"
    );
    // Every file of the directory that imtacfg reads is there; nothing else is.
    for entry in std::fs::read_dir(SAMPLE).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        let path = format!("examples/sample/{name}");
        let known = expected_top.iter().any(|(n, _)| *n == name) || name == "internet.rules";
        assert_eq!(listed.iter().any(|(p, _, _)| *p == path), known, "{path} listed: {listed:?}");
    }
    assert_eq!(files.len(), expected_top.len() + 1);
    for f in files {
        assert_eq!(f["encoding"], "utf-8");
        assert_eq!(f["line_endings"], "lf");
    }
    let includes = json["includes"].as_array().unwrap();
    let imta_inc: Vec<&Value> =
        includes.iter().filter(|i| i["from"] == "examples/sample/imta.cnf").collect();
    assert_eq!(imta_inc.len(), 1);
    assert_eq!(imta_inc[0]["line"], 33);
    assert_eq!(imta_inc[0]["spec"], "IMTA_TABLE:internet.rules");
    assert_eq!(imta_inc[0]["status"], "read");
    assert_eq!(imta_inc[0]["file"], "examples/sample/internet.rules");
    assert_eq!(json["errors"].as_array().unwrap().len(), 0);
}

/// `--expand-includes` replaces the include line of imta.cnf with internet.rules between
/// two marker comment lines, and leaves everything else as it was.
#[test]
fn expand_includes_splices_internet_rules() {
    let out = imtacfg()
        .args(["dump", "examples/sample/imta.cnf", "--format", "source", "--expand-includes"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let got = String::from_utf8(out.stdout).unwrap();
    let imta = std::fs::read_to_string(Path::new(SAMPLE).join("imta.cnf")).unwrap();
    let rules = std::fs::read_to_string(Path::new(SAMPLE).join("internet.rules")).unwrap();

    let got_lines = lines_with_ends(&got);
    let begin =
        got_lines.iter().position(|l| l.starts_with("! imtacfg: begin")).expect("begin marker");
    let end = got_lines.iter().position(|l| l.starts_with("! imtacfg: end")).expect("end marker");
    assert!(got_lines[begin].contains("<IMTA_TABLE:internet.rules"));
    assert!(got_lines[begin].contains("internet.rules"));
    assert!(got_lines[end].contains("internet.rules"));
    assert_eq!(got_lines[begin + 1..end].concat(), rules);

    let imta_lines = lines_with_ends(&imta);
    assert_eq!(imta_lines[32], "<IMTA_TABLE:internet.rules\n");
    assert_eq!(got_lines[..begin].concat(), imta_lines[..32].concat());
    assert_eq!(got_lines[end + 1..].concat(), imta_lines[33..].concat());
    assert!(got.contains("\n!<IMTA_TABLE:domains.rules\n"));
}

/// A file with a NUL byte is refused with exit code 2, naming the file and the line.
#[test]
fn binary_file_is_refused_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("imta.cnf");
    std::fs::write(&path, b"! x\n.com $U%$D@tcp-daemon\nfoo\0bar\n").unwrap();
    for format in ["json", "source"] {
        let out =
            imtacfg().args(["dump", path.to_str().unwrap(), "--format", format]).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{format}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(path.to_str().unwrap()), "{err}");
        assert!(err.contains("line 3"), "{err}");
    }
    let out = imtacfg()
        .args(["dump", "-", "--kind", "option", "--format", "source"])
        .write_stdin(b"A=1\nB=\0\n".to_vec())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("<stdin>") && err.contains("line 2"), "{err}");
}

/// A file whose name does not tell its family needs --kind: exit code 2, naming the file.
#[test]
fn unknown_file_name_needs_kind() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.txt");
    std::fs::write(&path, b"A=1\n").unwrap();
    let out = imtacfg().args(["dump", path.to_str().unwrap()]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("notes.txt") && err.contains("--kind"), "{err}");
    // With --kind it is read.
    let out = imtacfg()
        .args(["dump", path.to_str().unwrap(), "--kind", "option", "--format", "source"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(out.stdout, b"A=1\n");
}

/// A missing path: exit code 2, naming the path.
#[test]
fn missing_path_is_an_error() {
    let out = imtacfg().args(["dump", "no/such/dir/imta.cnf"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no/such/dir/imta.cnf"), "{err}");
}

/// `-` without --kind: exit code 2 and a message saying --kind is needed.
#[test]
fn stdin_without_kind_is_an_error() {
    let out = imtacfg().args(["dump", "-"]).write_stdin("A=1\n").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("standard input") && err.contains("--kind"), "{err}");
}

/// Standard input with `--kind option`: source is byte-identical (CRLF, Latin-1, no final
/// newline) and JSON shows the model.
#[test]
fn stdin_with_kind_option() {
    let input = b"! caf\xe9\r\nMAX_NOTIFYS = 2\r\nfilter_debug=1\r\nDELIVERY_OPTIONS=\\\r\n  #*mailbox=a,\\\r\n  #forward=**".to_vec();
    let out = imtacfg()
        .args(["dump", "-", "--kind", "option", "--format", "source"])
        .write_stdin(input.clone())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout == input);

    let json = json_of(imtacfg().args(["dump", "-", "--kind", "option"]).write_stdin(input));
    assert_eq!(json["version"], 2);
    let file = &json["files"][0];
    assert_eq!(file["kind"], "option");
    assert_eq!(file["encoding"], "latin-1");
    assert_eq!(file["line_endings"], "crlf");
    assert_eq!(file["final_newline"], false);
    let settings = file["model"]["settings"].as_array().unwrap();
    // `normalized` only where it differs from the name as written.
    let names: Vec<(&str, Option<&str>, &str)> = settings
        .iter()
        .map(|s| {
            (
                s["name"]["text"].as_str().unwrap(),
                s.get("normalized").map(|n| n.as_str().unwrap()),
                s["value"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        names,
        vec![
            ("MAX_NOTIFYS", None, "2"),
            ("filter_debug", Some("FILTER_DEBUG"), "1"),
            ("DELIVERY_OPTIONS", None, "  #*mailbox=a,  #forward=**"),
        ]
    );
    assert_eq!(settings[1]["name"]["span"], serde_json::json!([3, 1, 3, 13]));
    assert_eq!(settings[2]["physical_lines"], 3);
}

/// Writes a configuration directory whose imta.cnf includes a file of another directory
/// holding a secret marker; returns (config dir, other dir, marker).
fn outside_include_setup(relative: bool) -> (tempfile::TempDir, tempfile::TempDir, String) {
    let conf = tempfile::tempdir().unwrap();
    let other = tempfile::tempdir().unwrap();
    let marker = "SECRET-MARKER-7f3a9c-do-not-print".to_string();
    std::fs::write(
        other.path().join("secret.rules"),
        format!("! {marker}\n.{marker} $U@tcp-daemon\n"),
    )
    .unwrap();
    let target = if relative {
        let name = other.path().file_name().unwrap().to_str().unwrap();
        // Both temp dirs share a parent: reach the other one through `..`.
        assert_eq!(conf.path().parent(), other.path().parent());
        format!("../{name}/secret.rules")
    } else {
        other.path().join("secret.rules").to_str().unwrap().to_string()
    };
    std::fs::write(
        conf.path().join("imta.cnf"),
        format!("! test\n.com $U%$D@tcp-daemon\n<{target}\n\ntcp_local smtp\ntcp-daemon\n"),
    )
    .unwrap();
    (conf, other, marker)
}

/// An include outside the configuration directory is reported as "outside" and its
/// content is never printed, unless --allow-outside-includes is given.
#[test]
fn outside_include_is_not_read() {
    for relative in [false, true] {
        let (conf, _other, marker) = outside_include_setup(relative);
        let imta = conf.path().join("imta.cnf");
        for path in [conf.path(), imta.as_path()] {
            let out = imtacfg().args(["dump", path.to_str().unwrap()]).output().unwrap();
            assert_eq!(out.status.code(), Some(0));
            let stdout = String::from_utf8(out.stdout).unwrap();
            assert!(!stdout.contains(&marker), "relative={relative}: {stdout}");
            let json: Value = serde_json::from_str(&stdout).unwrap();
            let includes = json["includes"].as_array().unwrap();
            assert_eq!(includes.len(), 1);
            assert_eq!(includes[0]["status"], "outside", "relative={relative}");
            assert_eq!(includes[0]["line"], 3);
            assert_eq!(json["files"].as_array().unwrap().len(), 1);

            let out = imtacfg()
                .args(["dump", path.to_str().unwrap(), "--format", "source", "--expand-includes"])
                .output()
                .unwrap();
            assert_eq!(out.status.code(), Some(0));
            let stdout = String::from_utf8(out.stdout).unwrap();
            assert!(!stdout.contains(&marker), "relative={relative}: {stdout}");
            assert!(stdout.contains("secret.rules\n"), "the include line stays");
            assert!(stdout.contains("outside the configuration directory"));
        }

        // Allowed explicitly, the file is read and spliced in.
        let out = imtacfg()
            .args([
                "dump",
                imta.to_str().unwrap(),
                "--format",
                "source",
                "--expand-includes",
                "--allow-outside-includes",
            ])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert!(stdout.contains(&marker), "relative={relative}: {stdout}");
    }
}

/// A configuration directory whose imta.cnf (bytes `parent`) includes x.rules (bytes
/// `child`).
fn include_setup(parent: &[u8], child: &[u8]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("imta.cnf"), parent).unwrap();
    std::fs::write(dir.path().join("x.rules"), child).unwrap();
    dir
}

/// `dump imta.cnf --format source --expand-includes` of a directory whose imta.cnf is
/// `before`, the include line `<IMTA_TABLE:x.rules` ended by `eol`, then `after`, and whose
/// x.rules holds `child`: it succeeds and splices the child's bytes in unchanged; returns
/// what it printed.
fn expand(before: &[u8], eol: &str, after: &[u8], child: &[u8]) -> Vec<u8> {
    let parent = [before, b"<IMTA_TABLE:x.rules", eol.as_bytes(), after].concat();
    let dir = include_setup(&parent, child);
    let args = ["dump", "imta.cnf", "--format", "source", "--expand-includes"];
    let out = imtacfg().args(args).current_dir(dir.path()).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert_spliced(&out.stdout, before, child, after);
    out.stdout
}

/// The expanded source: the parent's lines around the include line, the child's bytes
/// between the marker lines (markers compared by prefix only).
fn assert_spliced(out: &[u8], before: &[u8], child: &[u8], after: &[u8]) {
    assert!(out.starts_with(before), "{}", String::from_utf8_lossy(out));
    let rest = &out[before.len()..];
    assert!(rest.starts_with(b"! imtacfg: begin"));
    let body = &rest[rest.iter().position(|&b| b == b'\n').unwrap() + 1..];
    assert!(
        body.starts_with(child),
        "the included bytes are spliced as they are: {:?}",
        String::from_utf8_lossy(body)
    );
    let rest = &body[child.len()..];
    assert!(rest.starts_with(b"! imtacfg: end"));
    let tail = &rest[rest.iter().position(|&b| b == b'\n').unwrap() + 1..];
    assert_eq!(tail, after);
}

/// `--expand-includes` of a UTF-8 imta.cnf that includes a Latin-1 file keeps the
/// included file's bytes.
#[test]
fn expand_includes_keeps_latin1_include_bytes() {
    let after = b".com $U@tcp-daemon\n\ntcp_local smtp\ntcp-daemon\n";
    expand(b"! conf\n", "\n", after, b"! caf\xe9\n.org $U@tcp-daemon\n");
}

/// `--expand-includes` of a Latin-1 imta.cnf that includes a UTF-8 file with a character
/// Latin-1 cannot hold still prints both files.
#[test]
fn expand_includes_with_utf8_include_in_latin1_file() {
    let child = "! \u{20ac} prices\n.org $U@tcp-daemon\n";
    expand(b"! caf\xe9\n", "\n", b".com $U@tcp-daemon\n", child.as_bytes());
}

/// `--expand-includes` of a CRLF imta.cnf splices an LF include unchanged, with CRLF
/// marker lines.
#[test]
fn expand_includes_in_crlf_file() {
    let after = b".com $U@tcp-daemon\r\n\r\ntcp_local smtp\r\ntcp-daemon\r\n";
    let out = expand(b"! conf\r\n", "\r\n", after, b"! rules\n.org $U@tcp-daemon\n");
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("(x.rules)\r\n! rules\n"), "{text:?}");
}

/// The JSON shows the phenomena of the fixtures at the right lines: the rules ended by a
/// blank line, a commented-out section header, a cut continued value.
#[test]
fn json_shows_real_world_phenomena() {
    let dump = |name: &str, kind: &str| {
        let path = format!("tests/fixtures/real-world/{name}");
        json_of(imtacfg().args(["dump", &path, "--kind", kind]))
    };
    let j = dump("blank-after-opening-comments.cnf", "imta");
    let m = &j["files"][0]["model"];
    assert_eq!(m["rewrite_rules"].as_array().unwrap().len(), 0);
    assert_eq!(m["section_break"]["line"], 3);
    assert_eq!(m["blocks"][0]["name"]["text"], "partner.example.org");
    assert_eq!(m["blocks"][0]["hosts"][0][0]["span"][0], 5);

    let j = dump("commented-section-header.dispatcher", "dispatcher");
    let m = &j["files"][0]["model"];
    assert_eq!(m["commented_headers"][0]["line"], 10);
    assert_eq!(m["commented_headers"][0]["header"], "SERVICE=LMTPSS");
    assert_eq!(m["commented_headers"][0]["options_stay_in"], "SERVICE=SMTP");
    assert_eq!(m["sections"][0]["effective"]["PORT"]["value"], "225");
    assert_eq!(m["sections"][0]["effective"]["PORT"]["line"], 11);
    assert_eq!(m["sections"][0]["effective"]["MAX_PROCS"]["from"], "global");

    let j = dump("continuation-comment-cuts-value.dat", "option");
    let s = &j["files"][0]["model"]["settings"][0];
    assert_eq!(s["name"]["text"], "DELIVERY_OPTIONS");
    assert!(s.get("normalized").is_none());
    assert_eq!(s["inner_comment_lines"], serde_json::json!([3]));
    assert_eq!(s["physical_lines"], 4);

    let j = dump("ends-mid-continuation.dat", "option");
    let f = &j["files"][0];
    assert_eq!(f["final_newline"], false);
    assert_eq!(f["model"]["settings"][1]["dangling_continuation"][0], 6);
}

/// `--format json` is compact: one line and one final newline (users pipe it to `jq`),
/// every span a `[line, column, end_line, end_column]` array, located text
/// `{"text", "span"}`.
#[test]
fn json_is_compact_with_span_arrays() {
    let out = imtacfg()
        .args(["dump", "-", "--kind", "imta"])
        .write_stdin("! caf\u{e9}\n.com $U%$D@tcp-daemon\n\ntcp_local smtp MAXJOBS 7\ntcp-daemon\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.ends_with("}\n") && text.matches('\n').count() == 1, "{text}");
    assert!(!text.contains(": ") && !text.contains(", "), "no padding: {text}");
    let json: Value = serde_json::from_str(&text).unwrap();
    let m = &json["files"][0]["model"];
    assert_eq!(
        m["rewrite_rules"][0]["pattern"],
        serde_json::json!({"text": ".com", "span": [2, 1, 2, 5]})
    );
    let block = &m["blocks"][0];
    assert_eq!(block["span"], serde_json::json!([4, 1, 5, 11]));
    let kws = block["keywords"].as_array().unwrap();
    assert_eq!(kws[0]["name"]["text"], "smtp");
    assert!(kws[0].get("normalized").is_none());
    assert_eq!(kws[1]["name"]["text"], "MAXJOBS");
    assert_eq!(kws[1]["normalized"], "maxjobs");
    assert_eq!(kws[1]["args"], serde_json::json!([{"text": "7", "span": [4, 24, 4, 25]}]));
}

/// A closed pipe ends the dump quietly (exit 0, nothing on standard error).
#[cfg(unix)]
#[test]
fn json_into_a_closed_pipe_is_not_an_error() {
    use std::io::Read;
    use std::process::{Command as Process, Stdio};
    // Far more output than a pipe holds, so that writing meets the closed pipe.
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from(".com $U%$D@tcp-daemon\n\n");
    for i in 0..20_000 {
        text.push_str(&format!("c{i} smtp maxjobs 7\nc{i}-daemon\n\n"));
    }
    std::fs::write(dir.path().join("imta.cnf"), text).unwrap();
    let mut child = Process::new(assert_cmd::cargo::cargo_bin("imtacfg"))
        .args(["dump", dir.path().to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // The read end is dropped here; the rest of the dump meets a closed pipe.
    let out = child.wait_with_output().unwrap();
    assert_eq!(&first[..11], b"{\"version\":");
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
}

/// A file included several times is spliced at every one of its include lines (the
/// included text has no final newline: each end marker still starts a line), and the
/// lines between stay in place.
#[test]
fn expand_includes_splices_a_file_included_several_times() {
    let dir = include_setup(
        b"<IMTA_TABLE:x.rules\n! between\n<IMTA_TABLE:x.rules\n<IMTA_TABLE:nope.rules\n<IMTA_TABLE:x.rules\n\ntcp_local smtp\ntcp-daemon\n",
        b".org $U@tcp-daemon",
    );
    let out = imtacfg()
        .args(["dump", ".", "--format", "source", "--expand-includes"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let spliced = "! imtacfg: begin <IMTA_TABLE:x.rules (x.rules)\n.org $U@tcp-daemon\n! imtacfg: end x.rules\n";
    let expected = format!(
        "{spliced}! between\n{spliced}<IMTA_TABLE:nope.rules\n! imtacfg: not included: no such file\n{spliced}\ntcp_local smtp\ntcp-daemon\n"
    );
    assert_eq!(String::from_utf8(out.stdout).unwrap(), expected);
}

/// `dump` and `lint` load a directory the same way: a site keyword declared in imtacfg.toml
/// is known to both, and an include written with a mapped prefix is read by both and named
/// as a file of the directory (not by the mapped absolute path).
#[test]
fn dump_and_lint_see_the_same_model() {
    let dir = conf(&[
        (
            "imtacfg.toml",
            "[includes]\nmap = { \"/opt/site/config/\" = \".\" }\n\n\
             [[knowledge.keyword]]\nname = \"sitekey\"\nsummary = \"a keyword of this site\"\n",
        ),
        (
            "imta.cnf",
            "a.example $U%$D@tcp-daemon\n\n</opt/site/config/more.cnf\n\n\
             tcp_local smtp mx sitekey\ntcp-daemon\n",
        ),
        ("more.cnf", "tcp_x smtp bogusword\ntcp-x\n"),
    ]);
    for run_from_inside in [false, true] {
        let (cwd, path) =
            if run_from_inside { (dir.path(), ".") } else { (Path::new(ROOT), p(&dir)) };
        let prefix = if run_from_inside { String::new() } else { format!("{path}/") };
        let more = format!("{prefix}more.cnf");

        let out = imtacfg_in(cwd).args(["lint", path, "--format", "json"]).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "a warning: {out:?}");
        let lint: Value = serde_json::from_slice(&out.stdout).unwrap();
        let found: Vec<(&str, &str)> = lint["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| (d["code"].as_str().unwrap(), d["file"].as_str().unwrap()))
            .collect();
        // Only the unknown keyword of the included file: `sitekey` is known, the include read.
        assert_eq!(found, vec![("IMTA201", more.as_str())], "{lint}");

        let dump = json_of(imtacfg_in(cwd).args(["dump", path]));
        let files = dump["files"].as_array().unwrap();
        let paths: Vec<&str> = files.iter().map(|f| f["path"].as_str().unwrap()).collect();
        assert_eq!(paths, vec![format!("{prefix}imta.cnf"), more.clone()], "{dump}");
        let keywords = |file: usize| -> Vec<(String, bool)> {
            files[file]["model"]["blocks"]
                .as_array()
                .unwrap()
                .iter()
                .flat_map(|b| b["keywords"].as_array().unwrap().iter())
                .map(|k| (k["name"]["text"].as_str().unwrap().to_string(), k["known"] == true))
                .collect()
        };
        assert!(keywords(0).contains(&("sitekey".to_string(), true)), "{dump}");
        assert!(keywords(1).contains(&("bogusword".to_string(), false)), "{dump}");
        assert_eq!(dump["includes"][0]["status"], "read", "{dump}");
    }
}
