//! The human report: severity in words, labels that add to the message, wrapping to the
//! terminal width, ASCII drawing without a UTF-8 locale or on a dumb terminal, related
//! locations as snippets of their own; and the colour conventions (NO_COLOR, CLICOLOR,
//! CLICOLOR_FORCE, FORCE_COLOR, TERM=dumb, --color).

use std::process::Command;

use serde_json::Value;

use crate::common::*;

const MISTAKES: &str = "examples/mistakes";

/// The environment variables that change how the report is drawn.
const DRAWING_ENV: &[&str] = &[
    "TERM", "COLUMNS", "LANG", "LC_ALL", "LC_CTYPE", "NO_COLOR", "CLICOLOR", "CLICOLOR_FORCE",
    "FORCE_COLOR",
];

/// `imtacfg lint ARGS` with only the drawing variables given set.
fn human(args: &[&str], env: &[(&str, &str)]) -> Out {
    let mut cmd = imtacfg();
    for k in DRAWING_ENV {
        cmd.env_remove(k);
    }
    cmd.arg("lint").args(args).envs(env.iter().copied());
    run_cmd(&mut cmd)
}

const UTF8: (&str, &str) = ("LC_ALL", "C.UTF-8");

#[test]
fn headings_say_the_severity_in_words() {
    let out = human(&[MISTAKES], &[UTF8]);
    for heading in [
        "\nerror IMTA101 rules-ended-early\n", "\nwarning X101 include-missing\n",
        "\ninfo IMTA208 debug-keyword\n",
    ] {
        assert!(
            out.stdout.contains(heading) || out.stdout.starts_with(&heading[1..]),
            "{heading:?} not in\n{}",
            out.stdout
        );
    }
}

#[test]
fn labels_do_not_repeat_the_message() {
    let out = human(&[MISTAKES], &[UTF8]);
    let json: Value =
        serde_json::from_str(&human(&[MISTAKES, "--format", "json"], &[]).stdout).unwrap();
    for d in json["diagnostics"].as_array().unwrap() {
        let m = d["message"].as_str().unwrap();
        assert!(
            !out.stdout.contains(&format!("╰── {m}")),
            "the message is repeated as the label: {m}"
        );
    }
}

#[test]
fn related_locations_are_snippets_not_advice() {
    let out = human(&[MISTAKES], &[UTF8]);
    assert!(!out.stdout.contains("Advice"), "{}", out.stdout);
    assert!(!out.stdout.contains("related location"), "{}", out.stdout);
    // DSP205: the pool is used in imta.cnf and missing from job_controller.cnf; both
    // snippets, then the help.
    let block =
        out.stdout.split("\n\n").skip_while(|b| !b.starts_with("warning DSP205")).nth(1).unwrap();
    let imta = block.find("╭─[examples/mistakes/imta.cnf:29:64]").unwrap();
    let jbc = block.find("╭─[examples/mistakes/job_controller.cnf:1:1]").unwrap();
    let help = block.find("  help: pools defined").unwrap();
    assert!(imta < jbc && jbc < help, "{block}");
    assert!(block.contains("╰── job_controller.cnf has no [POOL=FAST_POOL] section"));
}

#[test]
fn wraps_to_the_terminal_width() {
    let message = "× this blank line ends the rewrite rules, but the block after it looks like rewrite rules and is read as a channel";
    let wide = human(&[MISTAKES], &[UTF8, ("COLUMNS", "200")]);
    assert!(wide.stdout.contains(message), "{}", wide.stdout);
    let narrow = human(&[MISTAKES], &[UTF8, ("COLUMNS", "60")]);
    assert!(!narrow.stdout.contains(message));
    // The messages and help (not the quoted source lines) fit in 60 columns.
    for line in narrow.stdout.lines() {
        let t = line.trim_start();
        if t.starts_with('×') || t.starts_with('⚠') || t.starts_with("help:") {
            assert!(line.chars().count() <= 60, "{line:?}");
        }
    }
}

#[test]
fn ascii_without_a_utf8_locale_or_on_a_dumb_terminal() {
    let unicode = human(&["examples/mistakes/option.dat"], &[UTF8]);
    assert!(unicode.stdout.contains('╭'));
    for env in [
        vec![("LC_ALL", "C")],
        vec![("LANG", "en_US.ISO-8859-1")],
        vec![],
        vec![UTF8, ("TERM", "dumb")],
    ] {
        let out = human(&["examples/mistakes/option.dat"], &env);
        assert_eq!(out.code, 1);
        let drawing: String = out
            .stdout
            .lines()
            .filter(|l| l.starts_with(' '))
            .flat_map(|l| l.chars().take(6))
            .collect();
        assert!(drawing.is_ascii(), "{env:?}:\n{}", out.stdout);
        assert!(out.stdout.contains(",-[examples/mistakes/option.dat:3:1]"));
    }
    let out = human(&["examples/mistakes/option.dat"], &[("LC_ALL", "C")]);
    snapshot!("lint_option_ascii", out.stdout);
}

// ---- colour --------------------------------------------------------------------------------

fn coloured(out: &Out) -> bool {
    out.stdout.contains('\x1b')
}

#[test]
fn colour_conventions_into_a_pipe() {
    let args = ["examples/mistakes/option.dat"];
    assert!(!coloured(&human(&args, &[])));
    assert!(coloured(&human(&args, &[("CLICOLOR_FORCE", "1")])));
    assert!(coloured(&human(&args, &[("FORCE_COLOR", "1")])));
    assert!(!coloured(&human(&args, &[("FORCE_COLOR", "0")])));
    assert!(!coloured(&human(&args, &[("NO_COLOR", "1"), ("CLICOLOR_FORCE", "1")])));
    // The flag wins over the environment.
    let always = ["examples/mistakes/option.dat", "--color", "always"];
    assert!(coloured(&human(&always, &[("NO_COLOR", "1")])));
    let never = ["examples/mistakes/option.dat", "--color", "never"];
    assert!(!coloured(&human(&never, &[("CLICOLOR_FORCE", "1")])));
    // Only the human report is coloured.
    let concise = ["examples/mistakes/option.dat", "--format", "concise"];
    assert!(!coloured(&human(&concise, &[("CLICOLOR_FORCE", "1")])));
}

/// Run under a pseudo-terminal (util-linux `script`) with these variables; `None` when
/// `script` is missing.
fn on_a_terminal(env: &[(&str, &str)]) -> Option<String> {
    if !have("script") {
        return None;
    }
    let command = format!("{BIN} lint {MISTAKES}/option.dat --exit-zero");
    let mut cmd = Command::new("script");
    cmd.args(["-qec", &command, "/dev/null"]).current_dir(ROOT);
    for k in DRAWING_ENV {
        cmd.env_remove(k);
    }
    cmd.env("TERM", "xterm").env_remove("IMTACFG_CONFIG");
    cmd.envs(env.iter().copied());
    let out = cmd.output().ok()?;
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn colour_conventions_on_a_terminal() {
    let Some(tty) = on_a_terminal(&[]) else {
        return;
    };
    assert!(tty.contains('\x1b'), "no colour on a terminal: {tty}");
    for env in [[("NO_COLOR", "1")], [("CLICOLOR", "0")], [("TERM", "dumb")]] {
        let out = on_a_terminal(&env).unwrap();
        assert!(!out.contains('\x1b'), "{env:?}: {out}");
        assert!(out.contains("OPT101 unknown-option"), "{env:?}: {out}");
    }
}

#[test]
fn editing_commands_share_the_colour_decision() {
    let diff = |extra: &[&str], env: &[(&str, &str)]| {
        let mut args = vec!["option", "set", "LOG_CONNECTION=7", "-C", SAMPLE];
        args.extend_from_slice(extra);
        let mut cmd = imtacfg();
        for k in DRAWING_ENV {
            cmd.env_remove(k);
        }
        let out = run_cmd(cmd.args(&args).envs(env.iter().copied()));
        assert_eq!(out.code, 0, "{out:?}");
        assert!(out.stdout.contains("+LOG_CONNECTION=7"), "{out:?}");
        out
    };
    assert!(!coloured(&diff(&[], &[])));
    assert!(coloured(&diff(&["--color", "always"], &[])));
    assert!(coloured(&diff(&[], &[("CLICOLOR_FORCE", "1")])));
    assert!(!coloured(&diff(&["--color", "never"], &[("FORCE_COLOR", "1")])));
}
