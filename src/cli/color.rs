//! Whether to colour and how to draw, decided once for every command: `--color`, the
//! environment conventions (NO_COLOR, CLICOLOR, CLICOLOR_FORCE, FORCE_COLOR, TERM=dumb),
//! the terminal, and the locale.

use std::io::IsTerminal;

use clap::ValueEnum;

/// `--color auto|always|never`.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq, Default)]
pub enum ColorArg {
    #[default]
    Auto,
    Always,
    Never,
}

/// The environment variables the decision reads (a function so tests can pass their own).
pub trait Env {
    fn get(&self, name: &str) -> Option<String>;
}

/// The process environment.
pub struct ProcessEnv;

impl Env for ProcessEnv {
    fn get(&self, name: &str) -> Option<String> {
        std::env::var_os(name).map(|v| v.to_string_lossy().into_owned())
    }
}

/// Set and not empty.
fn set(env: &dyn Env, name: &str) -> Option<String> {
    env.get(name).filter(|v| !v.is_empty())
}

/// Should output to a stream that `is_terminal` (or not) be coloured?
///
/// In order: `--color always|never`; `NO_COLOR` (set, not empty) turns colour off;
/// `CLICOLOR_FORCE` or `FORCE_COLOR` (set, not empty, not `0`) turn it on, even into a
/// pipe; then colour only on a terminal, and not when `TERM=dumb` or `CLICOLOR=0`.
pub fn decide(arg: ColorArg, is_terminal: bool, env: &dyn Env) -> bool {
    match arg {
        ColorArg::Always => return true,
        ColorArg::Never => return false,
        ColorArg::Auto => {}
    }
    if set(env, "NO_COLOR").is_some() {
        return false;
    }
    let forced = |name| set(env, name).is_some_and(|v| v != "0" && v != "false");
    if forced("CLICOLOR_FORCE") || forced("FORCE_COLOR") {
        return true;
    }
    is_terminal
        && set(env, "TERM").as_deref() != Some("dumb")
        && set(env, "CLICOLOR").as_deref() != Some("0")
}

/// Colour for standard output.
pub fn stdout(arg: ColorArg) -> bool {
    decide(arg, std::io::stdout().is_terminal(), &ProcessEnv)
}

/// Can box-drawing characters be shown? Not with `TERM=dumb` or `TERM=linux` (the
/// console font), nor when the locale's character set (LC_ALL, else LC_CTYPE, else LANG)
/// is not UTF-8; no locale at all is the C locale, which is ASCII.
pub fn unicode(env: &dyn Env) -> bool {
    if matches!(set(env, "TERM").as_deref(), Some("dumb" | "linux")) {
        return false;
    }
    let locale = ["LC_ALL", "LC_CTYPE", "LANG"]
        .into_iter()
        .find_map(|k| set(env, k))
        .unwrap_or_default()
        .to_ascii_lowercase();
    locale.contains("utf-8") || locale.contains("utf8")
}

/// The width to wrap standard output at: `COLUMNS` when set, else the terminal's, else
/// `fallback` (output into a file or a pipe is not wrapped to any terminal).
pub fn stdout_width(env: &dyn Env, fallback: usize) -> usize {
    if let Some(n) = set(env, "COLUMNS").and_then(|v| v.trim().parse::<usize>().ok())
        && n >= 20
    {
        return n;
    }
    let out = std::io::stdout();
    if out.is_terminal()
        && let Ok(size) = rustix::termios::tcgetwinsize(&out)
        && size.ws_col >= 20
    {
        return size.ws_col as usize;
    }
    fallback
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    struct Vars(HashMap<&'static str, &'static str>);
    impl Env for Vars {
        fn get(&self, name: &str) -> Option<String> {
            self.0.get(name).map(|v| v.to_string())
        }
    }
    fn vars(pairs: &[(&'static str, &'static str)]) -> Vars {
        Vars(pairs.iter().copied().collect())
    }

    #[test]
    fn flags_win_over_the_environment() {
        let loud = vars(&[("CLICOLOR_FORCE", "1")]);
        let quiet = vars(&[("NO_COLOR", "1")]);
        assert!(!decide(ColorArg::Never, true, &loud));
        assert!(decide(ColorArg::Always, false, &quiet));
    }

    #[test]
    fn environment_conventions() {
        let auto =
            |tty, pairs: &[(&'static str, &'static str)]| decide(ColorArg::Auto, tty, &vars(pairs));
        assert!(auto(true, &[]));
        assert!(!auto(false, &[]));
        assert!(!auto(true, &[("NO_COLOR", "1")]));
        assert!(auto(true, &[("NO_COLOR", "")]), "an empty NO_COLOR is unset");
        assert!(!auto(true, &[("CLICOLOR", "0")]));
        assert!(auto(true, &[("CLICOLOR", "1")]));
        assert!(!auto(true, &[("TERM", "dumb")]));
        assert!(auto(false, &[("CLICOLOR_FORCE", "1")]));
        assert!(auto(false, &[("FORCE_COLOR", "1")]));
        assert!(auto(false, &[("FORCE_COLOR", "true")]));
        assert!(!auto(false, &[("FORCE_COLOR", "0")]));
        assert!(!auto(false, &[("CLICOLOR_FORCE", "0")]));
        assert!(auto(false, &[("CLICOLOR_FORCE", "1"), ("TERM", "dumb")]));
        assert!(!auto(true, &[("NO_COLOR", "1"), ("CLICOLOR_FORCE", "1")]));
    }

    #[test]
    fn unicode_from_locale_and_terminal() {
        assert!(unicode(&vars(&[("LANG", "en_US.UTF-8")])));
        assert!(unicode(&vars(&[("LC_ALL", "C.utf8"), ("LANG", "C")])));
        assert!(!unicode(&vars(&[("LC_ALL", "C"), ("LANG", "en_US.UTF-8")])));
        assert!(unicode(&vars(&[("LC_CTYPE", "de_DE.UTF-8")])));
        assert!(!unicode(&vars(&[])));
        assert!(!unicode(&vars(&[("LANG", "C.UTF-8"), ("TERM", "dumb")])));
        assert!(!unicode(&vars(&[("LANG", "fr_FR.ISO-8859-1")])));
    }
}
