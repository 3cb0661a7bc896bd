//! Reading what a command works on: the settings that apply to a path, and the
//! configuration at that path (a directory, one file, or standard input).

use std::path::Path;
use std::sync::OnceLock;

use imtacfg::access::{DEFAULT_MAX_FILE_SIZE, parse_size, read_limited};
use imtacfg::knowledge::Catalog;
use imtacfg::model::config_set::{ConfigSet, LoadOptions};
use imtacfg::settings::{self, Settings};
use imtacfg::source::SourceFile;
use imtacfg::syntax::Kind;

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

/// The load options for `settings`: theirs, widened by the command line and the
/// environment (`IMTACFG_ALLOW_OUTSIDE`, `IMTACFG_MAX_FILE_SIZE`).
pub fn load_options(settings: &Settings) -> Result<LoadOptions, String> {
    let flags = ACCESS.get().cloned().unwrap_or_default();
    let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let mut opts = settings.load_options();
    opts.allow_outside |= flags.allow_outside
        || env("IMTACFG_ALLOW_OUTSIDE")
            .is_some_and(|v| matches!(v.to_ascii_lowercase().as_str(), "1" | "true" | "yes"));
    opts.max_file_size = match (flags.max_file_size, env("IMTACFG_MAX_FILE_SIZE")) {
        (Some(v), _) => parse_size(&v).map_err(|e| format!("--max-file-size: {e}"))?,
        (None, Some(v)) => parse_size(&v).map_err(|e| format!("IMTACFG_MAX_FILE_SIZE: {e}"))?,
        (None, None) => DEFAULT_MAX_FILE_SIZE,
    };
    Ok(opts)
}

/// The settings for a path: `--config` > `$IMTACFG_CONFIG` > the nearest imtacfg.toml >
/// none; the catalog they extend; and the load options (see [`load_options`]). Warnings
/// about the settings are printed here.
pub fn settings_for(
    config: Option<&Path>,
    path: &str,
) -> Result<(Settings, Catalog, LoadOptions), String> {
    let start = if path == "-" {
        Path::new(".")
    } else {
        Path::new(path)
    };
    let s = match settings::discover(config, start) {
        Some(found) => settings::load(&found).map_err(|e| e.to_string())?,
        None => Settings::default(),
    };
    for w in &s.warnings {
        eprintln!("imtacfg: warning: {w}");
    }
    let mut catalog = Catalog::builtin();
    s.extend(&mut catalog);
    let opts = load_options(&s)?;
    Ok((s, catalog, opts))
}

/// Read the configuration at `path`: `-` is standard input (its family from `kind`, else
/// from `stdin_name`), a directory is read whole, a file by its family (`kind`, else its
/// name). Files that cannot be read are errors.
pub fn config(
    path: &str,
    kind: Option<Kind>,
    stdin_name: Option<&str>,
    catalog: &Catalog,
    opts: &LoadOptions,
) -> Result<ConfigSet, String> {
    let set = if path == "-" {
        let name = stdin_name.unwrap_or("<stdin>");
        let kind = kind.or_else(|| Kind::from_file_name(name)).ok_or(
            "reading standard input needs --kind (or --stdin-filename with a recognised file name)",
        )?;
        let bytes = read_limited(std::io::stdin().lock(), 0, opts.max_file_size)
            .map_err(|e| format!("standard input: {e}"))?;
        let src = SourceFile::from_bytes(name, bytes).map_err(|e| format!("{name}: {e}"))?;
        ConfigSet::from_source(src, kind, catalog)
    } else {
        let p = Path::new(path);
        let meta = std::fs::metadata(p).map_err(|e| format!("{path}: {e}"))?;
        if meta.is_dir() {
            if kind.is_some() {
                return Err(format!(
                    "{path}: --kind names the family of one file; a directory is read by file names"
                ));
            }
            ConfigSet::load_dir(p, path, catalog, opts).map_err(|e| format!("{path}: {e}"))?
        } else {
            let kind = kind.or_else(|| Kind::from_file_name(path)).ok_or_else(|| {
                format!("{path}: cannot tell which kind of file this is from its name; say it with --kind")
            })?;
            ConfigSet::load_file(p, path, kind, catalog, opts)
        }
    };
    Ok(set)
}

/// A directory with no configuration file at all is an error for commands that read
/// whatever is there (dump, lint); editing commands say which file they miss instead.
pub fn non_empty(set: ConfigSet, path: &str) -> Result<ConfigSet, String> {
    if set.files.is_empty() && set.errors.is_empty() {
        return Err(format!(
            "{path}: no configuration files here (imta.cnf, option.dat, *_option, imta_tailor, dispatcher.cnf, job_controller.cnf)"
        ));
    }
    Ok(set)
}

/// As [`config`], but a file that could not be read is an error too.
pub fn config_complete(
    path: &str,
    kind: Option<Kind>,
    catalog: &Catalog,
    opts: &LoadOptions,
) -> Result<ConfigSet, String> {
    let set = config(path, kind, None, catalog, opts)?;
    match set.errors.first() {
        Some(e) => Err(e.message.clone()),
        None => Ok(set),
    }
}
