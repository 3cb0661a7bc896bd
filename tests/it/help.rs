//! `--help` of every command, as a user sees it: every argument says what it is, every
//! command ends with examples and its exit status, and the DEBUG bit names the help lists
//! are the ones `debug encode` accepts.

use crate::common::*;

/// The names under `Commands:` in a help text (without clap's own `help`).
fn subcommands(help: &str) -> Vec<String> {
    help.lines()
        .skip_while(|l| *l != "Commands:")
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_string)
        .collect()
}

/// Every command path below the top (`["lint"]`, `["debug", "decode"]`, …), found by
/// reading the `Commands:` sections of the help texts, and whether it has subcommands.
fn command_tree() -> Vec<(Vec<String>, bool)> {
    let mut found = Vec::new();
    let mut todo: Vec<Vec<String>> = vec![vec![]];
    while let Some(path) = todo.pop() {
        let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
        args.push("--help");
        let out = run(&args);
        assert_eq!(out.code, 0, "{args:?}: {out:?}");
        let subs = subcommands(&out.stdout);
        if !path.is_empty() {
            found.push((path.clone(), !subs.is_empty()));
        }
        for s in subs {
            let mut p = path.clone();
            p.push(s);
            todo.push(p);
        }
    }
    found.sort();
    found
}

/// The entries of the `Arguments:` and `Options:` sections of a long help that have no
/// description: in long help each entry is on a line of its own (indent 2) and its
/// description follows, indented further (or, in the short form, on the same line); clap's own `[default: …]`, `[possible values:
/// …]` or `Possible values:` lines do not count as one.
fn undescribed(help: &str) -> Vec<String> {
    let mut missing = Vec::new();
    let mut in_args = false;
    let lines: Vec<&str> = help.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        if !line.starts_with(' ') && !line.is_empty() {
            in_args = *line == "Arguments:" || *line == "Options:";
            continue;
        }
        let entry = line.len() > 2 && line.starts_with("  ") && !line[2..].starts_with(' ')
            || line.starts_with("      --");
        if !in_args || !entry {
            continue;
        }
        // Short form (clap uses it when no argument has a long help): the description
        // is on the same line, after two blanks.
        if line.trim().split_once("  ").is_some_and(|(_, d)| !d.trim().is_empty()) {
            continue;
        }
        let next = lines[i + 1..].iter().find(|l| !l.trim().is_empty());
        let described = next.is_some_and(|n| {
            let text = n.trim_start();
            n.len() - text.len() >= 10
                && !text.starts_with('[')
                && !text.starts_with("Possible values:")
        });
        if !described {
            missing.push(line.trim().to_string());
        }
    }
    missing
}

#[test]
fn the_command_tree_is_what_the_readme_lists() {
    let tree = command_tree();
    let names: Vec<String> = tree.iter().map(|(p, _)| p.join(" ")).collect();
    for expected in [
        "lint", "dump", "rules", "explain", "debug decode", "debug encode", "debug show",
        "debug set", "heap", "logging status", "logging enable", "logging disable", "option set",
        "option unset", "channel add-keyword", "channel remove-keyword", "dispatcher set",
        "dispatcher unset", "init", "config set", "completions", "man",
    ] {
        assert!(names.iter().any(|n| n == expected), "{expected} missing from {names:?}");
    }
}

#[test]
fn every_argument_of_every_command_has_a_description() {
    let mut missing = Vec::new();
    for (path, _) in std::iter::once((vec![], true)).chain(command_tree()) {
        let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
        args.push("--help");
        let out = run(&args);
        for m in undescribed(&out.stdout) {
            missing.push(format!("imtacfg {}: {m}", path.join(" ")));
        }
    }
    assert!(missing.is_empty(), "without description:\n{}", missing.join("\n"));
}

#[test]
fn the_undescribed_check_sees_a_bare_argument() {
    let help = "Arguments:\n  <VALUE>\n\n  <PATH>\n          The directory\n\nOptions:\n      \
                --color <COLOR>\n          \n          [default: auto]\n";
    assert_eq!(undescribed(help), ["<VALUE>", "--color <COLOR>"]);
    let short =
        "Arguments:\n  <KEYWORD>\n  [PATH]     The directory\nOptions:\n      --write  Save\n";
    assert_eq!(undescribed(short), ["<KEYWORD>"]);
}

#[test]
fn every_command_has_examples_and_its_exit_status_in_long_help() {
    for (path, has_subcommands) in std::iter::once((vec![], true)).chain(command_tree()) {
        if has_subcommands && !path.is_empty() {
            continue;
        }
        let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
        args.push("--help");
        let long = run(&args).stdout;
        assert!(long.contains("\nExamples:\n  imtacfg "), "{args:?}:\n{long}");
        assert!(long.contains("\nExit status"), "{args:?}:\n{long}");
        assert!(long.contains("\n  0  "), "{args:?}:\n{long}");
        // The short help stays short.
        args.pop();
        args.push("-h");
        let short = run(&args).stdout;
        assert!(!short.contains("\nExit status"), "{args:?}:\n{short}");
    }
}

#[test]
fn lint_is_the_first_command() {
    let out = run(&["--help"]);
    assert_eq!(subcommands(&out.stdout).first().map(String::as_str), Some("lint"));
}

#[test]
fn unset_help_asks_for_names_not_assignments() {
    for cmd in ["option", "dispatcher"] {
        let unset = run(&[cmd, "unset", "--help"]).stdout;
        assert!(!unset.contains("NAME=VALUE"), "{cmd} unset:\n{unset}");
        assert!(unset.contains("<NAME>..."), "{cmd} unset:\n{unset}");
        let set = run(&[cmd, "set", "--help"]).stdout;
        assert!(set.contains("<NAME=VALUE>..."), "{cmd} set:\n{set}");
    }
}

#[test]
fn debug_help_lists_the_bit_names_encode_accepts() {
    let help = run(&["debug", "decode", "--help"]).stdout;
    let names: Vec<(u32, String)> = help
        .lines()
        .skip_while(|l| !l.starts_with("Bit names"))
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .map(|l| {
            let mut w = l.split_whitespace();
            let bit = w.next().unwrap().parse().unwrap();
            (bit, w.next().unwrap().to_string())
        })
        .collect();
    assert!(names.len() >= 18, "{help}");
    for (bit, name) in &names {
        let out = run(&["debug", "encode", name, "--format", "json"]);
        assert_eq!(out.code, 0, "{name}: {out:?}");
        let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
        assert_eq!(v["value"], 1u64 << bit, "{name}: {}", out.stdout);
    }
    for cmd in ["encode", "set"] {
        let other = run(&["debug", cmd, "--help"]).stdout;
        for (_, name) in &names {
            assert!(other.contains(name.as_str()), "debug {cmd} --help lacks {name}");
        }
    }
}

#[test]
fn completions_for_every_shell() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = run(&["completions", shell]);
        assert_eq!(out.code, 0, "{shell}: {out:?}");
        for word in ["lint", "add-keyword", "fail-on"] {
            assert!(out.stdout.contains(word), "{shell} completion lacks {word}");
        }
    }
    let out = run(&["completions", "tcsh"]);
    assert_eq!(out.code, 2, "{out:?}");
}

#[test]
fn bash_completion_loads_and_completes() {
    if !have("bash") {
        return;
    }
    let script = run(&["completions", "bash"]).stdout;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("imtacfg.bash");
    std::fs::write(&file, script).unwrap();
    let probe = format!(
        "source {}; COMP_WORDS=(imtacfg li); COMP_CWORD=1; COMP_LINE='imtacfg li'; \
         COMP_POINT=10; _imtacfg imtacfg li imtacfg; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        p(&file)
    );
    let out = std::process::Command::new("bash").args(["-c", &probe]).output().unwrap();
    let words = String::from_utf8_lossy(&out.stdout);
    assert!(
        words.lines().any(|w| w == "lint"),
        "{words}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn man_page_on_stdout_and_one_page_per_command_in_a_directory() {
    let out = run(&["man"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stdout.starts_with(".ie"), "{}", &out.stdout[..200.min(out.stdout.len())]);
    assert!(out.stdout.contains(".TH imtacfg 1"), "{}", out.stdout);
    assert!(out.stdout.contains("Exit status"), "{}", out.stdout);

    let dir = tempfile::tempdir().unwrap();
    let out = run(&["man", "--dir", p(&dir)]);
    assert_eq!(out.code, 0, "{out:?}");
    for page in ["imtacfg.1", "imtacfg-lint.1", "imtacfg-debug-decode.1", "imtacfg-option-unset.1"]
    {
        let text = std::fs::read_to_string(dir.path().join(page))
            .unwrap_or_else(|e| panic!("{page}: {e}\n{}", out.stdout));
        assert!(text.contains(".TH imtacfg"), "{page}");
        assert!(out.stdout.contains(page), "{}", out.stdout);
    }
    let lint = std::fs::read_to_string(dir.path().join("imtacfg-lint.1")).unwrap();
    assert!(lint.contains("fail\\-on"), "{lint}");

    let out = run(&["man", "--dir", p(&dir.path().join("missing"))]);
    assert_eq!(out.code, 2, "{out:?}");
}
