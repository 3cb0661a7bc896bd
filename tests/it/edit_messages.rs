//! What the editing commands say when a request does not fit: names imtacfg does not know
//! (with the nearest known one), an option meant for another file, a service section that
//! does not exist, a keyword that is not on the channel's own line, a directory with no
//! configuration at all. Each refusal exits 2 and changes nothing; `--force` goes ahead
//! where that makes sense.

use crate::common::*;

/// Run in a copy of the sample; (exit code, stdout, stderr, whether any file changed).
fn in_sample(args: &[&str]) -> (Out, bool) {
    let c = Conf::sample();
    let before = c.snap();
    let out = c.run(args);
    let changed = c.snap() != before;
    (out, changed)
}

/// Run in a copy of the sample: refused (exit 2), nothing changed, `message` on standard
/// error.
fn refused(args: &[&str], message: &str) {
    let (out, changed) = in_sample(args);
    assert_eq!(out.code, 2, "{args:?}: {out:?}");
    assert!(!changed, "{args:?}");
    assert!(out.stderr.contains(message), "{args:?}: {out:?}");
}

#[test]
fn unknown_option_is_refused_with_the_nearest_name() {
    refused(
        &["option", "set", "LOG_CONECTION=3", ".", "--write"],
        "`LOG_CONECTION` is not an option of option.dat that imtacfg knows; did you mean `LOG_CONNECTION`?",
    );
    let (out, changed) =
        in_sample(&["option", "set", "LOG_CONECTION=3", ".", "--write", "--force"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(changed, "--force writes it anyway");
}

#[test]
fn option_of_another_file_names_that_file() {
    for args in [
        &["option", "set", "MAX_B_ENTRIES=3", "."][..],
        &["logging", "enable", "--all", "--set", "MAX_B_ENTRIES=3", "."][..],
    ] {
        let (out, _) = in_sample(args);
        assert_eq!(out.code, 2, "{args:?}: {out:?}");
        assert!(
            out.stderr.contains("`MAX_B_ENTRIES` is a channel option, which option.dat does not read; set it in the channel's option file, e.g. `imtacfg option set --file tcp_local_option MAX_B_ENTRIES=…`"),
            "{args:?}: {out:?}"
        );
    }
    // In the channel option file it is at home.
    let (out, _) =
        in_sample(&["option", "set", "--file", "tcp_local_option", "MAX_B_ENTRIES=3", "."]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stdout.contains("+MAX_B_ENTRIES=3"), "{out:?}");
}

#[test]
fn unknown_dispatcher_option_and_service_are_refused() {
    refused(
        &["dispatcher", "set", "FOO=1", ".", "--write"],
        "`FOO` is not an option of dispatcher.cnf that imtacfg knows",
    );
    refused(
        &["dispatcher", "set", "--service", "SMPT", "MAX_CONNS=3", ".", "--write"],
        "there is no [SERVICE=SMPT] section; did you mean `SMTP`? (add --create to create it)",
    );
    let (out, _) =
        in_sample(&["dispatcher", "set", "--service", "SMPT", "--create", "MAX_CONNS=30", "."]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stdout.contains("+[SERVICE=SMPT]"), "{out:?}");
}

#[test]
fn removing_a_keyword_that_is_not_there_says_why() {
    let (out, _) = in_sample(&["channel", "remove-keyword", "tcp_local", "logginng", "."]);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(out.stdout, "nothing to change\n");
    assert!(
        out.stderr
            .contains("note: `logginng` is not a keyword imtacfg knows; did you mean `logging`?"),
        "{out:?}"
    );
    // The sample's defaults line (line 40) gives every channel after it `logging`.
    let (out, _) = in_sample(&["channel", "remove-keyword", "tcp_intranet", "logging", "."]);
    assert_eq!(out.stdout, "nothing to change\n");
    assert!(
        out.stderr.contains(
            "`tcp_intranet` does not have `logging` on its own line; a defaults line sets it for the channels after it (imta.cnf:40)"
        ),
        "{out:?}"
    );
}

#[test]
fn an_empty_directory_is_an_error_for_every_editing_command() {
    let c = Conf::empty();
    for args in [
        &["logging", "status", "."][..],
        &["logging", "enable", "--all", "."][..],
        &["channel", "add-keyword", "tcp_local", "logging", "."][..],
        &["option", "set", "LOG_FORMAT=2", "."][..],
        &["dispatcher", "set", "MAX_CONNS=2", "."][..],
    ] {
        let out = c.run(args);
        assert_eq!(out.code, 2, "{args:?}: {out:?}");
        assert!(out.stdout.is_empty(), "{args:?}: {out:?}");
        assert!(out.stderr.contains(".: no configuration files here"), "{args:?}: {out:?}");
    }
    assert!(c.snap().is_empty(), "nothing was created");
}

#[test]
fn without_imta_cnf_the_channel_commands_say_so() {
    let c = Conf::with_files(&[("option.dat", "LOG_FORMAT=1\n")]);
    for args in [
        &["logging", "status", "."][..],
        &["logging", "enable", "--channel", "tcp_local", "."][..],
        &["channel", "add-keyword", "tcp_local", "logging", "."][..],
    ] {
        let out = c.run(args);
        assert_eq!(out.code, 2, "{args:?}: {out:?}");
        assert!(
            out.stderr.contains(".: there is no imta.cnf, where channels are defined"),
            "{args:?}: {out:?}"
        );
    }
}

#[test]
fn appending_to_a_file_without_a_final_newline_keeps_it_so() {
    let c = Conf::with_files(&[("option.dat", "LOG_CONNECTION=3")]);
    let out = c.run(&["option", "set", "LOG_FORMAT=2", ".", "--write"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(c.read("option.dat"), b"LOG_CONNECTION=3\nLOG_FORMAT=2");
    let c = Conf::with_files(&[("option.dat", "LOG_CONNECTION=3\r\n")]);
    c.run(&["option", "set", "LOG_FORMAT=2", ".", "--write"]);
    assert_eq!(c.read("option.dat"), b"LOG_CONNECTION=3\r\nLOG_FORMAT=2\r\n");
}

/// The re-lint gate compares findings by what they are about (rule, file, the option,
/// section or channel of their line), not by their wording: a fix that leaves an old
/// finding in place with new numbers is not refused, a new finding still is.
#[test]
fn the_gate_does_not_count_an_old_finding_with_new_words_as_added() {
    for args in [
        &["dispatcher", "set", "MIN_PROCS=5", "."][..],
        &["option", "set", "LOG_FORMAT=8", "."][..],
        &["channel", "add-keyword", "tcp_bulk", "logging", "."][..],
    ] {
        let c = Conf::copy_of(MISTAKES);
        let out = c.run(args);
        assert_eq!(out.code, 0, "{args:?}: {out:?}");
        assert!(out.stdout.starts_with("--- a/"), "{args:?}: {out:?}");
        assert!(!out.stderr.contains("adds"), "{args:?}: {out:?}");
    }
    // A finding the configuration did not have is still refused.
    refused(&["option", "set", "LOG_FORMAT=9", ".", "--write"], "OPT102");
}
