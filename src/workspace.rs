//! The one way in, for every command and for a program embedding imtacfg.
//!
//! A [`Workspace`] finds the settings that apply to a path (`imtacfg.toml`), builds the
//! catalog they extend (site keywords and options), works out how files may be read (the
//! access rules, widened only by the caller's [`Overrides`], never by a file of the tree),
//! reads configurations under those rules and lints them with the selection, severities
//! and options the settings and overrides give. Commands differ only in what they do with
//! the result, so they all see the same model of the same files.
//!
//! Layer: uses `settings`, `lint`, `model`, `knowledge`, `syntax`, `source`, `access`.
//!
//! ```
//! use imtacfg::workspace::{Overrides, Workspace};
//!
//! let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/mistakes");
//! let ws = Workspace::new(dir, &Overrides::default())?;
//! let set = ws.open(dir)?;
//! let findings = ws.lint(&set);
//! assert!(findings.iter().any(|d| d.code() == "IMTA206"));
//! # Ok::<(), imtacfg::workspace::WorkspaceError>(())
//! ```

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::access::DEFAULT_MAX_FILE_SIZE;
use crate::knowledge::Catalog;
use crate::lint::engine::{Datasize, Selection};
use crate::lint::{Diagnostic, LintOptions, Severity};
use crate::model::config_set::{ConfigSet, LoadError, LoadOptions};
use crate::settings::{self, Settings, SettingsError};
use crate::source::SourceFile;
use crate::syntax::Kind;

/// What the caller decides on top of the settings file: command-line flags and the
/// environment. Only these may widen what is read.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// The settings file to use instead of discovering one.
    pub config: Option<PathBuf>,
    /// Read files that resolve outside the configuration directory.
    pub allow_outside: bool,
    /// The size limit of a file, in bytes (default [`DEFAULT_MAX_FILE_SIZE`]).
    pub max_file_size: Option<u64>,
    /// The family of a single file whose name does not tell it.
    pub kind: Option<Kind>,
    /// The longest physical line allowed, in characters; wins over `[lint]
    /// max-line-length`.
    pub max_line_length: Option<usize>,
    /// The Dispatcher's data-segment limit for the heap rule; wins over `[lint] datasize`.
    pub datasize: Option<Datasize>,
    /// The product version the configuration is for (`6.3` as `[6, 3]`); wins over the
    /// settings file's and enables the version gates.
    pub product_version: Option<Vec<u32>>,
    /// Rule selectors (codes, code prefixes, names) added to the settings' `select`.
    pub select: Vec<String>,
    /// Rule selectors added to the settings' `ignore`: those rules never report.
    pub ignore: Vec<String>,
    /// The lowest severity that makes `lint` fail; wins over the settings file (default
    /// warning).
    pub fail_on: Option<Severity>,
}

/// Why a workspace or a configuration could not be opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WorkspaceError {
    /// The settings file is wrong (its line is in the error).
    Settings(SettingsError),
    /// A path could not be read (it does not exist, is not allowed, …).
    Read {
        /// The path as given (for bytes from standard input, the name they were given).
        path: String,
        /// The reason, from the system or the access rules.
        message: String,
    },
    /// `--kind` with a directory, or a file whose family cannot be told.
    Kind {
        /// The path as given (or the name of bytes from standard input).
        path: String,
        /// What is wrong and how to say the family.
        message: String,
    },
    /// A directory with no configuration file at all.
    Empty {
        /// The directory as given.
        path: String,
    },
    /// A file of the configuration could not be read.
    File(LoadError),
}

impl std::fmt::Display for WorkspaceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WorkspaceError::Settings(e) => write!(f, "{e}"),
            WorkspaceError::Read { path, message } | WorkspaceError::Kind { path, message } => {
                write!(f, "{path}: {message}")
            }
            WorkspaceError::File(e) => write!(f, "{e}"),
            WorkspaceError::Empty { path } => write!(
                f,
                "{path}: no configuration files here (imta.cnf, option.dat, *_option, imta_tailor, dispatcher.cnf, job_controller.cnf)"
            ),
        }
    }
}

impl std::error::Error for WorkspaceError {}

/// A configuration to lint, and which of its files to report on.
#[derive(Debug, Clone)]
pub struct Target {
    /// The configuration read: a directory whole, or the directory of the files named.
    pub set: ConfigSet,
    /// The files reported on (indices into `set.files`), `None` for all: files named one
    /// by one are read with their whole directory, which gives the context (the options
    /// option.dat sets, the channels of imta.cnf), and only they and the files they
    /// include are reported on.
    pub scope: Option<Vec<usize>>,
    /// The files of the target that could not be read (of a directory read only for
    /// context, those of the files named).
    pub errors: Vec<LoadError>,
}

impl Target {
    /// A set reported on whole.
    pub fn whole(set: ConfigSet) -> Target {
        Target { errors: set.errors.clone(), set, scope: None }
    }

    /// Keep the findings in the target's scope.
    pub fn in_scope(&self, findings: Vec<Diagnostic>) -> Vec<Diagnostic> {
        match &self.scope {
            None => findings,
            Some(scope) => {
                let mut inside = vec![false; self.set.files.len()];
                for &i in scope {
                    inside[i] = true;
                }
                findings.into_iter().filter(|d| inside[d.file.index()]).collect()
            }
        }
    }
}

/// Settings, catalog and rules for reading and linting configurations.
#[derive(Debug, Clone)]
pub struct Workspace {
    /// The imtacfg.toml that applies (defaults when there is none).
    pub settings: Settings,
    /// The built-in keywords and options, extended with the site's from the settings.
    pub catalog: Catalog,
    /// How configurations are read (access rules, include mapping).
    pub load: LoadOptions,
    /// The lint knobs (line length, datasize, product version): settings, then overrides.
    pub lint: LintOptions,
    /// Which rules report and at what severity: the settings' selection plus the
    /// overrides' `select` and `ignore`.
    pub selection: Selection,
    /// Findings at or above this level make `lint` fail.
    pub fail_on: Severity,
    kind: Option<Kind>,
}

impl Workspace {
    /// The workspace for configurations at or below `start` (`-` for standard input, whose
    /// settings are looked for from the current directory).
    pub fn new(start: &str, o: &Overrides) -> Result<Workspace, WorkspaceError> {
        let from = if start == "-" { Path::new(".") } else { Path::new(start) };
        let settings = match settings::discover(o.config.as_deref(), from) {
            Some(found) => settings::load(&found).map_err(WorkspaceError::Settings)?,
            None => Settings::default(),
        };
        Ok(Workspace::with_settings(settings, o))
    }

    /// A workspace with these settings (already read) and overrides.
    pub fn with_settings(settings: Settings, o: &Overrides) -> Workspace {
        let mut catalog = Catalog::builtin();
        settings.extend(&mut catalog);
        let mut load = settings.load_options();
        load.allow_outside |= o.allow_outside;
        load.max_file_size = o.max_file_size.unwrap_or(DEFAULT_MAX_FILE_SIZE);
        let mut lint = settings.lint_options();
        if let Some(n) = o.max_line_length {
            lint.max_line_length = n;
        }
        if o.datasize.is_some() {
            lint.datasize = o.datasize;
        }
        if o.product_version.is_some() {
            lint.product_version = o.product_version.clone();
            lint.product_version_from = "--product-version";
        }
        let mut selection = settings.selection.clone();
        selection.select.extend(o.select.iter().cloned());
        selection.ignore.extend(o.ignore.iter().cloned());
        let fail_on = o.fail_on.or(settings.fail_on).unwrap_or(Severity::Warning);
        Workspace { settings, catalog, load, lint, selection, fail_on, kind: o.kind }
    }

    /// Things the user should know about the settings (show them).
    pub fn warnings(&self) -> &[String] {
        &self.settings.warnings
    }

    /// Read the configuration at `path`: a directory whole, a file by its family (the
    /// override, else its name). Files that cannot be read are recorded in the set's
    /// `errors`; a path that cannot be opened at all is an error.
    pub fn open(&self, path: &str) -> Result<ConfigSet, WorkspaceError> {
        let p = Path::new(path);
        let meta = std::fs::metadata(p)
            .map_err(|e| WorkspaceError::Read { path: path.to_string(), message: e.to_string() })?;
        if meta.is_dir() {
            if self.kind.is_some() {
                return Err(WorkspaceError::Kind {
                    path: path.to_string(),
                    message:
                        "--kind names the family of one file; a directory is read by file names"
                            .into(),
                });
            }
            return ConfigSet::load_dir(p, path, &self.catalog, &self.load).map_err(|e| {
                WorkspaceError::Read { path: path.to_string(), message: e.to_string() }
            });
        }
        let kind = self.kind.or_else(|| Kind::from_file_name(path)).ok_or_else(|| {
            WorkspaceError::Kind {
                path: path.to_string(),
                message: "cannot tell which kind of file this is from its name; say it with --kind"
                    .into(),
            }
        })?;
        Ok(ConfigSet::load_file(p, path, kind, &self.catalog, &self.load))
    }

    /// Read what `lint` checks for each of `paths` (not `-`): a directory whole; a file
    /// with the rest of its directory for context, reporting only on the files named (files
    /// of one directory named together share one reading). Without `--kind`, a file whose
    /// name does not tell its family is found among the files its directory includes.
    ///
    /// One result per directory or group of files, with the position in `paths` of its
    /// (first) path, in that order: a path that cannot be read is an error in its place
    /// and does not stop the others.
    pub fn open_targets(&self, paths: &[&str]) -> Vec<(usize, Result<Target, WorkspaceError>)> {
        let mut out: Vec<(usize, Result<Target, WorkspaceError>)> = Vec::new();
        // Files named one by one, by their directory: (directory, [(position, path)]).
        let mut groups: Vec<(PathBuf, Vec<(usize, &str)>)> = Vec::new();
        let mut group_of: HashMap<PathBuf, usize> = HashMap::new();
        for (position, &path) in paths.iter().enumerate() {
            let is_file = std::fs::metadata(path).is_ok_and(|m| !m.is_dir());
            if !is_file || self.kind.is_some() {
                out.push((position, self.open_non_empty(path).map(Target::whole)));
                continue;
            }
            let dir = crate::model::config_set::parent_dir(Path::new(path));
            let key = std::fs::canonicalize(&dir).unwrap_or_else(|_| dir.clone());
            let g = *group_of.entry(key).or_insert_with(|| {
                groups.push((dir.clone(), Vec::new()));
                groups.len() - 1
            });
            groups[g].1.push((position, path));
        }
        for (dir, files) in groups {
            out.extend(self.open_in_directory(&dir, &files));
        }
        out.sort_by_key(|(position, _)| *position);
        out
    }

    /// Files of one directory, read with the directory (see [`Workspace::open_targets`]).
    fn open_in_directory(
        &self,
        dir: &Path,
        files: &[(usize, &str)],
    ) -> Vec<(usize, Result<Target, WorkspaceError>)> {
        let position = files[0].0;
        let display = Path::new(files[0].1)
            .parent()
            .map(|p| p.to_string_lossy().into_owned())
            .unwrap_or_default();
        let Ok(set) = ConfigSet::load_dir(dir, &display, &self.catalog, &self.load) else {
            // The directory cannot be listed: each file alone, as it can be read.
            return files
                .iter()
                .map(|&(position, path)| (position, self.open(path).map(Target::whole)))
                .collect();
        };
        let mut results = Vec::new();
        let mut scope = Vec::new();
        let mut errors = Vec::new();
        for &(position, path) in files {
            if let Some(i) = set.file_index_of_path(Path::new(path)) {
                if !scope.contains(&i) {
                    scope.push(i);
                }
                continue;
            }
            let real = std::fs::canonicalize(path).ok();
            if let Some(e) = set.errors.iter().find(|e| {
                e.path == Path::new(path)
                    || (real.is_some() && std::fs::canonicalize(&e.path).ok() == real)
            }) {
                errors.push(e.clone());
                continue;
            }
            // A file imta_tailor names that imtacfg does not read (the mapping file): part of
            // the configuration, with nothing to report.
            if real.is_some() && named_by_tailor(&set, real.as_deref()) {
                continue;
            }
            // Not part of the directory's configuration: read alone, as before.
            results.push((position, self.open(path).map(Target::whole)));
        }
        if !scope.is_empty() || !errors.is_empty() {
            let scope = with_included(&set, scope);
            results.insert(0, (position, Ok(Target { set, scope: Some(scope), errors })));
        }
        results
    }

    /// As [`Workspace::open`], but a directory without any configuration file is an error.
    pub fn open_non_empty(&self, path: &str) -> Result<ConfigSet, WorkspaceError> {
        let set = self.open(path)?;
        if set.files.is_empty() && set.errors.is_empty() {
            return Err(WorkspaceError::Empty { path: path.to_string() });
        }
        Ok(set)
    }

    /// As [`Workspace::open_non_empty`], but a file that could not be read is an error
    /// too (for commands that need every file: editing, `heap`, `debug show`).
    pub fn open_complete(&self, path: &str) -> Result<ConfigSet, WorkspaceError> {
        let set = self.open_non_empty(path)?;
        match set.errors.first() {
            Some(e) => Err(WorkspaceError::File(e.clone())),
            None => Ok(set),
        }
    }

    /// A configuration from bytes already read (standard input), named `name`; its family
    /// is the override's, else told by the name.
    pub fn open_bytes(&self, name: &str, bytes: Vec<u8>) -> Result<ConfigSet, WorkspaceError> {
        let kind = self
            .kind
            .or_else(|| Kind::from_file_name(name))
            .ok_or_else(|| WorkspaceError::Kind {
                path: name.to_string(),
                message: "reading standard input needs --kind (or --stdin-filename with a recognised file name)".into(),
            })?;
        let src = SourceFile::from_bytes(name, bytes)
            .map_err(|e| WorkspaceError::Read { path: name.to_string(), message: e.to_string() })?;
        Ok(ConfigSet::from_source(src, kind, &self.catalog))
    }

    /// Read these in-memory texts instead of the files at these paths (an editor's unsaved
    /// buffers), replacing any given before. The access rules still apply: a path is read
    /// from memory only where the file on disk may be read (inside the configuration
    /// directory, a regular file, within the size limit); a path that does not resolve is
    /// left out.
    pub fn set_overlay(&mut self, texts: impl IntoIterator<Item = (PathBuf, Vec<u8>)>) {
        let map: HashMap<PathBuf, Vec<u8>> = texts
            .into_iter()
            .filter_map(|(p, bytes)| std::fs::canonicalize(&p).ok().map(|real| (real, bytes)))
            .collect();
        self.load.overlay = std::sync::Arc::new(map);
    }

    /// Lint a configuration: every rule, suppression comments, then the selection and
    /// severities of the settings and overrides.
    pub fn lint(&self, set: &ConfigSet) -> Vec<Diagnostic> {
        self.selection.apply(crate::lint::lint(set, &self.catalog, &self.lint))
    }

    /// [`Workspace::lint`] with only the checks of rules whose code is in `codes` (see
    /// [`crate::lint::engine::lint_only`]).
    pub fn lint_only(&self, set: &ConfigSet, codes: &HashSet<&str>) -> Vec<Diagnostic> {
        let wanted = |code: &str| codes.contains(code);
        self.selection
            .apply(crate::lint::engine::lint_only(set, &self.catalog, &self.lint, &wanted))
    }

    /// Lint a target: its whole set, the findings kept to its scope.
    pub fn lint_target(&self, target: &Target) -> Vec<Diagnostic> {
        target.in_scope(self.lint(&target.set))
    }

    /// Does any of these findings make the run fail?
    pub fn fails(&self, findings: &[Diagnostic]) -> bool {
        findings.iter().any(|d| d.severity >= self.fail_on)
    }
}

/// `files` and every file they include, directly or not, in order of the set.
fn with_included(set: &ConfigSet, files: Vec<usize>) -> Vec<usize> {
    let by_path: HashMap<&Path, usize> =
        set.files.iter().enumerate().map(|(i, f)| (f.path.as_path(), i)).collect();
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); set.files.len()];
    for e in &set.includes {
        if let Some(&j) = e.resolved.as_deref().and_then(|p| by_path.get(p))
            && let Some(c) = children.get_mut(e.from.index())
        {
            c.push(j);
        }
    }
    let mut inside = vec![false; set.files.len()];
    let mut work = files;
    while let Some(i) = work.pop() {
        if !std::mem::replace(&mut inside[i], true) {
            work.extend(&children[i]);
        }
    }
    (0..set.files.len()).filter(|&i| inside[i]).collect()
}

/// Does an entry of the set's imta_tailor name the file at `real` (a canonical path)?
fn named_by_tailor(set: &ConfigSet, real: Option<&Path>) -> bool {
    let Some(opts) = set.tailor() else {
        return false;
    };
    opts.settings.iter().any(|s| {
        set.tailor_path(&s.normalized).and_then(|p| std::fs::canonicalize(p).ok()).as_deref()
            == real
    })
}

impl crate::edit::pipeline::Linter for Workspace {
    fn lint(&self, set: &ConfigSet) -> Vec<Diagnostic> {
        Workspace::lint(self, set)
    }

    fn lint_only(&self, set: &ConfigSet, codes: &HashSet<&'static str>) -> Vec<Diagnostic> {
        Workspace::lint_only(self, set, codes)
    }
}
