//! imtacfg's own settings file, `imtacfg.toml`.
//!
//! Found as: `--config FILE` > `$IMTACFG_CONFIG` > the nearest `imtacfg.toml` walking up
//! from the linted path > none. Unknown keys are errors that name the line, so a typo
//! never silently turns a setting off. Editing (`imtacfg config set`) goes through
//! toml_edit so comments and layout survive.

use std::path::{Path, PathBuf};

use toml_edit::{DocumentMut, Item, Table, Value};

use crate::knowledge::{
    ArgType, Arity, Catalog, KeywordInfo, OptionFile, OptionInfo, Scope, ServiceFile,
    ServiceOptionInfo, ValueType, unverified,
};
use crate::lint::engine::{Datasize, Selection};
use crate::lint::{Severity, registry};

/// The file name looked for.
pub const FILE_NAME: &str = "imtacfg.toml";

/// Settings after reading; defaults when there is no file.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// Where they came from.
    pub path: Option<PathBuf>,
    pub max_line_length: Option<usize>,
    pub datasize: Option<Datasize>,
    /// The declared product version, as numbers.
    pub product_version: Option<Vec<u32>>,
    pub selection: Selection,
    pub fail_on: Option<Severity>,
    pub allow_outside_includes: bool,
    /// Include path mapping: (prefix as written in include lines, directory), the
    /// directory resolved against the settings file's directory.
    pub include_map: Vec<(String, PathBuf)>,
    pub keywords: Vec<KeywordInfo>,
    pub options: Vec<OptionInfo>,
    pub service_options: Vec<ServiceOptionInfo>,
    /// The file was named by the user, not found in the tree (see [`Found::explicit`]).
    pub explicit: bool,
    /// Things the user should know about these settings (shown by the CLI).
    pub warnings: Vec<String>,
}

/// A settings error, with the file and line when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingsError {
    pub path: String,
    pub line: Option<usize>,
    pub message: String,
}

impl std::fmt::Display for SettingsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(l) => write!(f, "{}:{l}: {}", self.path, self.message),
            None => write!(f, "{}: {}", self.path, self.message),
        }
    }
}

impl std::error::Error for SettingsError {}

/// A settings file and how it was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub path: PathBuf,
    /// Named by the user (`--config`, `$IMTACFG_CONFIG`) rather than found in the tree
    /// being checked. Only such a file may widen what imtacfg reads.
    pub explicit: bool,
}

/// Find the settings file for a linted path.
pub fn discover(explicit: Option<&Path>, start: &Path) -> Option<Found> {
    if let Some(p) = explicit {
        return Some(Found {
            path: p.to_path_buf(),
            explicit: true,
        });
    }
    if let Some(env) = std::env::var_os("IMTACFG_CONFIG").filter(|v| !v.is_empty()) {
        return Some(Found {
            path: PathBuf::from(env),
            explicit: true,
        });
    }
    let start = std::fs::canonicalize(start).ok()?;
    let mut dir = if start.is_dir() {
        Some(start.as_path())
    } else {
        start.parent()
    };
    while let Some(d) = dir {
        let candidate = d.join(FILE_NAME);
        if candidate.symlink_metadata().is_ok() {
            return Some(Found {
                path: candidate,
                explicit: false,
            });
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
    let fail = |message: String| SettingsError {
        path: path.display().to_string(),
        line: None,
        message,
    };
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
        SettingsError {
            path: self.path.to_string(),
            line: span.map(|r| {
                1 + self.text[..r.start.min(self.text.len())]
                    .matches('\n')
                    .count()
            }),
            message: message.into(),
        }
    }

    /// Every key of `table` must be in `allowed`.
    fn only(&self, table: &Table, allowed: &[&str], what: &str) -> Result<(), SettingsError> {
        for (k, _) in table.iter() {
            if !allowed.contains(&k) {
                let span = table.key(k).and_then(|key| key.span());
                return Err(self.err(
                    span,
                    format!(
                        "unknown setting `{k}` in {what} (known: {})",
                        allowed.join(", ")
                    ),
                ));
            }
        }
        Ok(())
    }

    fn str_value<'v>(&self, item: &'v Item, what: &str) -> Result<&'v str, SettingsError> {
        item.as_str()
            .ok_or_else(|| self.err(item.span(), format!("{what} must be a string")))
    }
}

/// Parse settings text (`path` is used in messages).
pub fn parse(text: &str, path: &str) -> Result<Settings, SettingsError> {
    let r = Reader { text, path };
    let doc = toml_edit::Document::parse(text.to_string()).map_err(|e| SettingsError {
        path: path.to_string(),
        line: e
            .span()
            .map(|s| 1 + text[..s.start.min(text.len())].matches('\n').count()),
        message: e.message().to_string(),
    })?;
    let root = doc.as_table();
    r.only(root, &["lint", "includes", "knowledge"], "the top level")?;
    let mut s = Settings::default();
    if let Some(lint) = root.get("lint") {
        let t = lint
            .as_table()
            .ok_or_else(|| r.err(lint.span(), "`lint` must be a table"))?;
        r.only(
            t,
            &[
                "max-line-length",
                "datasize",
                "product-version",
                "select",
                "ignore",
                "fail-on",
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
                _ => {
                    Datasize::parse(r.str_value(v, "datasize")?).map_err(|m| r.err(v.span(), m))?
                }
            };
            s.datasize = Some(d);
        }
        if let Some(v) = t.get("product-version") {
            let text = r.str_value(v, "product-version")?;
            let version =
                crate::lint::rules::dependencies::parse_version(text).ok_or_else(|| {
                    r.err(
                        v.span(),
                        format!("`{text}` is not a version such as \"6.3\" or \"8.0.2.3\""),
                    )
                })?;
            s.product_version = Some(version);
        }
        for (key, target) in [
            ("select", &mut s.selection.select),
            ("ignore", &mut s.selection.ignore),
        ] {
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
                        r.err(
                            item.span(),
                            format!("`{other}` is not off, info, warning or error"),
                        )
                    })?),
                };
                s.selection.severity.push((code.to_string(), sev));
            }
        }
    }
    if let Some(inc) = root.get("includes") {
        let t = inc
            .as_table()
            .ok_or_else(|| r.err(inc.span(), "`includes` must be a table"))?;
        r.only(t, &["allow-outside", "map"], "[includes]")?;
        if let Some(v) = t.get("map") {
            let m = v.as_table_like().ok_or_else(|| {
                r.err(
                    v.span(),
                    "includes.map must be a table of \"prefix\" = \"directory\"",
                )
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
        let t = k
            .as_table()
            .ok_or_else(|| r.err(k.span(), "`knowledge` must be a table"))?;
        r.only(t, &["keyword", "option"], "[knowledge]")?;
        if let Some(list) = t.get("keyword") {
            let arr = list
                .as_array_of_tables()
                .ok_or_else(|| r.err(list.span(), "use [[knowledge.keyword]] tables"))?;
            for kt in arr.iter() {
                s.keywords.push(keyword(&r, kt)?);
            }
        }
        if let Some(list) = t.get("option") {
            let arr = list
                .as_array_of_tables()
                .ok_or_else(|| r.err(list.span(), "use [[knowledge.option]] tables"))?;
            for ot in arr.iter() {
                match option(&r, ot)? {
                    Added::Option(o) => s.options.push(o),
                    Added::Service(o) => s.service_options.push(o),
                }
            }
        }
    }
    Ok(s)
}

fn arg_type(r: &Reader, item: &Item) -> Result<ArgType, SettingsError> {
    Ok(match r.str_value(item, "type")? {
        "int" => ArgType::Int,
        "str" => ArgType::Str,
        "host" => ArgType::Host,
        "channel" => ArgType::Channel,
        "url" => ArgType::Url,
        "template" => ArgType::Template,
        "duration" => ArgType::Duration,
        "ip" => ArgType::Ip,
        other => {
            return Err(r.err(
                item.span(),
                format!("`{other}` is not an argument type (int, str, host, channel, url, template, duration, ip)"),
            ));
        }
    })
}

fn keyword(r: &Reader, t: &Table) -> Result<KeywordInfo, SettingsError> {
    r.only(
        t,
        &["name", "args", "type", "max", "group"],
        "[[knowledge.keyword]]",
    )?;
    let name_item = t
        .get("name")
        .ok_or_else(|| r.err(t.span(), "a keyword needs a name"))?;
    let name = r.str_value(name_item, "name")?.to_ascii_lowercase();
    let ty = match t.get("type") {
        Some(i) => arg_type(r, i)?,
        None => ArgType::Str,
    };
    let arity = match t.get("args") {
        None => Arity::Flag,
        Some(i) => match (i.as_integer(), i.as_str()) {
            (Some(0), _) => Arity::Flag,
            (Some(1), _) => Arity::One { ty },
            (_, Some("list")) => {
                let max = t
                    .get("max")
                    .and_then(|m| m.as_integer())
                    .unwrap_or(8)
                    .clamp(1, 64) as u8;
                Arity::List { ty, min: 1, max }
            }
            _ => return Err(r.err(i.span(), "args must be 0, 1 or \"list\"")),
        },
    };
    let group = match t.get("group") {
        Some(g) => Some(r.str_value(g, "group")?.to_string()),
        None => None,
    };
    Ok(KeywordInfo {
        name,
        arity,
        group,
        is_default: false,
        summary: "declared in imtacfg.toml".to_string(),
        provenance: unverified("imtacfg.toml"),
    })
}

enum Added {
    Option(OptionInfo),
    Service(ServiceOptionInfo),
}

fn value_type(r: &Reader, item: Option<&Item>) -> Result<ValueType, SettingsError> {
    let Some(item) = item else {
        return Ok(ValueType::Unknown);
    };
    Ok(match r.str_value(item, "type")? {
        "int" => ValueType::Int {
            min: None,
            max: None,
        },
        "bool" => ValueType::Bool,
        "bits" => ValueType::Bits,
        "str" => ValueType::Str,
        "path" => ValueType::Path,
        "list" => ValueType::List,
        "port" => ValueType::Port,
        other => {
            return Err(r.err(
                item.span(),
                format!("`{other}` is not a value type (int, bool, bits, str, path, list, port)"),
            ));
        }
    })
}

fn option(r: &Reader, t: &Table) -> Result<Added, SettingsError> {
    r.only(t, &["name", "file", "type"], "[[knowledge.option]]")?;
    let name_item = t
        .get("name")
        .ok_or_else(|| r.err(t.span(), "an option needs a name"))?;
    let name = r.str_value(name_item, "name")?.to_ascii_uppercase();
    let ty = value_type(r, t.get("type"))?;
    let file_item = t.get("file");
    let file = match file_item {
        Some(f) => r.str_value(f, "file")?,
        None => "option.dat",
    };
    let provenance = unverified("imtacfg.toml");
    let summary = "declared in imtacfg.toml";
    let opt = |file| {
        Added::Option(OptionInfo {
            name: name.clone(),
            file,
            ty,
            default: None,
            bits: Vec::new(),
            summary: summary.to_string(),
            provenance: provenance.clone(),
        })
    };
    let svc = |file| {
        Added::Service(ServiceOptionInfo {
            name: name.clone(),
            file,
            scope: Scope {
                global: true,
                section: true,
                dispatcher: true,
            },
            ty,
            default: None,
            max_repeat: None,
            summary: summary.to_string(),
            provenance: provenance.clone(),
        })
    };
    Ok(match file {
        "option.dat" => opt(OptionFile::OptionDat),
        "channel" => opt(OptionFile::ChannelOption),
        "tailor" => opt(OptionFile::Tailor),
        "dispatcher" => svc(ServiceFile::Dispatcher),
        "job_controller" => svc(ServiceFile::JobController),
        other => {
            return Err(r.err(
                file_item.and_then(|i| i.span()),
                format!("`{other}` is not a file (option.dat, channel, tailor, dispatcher, job_controller)"),
            ));
        }
    })
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

# Site keywords and options, or ones from a newer product version:
# [[knowledge.keyword]]
# name = "sitegroup"
# args = 0            # 0, 1 or "list"
# type = "str"        # int, str, host, channel, url, template, duration, ip
#
# [[knowledge.option]]
# name = "MY_SITE_OPTION"
# file = "option.dat" # option.dat, channel, tailor, dispatcher, job_controller
# type = "int"        # int, bool, bits, str, path, list, port
"#;

/// Set `key` (dotted, e.g. `lint.max-line-length` or `lint.severity.X001`) to `value` in
/// settings text, keeping comments and layout. The value is written as an integer, a
/// boolean or a string, as it reads. The result is checked like a loaded file.
pub fn set_key(text: &str, key: &str, value: &str, path: &str) -> Result<String, SettingsError> {
    let mut doc: DocumentMut = text
        .parse()
        .map_err(|e: toml_edit::TomlError| SettingsError {
            path: path.to_string(),
            line: None,
            message: e.message().to_string(),
        })?;
    let parts: Vec<&str> = key.split('.').collect();
    if parts.iter().any(|p| p.is_empty()) {
        return Err(SettingsError {
            path: path.to_string(),
            line: None,
            message: format!("`{key}` is not a dotted key such as lint.max-line-length"),
        });
    }
    let mut table = doc.as_table_mut();
    for p in &parts[..parts.len() - 1] {
        let entry = table.entry(p).or_insert_with(|| Item::Table(Table::new()));
        table = entry.as_table_mut().ok_or_else(|| SettingsError {
            path: path.to_string(),
            line: None,
            message: format!("`{p}` is not a table"),
        })?;
    }
    let v: Value = if let Ok(n) = value.parse::<i64>() {
        n.into()
    } else if value == "true" || value == "false" {
        (value == "true").into()
    } else {
        value.into()
    };
    let last = parts[parts.len() - 1];
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
    parse(&out, path)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

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
            vec![
                ("IMTA201".into(), None),
                ("OPT".into(), Some(Severity::Info))
            ]
        );
        assert!(s.allow_outside_includes);
        assert_eq!(
            s.include_map,
            vec![("/old/".to_string(), PathBuf::from("conf"))]
        );
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
