//! How errors reach the user: one `imtacfg: error:` line naming the file and line, and for
//! a settings file the snippet around the bad key (drawn by miette, without colour).

use crate::common::*;

/// A sample configuration with this imtacfg.toml, linted; standard error with the
/// temporary directory replaced by `<dir>`.
fn lint_with_settings(settings: &str, env: &[(&str, &str)]) -> (i32, String) {
    let c = Conf::sample();
    c.write("imtacfg.toml", settings.as_bytes());
    let mut cmd = imtacfg_in(&c.dir);
    cmd.args(["lint", "."]);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = run_cmd(&mut cmd);
    let dir = c.dir.to_str().unwrap().to_string();
    (out.code, out.stderr.replace(&dir, "<dir>"))
}

#[test]
fn settings_error_shows_the_bad_key_in_its_file() {
    let (code, err) = lint_with_settings("[lint]\nmax-line-lenght = 80\n", &[("TERM", "xterm")]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.starts_with("imtacfg: error: <dir>/imtacfg.toml:2: unknown setting `max-line-lenght`"),
        "{err}"
    );
    snapshot!("errors_settings_unknown_key", err);
}

#[test]
fn settings_error_in_a_knowledge_row_points_at_the_column() {
    let (code, err) = lint_with_settings(
        "[[knowledge.keyword]]\nname = \"foo\"\nargz = 1\n",
        &[("TERM", "dumb")],
    );
    assert_eq!(code, 2, "{err}");
    // TERM=dumb: ASCII drawing only.
    assert!(err.is_ascii(), "{err}");
    snapshot!("errors_settings_knowledge_row_ascii", err);
}

#[test]
fn settings_syntax_error_has_its_snippet() {
    let (code, err) = lint_with_settings("[lint\n", &[]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("imtacfg.toml:1: "), "{err}");
    assert!(err.contains(" 1 │ [lint"), "{err}");
}

#[test]
fn a_typed_mask_error_keeps_its_message() {
    let out = run(&["debug", "decode", "0xZZ"]);
    assert_eq!(out.code, 2);
    assert_eq!(out.stderr, "imtacfg: error: `0xZZ` is not a hexadecimal number\n");
}

/// A binary file is shown at its NUL byte, by `lint` (in its report) and by a command that
/// stops on it (an edit), the same way.
#[test]
fn a_binary_file_is_shown_at_its_nul_byte() {
    let c = Conf::with_files(&[("option.dat", &b"LOG_CONNECTION=3\nAB\0CD=1\n"[..])]);
    let snippet = "   \u{256d}\u{2500}[option.dat:2:3]\n 2 \u{2502} AB\u{2400}CD=1\n   \u{b7}   \u{252c}\n   \u{b7}   \u{2570}\u{2500}\u{2500} NUL byte\n   \u{2570}\u{2500}\u{2500}\u{2500}\u{2500}\n";
    let out = c.run(&["option", "set", "LOG_FORMAT=2", "option.dat"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert_eq!(
        out.stderr,
        format!(
            "imtacfg: error: option.dat: line 2, column 3: NUL byte; this looks like a binary file, not a configuration file\n{snippet}"
        )
    );
    let out = c.run(&["lint", "option.dat", "--color", "never"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(
        out.stdout.contains(&format!(
            "error: option.dat:2:3: NUL byte; this looks like a binary file, not a configuration file\n{snippet}"
        )),
        "{out:?}"
    );
}
