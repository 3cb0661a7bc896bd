//! Every example entry of the seed document and of the spec's §7 decodes with every field
//! right: one NDJSON snapshot per example (tests/fixtures/log/), plus explicit checks of
//! the fields that are easy to get wrong.

use crate::common::*;

const FIX: &str = "tests/fixtures/log";

fn records(name: &str) -> Vec<serde_json::Value> {
    let out = run(&["log", "parse", &format!("{FIX}/{name}.log")]);
    assert_eq!(out.code, 0, "{name}: {out:?}");
    out.stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

fn field<'a>(r: &'a serde_json::Value, name: &str) -> Option<&'a str> {
    r["fields"][name].as_str()
}

#[test]
fn every_example_decodes_as_in_its_snapshot() {
    let mut names: Vec<String> = std::fs::read_dir(format!("{ROOT}/{FIX}"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter_map(|n| n.strip_suffix(".log").map(str::to_string))
        .collect();
    names.sort();
    assert!(names.len() >= 20, "{names:?}");
    for name in names {
        let out = run(&["log", "parse", &format!("{FIX}/{name}.log")]);
        assert_eq!(out.code, 0, "{name}: {out:?}");
        assert!(!out.stdout.contains("\"error\""), "{name}: {}", out.stdout);
        snapshot!(format!("log_{name}"), out.stdout);
    }
}

#[test]
fn every_example_line_is_one_record_with_the_right_time() {
    for name in ["example_21_3", "example_21_4", "example_21_9", "example_25_3"] {
        let text = std::fs::read_to_string(format!("{ROOT}/{FIX}/{name}.log")).unwrap();
        let recs = records(name);
        assert_eq!(recs.len(), text.lines().count(), "{name}");
        for (r, line) in recs.iter().zip(text.lines()) {
            assert_eq!(r["raw"], line);
            assert!(line.starts_with(field(r, "time").unwrap()));
        }
    }
}

#[test]
fn empty_from_and_notification_ids() {
    let r = &records("example_21_4")[1];
    assert_eq!(field(r, "from"), Some(""));
    assert_eq!(field(r, "orig_to"), Some("rfc822;adam@sesta.com"));
    assert_eq!(
        field(r, "message_id"),
        Some("<01ISKP22MW8894DTAS@SESTA.COM>,<01ISKP0RYMAS94DU0K@SESTA.COM>")
    );
    assert_eq!(r["queue_file"]["channel"], "process");
}

#[test]
fn empty_original_to_and_j_diagnostic() {
    let r = &records("example_21_6")[0];
    assert_eq!(field(r, "orig_to"), Some("rfc822;"));
    assert_eq!(r["orig_to_address"], "");
    assert_eq!(field(r, "to"), Some("alan@very.bogus.com"));
    assert_eq!(
        field(r, "diagnostic"),
        Some("550 5.7.1 Relaying not permitted: alan@very.bogus.com")
    );
    assert_eq!(r["diagnostic"]["reply_code"], 550);
    assert!(r["fields"].get("notary").is_none());
}

#[test]
fn process_ids_connections_and_the_smtp_tail() {
    let recs = records("example_21_9");
    let open = &recs[3];
    assert_eq!(open["kind"], "connection");
    assert_eq!(open["process"]["pid_decimal"], 0x1f625);
    assert_eq!(open["process"]["thread"], 2);
    assert_eq!(open["transport"]["remote_ip"], "206.184.139.66");
    assert_eq!(open["application"]["dns_host"], "mailhub.sesta.com");
    let d = &recs[5];
    assert_eq!(field(d, "connection"), Some("hosta.sesta.com"));
    assert_eq!(d["diagnostic"]["remote_host"], "hosta.sesta.com");
    assert_eq!(d["diagnostic"]["banner"], "hosta.sesta.com -- Server ESMTP [iMS V5.0 #8790]");
    assert_eq!(d["diagnostic"]["status"], "2.1.5");
    assert_eq!(d["process"]["sequence"], 1);
}

#[test]
fn all_options_line() {
    let r = &records("all_options")[0];
    for (k, v) in [
        ("node", "HOSTA"),
        ("process", "2e2d.2.1"),
        ("source_channel", "tcp_local"),
        ("destination_channel", "l"),
        ("notary", "276"),
        ("message_id", "<01IWFVYLGTS499EC9Y@siroe.com>"),
        ("username", "inetmail"),
        ("connection", "siroe.com (siroe.com [192.160.253.66])"),
    ] {
        assert_eq!(field(r, k), Some(v), "{k}");
    }
    assert_eq!(r["connection"]["ip"], "192.160.253.66");
}

#[test]
fn queue_files_and_retries() {
    let recs = records("example_21_7");
    let attempts: Vec<_> = recs.iter().map(|r| r["queue_file"]["attempts"].clone()).collect();
    assert_eq!(attempts, [0, 0, 1, 2, 2]);
    let r = &records("example_25_2")[1];
    assert_eq!(r["queue_file"]["subdirectory"], "002");
    assert_eq!(r["queue_file"]["unique"], "f0r4i0Wdy51");
    assert_eq!(r["code"]["action"], "D");
    assert_eq!(r["code"]["modifiers"][0]["letter"], "E");
    // The banner holds parentheses, commas and a bracketed zone.
    assert_eq!(
        r["diagnostic"]["banner"],
        "thor.siroe.com ESMTP Sendmail ready at Thu, 15 Feb 2007 21:37:29 -0700 [MST]"
    );
}

#[test]
fn the_raw_format_gives_the_input_back() {
    for e in std::fs::read_dir(format!("{ROOT}/{FIX}")).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            continue; // sites/: checked by log_sites
        }
        let out = run(&["log", "parse", "--format", "raw", p.to_str().unwrap()]);
        assert_eq!(out.bytes, std::fs::read(&p).unwrap(), "{}", p.display());
    }
}
