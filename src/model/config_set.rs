//! A configuration set: the files of one configuration directory, read together, with
//! the `<` includes of imta.cnf and dispatcher.cnf resolved.
//!
//! Include resolution follows what the product does on the server, mapped onto the
//! directory being read (typically a checkout of the server's config directory):
//! - `IMTA_TABLE:name` (and PMDF's `PMDF_TABLE:name`) is the configuration directory
//!   itself, which is what that logical name means;
//! - any other `LOGICAL:name` is looked up in imta_tailor, when there is one;
//! - an absolute path under imta_tailor's `IMTA_TABLE` directory is mapped into the
//!   configuration directory; other absolute paths are taken as written;
//! - a relative path is relative to the configuration directory.
//!
//! Includes nest at most three levels deep (the product's limit); cycles and missing files
//! are recorded, never fatal. A file outside the configuration directory is not read unless
//! the caller allows it: a CI job linting a pull request must not print `/etc/shadow`.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;

use super::dispatcher::{self, DispatcherModel};
use super::imta::{self, ImtaModel, Part};
use super::options::{self, OptionModel};
use crate::access::{Access, DEFAULT_MAX_FILE_SIZE, ReadError};
use crate::knowledge::Catalog;
use crate::source::{Encoding, SourceFile};
use crate::syntax::{self, Kind, SyntaxTree};

/// The product's include nesting limit.
pub const MAX_INCLUDE_DEPTH: usize = 3;

/// The typed model of one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Document {
    /// imta.cnf or a file it includes: rewrite rules and channel blocks.
    Imta(ImtaModel),
    /// `NAME=VALUE` files: option.dat, `<channel>_option`, imta_tailor.
    Options(OptionModel),
    /// dispatcher.cnf or job_controller.cnf: global settings and `[KIND=NAME]` sections.
    Dispatcher(DispatcherModel),
}

impl Document {
    /// The model of a tree of the given family.
    pub fn build(kind: Kind, tree: &SyntaxTree, text: &str, catalog: &Catalog) -> Document {
        match kind {
            Kind::Imta | Kind::ImtaChannels => Document::Imta(imta::build(tree, text, catalog)),
            Kind::Option | Kind::ChannelOption | Kind::Tailor => {
                Document::Options(options::build(tree, text))
            }
            Kind::Dispatcher | Kind::JobController => {
                Document::Dispatcher(dispatcher::build(tree, text))
            }
        }
    }
}

impl Document {
    /// Parse a text of the given family and build its model. The tree is not kept: for a
    /// large file it is bigger than the text and the model together, and later stages
    /// read the model and the text only. An imta.cnf is built piece by piece
    /// ([`imta::parse`]), and so are the other families ([`options::parse`],
    /// [`dispatcher::parse`]), so that a whole tree never exists.
    pub fn parse(
        kind: Kind,
        text: &str,
        catalog: &Catalog,
    ) -> Result<Document, syntax::ParseError> {
        match kind {
            Kind::Imta | Kind::ImtaChannels => {
                Ok(Document::Imta(imta::parse(text, kind, catalog)?))
            }
            Kind::Dispatcher | Kind::JobController => {
                Ok(Document::Dispatcher(dispatcher::parse(text, kind)?))
            }
            Kind::Option | Kind::ChannelOption | Kind::Tailor => {
                Ok(Document::Options(options::parse(text, kind)?))
            }
        }
    }
}

/// A file of a [`ConfigSet`]: its place in `ConfigSet::files`. A newtype so that a file
/// cannot be mistaken for a block, a line or any other index; `set.files[id]` reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize)]
#[serde(transparent)]
pub struct FileId(pub u32);

impl FileId {
    /// The position in `ConfigSet::files`.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

impl From<usize> for FileId {
    fn from(i: usize) -> FileId {
        FileId(u32::try_from(i).expect("fewer than 2^32 files"))
    }
}

impl std::fmt::Display for FileId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl std::ops::Index<FileId> for Vec<std::sync::Arc<ConfigFile>> {
    type Output = std::sync::Arc<ConfigFile>;
    fn index(&self, id: FileId) -> &std::sync::Arc<ConfigFile> {
        &self[id.index()]
    }
}

impl std::ops::IndexMut<FileId> for Vec<std::sync::Arc<ConfigFile>> {
    fn index_mut(&mut self, id: FileId) -> &mut std::sync::Arc<ConfigFile> {
        &mut self[id.index()]
    }
}

impl std::ops::Index<FileId> for [std::sync::Arc<ConfigFile>] {
    type Output = std::sync::Arc<ConfigFile>;
    fn index(&self, id: FileId) -> &std::sync::Arc<ConfigFile> {
        &self[id.index()]
    }
}

/// One parsed file of the set.
#[derive(Debug, Clone)]
pub struct ConfigFile {
    /// Where it was read from.
    pub path: PathBuf,
    /// The real path (symbolic links and `..` resolved) of the file read; `None` for text
    /// that did not come from a file. Edits are written here.
    pub real_path: Option<PathBuf>,
    /// The file family, and so the grammar it was parsed with.
    pub kind: Kind,
    /// The decoded text, with its name and original encoding; spans index this text.
    pub source: SourceFile,
    /// The typed model built from the tree.
    pub doc: Document,
    /// Include nesting depth: 0 for a file of the directory itself.
    pub depth: usize,
}

/// So that functions can take a `&ConfigFile` or an element of [`ConfigSet::files`] (an
/// `Arc<ConfigFile>`) alike.
impl AsRef<ConfigFile> for ConfigFile {
    fn as_ref(&self) -> &ConfigFile {
        self
    }
}

impl ConfigFile {
    /// Parse text already decoded.
    pub fn parse(
        path: PathBuf,
        kind: Kind,
        source: SourceFile,
        catalog: &Catalog,
    ) -> Result<ConfigFile, syntax::ParseError> {
        let doc = Document::parse(kind, &source.text, catalog)?;
        Ok(ConfigFile { path, real_path: None, kind, source, doc, depth: 0 })
    }

    /// The lossless syntax tree of the file's text, for callers that need the tokens
    /// (semantic highlighting, for one). The tree is not stored, so this parses the
    /// text again: it costs as much as the parse that built the file; call it once.
    ///
    /// The same text parsed without error when the file was read, so it does again; were
    /// it not to, the tree is one `bad_text` token over the whole text (still lossless).
    pub fn syntax_tree(&self) -> SyntaxTree {
        let text = &self.source.text;
        syntax::parse(text, self.kind).unwrap_or_else(|_| SyntaxTree::unparsed(text.len()))
    }

    /// The name used in messages.
    pub fn name(&self) -> &str {
        &self.source.name
    }

    /// The rewrite rules and channels, when the file is imta.cnf or one it includes.
    pub fn imta(&self) -> Option<&ImtaModel> {
        match &self.doc {
            Document::Imta(m) => Some(m),
            _ => None,
        }
    }

    /// The settings, when the file is an option file or imta_tailor.
    pub fn options(&self) -> Option<&OptionModel> {
        match &self.doc {
            Document::Options(m) => Some(m),
            _ => None,
        }
    }

    /// The settings and sections, when the file is dispatcher.cnf or job_controller.cnf
    /// (or one they include).
    pub fn dispatcher(&self) -> Option<&DispatcherModel> {
        match &self.doc {
            Document::Dispatcher(m) => Some(m),
            _ => None,
        }
    }

    /// The include lines of this file: (line span, path span, part of imta.cnf).
    pub fn include_lines(&self) -> Vec<(super::Include, Option<Part>)> {
        match &self.doc {
            Document::Imta(m) => m.includes.iter().map(|i| (i.include, Some(i.part))).collect(),
            Document::Dispatcher(m) => m.includes.iter().map(|i| (*i, None)).collect(),
            Document::Options(_) => Vec::new(),
        }
    }

    /// How many include lines the file has, without listing them.
    pub fn include_count(&self) -> usize {
        match &self.doc {
            Document::Imta(m) => m.includes.len(),
            Document::Dispatcher(m) => m.includes.len(),
            Document::Options(_) => 0,
        }
    }

    /// One include line by its index (an [`IncludeEdge::index`]), without listing them
    /// all: callers that look up one line per edge stay linear.
    pub fn include_line(&self, index: usize) -> Option<(super::Include, Option<Part>)> {
        match &self.doc {
            Document::Imta(m) => m.includes.get(index).map(|i| (i.include, Some(i.part))),
            Document::Dispatcher(m) => m.includes.get(index).map(|i| (*i, None)),
            Document::Options(_) => None,
        }
    }
}

/// What became of one include line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum IncludeStatus {
    /// Read: the target is `ConfigSet::files[file]`.
    Read {
        /// Index of the included file in `ConfigSet::files`; a file included more than
        /// once is read once and shared.
        file: FileId,
    },
    /// No such file.
    Missing,
    /// The file includes itself, directly or through others.
    Cycle,
    /// Deeper than the product's three levels.
    TooDeep,
    /// Outside the configuration directory, and reading outside was not allowed.
    Outside,
    /// The file exists but could not be read or is not text.
    Unreadable {
        /// The file's name and what went wrong, ready for a message.
        reason: String,
    },
}

impl IncludeStatus {
    /// Why the file was not read, for messages; `None` when it was read.
    pub fn why_not_read(&self) -> Option<String> {
        Some(match self {
            IncludeStatus::Read { .. } => return None,
            IncludeStatus::Missing => "no such file".to_string(),
            IncludeStatus::Cycle => "it would include itself".to_string(),
            IncludeStatus::TooDeep => "nested more than 3 levels deep".to_string(),
            IncludeStatus::Outside => "outside the configuration directory".to_string(),
            IncludeStatus::Unreadable { reason } => reason.clone(),
        })
    }
}

/// One include line and its resolution.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IncludeEdge {
    /// The including file (index into `ConfigSet::files`).
    pub from: FileId,
    /// Index of the include line among that file's include lines.
    pub index: usize,
    /// The file specification as written.
    pub spec: String,
    /// The path it resolves to, when it resolves at all.
    pub resolved: Option<PathBuf>,
    /// Nesting depth of the included file (1 for an include in imta.cnf itself).
    pub depth: usize,
    /// What became of the line: read, or why not.
    #[serde(flatten)]
    pub status: IncludeStatus,
}

/// A file of the directory that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{name}: {error}")]
pub struct LoadError {
    /// The path it was read from.
    pub path: PathBuf,
    /// The name used in messages.
    pub name: String,
    /// Why it was not read.
    pub error: FileError,
}

/// Why one file was not read: not allowed or not readable, not text, or (a grammar bug)
/// not parsed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FileError {
    /// The access rules or the operating system refused it.
    #[error(transparent)]
    Read(#[from] ReadError),
    /// It is not text (a NUL byte) or too large for 32-bit offsets.
    #[error(transparent)]
    Decode(#[from] crate::source::SourceError),
    /// The grammar did not take it.
    #[error(transparent)]
    Parse(#[from] syntax::ParseError),
}

impl FileError {
    /// What is wrong, without the place [`FileError::line_col`] gives.
    pub fn reason(&self) -> String {
        match self {
            FileError::Decode(e) => e.reason().to_string(),
            other => other.to_string(),
        }
    }

    /// The 1-based line and column the error is at, when it is at one.
    pub fn line_col(&self) -> Option<(usize, usize)> {
        match self {
            FileError::Decode(crate::source::SourceError::Binary { line, column, .. }) => {
                Some((*line, *column))
            }
            _ => None,
        }
    }
}

/// How to read a configuration.
#[derive(Debug, Clone)]
pub struct LoadOptions {
    /// Read files that resolve outside the configuration directory (includes, files named
    /// by imta_tailor, symbolic links). Only the user may ask for this, never the tree.
    pub allow_outside: bool,
    /// Include path mapping: a spec (or expanded path) starting with the prefix is read
    /// from the directory instead (e.g. `/opt/old/config/` → the checkout).
    pub include_map: Vec<(String, PathBuf)>,
    /// The largest file read, in bytes.
    pub max_file_size: u64,
    /// In-memory texts read instead of these files (see [`crate::access::Overlay`]).
    pub overlay: crate::access::Overlay,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            allow_outside: false,
            include_map: Vec::new(),
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            overlay: Default::default(),
        }
    }
}

impl LoadOptions {
    /// The access rules for a configuration directory.
    pub fn access(&self, root: Option<&Path>) -> Access {
        Access::new(root, self.allow_outside, self.max_file_size).with_overlay(self.overlay.clone())
    }
}

/// The files of one configuration, read together.
#[derive(Debug, Clone, Default)]
pub struct ConfigSet {
    /// The configuration directory (for a single file: the directory holding it).
    pub root: Option<PathBuf>,
    /// Every file read: first the directory's own (imta.cnf, imta_tailor, option.dat,
    /// channel option files, dispatcher.cnf, job_controller.cnf, then files imta_tailor
    /// names), then included files as they were reached. Findings and edits refer to files
    /// by their index here. Shared (`Arc`), so that a copy of the set (the configuration
    /// as an edit would leave it) shares the files the edit does not change.
    pub files: Vec<Arc<ConfigFile>>,
    /// One entry per include line followed, sorted by (including file, line index).
    pub includes: Vec<IncludeEdge>,
    /// Top-level files that could not be read, decoded or parsed; a failed include is
    /// recorded in its [`IncludeEdge`] instead.
    pub errors: Vec<LoadError>,
    /// Include path mapping in force (see [`LoadOptions::include_map`]).
    pub include_map: Vec<(String, PathBuf)>,
    /// What may be read (and so edited): see [`crate::access`].
    pub access: Access,
}

/// Read a file under the access rules and decode it; `name` is what messages call it.
pub fn read_source(
    access: &Access,
    path: &Path,
    name: &str,
) -> Result<(PathBuf, SourceFile), FileError> {
    let file = access.read(path)?;
    let src = SourceFile::from_bytes(name, file.bytes)?;
    Ok((file.real, src))
}

/// The files of a configuration directory that imtacfg reads, in a stable order: every
/// entry with a known name, whatever it is (a FIFO or a link named `option.dat` is
/// refused when read, with a message, rather than silently left out).
pub fn directory_files(dir: &Path) -> std::io::Result<Vec<(String, Kind)>> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        let Some(name) = entry.file_name().to_str().map(str::to_string) else {
            continue;
        };
        if let Some(kind) = Kind::from_file_name(&name) {
            found.push((name, kind));
        }
    }
    let order = |k: Kind| match k {
        Kind::Imta | Kind::ImtaChannels => 0,
        Kind::Tailor => 1,
        Kind::Option => 2,
        Kind::ChannelOption => 3,
        Kind::Dispatcher => 4,
        Kind::JobController => 5,
    };
    found.sort_by(|a, b| order(a.1).cmp(&order(b.1)).then(a.0.cmp(&b.0)));
    Ok(found)
}

impl ConfigSet {
    /// Read every known file of a directory. `display_dir` is how the user wrote the
    /// directory; file names in messages are joined to it.
    pub fn load_dir(
        dir: &Path,
        display_dir: &str,
        catalog: &Catalog,
        opts: &LoadOptions,
    ) -> std::io::Result<ConfigSet> {
        let mut set = ConfigSet {
            root: Some(dir.to_path_buf()),
            include_map: opts.include_map.clone(),
            access: opts.access(Some(dir)),
            ..ConfigSet::default()
        };
        for (name, kind) in directory_files(dir)? {
            let path = dir.join(&name);
            let display = join_display(display_dir, &name);
            set.add_top_file(path, display, kind, catalog);
        }
        set.add_tailor_named_files(display_dir, catalog);
        set.resolve_includes(catalog);
        Ok(set)
    }

    /// Read one file (its includes resolved relative to its directory, which is the
    /// configuration directory for the access rules).
    pub fn load_file(
        path: &Path,
        display: &str,
        kind: Kind,
        catalog: &Catalog,
        opts: &LoadOptions,
    ) -> ConfigSet {
        let root = parent_dir(path);
        let mut set = ConfigSet {
            access: opts.access(Some(&root)),
            root: Some(root),
            include_map: opts.include_map.clone(),
            ..ConfigSet::default()
        };
        set.add_top_file(path.to_path_buf(), display.to_string(), kind, catalog);
        set.resolve_includes(catalog);
        set
    }

    /// Build a set from text already in memory (standard input).
    pub fn from_source(source: SourceFile, kind: Kind, catalog: &Catalog) -> ConfigSet {
        let mut set = ConfigSet::default();
        let path = PathBuf::from(&source.name);
        match ConfigFile::parse(path.clone(), kind, source, catalog) {
            Ok(f) => set.files.push(Arc::new(f)),
            Err(e) => set.errors.push(LoadError {
                name: path.display().to_string(),
                path,
                error: e.into(),
            }),
        }
        set
    }

    fn add_top_file(&mut self, path: PathBuf, display: String, kind: Kind, catalog: &Catalog) {
        match self.read_file(&path, &display, kind, catalog) {
            Ok(f) => self.files.push(Arc::new(f)),
            Err(error) => self.errors.push(LoadError { path, name: display, error }),
        }
    }

    /// Read, decode and parse one file under the access rules.
    fn read_file(
        &self,
        path: &Path,
        display: &str,
        kind: Kind,
        catalog: &Catalog,
    ) -> Result<ConfigFile, FileError> {
        let (real, src) = read_source(&self.access, path, display)?;
        let mut f = ConfigFile::parse(path.to_path_buf(), kind, src, catalog)?;
        f.real_path = Some(real);
        Ok(f)
    }

    /// A file's name relative to the configuration directory (`imta.cnf`,
    /// `rules/internet.rules`), whatever way the user spelt the directory: stable
    /// identities for fingerprints and baselines.
    pub fn relative_name(&self, file: impl Into<FileId>) -> String {
        let file = file.into();
        let path = &self.files[file].path;
        if let Some(root) = &self.root
            && let Ok(rel) = path.strip_prefix(root)
        {
            return rel.to_string_lossy().replace('\\', "/");
        }
        path.file_name().map_or_else(
            || self.files[file].name().to_string(),
            |n| n.to_string_lossy().into_owned(),
        )
    }

    /// Files imta_tailor names under other names than the usual ones (IMTA_OPTION_FILE =
    /// `…/option_main.dat`): when they are in the configuration directory and the set has
    /// no file of that kind yet, read them as that kind. A name that resolves outside the
    /// directory (an absolute server path, or `..`) is left alone, like a missing file.
    fn add_tailor_named_files(&mut self, display_dir: &str, catalog: &Catalog) {
        for (entry, kind) in [
            ("IMTA_OPTION_FILE", Kind::Option),
            ("IMTA_CONFIG_FILE", Kind::Imta),
            ("IMTA_DISPATCHER_CONFIG", Kind::Dispatcher),
            ("IMTA_JBC_CONFIG_FILE", Kind::JobController),
        ] {
            if self.file_of(kind).is_some() {
                continue;
            }
            let Some(path) = self.tailor_path(entry) else {
                continue;
            };
            let Some(rel) = self.inside_name(&path) else {
                continue;
            };
            // Not there (or a directory, which the option's own rule reports): nothing to read.
            if matches!(
                self.access.check(&path),
                Err(ReadError::Missing | ReadError::NotRegular { what: "a directory" })
            ) {
                continue;
            }
            let display = join_display(display_dir, &rel);
            self.add_top_file(path, display, kind, catalog);
        }
    }

    /// The path an imta_tailor entry names, resolved like an include.
    pub fn tailor_path(&self, entry: &str) -> Option<PathBuf> {
        let (_, f) = self.file_of(Kind::Tailor)?;
        let value = f.options()?.get(entry)?.value_trimmed();
        self.resolve_spec(value, f.source.encoding)
    }

    /// The name within the configuration directory of a path that exists (or could be
    /// created) inside it; `None` when it resolves outside (after `..` and symbolic links).
    pub fn inside_name(&self, path: &Path) -> Option<String> {
        let root = self.access.root()?;
        let real = match std::fs::canonicalize(path) {
            Ok(r) => r,
            // A file to create: its directory must exist inside, its name be plain.
            Err(_) => {
                let name = path.file_name()?;
                if name == ".." || name == "." {
                    return None;
                }
                std::fs::canonicalize(parent_dir(path)).ok()?.join(name)
            }
        };
        let rel = real.strip_prefix(root).ok()?;
        Some(rel.to_string_lossy().replace('\\', "/"))
    }

    /// The file of the set read from `path` (compared by real path).
    pub fn file_index_of_path(&self, path: &Path) -> Option<usize> {
        let real = std::fs::canonicalize(path).ok()?;
        self.files.iter().position(|f| f.real_path.as_ref() == Some(&real))
    }

    /// The first file of a kind.
    pub fn file_of(&self, kind: Kind) -> Option<(usize, &ConfigFile)> {
        self.files
            .iter()
            .enumerate()
            .find(|(_, f)| f.kind == kind && f.depth == 0)
            .map(|(i, f)| (i, &**f))
    }

    /// The imta_tailor of the set, if any.
    pub fn tailor(&self) -> Option<&OptionModel> {
        self.file_of(Kind::Tailor).and_then(|(_, f)| f.options())
    }

    /// The edge of one include line of a file: a binary search, because the edges are
    /// kept sorted by (file, line index) (`resolve_includes` sorts them), so a lookup per
    /// include line stays linear overall. `None` for a line never followed.
    pub fn include_edge(&self, file: impl Into<FileId>, index: usize) -> Option<&IncludeEdge> {
        let file = file.into().index();
        self.includes
            .binary_search_by_key(&(file, index), |e| (e.from.index(), e.index))
            .ok()
            .map(|i| &self.includes[i])
    }

    /// Map a file specification, written in a file of the given encoding, to a path. The
    /// path has the bytes the product would use (a Latin-1 name stays Latin-1). Whether it
    /// may be read is for [`Access`] to say.
    pub fn resolve_spec(&self, spec: &str, encoding: Encoding) -> Option<PathBuf> {
        let root = self.root.as_deref().unwrap_or(Path::new("."));
        let spec = spec.trim();
        if spec.is_empty() {
            return None;
        }
        let tailor = self.file_of(Kind::Tailor);
        let tailor_value = |name: &str| -> Option<Vec<u8>> {
            let (_, f) = tailor?;
            let v = f.options()?.get(name)?.value_trimmed();
            Some(text_bytes(v, f.source.encoding))
        };
        let table_dir = tailor_value("IMTA_TABLE").filter(|t| !t.is_empty());
        let map_into_root = |p: &[u8]| -> PathBuf {
            if let Some(table) = table_dir.as_deref()
                && let Some(rest) = strip_dir_prefix(p, table)
            {
                return root.join(bytes_path(rest));
            }
            bytes_path(p)
        };
        let mapped = |p: &[u8]| {
            self.include_map.iter().find_map(|(prefix, dir)| {
                strip_dir_prefix(p, prefix.as_bytes()).map(|rest| dir.join(bytes_path(rest)))
            })
        };
        let bytes = text_bytes(spec, encoding);
        if let Some(p) = mapped(&bytes) {
            return Some(p);
        }
        if let Some((logical, _)) = spec.split_once(':')
            && !logical.is_empty()
            && logical.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
            && !logical.bytes().all(|b| b.is_ascii_digit())
        {
            let rest = &bytes[logical.len() + 1..];
            let upper = logical.to_ascii_uppercase();
            if upper == "IMTA_TABLE" || upper == "PMDF_TABLE" {
                return Some(root.join(bytes_path(rest)));
            }
            let mut expanded = tailor_value(&upper)?;
            expanded.extend_from_slice(rest);
            if let Some(p) = mapped(&expanded) {
                return Some(p);
            }
            // A relative value in imta_tailor is relative to the configuration directory.
            let p = map_into_root(&expanded);
            return Some(if p.is_relative() { root.join(p) } else { p });
        }
        if bytes.starts_with(b"/") {
            return Some(map_into_root(&bytes));
        }
        Some(root.join(bytes_path(&bytes)))
    }

    fn resolve_includes(&mut self, catalog: &Catalog) {
        // Every file read so far, by real path: a file included twice (or also a file of
        // the directory) is one file with one model, so edits never patch it twice.
        let mut by_real: HashMap<PathBuf, usize> = HashMap::new();
        for (i, f) in self.files.iter().enumerate() {
            if let Some(r) = &f.real_path {
                by_real.entry(r.clone()).or_insert(i);
            }
        }
        // Work list: (file index, chain of real paths that led to it).
        let mut stack: Vec<(usize, Vec<PathBuf>)> = (0..self.files.len())
            .map(|i| (i, self.files[i].real_path.iter().cloned().collect()))
            .collect();
        let mut seen_edges: HashSet<(usize, usize)> = HashSet::new();
        while let Some((from, chain)) = stack.pop() {
            let depth = self.files[from].depth + 1;
            let parent_kind = self.files[from].kind;
            let encoding = self.files[from].source.encoding;
            for (index, (inc, part)) in self.files[from].include_lines().into_iter().enumerate() {
                if !seen_edges.insert((from, index)) {
                    continue;
                }
                let spec = inc.path.text(&self.files[from].source.text).to_string();
                let resolved = self.resolve_spec(&spec, encoding);
                let status = match &resolved {
                    None => IncludeStatus::Missing,
                    Some(path) => match self.access.check(path) {
                        Err(ReadError::Missing) => IncludeStatus::Missing,
                        Err(ReadError::Outside { .. }) => IncludeStatus::Outside,
                        Err(e) => IncludeStatus::Unreadable {
                            reason: format!("{}: {e}", self.display_for(from, path)),
                        },
                        Ok(real) if chain.contains(&real) => IncludeStatus::Cycle,
                        Ok(_) if depth > MAX_INCLUDE_DEPTH => IncludeStatus::TooDeep,
                        Ok(real) => match by_real.get(&real) {
                            Some(&existing) => IncludeStatus::Read { file: existing.into() },
                            None => {
                                let kind = match (parent_kind, part) {
                                    (Kind::Dispatcher | Kind::JobController, _) => parent_kind,
                                    (_, Some(Part::Channels)) => Kind::ImtaChannels,
                                    _ => Kind::Imta,
                                };
                                let name = self.display_for(from, path);
                                match self.read_file(path, &name, kind, catalog) {
                                    Ok(mut f) => {
                                        f.depth = depth;
                                        let idx = self.files.len();
                                        let real = f.real_path.clone().unwrap_or(real);
                                        by_real.insert(real.clone(), idx);
                                        self.files.push(Arc::new(f));
                                        let mut next = chain.clone();
                                        next.push(real);
                                        stack.push((idx, next));
                                        IncludeStatus::Read { file: idx.into() }
                                    }
                                    Err(e) => {
                                        IncludeStatus::Unreadable { reason: format!("{name}: {e}") }
                                    }
                                }
                            }
                        },
                    },
                };
                self.includes.push(IncludeEdge {
                    from: from.into(),
                    index,
                    spec,
                    resolved,
                    depth,
                    status,
                });
            }
        }
        self.includes.sort_by_key(|e| (e.from, e.index));
    }

    /// A display name for an included file: inside the root, joined like the root's own
    /// files; elsewhere, the path itself. A mapped directory is absolute (settings make it
    /// so) while the root may be relative, so the canonical root is tried too: a file of
    /// the directory is named `more.cnf` however the include reached it.
    fn display_for(&self, from: usize, path: &Path) -> String {
        let parent = &self.files[from];
        let inside = |root: &Path| path.strip_prefix(root).ok();
        if let (Some(root), Some(dir_display)) = (
            self.root.as_deref(),
            Path::new(parent.name()).parent().map(|p| p.to_string_lossy().into_owned()),
        ) && let Some(rel) = inside(root).or_else(|| self.access.root().and_then(inside))
        {
            return join_display(&dir_display, &rel.to_string_lossy());
        }
        path.display().to_string()
    }
}

/// The directory holding `path` (`.` for a bare file name).
pub fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// The bytes a path written in a file stands for: a Latin-1 file's characters are single
/// bytes, so its file names are found (and created) under their own spelling.
pub fn text_bytes(text: &str, encoding: Encoding) -> Vec<u8> {
    match encoding {
        Encoding::Utf8 => text.as_bytes().to_vec(),
        Encoding::Latin1 => text.chars().map(|c| c as u32 as u8).collect(),
    }
}

/// A path from raw bytes (on Unix any bytes; elsewhere read as UTF-8).
pub fn bytes_path(bytes: &[u8]) -> PathBuf {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        PathBuf::from(std::ffi::OsStr::from_bytes(bytes))
    }
    #[cfg(not(unix))]
    {
        PathBuf::from(String::from_utf8_lossy(bytes).into_owned())
    }
}

/// `path` without the directory `prefix`, only where the prefix ends at a path separator
/// (`/opt/x/config` is a prefix of `/opt/x/config/a`, not of `/opt/x/configt`); the rest
/// without its leading `/`.
pub fn strip_dir_prefix<'a>(path: &'a [u8], prefix: &[u8]) -> Option<&'a [u8]> {
    let rest = path.strip_prefix(prefix)?;
    if prefix.ends_with(b"/") || rest.is_empty() || rest.starts_with(b"/") {
        let skip = rest.iter().take_while(|&&b| b == b'/').count();
        Some(&rest[skip..])
    } else {
        None
    }
}

/// `dir` + `/` + `name`, without doubling slashes and without `./` for the current directory.
pub fn join_display(dir: &str, name: &str) -> String {
    if dir.is_empty() || dir == "." {
        name.to_string()
    } else if dir.ends_with('/') {
        format!("{dir}{name}")
    } else {
        format!("{dir}/{name}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) {
        if let Some(p) = dir.join(name).parent() {
            std::fs::create_dir_all(p).unwrap();
        }
        std::fs::write(dir.join(name), text).unwrap();
    }

    fn load(dir: &Path) -> ConfigSet {
        ConfigSet::load_dir(dir, "conf", &Catalog::builtin(), &LoadOptions::default()).unwrap()
    }

    #[test]
    fn logical_names_absolute_paths_and_missing_files() {
        let d = tempfile::tempdir().unwrap();
        write(
            d.path(),
            "imta.cnf",
            "<IMTA_TABLE:internet.rules\n</srv/mail/config/abs.rules\n<IMTA_TABLE:missing.rules\n\nl\nl-daemon\n",
        );
        write(d.path(), "imta_tailor", "IMTA_TABLE=/srv/mail/config/\n");
        write(d.path(), "internet.rules", ".com $U%$D@tcp-daemon\n");
        write(d.path(), "abs.rules", ".org $U%$D@tcp-daemon\n");
        let set = load(d.path());
        assert!(set.errors.is_empty(), "{:?}", set.errors);
        let st: Vec<_> = set.includes.iter().map(|e| &e.status).collect();
        assert!(matches!(st[0], IncludeStatus::Read { .. }));
        assert!(matches!(st[1], IncludeStatus::Read { .. }));
        assert_eq!(*st[2], IncludeStatus::Missing);
        let included = &set.files[match st[0] {
            IncludeStatus::Read { file } => *file,
            _ => unreachable!(),
        }];
        assert_eq!(included.name(), "conf/internet.rules");
        assert_eq!(included.imta().unwrap().rewrite_rules.len(), 1);
    }

    #[test]
    fn include_map_redirects_prefixes() {
        let d = tempfile::tempdir().unwrap();
        write(d.path(), "imta.cnf", "</old/site/config/extra.rules\n\nl\nl-daemon\n");
        write(d.path(), "extra.rules", ".org $U%$D@l-daemon\n");
        let opts = LoadOptions {
            include_map: vec![("/old/site/config/".into(), d.path().to_path_buf())],
            ..Default::default()
        };
        let set = ConfigSet::load_dir(d.path(), "conf", &Catalog::builtin(), &opts).unwrap();
        assert!(matches!(set.includes[0].status, IncludeStatus::Read { .. }));
    }

    #[test]
    fn prefixes_match_only_at_a_separator() {
        assert_eq!(strip_dir_prefix(b"/opt/x/config/a", b"/opt/x/config"), Some(&b"a"[..]));
        assert_eq!(strip_dir_prefix(b"/opt/x/config/a", b"/opt/x/config/"), Some(&b"a"[..]));
        assert_eq!(strip_dir_prefix(b"/opt/x/config", b"/opt/x/config"), Some(&b""[..]));
        assert_eq!(strip_dir_prefix(b"/opt/x/configt", b"/opt/x/config"), None);
        let d = tempfile::tempdir().unwrap();
        write(d.path(), "imta.cnf", "</opt/x/configt/a.rules\n\nl\nl-daemon\n");
        write(d.path(), "imta_tailor", "IMTA_TABLE=/opt/x/config\n");
        write(d.path(), "t/a.rules", "x $U@l-daemon\n");
        let set = load(d.path());
        assert!(!matches!(set.includes[0].status, IncludeStatus::Read { .. }));
    }

    #[cfg(unix)]
    #[test]
    fn latin1_file_names_keep_their_bytes() {
        use std::os::unix::ffi::OsStrExt;
        let d = tempfile::tempdir().unwrap();
        // imta.cnf in Latin-1 includes r\xe9gles.rules; the file has that byte name.
        std::fs::write(d.path().join("imta.cnf"), b"<IMTA_TABLE:r\xe9gles.rules\n\nl\nl-daemon\n")
            .unwrap();
        let name = std::ffi::OsStr::from_bytes(b"r\xe9gles.rules");
        std::fs::write(d.path().join(name), "x $U@l-daemon\n").unwrap();
        let set = load(d.path());
        assert!(matches!(set.includes[0].status, IncludeStatus::Read { .. }), "{:?}", set.includes);
    }

    #[test]
    fn cycles_depth_and_outside_are_reported_not_followed() {
        let d = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        write(outside.path(), "secret", "root:x:0:0\n");
        let secret = outside.path().join("secret");
        write(d.path(), "imta.cnf", &format!("<a.rules\n<{}\n\nl\nl-daemon\n", secret.display()));
        write(d.path(), "a.rules", "<b.rules\n");
        write(d.path(), "b.rules", "<c.rules\n<a.rules\n");
        write(d.path(), "c.rules", "<d.rules\n");
        write(d.path(), "d.rules", "x $U@x\n");
        let set = load(d.path());
        let by_spec = |s: &str| {
            set.includes
                .iter()
                .filter(|e| e.spec.ends_with(s))
                .map(|e| e.status.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(by_spec("secret"), vec![IncludeStatus::Outside]);
        assert_eq!(by_spec("a.rules")[1], IncludeStatus::Cycle);
        assert_eq!(by_spec("d.rules"), vec![IncludeStatus::TooDeep]);
        assert!(set.files.iter().all(|f| !f.source.text.contains("root:")));
    }
}
