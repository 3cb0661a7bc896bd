//! imtacfg's own settings file, `imtacfg.toml`.
//!
//! Found as: `--config FILE` > `$IMTACFG_CONFIG` > the nearest `imtacfg.toml` walking up
//! from the linted path > none. Unknown keys are errors that name the line, so a typo
//! never silently turns a setting off. Editing (`imtacfg config set`) goes through
//! toml_edit so comments and layout survive.
//!
//! Layer: uses `lint` (selection, severities), `knowledge`, `model`, `access`.

use std::path::{Path, PathBuf};

use toml_edit::{DocumentMut, Item, Table, Value};

use serde::de::{DeserializeOwned, IntoDeserializer};

use crate::knowledge::rows::{AnyOption, FileName, KeywordRow, OptionRow, Origin};
use crate::knowledge::{Catalog, KeywordInfo, OptionInfo, ServiceOptionInfo};
use crate::lint::engine::{Datasize, Selection};
use crate::lint::{Severity, registry};

/// The file name looked for.
pub const FILE_NAME: &str = "imtacfg.toml";

/// Settings after reading; defaults when there is no file.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// Where they came from.
    pub path: Option<PathBuf>,
    /// `[lint] max-line-length`: physical lines longer than this many characters are
    /// reported; `None` keeps the built-in limit.
    pub max_line_length: Option<usize>,
    /// `[lint] datasize`: the Dispatcher's data-segment limit that the heap rule checks
    /// STACKSIZE × MAX_CONNS against; `None` when the file does not give one.
    pub datasize: Option<Datasize>,
    /// The declared product version, as numbers.
    pub product_version: Option<Vec<u32>>,
    /// `[lint] select`, `ignore` and `[lint.severity]`: which rules run, and at what level.
    pub selection: Selection,
    /// `[lint] fail-on`: the lowest severity that makes a run exit with status 1.
    pub fail_on: Option<Severity>,
    /// `[includes] allow-outside`: read included files outside the configuration
    /// directory. Honoured only in an explicitly named file (see [`load`]).
    pub allow_outside_includes: bool,
    /// Include path mapping: (prefix as written in include lines, directory), the
    /// directory resolved against the settings file's directory.
    pub include_map: Vec<(String, PathBuf)>,
    /// `[[knowledge.keyword]]` rows: channel keywords the built-in catalog lacks (site
    /// or newer-version ones).
    pub keywords: Vec<KeywordInfo>,
    /// `[[knowledge.option]]` rows for option.dat, channel option files and imta_tailor.
    pub options: Vec<OptionInfo>,
    /// `[[knowledge.option]]` rows for dispatcher.cnf and job_controller.cnf.
    pub service_options: Vec<ServiceOptionInfo>,
    /// The file was named by the user, not found in the tree (see [`Found::explicit`]).
    pub explicit: bool,
    /// Things the user should know about these settings (shown by the CLI).
    pub warnings: Vec<String>,
}

/// A settings error, with the file and line when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingsError {
    /// The settings file, as messages name it.
    pub path: String,
    /// 1-based line of the bad key or value.
    pub line: Option<usize>,
    /// Given for errors in `[[knowledge.*]]` rows, which point at the bad key or value.
    pub column: Option<usize>,
    /// What is wrong, in the user's terms.
    pub message: String,
    /// The settings text and the bytes the error is about, for a rendered snippet.
    pub snippet: Option<Box<Snippet>>,
}

/// The text of a settings file and the byte range an error points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    /// The whole settings text under the file's name.
    pub source: crate::source::NamedText,
    /// The bytes of the bad key or value.
    pub span: std::ops::Range<usize>,
}

impl SettingsError {
    /// An error about the file as a whole.
    pub fn file(path: &str, message: impl Into<String>) -> SettingsError {
        SettingsError {
            path: path.to_string(),
            line: None,
            column: None,
            message: message.into(),
            snippet: None,
        }
    }

    /// An error at `span` of `text`: line (and, with `column`, column) from the span, and
    /// the snippet for rendering.
    pub fn at(
        path: &str,
        text: &str,
        span: Option<std::ops::Range<usize>>,
        column: bool,
        message: impl Into<String>,
    ) -> SettingsError {
        let Some(span) = span else {
            return SettingsError::file(path, message);
        };
        let start = span.start.min(text.len());
        let before = &text[..start];
        let line = 1 + before.matches('\n').count();
        let col = 1 + before[before.rfind('\n').map_or(0, |i| i + 1)..].chars().count();
        SettingsError {
            path: path.to_string(),
            line: Some(line),
            column: column.then_some(col),
            message: message.into(),
            snippet: Some(Box::new(Snippet {
                source: crate::source::NamedText {
                    name: path.to_string(),
                    text: text.into(),
                    first_line: 1,
                },
                span: start..span.end.clamp(start, text.len()),
            })),
        }
    }
}

impl miette::Diagnostic for SettingsError {
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.snippet.as_ref().map(|s| &s.source as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        let s = self.snippet.as_ref()?;
        let label = miette::LabeledSpan::new_with_span(None, s.span.clone());
        Some(Box::new(std::iter::once(label)))
    }
}

impl std::fmt::Display for SettingsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.line, self.column) {
            (Some(l), Some(c)) => write!(f, "{}:{l}:{c}: {}", self.path, self.message),
            (Some(l), None) => write!(f, "{}:{l}: {}", self.path, self.message),
            _ => write!(f, "{}: {}", self.path, self.message),
        }
    }
}

impl std::error::Error for SettingsError {}

/// A settings file and how it was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The settings file.
    pub path: PathBuf,
    /// Named by the user (`--config`, `$IMTACFG_CONFIG`) rather than found in the tree
    /// being checked. Only such a file may widen what imtacfg reads.
    pub explicit: bool,
}

/// Find the settings file for a linted path.
pub fn discover(explicit: Option<&Path>, start: &Path) -> Option<Found> {
    if let Some(p) = explicit {
        return Some(Found { path: p.to_path_buf(), explicit: true });
    }
    if let Some(env) = std::env::var_os("IMTACFG_CONFIG").filter(|v| !v.is_empty()) {
        return Some(Found { path: PathBuf::from(env), explicit: true });
    }
    let start = std::fs::canonicalize(start).ok()?;
    let mut dir = if start.is_dir() { Some(start.as_path()) } else { start.parent() };
    while let Some(d) = dir {
        let candidate = d.join(FILE_NAME);
        if candidate.symlink_metadata().is_ok() {
            return Some(Found { path: candidate, explicit: false });
        }
        dir = d.parent();
    }
    None
}

/// The largest settings file read.
const MAX_SETTINGS_SIZE: u64 = 1 << 20;

/// Read and check a settings file. A file found in the tree is read only when it is a
/// regular file whose real path stays in the directory it was found in, and it cannot
/// widen what is read (`[includes] allow-outside` is ignored there, with a warning).
pub fn load(found: &Found) -> Result<Settings, SettingsError> {
    let path = &found.path;
    let fail = |message: String| SettingsError::file(&path.display().to_string(), message);
    let dir = crate::model::config_set::parent_dir(path);
    let access = crate::access::Access::new(Some(&dir), found.explicit, MAX_SETTINGS_SIZE);
    let bytes = access.read(path).map_err(|e| fail(e.to_string()))?.bytes;
    let text = String::from_utf8(bytes).map_err(|_| fail("is not UTF-8 text".into()))?;
    let mut s = parse(&text, &path.display().to_string())?;
    s.path = Some(path.to_path_buf());
    s.explicit = found.explicit;
    if s.allow_outside_includes && !found.explicit {
        s.allow_outside_includes = false;
        s.warnings.push(format!(
            "{}: `[includes] allow-outside` is ignored in a settings file found in the tree being checked; widen access with --allow-outside, IMTACFG_ALLOW_OUTSIDE=1, or --config naming this file",
            path.display()
        ));
    }
    // Mapped directories are relative to the settings file.
    for (_, d) in s.include_map.iter_mut() {
        if d.is_relative() {
            *d = dir.join(&*d);
        }
    }
    Ok(s)
}

struct Reader<'a> {
    text: &'a str,
    path: &'a str,
}

impl Reader<'_> {
    fn err(
        &self,
        span: Option<std::ops::Range<usize>>,
        message: impl Into<String>,
    ) -> SettingsError {
        SettingsError::at(self.path, self.text, span, false, message)
    }

    /// Like [`Reader::err`], with the column too.
    fn err_at(
        &self,
        span: Option<std::ops::Range<usize>>,
        message: impl Into<String>,
    ) -> SettingsError {
        SettingsError::at(self.path, self.text, span, true, message)
    }

    /// Deserialize one `[[knowledge.*]]` table into its row type; an error points at the
    /// key or value it is about.
    fn row<T: DeserializeOwned>(&self, table: &Table, what: &str) -> Result<T, SettingsError> {
        let value = Value::InlineTable(table.clone().into_inline_table());
        T::deserialize(value.into_deserializer()).map_err(|e| {
            let span = e.span().or_else(|| table.span());
            self.err_at(span, format!("{what}: {}", e.message()))
        })
    }

    /// Every key of `table` must be in `allowed`.
    fn only(&self, table: &Table, allowed: &[&str], what: &str) -> Result<(), SettingsError> {
        for (k, _) in table.iter() {
            if !allowed.contains(&k) {
                let span = table.key(k).and_then(|key| key.span());
                return Err(self.err(
                    span,
                    format!("unknown setting `{k}` in {what} (known: {})", allowed.join(", ")),
                ));
            }
        }
        Ok(())
    }

    fn str_value<'v>(&self, item: &'v Item, what: &str) -> Result<&'v str, SettingsError> {
        item.as_str().ok_or_else(|| self.err(item.span(), format!("{what} must be a string")))
    }
}

/// Parse settings text (`path` is used in messages).
pub fn parse(text: &str, path: &str) -> Result<Settings, SettingsError> {
    let r = Reader { text, path };
    let doc = toml_edit::Document::parse(text.to_string())
        .map_err(|e| SettingsError::at(path, text, e.span(), false, e.message()))?;
    let root = doc.as_table();
    r.only(root, &["lint", "includes", "knowledge"], "the top level")?;
    let mut s = Settings::default();
    if let Some(lint) = root.get("lint") {
        let t = lint.as_table().ok_or_else(|| r.err(lint.span(), "`lint` must be a table"))?;
        r.only(
            t,
            &[
                "max-line-length", "datasize", "product-version", "select", "ignore", "fail-on",
                "severity",
            ],
            "[lint]",
        )?;
        if let Some(v) = t.get("max-line-length") {
            let n = v
                .as_integer()
                .filter(|n| *n > 0)
                .ok_or_else(|| r.err(v.span(), "max-line-length must be a positive integer"))?;
            s.max_line_length = Some(n as usize);
        }
        if let Some(v) = t.get("datasize") {
            let d = match v.as_integer() {
                Some(n) if n >= 0 => Datasize::Bytes(n as u64),
                _ => Datasize::parse(r.str_value(v, "datasize")?)
                    .map_err(|m| r.err(v.span(), m.to_string()))?,
            };
            s.datasize = Some(d);
        }
        if let Some(v) = t.get("product-version") {
            let text = r.str_value(v, "product-version")?;
            let version = crate::model::version::parse_version(text).ok_or_else(|| {
                r.err(v.span(), format!("`{text}` is not a version such as \"6.3\" or \"8.0.2.3\""))
            })?;
            s.product_version = Some(version);
        }
        for (key, target) in
            [("select", &mut s.selection.select), ("ignore", &mut s.selection.ignore)]
        {
            if let Some(v) = t.get(key) {
                let arr = v
                    .as_array()
                    .ok_or_else(|| r.err(v.span(), format!("{key} must be a list of codes")))?;
                for item in arr.iter() {
                    let code = item.as_str().ok_or_else(|| {
                        r.err(item.span(), format!("{key} entries must be strings"))
                    })?;
                    if !registry::selector_is_known(code) {
                        return Err(r.err(item.span(), format!("no rule matches `{code}`")));
                    }
                    target.push(code.to_string());
                }
            }
        }
        if let Some(v) = t.get("fail-on") {
            let sev = Severity::parse(r.str_value(v, "fail-on")?)
                .ok_or_else(|| r.err(v.span(), "fail-on must be error, warning or info"))?;
            s.fail_on = Some(sev);
        }
        if let Some(v) = t.get("severity") {
            let sev_t = v
                .as_table_like()
                .ok_or_else(|| r.err(v.span(), "[lint.severity] must be a table"))?;
            for (code, item) in sev_t.iter() {
                if !registry::selector_is_known(code) {
                    let span = item.span();
                    return Err(r.err(span, format!("no rule matches `{code}`")));
                }
                let level = r.str_value(item, "a severity")?;
                let sev = match level {
                    "off" => None,
                    other => Some(Severity::parse(other).ok_or_else(|| {
                        r.err(item.span(), format!("`{other}` is not off, info, warning or error"))
                    })?),
                };
                s.selection.severity.push((code.to_string(), sev));
            }
        }
    }
    if let Some(inc) = root.get("includes") {
        let t = inc.as_table().ok_or_else(|| r.err(inc.span(), "`includes` must be a table"))?;
        r.only(t, &["allow-outside", "map"], "[includes]")?;
        if let Some(v) = t.get("map") {
            let m = v.as_table_like().ok_or_else(|| {
                r.err(v.span(), "includes.map must be a table of \"prefix\" = \"directory\"")
            })?;
            for (prefix, dir) in m.iter() {
                let dir = r.str_value(dir, "a mapped directory")?;
                s.include_map.push((prefix.to_string(), PathBuf::from(dir)));
            }
        }
        if let Some(v) = t.get("allow-outside") {
            s.allow_outside_includes = v
                .as_bool()
                .ok_or_else(|| r.err(v.span(), "allow-outside must be true or false"))?;
        }
    }
    if let Some(k) = root.get("knowledge") {
        let t = k.as_table().ok_or_else(|| r.err(k.span(), "`knowledge` must be a table"))?;
        r.only(t, &["keyword", "option"], "[knowledge]")?;
        if let Some(list) = t.get("keyword") {
            let arr = list
                .as_array_of_tables()
                .ok_or_else(|| r.err(list.span(), "use [[knowledge.keyword]] tables"))?;
            for kt in arr.iter() {
                let what = "[[knowledge.keyword]]";
                let row: KeywordRow = r.row(kt, what)?;
                let info = row.into_info(Origin::Settings);
                s.keywords.push(info.map_err(|m| r.err_at(kt.span(), format!("{what}: {m}")))?);
            }
        }
        if let Some(list) = t.get("option") {
            let arr = list
                .as_array_of_tables()
                .ok_or_else(|| r.err(list.span(), "use [[knowledge.option]] tables"))?;
            for ot in arr.iter() {
                let what = "[[knowledge.option]]";
                let row: OptionRow = r.row(ot, what)?;
                let info = row.into_info(FileName::OptionDat, Origin::Settings);
                match info.map_err(|m| r.err_at(ot.span(), format!("{what}: {m}")))? {
                    AnyOption::Option(o) => s.options.push(o),
                    AnyOption::Service(o) => s.service_options.push(o),
                }
            }
        }
    }
    Ok(s)
}

impl Settings {
    /// The lint options these settings give (command-line flags may override them).
    pub fn lint_options(&self) -> crate::lint::LintOptions {
        crate::lint::LintOptions {
            max_line_length: self
                .max_line_length
                .unwrap_or(crate::lint::engine::DEFAULT_MAX_LINE_LENGTH),
            datasize: self.datasize,
            product_version: self.product_version.clone(),
            product_version_from: "imtacfg.toml",
        }
    }

    /// How to read a configuration under these settings.
    pub fn load_options(&self) -> crate::model::config_set::LoadOptions {
        crate::model::config_set::LoadOptions {
            allow_outside: self.allow_outside_includes,
            include_map: self.include_map.clone(),
            ..Default::default()
        }
    }

    /// Add the declared keywords and options to a catalog.
    pub fn extend(&self, catalog: &mut Catalog) {
        for k in &self.keywords {
            catalog.add_keyword(k.clone());
        }
        for o in &self.options {
            catalog.add_option(o.clone());
        }
        for o in &self.service_options {
            catalog.add_service_option(o.clone());
        }
    }
}

/// The commented starter file `imtacfg init` writes.
pub const STARTER: &str = r#"# imtacfg settings. Every key is optional; unknown keys are errors.

[lint]
# Physical lines longer than this are reported (X001). The product documents 252;
# working servers accept longer lines.
# max-line-length = 252

# The Dispatcher's data-segment limit, for the STACKSIZE x MAX_CONNS heap rule (DSP114):
# bytes, or a size such as "512M" or "2G", or "unlimited".
# datasize = "2G"

# The Messaging Server version the configuration is for; enables the version gates
# (OPT409), e.g. LOG_FORMAT=4 needs 6.3.
# product-version = "6.3"

# Only these rules (codes, prefixes such as "IMTA", or names); and never these.
# select = ["IMTA", "OPT", "DSP", "X"]
# ignore = []

# Exit with status 1 when a finding is at or above this level: error, warning or info.
# fail-on = "warning"

[lint.severity]
# Per rule or prefix: off, info, warning or error.
# X001 = "info"
# IMTA208 = "off"

[includes]
# Read included files outside the configuration directory.
# allow-outside = false
# Read includes written with a server path from a directory here instead
# (directories are relative to this file):
# map = { "/opt/sun/comms/messaging64/config/" = "." }

# Site keywords and options, or ones from a newer product version. The rows take the
# fields of imtacfg's built-in catalogs (also summary, default, source, confidence, ...);
# unless they say otherwise they count as unverified facts.
# [[knowledge.keyword]]
# name = "sitegroup"
# args = 0            # 0, 1 or "list" (with max = N)
# type = "str"        # int, str, host, channel, url, template, duration, ip
#
# [[knowledge.option]]
# name = "MY_SITE_OPTION"
# file = "option.dat" # option.dat, channel, tailor, dispatcher, job_controller
# type = "int"        # int (min, max), bool, bits, str, path, dir-prefix, ldap-attr,
#                     # int-list (max), list, port, unknown
"#;

/// Set `key` (dotted, e.g. `lint.max-line-length` or `lint.severity.X001`) to `value` in
/// settings text, keeping comments and layout. The value is written in the type the key
/// takes: a list for `lint.select` and `lint.ignore` (comma-separated), a string for
/// versions, sizes and severities, else an integer, a boolean or a string as it reads.
/// `includes.map.PREFIX` adds a mapping (PREFIX may hold dots). The result is checked like
/// a loaded file; an error names the key, since the file was not written.
pub fn set_key(text: &str, key: &str, value: &str, path: &str) -> Result<String, SettingsError> {
    let mut doc: DocumentMut =
        text.parse().map_err(|e: toml_edit::TomlError| SettingsError::file(path, e.message()))?;
    // `includes.map./opt/old.dir/`: the prefix is one key, dots and all.
    let parts: Vec<&str> = match key.strip_prefix("includes.map.") {
        Some(prefix) => vec!["includes", "map", prefix],
        None => key.split('.').collect(),
    };
    if parts.len() < 2 || parts.iter().any(|p| p.is_empty()) {
        return Err(SettingsError::file(
            path,
            format!("`{key}` is not a dotted key such as lint.max-line-length"),
        ));
    }
    let v = typed_value(&parts, value);
    let last = parts[parts.len() - 1];
    let mut table: &mut dyn toml_edit::TableLike = doc.as_table_mut();
    for p in &parts[..parts.len() - 1] {
        let entry = table.entry(p).or_insert(Item::Table(Table::new()));
        table = entry
            .as_table_like_mut()
            .ok_or_else(|| SettingsError::file(path, format!("`{p}` is not a table")))?;
    }
    match table.get_mut(last).and_then(|i| i.as_value_mut()) {
        // Keep the decoration (comments, spacing) of an existing value.
        Some(existing) => {
            let decor = existing.decor().clone();
            *existing = v;
            *existing.decor_mut() = decor;
        }
        None => {
            table.insert(last, toml_edit::value(v));
        }
    }
    let out = doc.to_string();
    parse(&out, path).map_err(|e| {
        SettingsError::file(
            path,
            format!("`{key} = {value}`: {}; {path} is not changed", e.message),
        )
    })?;
    Ok(out)
}

/// `value` in the type the key `parts` takes.
fn typed_value(parts: &[&str], value: &str) -> Value {
    match parts {
        ["lint", "select" | "ignore"] => {
            let items: toml_edit::Array =
                value.split(',').map(str::trim).filter(|s| !s.is_empty()).collect();
            Value::Array(items)
        }
        ["lint", "product-version" | "datasize" | "fail-on"]
        | ["lint", "severity", _]
        | ["includes", "map", _] => value.into(),
        _ => {
            if let Ok(n) = value.parse::<i64>() {
                n.into()
            } else if value == "true" || value == "false" {
                (value == "true").into()
            } else {
                value.into()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::{ArgType, Arity, ValueType, unverified};

    #[test]
    fn starter_file_is_valid() {
        parse(STARTER, "imtacfg.toml").unwrap();
    }

    #[test]
    fn reads_every_section() {
        let s = parse(
            "[lint]\nmax-line-length = 330\ndatasize = \"2G\"\nproduct-version = \"6.2p8\"\nignore = [\"X001\"]\nfail-on = \"error\"\n[lint.severity]\nIMTA201 = \"off\"\nOPT = \"info\"\n[includes]\nallow-outside = true\nmap = { \"/old/\" = \"conf\" }\n[[knowledge.keyword]]\nname = \"SiteGroup\"\n[[knowledge.option]]\nname = \"my_opt\"\nfile = \"dispatcher\"\ntype = \"int\"\n",
            "t",
        )
        .unwrap();
        assert_eq!(s.max_line_length, Some(330));
        assert_eq!(s.datasize, Some(Datasize::Bytes(2 << 30)));
        assert_eq!(s.product_version, Some(vec![6, 2, 8]));
        assert_eq!(s.selection.ignore, vec!["X001"]);
        assert_eq!(s.fail_on, Some(Severity::Error));
        assert_eq!(
            s.selection.severity,
            vec![("IMTA201".into(), None), ("OPT".into(), Some(Severity::Info))]
        );
        assert!(s.allow_outside_includes);
        assert_eq!(s.include_map, vec![("/old/".to_string(), PathBuf::from("conf"))]);
        assert_eq!(s.keywords[0].name, "sitegroup");
        assert_eq!(s.service_options[0].name, "MY_OPT");
    }

    #[test]
    fn unknown_keys_name_their_line() {
        let e = parse("[lint]\nmax-line-lenght = 3\n", "imtacfg.toml").unwrap_err();
        assert_eq!(e.line, Some(2));
        assert!(e.message.contains("max-line-lenght"), "{}", e.message);
        let e = parse("[lint.severity]\nIMTA999 = \"off\"\n", "t").unwrap_err();
        assert_eq!(e.line, Some(2));
        let e = parse("[lint]\ndatasize = \"12Q\"\n", "t").unwrap_err();
        assert_eq!(e.line, Some(2));
    }

    #[test]
    fn knowledge_rows_report_line_and_column() {
        let text =
            "[lint]\nfail-on = \"error\"\n\n[[knowledge.keyword]]\nname = \"a\"\n  argz = 1\n";
        let e = parse(text, "imtacfg.toml").unwrap_err();
        assert_eq!((e.line, e.column), (Some(6), Some(3)), "{e}");
        assert!(e.message.contains("argz"), "{}", e.message);
        assert!(e.to_string().starts_with("imtacfg.toml:6:3: "), "{e}");
        let text = "[[knowledge.keyword]]\nname = \"a\"\n\n[[knowledge.option]]\nname = \"B\"\nfile = \"channel\"\ntype =  \"integer\"\n";
        let e = parse(text, "t").unwrap_err();
        assert_eq!((e.line, e.column), (Some(7), Some(9)), "{e}");
        assert!(e.message.contains("integer"), "{}", e.message);
        let e = parse("[[knowledge.keyword]]\nname = \"a\"\nargs = 2\n", "t").unwrap_err();
        assert_eq!((e.line, e.column), (Some(3), Some(8)), "{e}");
        assert!(e.message.contains("args must be 0, 1 or \"list\""), "{e}");
    }

    #[test]
    fn knowledge_rows_take_the_fields_of_the_data_files() {
        let s = parse(
            "[[knowledge.keyword]]\nname = \"Site\"\nargs = \"list\"\ntype = \"host\"\nmax = 100\ngroup = \"S\"\n[[knowledge.keyword]]\nname = \"nosite\"\ngroup = \"S\"\ndefault = true\nsummary = \"no site\"\n[[knowledge.option]]\nname = \"x\"\n[[knowledge.option]]\nname = \"y\"\nfile = \"job_controller\"\nscope = \"S\"\ntype = \"int\"\nmin = 1\ndefault = \"3\"\nsource = \"site wiki\"\n",
            "t",
        )
        .unwrap();
        let site = &s.keywords[0];
        assert_eq!(site.name, "site");
        assert_eq!(site.arity, Arity::List { ty: ArgType::Host, min: 1, max: 64 });
        assert_eq!(site.summary, "declared in imtacfg.toml");
        assert_eq!(site.provenance, unverified("imtacfg.toml"));
        assert!(s.keywords[1].is_default && s.keywords[1].summary == "no site");
        assert_eq!(s.options[0].name, "X");
        assert_eq!(s.options[0].ty, ValueType::Unknown);
        let y = &s.service_options[0];
        assert_eq!((y.scope.global, y.scope.section), (false, true));
        assert_eq!(y.ty, ValueType::Int { min: Some(1), max: None });
        assert_eq!(y.default.as_deref(), Some("3"));
        assert_eq!(y.provenance, unverified("site wiki"));
        let e = parse("[[knowledge.option]]\nname = \"z\"\nscope = \"G\"\n", "t").unwrap_err();
        assert_eq!(e.line, Some(1), "{e}");
    }

    #[test]
    fn set_key_keeps_comments() {
        let text = "# my settings\n[lint]\n# long lines\nmax-line-length = 252 # documented\n";
        let out = set_key(text, "lint.max-line-length", "330", "t").unwrap();
        assert_eq!(
            out,
            "# my settings\n[lint]\n# long lines\nmax-line-length = 330 # documented\n"
        );
        let out = set_key(&out, "lint.severity.X001", "off", "t").unwrap();
        assert!(out.contains("[lint.severity]\nX001 = \"off\"\n"), "{out}");
        assert!(set_key(&out, "lint.bogus", "1", "t").is_err());
    }
}
