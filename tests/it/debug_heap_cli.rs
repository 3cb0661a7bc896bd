//! `imtacfg debug decode|encode|show` and `imtacfg heap` end to end: the DEBUG bit table
//! of spec/dispatcher-cnf.md §4.2 bit by bit, every value form, encode/decode as inverses
//! (property tests), bad input, snapshots `debug_*`, and hand-computed heap numbers
//! (spec §5) for the sample, for a file written here, and for a real file when present.

use std::collections::BTreeSet;
use std::path::Path;

use imtacfg::debug_mask;
use proptest::prelude::*;
use serde_json::{Value, json};

use crate::common::*;

// ---- the bit table --------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    Documented,
    NotUsed,
    Undocumented,
}

impl Status {
    fn as_str(self) -> &'static str {
        match self {
            Status::Documented => "documented",
            Status::NotUsed => "not-used",
            Status::Undocumented => "undocumented",
        }
    }
}

/// spec/dispatcher-cnf.md §4.2, transcribed: bit, hex, decimal. Bits the table marks "Not
/// used" are 7, 11 and 15; bits it does not list (18, 19, 22, 23, 25–31) are undocumented.
const DOCUMENTED_TABLE: &[(u8, &str, u32)] = &[
    (0, "0x00000001", 1),
    (1, "0x00000002", 2),
    (2, "0x00000004", 4),
    (3, "0x00000008", 8),
    (4, "0x00000010", 16),
    (5, "0x00000020", 32),
    (6, "0x00000040", 64),
    (7, "0x00000080", 128),
    (8, "0x00000100", 256),
    (9, "0x00000200", 512),
    (10, "0x00000400", 1024),
    (11, "0x00000800", 2048),
    (12, "0x00001000", 4096),
    (13, "0x00002000", 8192),
    (14, "0x00004000", 16384),
    (15, "0x00008000", 32768),
    (16, "0x00010000", 65536),
    (17, "0x00020000", 131072),
    (20, "0x00100000", 1048576),
    (21, "0x00200000", 2097152),
    (24, "0x01000000", 16777216),
];
const NOT_USED: &[u8] = &[7, 11, 15];

fn status_of(bit: u8) -> Status {
    if NOT_USED.contains(&bit) {
        Status::NotUsed
    } else if DOCUMENTED_TABLE.iter().any(|(b, _, _)| *b == bit) {
        Status::Documented
    } else {
        Status::Undocumented
    }
}

/// The transcription above matches the spec's table, when the spec is at hand.
#[test]
fn transcribed_table_matches_the_spec() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/spec/dispatcher-cnf.md");
    let Ok(spec) = std::fs::read_to_string(&path) else {
        eprintln!("{} not present: skipped", path.display());
        return;
    };
    let section = spec
        .split("### 4.2")
        .nth(1)
        .and_then(|s| s.split("\n## 5").next())
        .expect("§4.2 in the spec");
    let mut rows = Vec::new();
    let mut not_used = Vec::new();
    for (bit, cells) in table_rows::<u8>(section, 6) {
        let decimal: u32 = cells[3].parse().unwrap();
        rows.push((bit, cells[2].to_string(), decimal));
        if cells[4] == "Not used" {
            not_used.push(bit);
        } else {
            assert!(!cells[4].is_empty());
        }
    }
    let mine: Vec<(u8, String, u32)> =
        DOCUMENTED_TABLE.iter().map(|(b, h, d)| (*b, h.to_string(), *d)).collect();
    assert_eq!(rows, mine);
    assert_eq!(not_used, NOT_USED);
}

#[test]
fn every_bit_decodes_as_the_table_says() {
    for bit in 0u8..32 {
        let value = (1u32 << bit).to_string();
        let (code, v) = json_of(&["debug", "decode", &value, "--format", "json"]);
        assert_eq!(code, 0);
        assert_eq!(v["value"], json!(1u32 << bit));
        assert_eq!(v["hex"], json!(format!("0x{:08X}", 1u32 << bit)));
        let bits = v["bits"].as_array().unwrap();
        assert_eq!(bits.len(), 1, "bit {bit}: {v}");
        let b = &bits[0];
        assert_eq!(b["bit"], bit, "{b}");
        assert_eq!(b["decimal"], json!(1u32 << bit));
        if let Some((_, hex, decimal)) = DOCUMENTED_TABLE.iter().find(|(x, _, _)| *x == bit) {
            assert_eq!(b["hex"], *hex, "bit {bit}");
            assert_eq!(b["decimal"], *decimal, "bit {bit}");
        }
        assert_eq!(b["status"], status_of(bit).as_str(), "bit {bit}");
        let meaning = b["meaning"].as_str().unwrap();
        assert!(!meaning.trim().is_empty(), "bit {bit}");
        if status_of(bit) == Status::NotUsed {
            assert!(meaning.to_lowercase().contains("not used"), "bit {bit}: {meaning}");
        }
    }
}

#[test]
fn every_value_form() {
    let bits = |v: &Value| -> Vec<u64> {
        v["bits"].as_array().unwrap().iter().map(|b| b["bit"].as_u64().unwrap()).collect()
    };
    for args in [&["0x1010"][..], &["4112"], &["16%1010"], &["1010", "--hex"], &["0x1010", "--hex"]]
    {
        let mut all = vec!["debug", "decode"];
        all.extend_from_slice(args);
        all.extend_from_slice(&["--format", "json"]);
        let (code, v) = json_of(&all);
        assert_eq!(code, 0);
        assert_eq!(v["value"], 0x1010, "{args:?}");
        assert_eq!(v["hex"], "0x00001010", "{args:?}");
        assert_eq!(bits(&v), [4, 12], "{args:?}");
        assert_eq!(v["input"], args[0]);
    }
    for args in [&["-1"][..], &["FFFFFFFF", "--hex"], &["16%FFFFFFFF"]] {
        let mut all = vec!["debug", "decode"];
        all.extend_from_slice(args);
        all.extend_from_slice(&["--format", "json"]);
        let (code, v) = json_of(&all);
        assert_eq!(code, 0);
        assert_eq!(v["value"], json!(u32::MAX), "{args:?}");
        assert_eq!(v["hex"], "0xFFFFFFFF");
        assert_eq!(bits(&v), (0..32).collect::<Vec<u64>>(), "{args:?}");
        for b in v["bits"].as_array().unwrap() {
            let bit = b["bit"].as_u64().unwrap() as u8;
            assert_eq!(b["status"], status_of(bit).as_str());
        }
    }
    // Zero: no bits.
    let out = run(&["debug", "decode", "0"]);
    assert_eq!(out.code, 0);
    assert!(out.stdout.contains("no bits set"), "{}", out.stdout);
    // The most negative 32-bit value is bit 31 alone.
    let (_, v) = json_of(&["debug", "decode", "-2147483648", "--format", "json"]);
    assert_eq!(bits(&v), [31]);
}

#[test]
fn bad_values_exit_2_with_a_clear_message() {
    for (args, needle) in [
        (&["debug", "decode", "abc"][..], "`abc`: not an integer"),
        (&["debug", "decode", "--hex", "XYZ"], "`XYZ` is not a hexadecimal number"),
        (&["debug", "decode", "4294967296"], "`4294967296` does not fit in 32 bits"),
        (&["debug", "decode", "-2147483649"], "does not fit in 32 bits"),
        (&["debug", "decode", "1FFFFFFFF", "--hex"], "does not fit in 32 bits"),
        (&["debug", "encode", "32"], "bit 32 does not exist"),
        (&["debug", "encode", "workers"], "`workers` is neither a bit number nor a bit name"),
        (&["heap", SAMPLE, "--datasize", "12Q"], "--datasize: `12Q` is not a size"),
        (&["heap", "no/such/dir"], "no/such/dir"),
        (&["heap", "tests/fixtures/rules/OPT101/fires"], "no dispatcher.cnf here"),
        (&["debug", "show", "tests/fixtures/rules/OPT101/fires"], "no dispatcher.cnf here"),
    ] {
        let out = run(args);
        assert_eq!(out.code, 2, "{args:?}: {}", out.stdout);
        assert!(out.stdout.is_empty(), "{args:?}: {}", out.stdout);
        assert!(
            out.stderr.starts_with("imtacfg: error: ") && out.stderr.contains(needle),
            "{args:?}: {}",
            out.stderr
        );
    }
    // lint takes the same sizes.
    let out = run(&["lint", SAMPLE, "--datasize", "12Q"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("12Q"), "{}", out.stderr);
}

// ---- encode and decode are inverses ------------------------------------------------------

/// Names of the documented bits, as `debug encode` takes them.
fn bit_name(bit: u8) -> Option<&'static str> {
    debug_mask::bit_info(bit).map(|i| i.name.as_str()).filter(|n| !n.is_empty())
}

proptest! {
    #[test]
    fn encode_then_decode_gives_the_same_bits(
        bits in proptest::collection::btree_set(0u8..32, 0..=32),
        by_name in any::<bool>(),
    ) {
        let items: Vec<String> = bits
            .iter()
            .map(|&b| match (by_name, bit_name(b)) {
                (true, Some(n)) => n.to_string(),
                _ => b.to_string(),
            })
            .collect();
        let mask = debug_mask::encode(&items).unwrap();
        let decoded = debug_mask::decode_value(&items.join(" "), mask);
        let back: BTreeSet<u8> = decoded.bits.iter().map(|b| b.bit).collect();
        prop_assert_eq!(&back, &bits);
        prop_assert_eq!(decoded.value, mask);
        for b in &decoded.bits {
            prop_assert_eq!(b.decimal, 1u32 << b.bit);
            prop_assert_eq!(b.name, bit_name(b.bit).unwrap_or(""));
        }
    }

    #[test]
    fn option_value_parses_back(mask in any::<u32>()) {
        prop_assert_eq!(debug_mask::parse_value(&debug_mask::option_value(mask), false), Ok(mask));
        prop_assert_eq!(debug_mask::parse_value(&debug_mask::env_value(mask), true), Ok(mask));
        prop_assert_eq!(debug_mask::parse_value(&format!("0x{mask:x}"), false), Ok(mask));
        prop_assert_eq!(debug_mask::parse_value(&format!("16%{mask:X}"), false), Ok(mask));
    }
}

/// Encode on the command line gives the DEBUG= and environment forms of the same mask.
#[test]
fn encode_cli_matches_decode_cli() {
    let (code, e) =
        json_of(&["debug", "encode", "4", "worker-basic", "port-access", "31", "--format", "json"]);
    assert_eq!(code, 0);
    let mask = (1u32 << 4) | (1 << 12) | (1 << 24) | (1 << 31);
    assert_eq!(e["value"], json!(mask));
    assert_eq!(e["debug"], format!("16%{mask:X}"));
    assert_eq!(e["env"], format!("{mask:X}"));
    for (form, hex) in [(e["debug"].as_str().unwrap(), false), (e["env"].as_str().unwrap(), true)] {
        let mut args = vec!["debug", "decode", form, "--format", "json"];
        if hex {
            args.push("--hex");
        }
        let (_, d) = json_of(&args);
        assert_eq!(d["value"], json!(mask), "{form}");
        assert_eq!(d["bits"].as_array().unwrap().len(), 4);
    }
}

// ---- snapshots -------------------------------------------------------------------------

#[test]
fn snapshots_of_decode_encode_and_show() {
    for (name, args) in [
        ("debug_decode_table", &["debug", "decode", "0x1010"][..]),
        ("debug_decode_all_table", &["debug", "decode", "-1"]),
        ("debug_decode_json", &["debug", "decode", "16%1010", "--format", "json"]),
        ("debug_encode_table", &["debug", "encode", "4", "worker-basic", "packet"]),
        (
            "debug_encode_json",
            &["debug", "encode", "4", "worker-basic", "packet", "--format", "json"],
        ),
        ("debug_show_table", &["debug", "show", MISTAKES]),
        ("debug_show_json", &["debug", "show", MISTAKES, "--format", "json"]),
    ] {
        let out = run(args);
        assert_eq!(out.code, 0, "{args:?}: {}", out.stderr);
        assert!(out.stderr.is_empty(), "{args:?}: {}", out.stderr);
        snapshot!(name, out.stdout);
    }
}

#[test]
fn show_without_debug_and_with_every_kind_of_value() {
    let out = run(&["debug", "show", SAMPLE]);
    assert_eq!(out.code, 0);
    assert_eq!(out.stdout, "examples/sample/dispatcher.cnf: DEBUG is not set\n");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("dispatcher.cnf"),
        "DEBUG=16%1010\n[SERVICE=DISPATCHER]\nDEBUG=1\n[SERVICE=SMTP]\nPORT=25\nIMAGE=IMTA_BIN:tcp_smtp_server\nDEBUG=FF\n",
    )
    .unwrap();
    let path = dir.path().join("dispatcher.cnf");
    // The undecodable DEBUG=FF is an error (exit 2), but every setting is still shown.
    let out = run(&["debug", "show", path.to_str().unwrap(), "--format", "json"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("dispatcher.cnf:7: DEBUG `FF`"), "{}", out.stderr);
    let v: Value = serde_json::from_str(&out.stdout).unwrap();
    let s = v["settings"].as_array().unwrap();
    assert_eq!(s.len(), 3);
    assert_eq!((s[0]["scope"].as_str(), s[0]["line"].as_u64()), (Some("global"), Some(1)));
    assert_eq!(s[0]["decoded"]["value"], 4112);
    assert_eq!(s[1]["scope"], "[SERVICE=DISPATCHER]");
    assert_eq!(s[1]["decoded"]["value"], 1);
    assert_eq!(s[2]["scope"], "[SERVICE=SMTP]");
    assert_eq!(s[2]["line"], 7);
    assert!(s[2]["decoded"].is_null());
    assert!(s[2]["error"].as_str().unwrap().contains("FF"), "{}", s[2]);
    let out = run(&["debug", "show", dir.path().to_str().unwrap()]);
    assert_contains(&out.stdout, ":7: [SERVICE=SMTP] DEBUG=FF\n  cannot decode: ");
}

// ---- heap --------------------------------------------------------------------------------

#[test]
fn heap_snapshots_of_the_sample() {
    let out = run(&["heap", SAMPLE, "--datasize", "100M"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stdout.contains("verdict: NOT enough"), "{}", out.stdout);
    snapshot!("debug_heap_sample_100M", out.stdout);
    let out = run(&["heap", SAMPLE, "--datasize", "1G", "--format", "json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    snapshot!("debug_heap_sample_1G_json", out.stdout);
    let out = run(&["heap", SAMPLE]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("verdict: unknown"), "{}", out.stdout);
    snapshot!("debug_heap_sample_no_datasize", out.stdout);
}

/// One service of the heap JSON: (name, stacksize, from, max_conns, from, product).
type Svc<'a> = (&'a str, Option<u64>, &'a str, Option<u64>, &'a str, Option<u64>);

fn services(v: &Value) -> Vec<Svc<'_>> {
    v["services"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["name"].as_str().unwrap(),
                s["stacksize"].as_u64(),
                s["stacksize_from"].as_str().unwrap(),
                s["max_conns"].as_u64(),
                s["max_conns_from"].as_str().unwrap(),
                s["product"].as_u64(),
            )
        })
        .collect()
}

#[test]
fn heap_numbers_of_the_sample() {
    // examples/sample/dispatcher.cnf: global MAX_CONNS=20; every service sets
    // STACKSIZE=2048000; SMTP_SUBMIT sets MAX_CONNS=10.
    //   SMTP         2048000 × 20 = 40 960 000
    //   SMTP_SUBMIT  2048000 × 10 = 20 480 000
    //   LMTPSS       2048000 × 20 = 40 960 000
    //   sum 102 400 000, required 204 800 000
    let (code, v) = json_of(&["heap", SAMPLE, "--format", "json"]);
    assert_eq!(code, 0);
    assert_eq!(v["file"], "examples/sample/dispatcher.cnf");
    assert_eq!(
        services(&v),
        [
            ("SMTP", Some(2_048_000), "service", Some(20), "global", Some(40_960_000)),
            ("SMTP_SUBMIT", Some(2_048_000), "service", Some(10), "service", Some(20_480_000)),
            ("LMTPSS", Some(2_048_000), "service", Some(20), "global", Some(40_960_000)),
        ]
    );
    assert_eq!(v["sum"], 102_400_000u64);
    assert_eq!(v["required"], 204_800_000u64);
    assert!(v["datasize"].is_null());
    assert!(v["ok"].is_null());
    assert_eq!(v["unknown"], json!([]));
    // 100M = 104 857 600 < 204 800 000; 1G = 1 073 741 824 is enough.
    let (code, v) = json_of(&["heap", SAMPLE, "--datasize", "100M", "--format", "json"]);
    assert_eq!((code, &v["datasize"], &v["ok"]), (1, &json!(104_857_600u64), &json!(false)));
    let (code, v) = json_of(&["heap", SAMPLE, "--datasize", "1G", "--format", "json"]);
    assert_eq!((code, &v["datasize"], &v["ok"]), (0, &json!(1_073_741_824u64), &json!(true)));
    // The boundary: exactly the requirement is enough, one byte less is not.
    assert_eq!(run(&["heap", SAMPLE, "--datasize", "204800000"]).code, 0);
    assert_eq!(run(&["heap", SAMPLE, "--datasize", "204799999"]).code, 1);
    let (code, v) = json_of(&["heap", SAMPLE, "--datasize", "unlimited", "--format", "json"]);
    assert_eq!((code, &v["datasize"], &v["ok"]), (0, &json!("unlimited"), &json!(true)));
    // The lint rule agrees.
    let lint = |size: &str| {
        run(&["lint", SAMPLE, "--select", "DSP114", "--datasize", size, "--format", "concise"])
    };
    let out = lint("204799999");
    assert_eq!(out.code, 1);
    assert!(
        out.stdout.starts_with("examples/sample/dispatcher.cnf:16:1: error DSP114 the services need a data segment of at least 204800000 bytes (2 × 102400000)"),
        "{}",
        out.stdout
    );
    let out = lint("204800000");
    assert_eq!((out.code, out.stdout.as_str()), (0, ""));
}

/// A dispatcher.cnf written for this test: a global MAX_CONNS and STACKSIZE (radix form),
/// per-service STACKSIZE, a service with no values of its own, one with MAX_CONNS only,
/// [SERVICE=DISPATCHER] (left out), and a service whose STACKSIZE is not a number.
const HEAP_CNF: &str = include_str!("../data/heap_hand_written.cnf");

#[test]
fn heap_numbers_of_a_hand_written_file() {
    //   SMTP    2 048 000 (service) × 25 (global)  = 51 200 000
    //   SUBMIT  1 024 000 (service) × 10 (service) = 10 240 000
    //   LMTP      262 144 (global, 16%40000) × 25 (global) = 6 553 600
    //   RELAY     262 144 (global) × 4 (service)   =  1 048 576
    //   BROKEN  `big` (service, not a number) × 25 (global): unknown, left out
    //   sum 69 042 176, required 138 084 352
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("dispatcher.cnf"), HEAP_CNF).unwrap();
    let path = dir.path().to_str().unwrap();
    let (code, v) = json_of(&["heap", path, "--format", "json"]);
    assert_eq!(code, 0);
    assert_eq!(
        services(&v),
        [
            ("SMTP", Some(2_048_000), "service", Some(25), "global", Some(51_200_000)),
            ("SUBMIT", Some(1_024_000), "service", Some(10), "service", Some(10_240_000)),
            ("LMTP", Some(262_144), "global", Some(25), "global", Some(6_553_600)),
            ("RELAY", Some(262_144), "global", Some(4), "service", Some(1_048_576)),
            ("BROKEN", None, "service", Some(25), "global", None),
        ]
    );
    assert_eq!(v["sum"], 69_042_176u64);
    assert_eq!(v["required"], 138_084_352u64);
    assert_eq!(v["unknown"], json!(["BROKEN"]));
    assert!(v["ok"].is_null());
    // The sum of the known products already exceeds 128M: not enough whatever BROKEN needs.
    let (code, v) = json_of(&["heap", path, "--datasize", "128M", "--format", "json"]);
    assert_eq!((code, &v["ok"]), (1, &json!(false)));
    let out = run(&["heap", path, "--datasize", "128M"]);
    assert_contains(
        &out.stdout,
        "warning: left out of the sum, STACKSIZE or MAX_CONNS unknown: BROKEN\n",
    );
    assert_contains(&out.stdout, "required         138084352 bytes (131.7 MiB)  = 2 x sum\n");
}

/// Services in an included file count, with the globals of the including file; an
/// include that is not read leaves the verdict unknown and is named.
#[test]
fn heap_counts_services_of_included_files() {
    let c = Conf::with_files(&[
        ("imta.cnf", "a.b $U@l\n\nl\nl\n"),
        (
            "dispatcher.cnf",
            "MAX_CONNS=20\nSTACKSIZE=2048000\n[SERVICE=SMTP]\nPORT=25\nIMAGE=x\n<extra.cnf\n",
        ),
        ("extra.cnf", "[SERVICE=LMTP]\nPORT=225\nIMAGE=y\nMAX_CONNS=5\n"),
    ]);
    let dir = c.dir.to_str().unwrap();
    let (code, v) = json_of(&["heap", dir, "--format", "json", "--datasize", "1G"]);
    assert_eq!(code, 0);
    let names: Vec<&str> =
        v["services"].as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["SMTP", "LMTP"]);
    // 2 048 000 × 20 + 2 048 000 × 5 = 51 200 000
    assert_eq!(v["sum"], 51_200_000u64);
    assert_eq!((&v["ok"], &v["not_included"]), (&json!(true), &json!([])));
    std::fs::remove_file(c.path("extra.cnf")).unwrap();
    let (code, v) = json_of(&["heap", dir, "--format", "json", "--datasize", "1G"]);
    assert_eq!(code, 0);
    assert_eq!(v["sum"], 40_960_000u64);
    assert_eq!(
        (&v["ok"], &v["not_included"]),
        (&json!(null), &json!(["<extra.cnf: no such file"]))
    );
    let out = run(&["heap", dir, "--datasize", "1G"]);
    assert!(out.stdout.contains("warning: not read, so their services are not in the sum: <extra.cnf: no such file\nverdict: unknown (an included file was not read)\n"), "{}", out.stdout);
}

#[test]
fn heap_datasize_from_the_settings_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(Path::new(SAMPLE).join("dispatcher.cnf"), dir.path().join("dispatcher.cnf"))
        .unwrap();
    std::fs::write(dir.path().join("imtacfg.toml"), "[lint]\ndatasize = \"100M\"\n").unwrap();
    let path = dir.path().to_str().unwrap();
    let (code, v) = json_of(&["heap", path, "--format", "json"]);
    assert_eq!((code, &v["datasize"], &v["ok"]), (1, &json!(104_857_600u64), &json!(false)));
    // --datasize wins over the file.
    let (code, v) = json_of(&["heap", path, "--datasize", "1G", "--format", "json"]);
    assert_eq!((code, &v["ok"]), (0, &json!(true)));
    // The same file drives the lint rule.
    let out = run(&["lint", path, "--select", "DSP114", "--format", "concise"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stdout.contains(" error DSP114 "), "{}", out.stdout);
    // `auto` reads this process's limit: a number or unlimited, never a usage error.
    let (code, v) = json_of(&["heap", path, "--datasize", "auto", "--format", "json"]);
    assert!(code == 0 || code == 1);
    assert!(v["datasize"].is_u64() || v["datasize"] == "unlimited", "{v}");
}

const REAL_LMTP: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/real/dispatcher.cnf.lmtp");

#[test]
fn heap_numbers_of_the_real_lmtp_file() {
    if !Path::new(REAL_LMTP).is_file() {
        eprintln!("{REAL_LMTP} not present: skipped");
        return;
    }
    // Two services, LMTPSS and LMTPN, each with STACKSIZE=2048000 and no MAX_CONNS
    // anywhere (no global options at all): neither product can be computed.
    let (code, v) = json_of(&["heap", REAL_LMTP, "--format", "json"]);
    assert_eq!(code, 0);
    assert_eq!(
        services(&v),
        [
            ("LMTPSS", Some(2_048_000), "service", None, "unknown", None),
            ("LMTPN", Some(2_048_000), "service", None, "unknown", None),
        ]
    );
    assert_eq!(v["sum"], 0);
    assert_eq!(v["required"], 0);
    assert_eq!(v["unknown"], json!(["LMTPSS", "LMTPN"]));
    assert!(v["ok"].is_null());
    let out = run(&["heap", REAL_LMTP]);
    assert!(out.stdout.contains("verdict: unknown (no datasize)"), "{}", out.stdout);
}

#[test]
fn heap_verdict_is_not_enough_or_unknown_when_nothing_was_computed() {
    if !Path::new(REAL_LMTP).is_file() {
        return;
    }
    let (_, v) = json_of(&["heap", REAL_LMTP, "--datasize", "1M", "--format", "json"]);
    assert_ne!(v["ok"], json!(true), "{v}");
    let out = run(&["heap", REAL_LMTP, "--datasize", "1M"]);
    assert!(!out.stdout.contains("verdict: enough"), "{}", out.stdout);
}

/// `debug show` on a dispatcher.cnf with an undecodable DEBUG value shows every setting,
/// names the bad one with its file and line on standard error, and exits 2.
#[test]
fn show_reports_an_undecodable_debug_value() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dispatcher.cnf");
    std::fs::write(&path, "DEBUG=abc\n[SERVICE=SMTP]\nPORT=25\nDEBUG=16\n").unwrap();
    let out = imtacfg().args(["debug", "show", path.to_str().unwrap()]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stdout.contains("DEBUG=16"), "{stdout}");
    assert!(stderr.contains("dispatcher.cnf:1: DEBUG `abc`"), "{stderr}");
}
