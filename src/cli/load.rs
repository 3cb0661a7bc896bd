//! Reading what a command works on: the settings that apply to a path, and the
//! configuration at that path (a directory, one file, or standard input).

use super::error::CliError;
use std::path::Path;
use std::sync::OnceLock;

use imtacfg::access::{parse_file_size, read_limited};
use imtacfg::model::config_set::ConfigSet;
use imtacfg::workspace::{Overrides, Workspace};

/// What the user allowed on the command line or in the environment: the only places that
/// may widen what is read (never a file of the tree being checked).
#[derive(Debug, Clone, Default)]
pub struct AccessFlags {
    pub allow_outside: bool,
    pub max_file_size: Option<String>,
}

static ACCESS: OnceLock<AccessFlags> = OnceLock::new();

/// Record the global access flags (once, before any command runs).
pub fn set_access_flags(flags: AccessFlags) {
    let _ = ACCESS.set(flags);
}

/// The overrides the global flags and the environment give (`IMTACFG_ALLOW_OUTSIDE`,
/// `IMTACFG_MAX_FILE_SIZE`), with the settings file named on the command line.
pub fn overrides(config: Option<&Path>) -> Result<Overrides, CliError> {
    let flags = ACCESS.get().cloned().unwrap_or_default();
    let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let allow_outside = flags.allow_outside
        || env("IMTACFG_ALLOW_OUTSIDE")
            .is_some_and(|v| matches!(v.to_ascii_lowercase().as_str(), "1" | "true" | "yes"));
    let max_file_size = match (flags.max_file_size, env("IMTACFG_MAX_FILE_SIZE")) {
        (Some(v), _) => Some(parse_file_size(&v).map_err(|e| format!("--max-file-size: {e}"))?),
        (None, Some(v)) => {
            Some(parse_file_size(&v).map_err(|e| format!("IMTACFG_MAX_FILE_SIZE: {e}"))?)
        }
        (None, None) => None,
    };
    Ok(Overrides {
        config: config.map(Path::to_path_buf),
        allow_outside,
        max_file_size,
        ..Overrides::default()
    })
}

/// The workspace for `path` under these overrides; warnings about the settings are
/// printed here.
pub fn workspace(path: &str, o: &Overrides) -> Result<Workspace, CliError> {
    let ws = Workspace::new(path, o)?;
    for w in ws.warnings() {
        eprintln!("imtacfg: warning: {w}");
    }
    Ok(ws)
}

/// The workspace of an editing, `debug` or `heap` command on `path`, with only the
/// access overrides.
pub fn simple_workspace(path: &str, config: Option<&Path>) -> Result<Workspace, CliError> {
    workspace(path, &overrides(config)?)
}

/// Read the configuration at `path` in `ws`: `-` is standard input (its name for
/// messages and its family from `stdin_name`, else `<stdin>` and `--kind`).
pub fn open(ws: &Workspace, path: &str, stdin_name: Option<&str>) -> Result<ConfigSet, CliError> {
    if path == "-" {
        let name = stdin_name.unwrap_or("<stdin>");
        let bytes = read_limited(std::io::stdin().lock(), 0, ws.load.max_file_size)
            .map_err(|e| format!("standard input: {e}"))?;
        return Ok(ws.open_bytes(name, bytes)?);
    }
    Ok(ws.open_non_empty(path)?)
}
