//! Logs as other sites may write them: the variations the spec and the seed allow (date
//! forms, a node without a process id, IPv6, quoted local parts, tabs, every modifier,
//! odd channel names, long diagnostics, CRLF, no final newline). Each line must decode
//! without an error and with the right time, channels, addresses and remote IP.

use crate::common::*;

const SITES: &str = "tests/fixtures/log/sites";

fn records(name: &str) -> Vec<serde_json::Value> {
    let out = run(&["log", "parse", &format!("{SITES}/{name}")]);
    assert_eq!(out.code, 0, "{name}: {}", out.stderr);
    out.stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

fn f<'a>(r: &'a serde_json::Value, name: &str) -> &'a str {
    r["fields"][name].as_str().unwrap_or("-")
}

/// One line per record of variants.log: time | source | destination | code | from | to |
/// remote IP (`-`: none; an empty column: the field is there and empty).
const VARIANTS: &str = r#"
2015-03-01T10:00:00.12 | tcp_local | ims-ms | EE | a@b.com | c@ims-ms-daemon | -
2015-03-01T10:00:01.00 | tcp_local | ims-ms | EE | a@b.com | c@ims-ms-daemon | -
2015-03-01T10:00:02 | tcp_local | ims-ms | EE | a@b.com | c@ims-ms-daemon | -
2015-03-01T10:00:03 | ims-ms |  | D | a@b.com | c@ims-ms-daemon | -
2015-03-01T10:00:04 | tcp_local | + | O | - | - | 192.0.2.7
2015-03-01T10:00:05.5 | tcp_local | - | C | - | - | 192.0.2.8
2015-03-01T10:00:06.00 | tcp_v6 | + | O | - | - | 2001:db8::2
2015-03-01T10:00:07.00 | tcp_v6 | ims-ms | EESA | a@b.com | c@ims-ms-daemon | 2001:db8::2
2015-03-01T10:00:08.00 | tcp_local | tcp_lmtpcs | EEC | "john smith"@b.com | "jane q doe"@d.com | -
2015-03-01T10:00:09.00 | tcp_local | process | E |  | c@d.com | -
2015-03-01T10:00:10.00 | tcp_submit | + | U | - | - | 198.51.100.9
2015-03-01T10:00:11.00 | tcp_local | ims-ms | EE | a@b.com | c@ims-ms-daemon | -
2015-03-01T10:00:12.00 | tcp_local |  | DESA | a@b.com | c@d.com | 203.0.113.5
2015-03-01T10:00:13.00 | tcp_local |  | R | a@b.com | c@d.com | 203.0.113.6
2015-03-01T10:00:14.00 | tcp_local |  | BSA | a@b.com | RCPT TO:<x@y.com> NOTIFY=NEVER | -
2015-03-01T10:00:15.00 | tcp_local |  | JE | h@v.com | al@very.bogus.com | 198.51.100.20
2015-03-01T10:00:16.00 | tcp_local | process | E |  |  | -
2015-03-01T10:00:17.00 | tcp_local | ims-ms | EE | a b@example.com | c@ims-ms-daemon | -
2015-03-01T10:00:18.00 | tcp_local |  | DE | a@b.com | c@d.com | 203.0.113.7
2015-03-01T10:00:19.00 | tcp_local | ims-ms | EE | a@b.com | c@ims-ms-daemon | -
2015-03-01T10:00:20.00 | ims-ms |  | KE | a@b.com | c@ims-ms-daemon | -
2015-03-01T10:00:21.00 | sms_gw-2 | tcp_local6 | WE | a@b.com | c@d.com | -
2015-03-01T10:00:22.00 | tcp_local6 |  | ZE | a@b.com | c@d.com | -
2015-03-01T10:00:23.00 | tcp_local | ims-ms | VE | a@b.com | c@ims-ms-daemon | -
2015-03-01T10:00:24.00 | tcp_local | - | Y | - | - | 203.0.113.9
2015-03-01T10:00:25.00 | tcp_local | + | I | - | - | 203.0.113.10
2015-03-01T10:00:26.00 | tcp_local | + | X | - | - | 203.0.113.11
"#;

#[test]
fn every_variation_decodes_with_the_right_fields() {
    let recs = records("variants.log");
    let want: Vec<Vec<&str>> =
        VARIANTS.trim().lines().map(|l| l.split(" | ").map(str::trim).collect()).collect();
    assert_eq!(recs.len(), want.len());
    for (i, (r, w)) in recs.iter().zip(&want).enumerate() {
        let got = [
            r["time"].as_str().unwrap_or("-"),
            f(r, "source_channel"),
            f(r, "destination_channel"),
            f(r, "code"),
            f(r, "from"),
            f(r, "to"),
            r["remote_ip"].as_str().unwrap_or("-"),
        ];
        assert_eq!(got.as_slice(), w.as_slice(), "line {}: {}", i + 1, r["raw"]);
        assert!(r.get("error").is_none_or(|e| e.is_null()), "line {}", i + 1);
    }
    snapshot!("log_sites_variants", {
        let out = run(&["log", "parse", &format!("{SITES}/variants.log")]);
        out.stdout
    });
}

#[test]
fn a_node_shown_once_decides_the_ambiguous_dequeue_lines() {
    let recs = records("variants.log");
    // `mailhub1 ims-ms D 1`: after `mailhub1 tcp_local ims-ms EE` the first word is the node.
    assert_eq!(f(&recs[2], "node"), "mailhub1");
    assert_eq!(f(&recs[3], "node"), "mailhub1");
    // A connection entry has no destination channel: two names are node and channel.
    assert_eq!(f(&recs[4], "node"), "mailhub1");
    assert_eq!(f(&recs[5], "process"), "7a3c.12.34");
    // The user of an authentication entry, and the connection information of a refusal.
    assert_eq!(f(&recs[10], "username"), "jdoe@b.com");
    assert_eq!(f(&recs[10], "diagnostic"), "535 5.7.8 Authentication failed");
    assert_eq!(f(&recs[15], "connection"), "v.com (v.com [198.51.100.20])");
    // The counted format keeps the blank inside a value; a 6 000-byte diagnostic is whole.
    assert_eq!(recs[17]["format"], 3);
    assert!(f(&recs[13], "diagnostic").len() > 6000);
    assert_eq!(recs[13]["diagnostic"]["reply_code"], 550);
}

#[test]
fn crlf_and_a_missing_final_newline_decode_and_round_trip() {
    let name = format!("{SITES}/crlf_no_final_newline.log");
    let recs = records("crlf_no_final_newline.log");
    assert_eq!(recs.len(), 3);
    assert_eq!(f(&recs[0], "to"), "bobby@hosta.sesta.com");
    assert_eq!(
        f(&recs[2], "diagnostic"),
        "dns;mailhub.sesta.com (TCP|206.184.139.12|5900|206.184.139.66|25) (MAILHUB.SESTA.COM -- Server ESMTP [iMS V5.0 #8694]) smtp;250 2.1.5 OK"
    );
    assert_eq!(recs[2]["remote_ip"], "206.184.139.66");
    let out = run(&["log", "parse", "--format", "raw", &name]);
    assert_eq!(out.bytes, std::fs::read(format!("{ROOT}/{name}")).unwrap());
}

#[test]
fn a_header_shaped_line_says_why_it_is_not_decoded() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mail.log_current");
    std::fs::write(
        &path,
        "19-Jan-1998 19:16:57.64 l tcp_local E 1 a@b.c rfc822;d@e.f d@e.f\nSubject: hello there\n",
    )
    .unwrap();
    let out = run(&["log", "parse", p(&path)]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains(":2: not a log entry"), "{}", out.stderr);
    assert!(out.stderr.contains("header line"), "{}", out.stderr);
}

/// Example 21-9 as a site with `SEPARATE_CONNECTION_LOG=1` writes it: the message entries
/// in mail.log_current, the connection entries in connection.log_current.
fn separate_connection_log() -> tempfile::TempDir {
    let text =
        std::fs::read_to_string(format!("{ROOT}/tests/fixtures/log/example_21_9.log")).unwrap();
    let (conn, mail): (Vec<&str>, Vec<&str>) =
        text.lines().partition(|l| l.contains(" - ") || l.contains(" + "));
    assert_eq!((conn.len(), mail.len()), (4, 6));
    let dir = tempfile::tempdir().unwrap();
    let join = |v: &[&str]| v.iter().map(|l| format!("{l}\n")).collect::<String>();
    std::fs::write(dir.path().join("mail.log_current"), join(&mail)).unwrap();
    std::fs::write(dir.path().join("connection.log_current"), join(&conn)).unwrap();
    dir
}

#[test]
fn a_trace_ties_the_connection_log_in_at_the_right_place() {
    let dir = separate_connection_log();
    let mail = dir.path().join("mail.log_current");
    let conn = dir.path().join("connection.log_current");
    let out =
        run(&["log", "trace", "dave@hostb.sesta.com", p(&mail), p(&conn), "--format", "json"]);
    assert_eq!(out.code, 0, "{out:?}");
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let seen: Vec<(String, String)> = v["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let file = e["file"].as_str().unwrap();
            let short = if file.ends_with("connection.log_current") { "conn" } else { "mail" };
            (short.to_string(), e["code"].as_str().unwrap().to_string())
        })
        .collect();
    // The address leads to the Message-ID, which all three recipients share: the whole
    // example, with both connections opened before and closed after their dequeues.
    let want = [
        ("mail", "E"),
        ("mail", "E"),
        ("mail", "E"),
        ("conn", "O"),
        ("conn", "O"),
        ("mail", "D"),
        ("mail", "D"),
        ("conn", "C"),
        ("mail", "D"),
        ("conn", "C"),
    ];
    let want: Vec<(String, String)> =
        want.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
    assert_eq!(seen, want, "{}", out.stdout);
}

#[test]
fn parse_merges_the_files_by_time_and_keeps_each_file_s_lines() {
    let dir = separate_connection_log();
    let mail = dir.path().join("mail.log_current");
    let conn = dir.path().join("connection.log_current");
    // Named connection.log first: the output is still in time order.
    let out = run(&["log", "parse", p(&conn), p(&mail)]);
    assert_eq!(out.code, 0, "{out:?}");
    let recs: Vec<serde_json::Value> =
        out.stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let times: Vec<&str> = recs.iter().map(|r| r["time"].as_str().unwrap()).collect();
    let mut sorted = times.clone();
    sorted.sort();
    assert_eq!(times, sorted);
    let raw: Vec<&str> = recs.iter().map(|r| r["raw"].as_str().unwrap()).collect();
    let text =
        std::fs::read_to_string(format!("{ROOT}/tests/fixtures/log/example_21_9.log")).unwrap();
    assert_eq!(raw, text.lines().collect::<Vec<_>>());
    // Yesterday's file named after today's: yesterday's lines come first.
    let y = dir.path().join("mail.log_yesterday");
    std::fs::write(
        &y,
        "18-Feb-1998 23:59:59.00 l            tcp_local    E 1 a@b.c rfc822;d@e.f d@e.f\n",
    )
    .unwrap();
    let out = run(&["log", "parse", "--format", "raw", p(&mail), p(&y)]);
    let first = out.stdout.lines().next().unwrap();
    assert!(first.starts_with("18-Feb-1998"), "{}", out.stdout);
}

#[test]
fn a_file_of_several_batches_keeps_its_order_and_line_numbers() {
    // Over 7 MiB: the first small batch, then batches decoded on both threads.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mail.log_current");
    let mut text = String::new();
    for i in 1..=30_000u32 {
        let code = if i == 25_000 { "Q" } else { "D" };
        text.push_str(&format!(
            "19-Feb-1998 10:{:02}:{:02}.00 tcp_local                 {code} 1 a{i}@sesta.com rfc822;b{i}@siroe.com b{i}@siroe.com dns;thor.siroe.com (TCP|206.184.139.12|2788|192.160.253.66|25) (THOR.SIROE.COM -- Server ESMTP [iMS V5.0 #8694]) smtp;250 2.1.5 and options OK.\n",
            (i / 60) % 60,
            i % 60
        ));
    }
    assert!(text.len() > 7 << 20);
    std::fs::write(&path, &text).unwrap();
    let out = run(&["log", "parse", "--format", "raw", p(&path)]);
    assert!(out.bytes == text.as_bytes(), "the lines came back in another order");
    let out = run(&["log", "parse", "--code", "Q", p(&path)]);
    let r: serde_json::Value = serde_json::from_str(out.stdout.trim()).unwrap();
    assert_eq!((r["line"].as_u64(), f(&r, "from")), (Some(25_000), "a25000@sesta.com"));
    let (code, v) = json_of(&["log", "stats", "--format", "json", p(&path)]);
    assert_eq!((code, v["records"].as_u64()), (0, Some(30_000)));
}
