//! The pre-commit hook of `.pre-commit-hooks.yaml`, run by pre-commit itself. The test
//! installs nothing: without `pre-commit` on the PATH it says so and passes.
//!
//! pre-commit would build a `language: rust` hook with `cargo install`; here the hook's
//! definition is used as a `repo: local` hook instead, with `language: system` and the
//! binary under test as the entry, so what is checked is the manifest's `files` pattern,
//! entry and `pass_filenames` as pre-commit applies them.

use std::path::Path;
use std::process::{Command, Stdio};

use crate::common::*;

/// The hook manifest turned into a local hook running the binary under test.
fn local_config(args: &[&str]) -> String {
    let manifest = std::fs::read_to_string(Path::new(ROOT).join(".pre-commit-hooks.yaml")).unwrap();
    assert!(!BIN.contains([' ', '"', '\'']), "the entry is not quoted: {BIN}");
    let hook: Vec<&str> = manifest.lines().filter(|l| !l.starts_with('#')).collect();
    let hook = hook.join("\n");
    assert!(hook.contains("- id: imtacfg-lint\n"), "{manifest}");
    assert!(hook.contains("\n  entry: imtacfg lint\n"), "{manifest}");
    assert!(hook.contains("\n  language: rust\n"), "{manifest}");
    let hook = hook
        .replace("\n  entry: imtacfg lint\n", &format!("\n  entry: {BIN} lint\n"))
        .replace("\n  language: rust\n", "\n  language: system\n");
    let mut out = String::from("repos:\n- repo: local\n  hooks:\n");
    for line in hook.lines() {
        out.push_str("  ");
        out.push_str(line);
        out.push('\n');
    }
    if !args.is_empty() {
        let quoted: Vec<String> = args.iter().map(|a| format!("'{a}'")).collect();
        out.push_str(&format!("    args: [{}]\n", quoted.join(", ")));
    }
    out
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .unwrap();
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

/// A git repository with the given files and a `.pre-commit-config.yaml`, all added.
fn repo(files: &[(&str, &[u8])], config: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    git(dir.path(), &["init", "-q"]);
    for (name, bytes) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    std::fs::write(dir.path().join(".pre-commit-config.yaml"), config).unwrap();
    git(dir.path(), &["add", "-A"]);
    dir
}

/// The files of a shipped example directory under `prefix/`.
fn example(from: &str, prefix: &str) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(Path::new(ROOT).join(from)).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_file() {
            let name = e.file_name().to_string_lossy().into_owned();
            out.push((format!("{prefix}{name}"), std::fs::read(e.path()).unwrap()));
        }
    }
    out
}

/// `pre-commit run --all-files` in `dir`: exit code and output.
fn pre_commit(dir: &Path, home: &Path) -> Out {
    let mut cmd = Command::new("pre-commit");
    cmd.args(["run", "--all-files", "--color", "never"])
        .current_dir(dir)
        .stdin(Stdio::null())
        .env("PRE_COMMIT_HOME", home)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env_remove("IMTACFG_CONFIG");
    run_std(&mut cmd)
}

fn borrowed(files: &[(String, Vec<u8>)]) -> Vec<(&str, &[u8])> {
    files.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect()
}

#[test]
fn pre_commit_runs_the_hook() {
    if !have("pre-commit") || !have("git") {
        return;
    }
    let home = tempfile::tempdir().unwrap();

    // The clean sample, as the repository root: the hook passes.
    let sample = example("examples/sample", "");
    let dir = repo(&borrowed(&sample), &local_config(&[]));
    let out = pre_commit(dir.path(), home.path());
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stdout.contains("imtacfg lint") && out.stdout.contains("Passed"), "{out:?}");

    // A finding fails it, and pre-commit shows it.
    let mut bad = sample.clone();
    let opt = bad.iter_mut().find(|(n, _)| n == "option.dat").unwrap();
    opt.1.extend_from_slice(b"LOG_FORMAT=9\n");
    let dir = repo(&borrowed(&bad), &local_config(&[]));
    let out = pre_commit(dir.path(), home.path());
    assert_eq!(out.code, 1, "{out:?}");
    assert!(out.stdout.contains("Failed") && out.stdout.contains("OPT102"), "{out:?}");

    // A configuration in a subdirectory is named with args.
    let nested = example("examples/mistakes", "mta/config/");
    let dir = repo(&borrowed(&nested), &local_config(&["mta/config"]));
    let out = pre_commit(dir.path(), home.path());
    assert_eq!(out.code, 1, "{out:?}");
    assert!(out.stdout.contains("IMTA206"), "{out:?}");
    let nested = example("examples/sample", "mta/config/");
    let dir = repo(&borrowed(&nested), &local_config(&["mta/config"]));
    let out = pre_commit(dir.path(), home.path());
    assert_eq!(out.code, 0, "{out:?}");
}

#[test]
fn pre_commit_runs_the_hook_for_configuration_files_only() {
    if !have("pre-commit") || !have("git") {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    // A repository whose one file is a clean configuration file: the hook runs (and lints
    // the root). A file of another name does not start it.
    let clean: &[(&str, &[u8])] = &[
        ("imta.cnf", b"a.example $U@a.example@tcp_local\n\ntcp_local smtp\ntcp-daemon\n"),
        ("option.dat", b"LOG_CONNECTION=3\n"),
        ("tcp_local_option", b"MAX_B_ENTRIES=10\n"),
        ("imta_tailor", b"IMTA_TABLE=/opt/sun/comms/messaging64/config/\n"),
        ("dispatcher.cnf", b"MIN_PROCS=0\n"),
        ("job_controller.cnf", b"MAX_MESSAGES=100000\n"),
        ("site.rules", b"! rules\n"),
    ];
    for (name, text) in clean {
        let dir = repo(&[(*name, *text)], &local_config(&[]));
        let out = pre_commit(dir.path(), home.path());
        assert!(
            out.stdout.contains("imtacfg lint") && !out.stdout.contains("no files to check"),
            "{name}: {out:?}"
        );
    }
    for name in ["notes.txt", "imta.cnf.orig", "docs/option.dat.md"] {
        let dir = repo(&[(name, b"hello\n")], &local_config(&[]));
        let out = pre_commit(dir.path(), home.path());
        assert_eq!(out.code, 0, "{name}: {out:?}");
        assert!(out.stdout.contains("no files to check"), "{name}: {out:?}");
    }
}

#[test]
fn the_hook_manifest_is_valid_for_pre_commit() {
    if !have("pre-commit") {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let out = run_std(
        Command::new("pre-commit")
            .args(["validate-manifest", ".pre-commit-hooks.yaml"])
            .current_dir(ROOT)
            .env("PRE_COMMIT_HOME", home.path()),
    );
    assert_eq!(out.code, 0, "{out:?}");
}
