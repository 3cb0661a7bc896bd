//! Messages that must say what is true (issue: CI-grade item 7): where a limit or a
//! version came from, which kind of file an option is unknown for, the right finding for
//! a wrong keyword value, and settings keys of every type settable with `config set`.

use crate::common::*;

fn concise(args: &[&str]) -> Out {
    let mut a = vec!["lint", "--format", "concise"];
    a.extend_from_slice(args);
    run(&a)
}

#[test]
fn the_line_limit_says_whether_it_is_the_documented_one() {
    let out = concise(&[MISTAKES, "--max-line-length", "100"]);
    assert!(out.stdout.contains("the limit set is 100 (the documented one is 252)"), "{out:?}");
    let out = concise(&[MISTAKES]);
    assert!(out.stdout.contains("the documented limit is 252"), "{out:?}");
    // 0 is refused on the command line as in the settings file.
    let out = concise(&[MISTAKES, "--max-line-length", "0"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("--max-line-length"), "{out:?}");
}

#[test]
fn a_version_gate_names_where_the_version_came_from() {
    let out = concise(&[SAMPLE, "--product-version", "6.2"]);
    assert!(
        out.stdout
            .contains("needs Messaging Server 6.2p8 or later; the configuration is for 6.2 (--product-version)"),
        "{out:?}"
    );
    let c = Conf::sample();
    c.write("imtacfg.toml", b"[lint]\nproduct-version = \"6.2\"\n");
    let out = c.run(&["lint", ".", "--format", "concise"]);
    assert!(out.stdout.contains("the configuration is for 6.2 (imtacfg.toml)"), "{out:?}");
}

#[test]
fn an_unknown_option_names_the_kind_of_file() {
    let out = run_cmd(
        imtacfg()
            .args(["lint", "-", "--kind", "option", "--format", "concise"])
            .write_stdin("LOG_CONECTION=1\n"),
    );
    assert!(
        out.stdout.contains("`LOG_CONECTION` is not an option known for option.dat"),
        "{out:?}"
    );
}

#[test]
fn a_wrong_backoff_value_is_one_finding_with_help() {
    let c = Conf::with_files(&[(
        "imta.cnf", "a $U@tcp-daemon\n\ntcp_local smtp backoff 5m\ntcp-daemon\n",
    )]);
    let out = c.run(&["lint", ".", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let codes: Vec<&str> =
        v["diagnostics"].as_array().unwrap().iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["IMTA203"], "{out:?}");
    assert!(v["diagnostics"][0]["help"].as_str().unwrap().contains("`backoff pt5m`"), "{out:?}");
}

#[test]
fn dump_reads_standard_input_under_a_name() {
    let out = run_cmd(
        imtacfg()
            .args(["dump", "-", "--stdin-filename", "option.dat"])
            .write_stdin("LOG_CONNECTION=3\n"),
    );
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stdout.contains("\"kind\":\"option\""), "{out:?}");
}

#[test]
fn config_set_writes_each_key_in_its_type() {
    let c = Conf::sample();
    let d = &c.dir;
    for (key, value) in [
        ("lint.select", "IMTA,OPT1"),
        ("lint.product-version", "7"),
        ("includes.map./opt/old.conf/", "conf"),
        ("lint.severity.X001", "off"),
        ("lint.max-line-length", "330"),
    ] {
        let out = run_in(d, &["config", "set", key, value]);
        assert_eq!(out.code, 0, "{key}: {out:?}");
    }
    let text = std::fs::read_to_string(d.join("imtacfg.toml")).unwrap();
    for line in [
        "select = [\"IMTA\", \"OPT1\"]", "product-version = \"7\"",
        "\"/opt/old.conf/\" = \"conf\"", "X001 = \"off\"", "max-line-length = 330",
    ] {
        assert!(text.contains(line), "{line}: {text}");
    }
    // The settings file is valid: lint reads it (X001 off, the rules selected).
    let out = run_in(d, &["lint", ".", "--format", "concise"]);
    assert_ne!(out.code, 2, "{out:?}");
}

#[test]
fn config_set_error_names_the_key_not_a_line_never_written() {
    let d = tempfile::tempdir().unwrap();
    let out = run_in(d.path(), &["config", "set", "lint.max-line-length", "0"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert_eq!(
        out.stderr,
        "imtacfg: error: imtacfg.toml: `lint.max-line-length = 0`: max-line-length must be a positive integer; imtacfg.toml is not changed\n"
    );
    assert!(!d.path().join("imtacfg.toml").exists());
}

#[test]
fn init_of_a_directory_writes_its_settings_file() {
    let d = tempfile::tempdir().unwrap();
    let out = run_in(d.path(), &["init", "."]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(d.path().join("imtacfg.toml").is_file());
    let out = run_in(d.path(), &["init", "."]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("use --force to replace it"), "{out:?}");
    let out = run_in(d.path(), &["init", ".", "--force"]);
    assert_eq!(out.code, 0, "the --force the message offers works: {out:?}");
}

#[test]
fn logging_enable_usage_names_both_ways_to_choose_channels() {
    let out = run(&["logging", "enable", SAMPLE]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("<--all|--channel <CHANNEL>>"), "{out:?}");
}
