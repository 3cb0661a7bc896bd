//! `imtacfg log …` end to end: layout of the sample, JSON shapes against their schemas,
//! hostile input, compressed and several inputs, the log directory of a configuration,
//! traces and statistics.

use std::io::Write;

use crate::common::*;
use crate::schemas::{schema_file, validate};

const FIX: &str = "tests/fixtures/log";

#[test]
fn outputs_validate_against_their_schemas() {
    let out = run(&["log", "parse", FIX, "--format", "ndjson"]);
    assert_eq!(out.code, 2, "a directory is no log file: {out:?}");
    for f in ["example_21_9", "example_21_4", "all_options"] {
        let out = run(&["log", "parse", &format!("{FIX}/{f}.log")]);
        for l in out.stdout.lines() {
            validate("log-record.json", &serde_json::from_str(l).unwrap());
        }
    }
    let (_, v) = json_of(&["log", "layout", "examples/sample", "--format", "json"]);
    validate("log-layout.json", &v);
    let (_, v) = json_of(&[
        "log",
        "trace",
        "bobby@hosta.sesta.com",
        &format!("{FIX}/example_21_9.log"),
        "--format",
        "json",
    ]);
    validate("log-trace.json", &v);
    let (_, v) = json_of(&["log", "stats", &format!("{FIX}/example_21_7.log"), "--format", "json"]);
    validate("log-stats.json", &v);
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(schema_file("log-record.json")).unwrap())
            .unwrap();
    assert!(
        !jsonschema::validator_for(&schema).unwrap().is_valid(&serde_json::json!({"version": "1"}))
    );
}

#[test]
fn layout_of_the_sample_follows_its_option_dat() {
    let (_, v) = json_of(&["log", "layout", "examples/sample", "--format", "json"]);
    assert_eq!(v["log_format"], 1);
    assert_eq!(v["separate_connection_log"], true);
    let on: Vec<&str> = v["message_fields"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["on"] == true)
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    // option.dat: LOG_CONNECTION=3 LOG_PROCESS=1 LOG_MESSAGE_ID=1 LOG_FILENAME=1
    // LOG_USERNAME=1 LOG_QUEUE_TIME=1 (LOG_DIAGNOSTICS defaults to 1).
    assert_eq!(
        on,
        [
            "time", "process", "source_channel", "destination_channel", "code", "size", "from",
            "orig_to", "to", "file", "message_id", "username", "connection", "diagnostic",
            "queue_time"
        ]
    );
    let files: Vec<&str> =
        v["files"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap()).collect();
    assert!(files.contains(&"/var/opt/example/messaging/log/connection.log_current"), "{files:?}");
    assert_eq!(v["channel_options"][0]["options"]["LOG_BANNER"], "1");
    // The illustrative line decodes to the fields the layout lists.
    let dir =
        conf(&[("mail.log_current", &(v["example_message"].as_str().unwrap().to_string() + "\n"))]);
    let out =
        run(&["log", "parse", "-C", "examples/sample", p(&dir.path().join("mail.log_current"))]);
    assert_eq!(out.code, 0, "{out:?}");
    let rec: serde_json::Value = serde_json::from_str(out.stdout.trim()).unwrap();
    let mut got: Vec<&str> =
        rec["fields"].as_object().unwrap().keys().map(String::as_str).collect();
    got.retain(|k| on.contains(k));
    assert_eq!(got, on);
    let table = run(&["log", "layout", "examples/sample"]);
    assert_eq!(table.code, 0);
    snapshot!("log_layout_sample", table.stdout);
}

#[test]
fn layout_with_log_format_4_switches_defaults_on() {
    let dir = conf(&[
        ("option.dat", "LOG_FORMAT=4\n"),
        (
            "imta.cnf",
            "a.example.com $U@a.example.com\n\ndefaults logging\n\ntcp_local smtp\ntcp-daemon\n",
        ),
    ]);
    let (_, v) = json_of(&["log", "layout", p(&dir), "--format", "json"]);
    let src = |n: &str| {
        v["options"].as_array().unwrap().iter().find(|o| o["name"] == n).unwrap()["source"].clone()
    };
    assert_eq!(src("LOG_MESSAGE_ID"), "LOG_FORMAT>3 default");
    assert_eq!(src("LOG_NODE"), "default");
    assert!(v["example_message"].as_str().unwrap().starts_with("<en ts="));
    assert_eq!(v["logging_channels"][0], "tcp_local");
}

#[test]
fn hostile_input_gives_errors_with_line_numbers_and_the_rest_decoded() {
    let good = std::fs::read(format!("{ROOT}/{FIX}/example_21_1.log")).unwrap();
    let mut data = Vec::new();
    data.extend_from_slice(b"garbage that is no entry\n");
    data.extend_from_slice(&good);
    data.extend_from_slice(&[0, 159, 146, 150, 255, b'\n']);
    data.extend_from_slice(&vec![b'x'; 10 << 20]);
    data.push(b'\n');
    data.extend_from_slice(b"19-Jan-1998 19:16:57.64 l tcp_local E 1 adam@sesta.com rfc822;marlowe@siroe.com marlowe@siroe.com\n");
    data.extend_from_slice(b"19-Jan-1998 19:16:57.64 l tcp_loc");
    let dir = conf(&[]);
    let f = dir.path().join("bad.log");
    std::fs::write(&f, &data).unwrap();
    let out = run(&["log", "parse", p(&f)]);
    assert_eq!(out.code, 2);
    let recs: Vec<serde_json::Value> =
        out.stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(recs.len(), 7);
    let errors: Vec<u64> =
        recs.iter().filter(|r| r["kind"] == "error").map(|r| r["line"].as_u64().unwrap()).collect();
    assert_eq!(errors, [1, 4, 5, 7]);
    assert_eq!(recs[4]["cut"], true);
    assert_eq!(recs[3]["raw_latin1"], true);
    assert_eq!(recs[5]["fields"]["to"], "marlowe@siroe.com");
    assert!(out.stderr.contains("bad.log:1: not a log entry"), "{}", out.stderr);
    assert!(out.stderr.contains("bad.log:5: line longer than"), "{}", out.stderr);
    // Empty file: nothing, no error.
    let e = dir.path().join("empty.log");
    std::fs::write(&e, b"").unwrap();
    let out = run(&["log", "parse", p(&e)]);
    assert_eq!((out.code, out.stdout.as_str()), (0, ""));
    // An explicit size limit applies to logs too.
    let out = run(&["log", "parse", p(&f), "--max-file-size", "1K"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("over the 1024-byte limit"), "{}", out.stderr);
    // Missing file and a directory: exit 2 naming them.
    let out = run(&["log", "parse", "/nonexistent/mail.log"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("/nonexistent/mail.log: no such file"));
}

#[test]
fn gzip_stdin_and_files_in_time_order() {
    let dir = conf(&[]);
    let yesterday = std::fs::read(format!("{ROOT}/{FIX}/example_21_4.log")).unwrap();
    let current = std::fs::read(format!("{ROOT}/{FIX}/example_21_5.log")).unwrap();
    let gz = dir.path().join("mail.log_yesterday.gz");
    let mut enc = flate2::write::GzEncoder::new(
        std::fs::File::create(&gz).unwrap(),
        flate2::Compression::fast(),
    );
    enc.write_all(&yesterday).unwrap();
    enc.finish().unwrap();
    let cur = dir.path().join("mail.log_current");
    std::fs::write(&cur, &current).unwrap();
    // Named newest first: read oldest first.
    let out = run(&["log", "parse", "--format", "raw", p(&cur), p(&gz)]);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(out.bytes, [yesterday.clone(), current.clone()].concat());
    let mut c = imtacfg();
    c.args(["log", "parse", "-", "--code", "R"]).pipe_stdin(&cur).unwrap();
    let out = run_cmd(&mut c);
    assert_eq!(out.code, 0);
    assert_eq!(out.stdout.lines().count(), 1);
    assert!(out.stdout.contains("\"file\":\"-\""));
}

#[test]
fn filters() {
    let f = format!("{FIX}/example_21_3.log");
    let count = |args: &[&str]| {
        let mut a = vec!["log", "parse", f.as_str()];
        a.extend_from_slice(args);
        let out = run(&a);
        assert_eq!(out.code, 0, "{out:?}");
        out.stdout.lines().count()
    };
    assert_eq!(count(&[]), 6);
    assert_eq!(count(&["--code", "D"]), 3);
    assert_eq!(count(&["--channel", "tcp_local"]), 4);
    assert_eq!(count(&["--to", "carol@varrius.com"]), 2);
    assert_eq!(count(&["--since", "1998-01-19T20:01:50", "--until", "1998-01-19T20:02"]), 2);
    assert_eq!(count(&["--ip", "192.160.253.66"]), 2);
    assert_eq!(count(&["--message-id", "01ISKND2H8MS90N15M@sesta.com"]), 6);
    assert_eq!(count(&["--from", "nobody"]), 0);
    let out = run(&["log", "parse", &f, "--since", "yesterday"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("--since"));
}

#[test]
fn the_log_directory_of_a_configuration() {
    let dir = conf(&[
        ("imta_tailor", "IMTA_LOG=logs/\n"),
        ("option.dat", "LOG_FILENAME=1\nLOG_MESSAGE_ID=1\n"),
    ]);
    std::fs::create_dir(dir.path().join("logs")).unwrap();
    std::fs::copy(
        format!("{ROOT}/{FIX}/example_21_7.log"),
        dir.path().join("logs/mail.log_current"),
    )
    .unwrap();
    let out = run(&["log", "stats", "-C", p(&dir), "--format", "json"]);
    assert_eq!(out.code, 0, "{out:?}");
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v["records"], 5);
    // A log directory outside the configuration needs --allow-outside.
    let outside = conf(&[("imta_tailor", "IMTA_LOG=/var/opt/nowhere/log/\n")]);
    let out = run(&["log", "parse", "-C", p(&outside)]);
    assert_eq!(out.code, 2, "{out:?}");
}

#[test]
fn trace_follows_retries_and_says_which_options_are_missing() {
    let out = run(&[
        "log",
        "trace",
        "<01IRUD7SVA3Q9UN2D4@sesta.com>",
        &format!("{FIX}/example_21_7.log"),
        "-C",
        "examples/mistakes",
        "--format",
        "json",
    ]);
    assert_eq!(out.code, 0, "{out:?}");
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v["entries"].as_array().unwrap().len(), 5);
    let attempts: Vec<_> =
        v["entries"].as_array().unwrap().iter().map(|e| e["attempts"].clone()).collect();
    assert_eq!(attempts, [0, 0, 1, 2, 2]);
    assert_eq!(v["recipients"][0]["fate"], "delivered");
    assert_eq!(v["recipients"][0]["retries"], 3);
    let advice: Vec<&str> =
        v["advice"].as_array().unwrap().iter().map(|a| a["command"].as_str().unwrap()).collect();
    assert!(advice.contains(&"imtacfg option set LOG_PROCESS=1 examples/mistakes"), "{advice:?}");
    // By queue file: the ZY name finds the ZZ entries too (same unique part).
    let out = run(&["log", "trace", "ZY01IS3D2ZP7FQ9UN54R.00", &format!("{FIX}/example_21_7.log")]);
    assert_eq!(out.code, 0);
    assert!(out.stdout.contains("ZZ01IS3D2ZP7FQ9UN54R.00"), "{}", out.stdout);
    // Bounced, with the reason; connection entries tied through LOG_PROCESS.
    let (_, v) = json_of(&[
        "log",
        "trace",
        "user@very.bogus.com",
        &format!("{FIX}/example_21_4.log"),
        "--format",
        "json",
    ]);
    assert_eq!(v["recipients"][0]["fate"], "bounced");
    assert_eq!(v["recipients"][0]["reason"], "Illegal host/domain name found");
    let (_, v) = json_of(&[
        "log",
        "trace",
        "dave@hostb.sesta.com",
        &format!("{FIX}/example_21_9.log"),
        "--format",
        "json",
    ]);
    let codes: Vec<&str> =
        v["entries"].as_array().unwrap().iter().map(|e| e["code"].as_str().unwrap()).collect();
    assert!(codes.contains(&"O") && codes.contains(&"C"), "{codes:?}");
    // Through the conversion channel, which re-enqueues under a new Message-ID.
    let (_, v) = json_of(&[
        "log",
        "trace",
        "<01IT5UALL14498518O@siroe.edu>",
        &format!("{FIX}/example_21_8.log"),
        "--format",
        "json",
    ]);
    let hops: Vec<String> = v["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            format!(
                "{} {}>{}",
                e["code"].as_str().unwrap(),
                e["source_channel"].as_str().unwrap(),
                e["destination_channel"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(hops, ["E tcp_local>conversion", "E conversion>l", "D conversion>", "D l>"]);
    // The dequeue from conversion is a hand-off; the manual's last line names the
    // recipient bert@siroe.com (a typo), so bert@sesta.com is last seen queued for l.
    assert_eq!(v["recipients"][0]["recipient"], "bert@sesta.com");
    assert_eq!(v["recipients"][0]["fate"], "still queued for l");
    assert_eq!(v["recipients"][1]["recipient"], "bert@siroe.com");
    assert_eq!(v["recipients"][1]["fate"], "delivered");
    assert_eq!(v["recipients"][1]["channel"], "l");
    let out = run(&["log", "trace", "<nobody@nowhere>", &format!("{FIX}/example_21_9.log")]);
    assert_eq!(out.code, 1);
}

#[test]
fn stats_groups_delays_and_failures() {
    let (_, v) = json_of(&[
        "log",
        "stats",
        &format!("{FIX}/example_21_7.log"),
        &format!("{FIX}/example_21_3.log"),
        "--format",
        "json",
    ]);
    assert_eq!(v["records"], 11);
    let tcp = v["groups"].as_array().unwrap().iter().find(|g| g["key"] == "tcp_local").unwrap();
    assert_eq!(tcp["failed"], 3);
    let d = v["delays"].as_array().unwrap().iter().find(|d| d["channel"] == "tcp_local").unwrap();
    assert_eq!(d["count"], 3);
    assert_eq!(
        v["failures"][0]["key"],
        "TCP active open: Failed connect() Error: no route to host"
    );
    assert_eq!(v["failures"][0]["count"], 2);
    let (_, v) = json_of(&[
        "log",
        "stats",
        &format!("{FIX}/example_21_9.log"),
        "--by",
        "remote-ip",
        "--top",
        "2",
        "--format",
        "json",
    ]);
    assert_eq!(v["groups"].as_array().unwrap().len(), 2);
    let auth = conf(&[(
        "a.log",
        "01-Mar-2007 10:00:00.00 tcp_local + U TCP|1.2.3.4|25|9.9.9.9|4000 SMTP 535 5.7.8 Authentication failed\n01-Mar-2007 10:00:01.00 tcp_local + U TCP|1.2.3.4|25|9.9.9.9|4001 SMTP 535 5.7.8 Authentication failed\n",
    )]);
    let (_, v) = json_of(&["log", "stats", p(&auth.path().join("a.log")), "--format", "json"]);
    assert_eq!(v["auth_failures"][0]["key"], "9.9.9.9");
    assert_eq!(v["auth_failures"][0]["count"], 2);
    let t = run(&["log", "stats", &format!("{FIX}/example_21_7.log")]);
    snapshot!("log_stats_21_7", t.stdout);
}

#[test]
fn xml_and_json_lines() {
    let dir = conf(&[(
        "x.log",
        concat!(
            r#"<en ts="2007-02-16T15:41:34.73" pi="409f.3.1" sc="tcp_local" dc="" ac="DE" sz="1" so="adam@sesta.com" od="rfc822;marlowe@siroe.com" de="marlowe@siroe.com" mi="&lt;0JDJ@sesta.com&gt;" di="smtp;250 2.1.5 ok" zz="later"/>"#,
            "\n",
            r#"{"en":{"ts":"2020-01-02T03:04:05","sc":"tcp_local","dc":"ims-ms","ac":"EE","sz":2,"so":"a@b.c","od":"rfc822;d@e.f","de":"d@e.f"}}"#,
            "\n",
            r#"<en ts="2007-02-16T15:41:34.73" sc="#,
            "\n"
        ),
    )]);
    let out = run(&["log", "parse", p(&dir.path().join("x.log"))]);
    assert_eq!(out.code, 2);
    let recs: Vec<serde_json::Value> =
        out.stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(recs[0]["format"], 4);
    assert_eq!(recs[0]["fields"]["message_id"], "<0JDJ@sesta.com>");
    assert_eq!(recs[0]["extra"]["zz"], "later");
    assert_eq!(recs[1]["format"], 5);
    assert_eq!(recs[1]["fields"]["size"], "2");
    assert_eq!(recs[2]["kind"], "error");
}
