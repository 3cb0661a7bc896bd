//! Rows as they are written: in the data files under `src/knowledge/data/` and in the
//! `[[knowledge.keyword]]` / `[[knowledge.option]]` tables of `imtacfg.toml`.
//!
//! Both places deserialize into the same row types and are turned into catalog entries
//! by the same code. The only difference is [`Origin`]: a built-in row must say what it
//! is and where the fact comes from, a user row may leave that out and is then taken as
//! an unverified fact from `imtacfg.toml`.

use serde::Deserialize;

use super::types::*;

/// Who wrote a row, which decides what it may leave out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// A data file shipped with imtacfg: `summary`, `source` and `confidence` are required.
    Builtin,
    /// The user's `imtacfg.toml`: missing ones default to "declared in imtacfg.toml",
    /// source `imtacfg.toml`, unverified.
    Settings,
}

const SETTINGS_SOURCE: &str = "imtacfg.toml";
const SETTINGS_SUMMARY: &str = "declared in imtacfg.toml";

fn summary(summary: Option<String>, origin: Origin) -> Result<String, String> {
    match (summary, origin) {
        (Some(s), _) => Ok(s),
        (None, Origin::Settings) => Ok(SETTINGS_SUMMARY.to_string()),
        (None, Origin::Builtin) => Err("a built-in row needs a `summary`".into()),
    }
}

fn provenance(
    source: Option<String>,
    confidence: Option<Confidence>,
    origin: Origin,
) -> Result<Provenance, String> {
    match (source, confidence, origin) {
        (Some(source), Some(confidence), _) => Ok(Provenance { source, confidence }),
        (source, confidence, Origin::Settings) => Ok(Provenance {
            source: source.unwrap_or_else(|| SETTINGS_SOURCE.to_string()),
            confidence: confidence.unwrap_or(Confidence::Unverified),
        }),
        (_, _, Origin::Builtin) => {
            Err("a built-in row needs both a `source` and a `confidence`".into())
        }
    }
}

/// How many words follow a keyword: `args = 0` (or absent), `1` or `"list"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Args {
    /// `args = 0` or no `args`: the keyword is a flag and no word follows it.
    #[default]
    None,
    /// `args = 1`: exactly one word follows the keyword.
    One,
    /// `args = "list"`: one or more words follow, up to the row's `max`.
    List,
}

impl<'de> Deserialize<'de> for Args {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Args, D::Error> {
        struct V;
        const MESSAGE: &str = "args must be 0, 1 or \"list\"";
        impl serde::de::Visitor<'_> for V {
            type Value = Args;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("0, 1 or \"list\"")
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Args, E> {
                match v {
                    0 => Ok(Args::None),
                    1 => Ok(Args::One),
                    _ => Err(E::custom(MESSAGE)),
                }
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Args, E> {
                self.visit_i64(i64::try_from(v).unwrap_or(i64::MAX))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Args, E> {
                match v {
                    "list" => Ok(Args::List),
                    _ => Err(E::custom(MESSAGE)),
                }
            }
        }
        d.deserialize_any(V)
    }
}

/// One channel keyword: a `keyword` row of keywords.toml or a `[[knowledge.keyword]]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct KeywordRow {
    /// The keyword as written on a channel line; folded to lower case when read. A `#`
    /// stands for the digits of a filter number.
    pub name: String,
    /// How many words the keyword takes; a flag when the row leaves it out.
    #[serde(default)]
    pub args: Args,
    /// Type of the argument(s); `str` when absent.
    #[serde(rename = "type")]
    pub ty: Option<ArgType>,
    /// Most words of a list (default 8, kept within 1..=64).
    pub max: Option<i64>,
    /// Id of the mutually exclusive setting the keyword is one choice of (the Group
    /// column of spec/imta-cnf.md §3, e.g. `"A"` for the envelope address style).
    pub group: Option<String>,
    /// The member of `group` that applies when none is given.
    #[serde(default)]
    pub default: bool,
    /// One line in the project's own words; a built-in row must give it.
    pub summary: Option<String>,
    /// Short key of where the fact is documented (e.g. `"AG05 gakra"`); a built-in row
    /// must give it.
    pub source: Option<String>,
    /// How sure the fact is; a built-in row must give it, a user row is unverified
    /// without it.
    pub confidence: Option<Confidence>,
}

impl KeywordRow {
    /// The catalog entry for this row; the name is folded to lower case.
    pub fn into_info(self, origin: Origin) -> Result<KeywordInfo, String> {
        let ty = self.ty.unwrap_or(ArgType::Str);
        let arity = match self.args {
            Args::None => Arity::Flag,
            Args::One => Arity::One { ty },
            Args::List => Arity::List { ty, min: 1, max: self.max.unwrap_or(8).clamp(1, 64) as u8 },
        };
        Ok(KeywordInfo {
            name: self.name.to_ascii_lowercase(),
            arity,
            group: self.group,
            is_default: self.default,
            summary: summary(self.summary, origin)?,
            provenance: provenance(self.source, self.confidence, origin)?,
        })
    }
}

/// The file an option row belongs to, as written in `file = "..."`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum FileName {
    /// `file = "option.dat"`: the global MTA option file.
    #[serde(rename = "option.dat")]
    OptionDat,
    /// `file = "channel"`: a `<channel>_option` file.
    #[serde(rename = "channel")]
    Channel,
    /// `file = "tailor"`: `imta_tailor`.
    #[serde(rename = "tailor")]
    Tailor,
    /// `file = "dispatcher"`: `dispatcher.cnf`.
    #[serde(rename = "dispatcher")]
    Dispatcher,
    /// `file = "job_controller"`: `job_controller.cnf`.
    #[serde(rename = "job_controller")]
    JobController,
}

/// The value type as written in `type = "..."`; bounds come from `min` and `max`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TypeName {
    /// `int`: an integer, bounded by the row's `min` and `max` when given.
    Int,
    /// `bool`: 0 or 1.
    Bool,
    /// `bits`: an integer whose bits each switch something (described by `bit` rows).
    Bits,
    /// `str`: free text.
    Str,
    /// `path`: a file path or MTA URL.
    Path,
    /// `dir-prefix`: a directory that must end in `/` (imta_tailor).
    DirPrefix,
    /// `ldap-attr`: the name of an LDAP attribute.
    LdapAttr,
    /// `int-list`: comma-separated integers, at most the row's `max` of them.
    IntList,
    /// `list`: comma-separated values that are not all integers.
    List,
    /// `port`: a TCP port number.
    Port,
    /// `unknown`: the value type has not been established (also when `type` is absent).
    Unknown,
}

/// One option of any option-like file: an `option` row of options.toml,
/// channel_options.toml, tailor.toml, dispatcher.toml or job_controller.toml, or a
/// `[[knowledge.option]]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct OptionRow {
    /// The option name as written in the file; folded to upper case when read. A `#`
    /// stands for one or more digits, `#?` for zero or more.
    pub name: String,
    /// Absent: the data file's own file, or option.dat in imtacfg.toml.
    pub file: Option<FileName>,
    /// Dispatcher and job controller only; anywhere when absent.
    pub scope: Option<Scope>,
    /// `unknown` when absent.
    #[serde(rename = "type")]
    pub ty: Option<TypeName>,
    /// Bounds of an `int`; `max` is also the item limit of an `int-list`.
    pub min: Option<i64>,
    /// Upper bound of an `int`; for an `int-list`, the most items (0..=255).
    pub max: Option<i64>,
    /// The documented default, as text.
    pub default: Option<String>,
    /// Dispatcher and job controller only: how often one section may set it.
    pub max_repeat: Option<u8>,
    /// One line in the project's own words; a built-in row must give it.
    pub summary: Option<String>,
    /// Short key of where the fact is documented; a built-in row must give it.
    pub source: Option<String>,
    /// How sure the fact is; a built-in row must give it, a user row is unverified
    /// without it.
    pub confidence: Option<Confidence>,
}

/// An option row turned into the entry of its file's catalog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnyOption {
    /// An option of option.dat, a `<channel>_option` file or imta_tailor.
    Option(OptionInfo),
    /// An option of dispatcher.cnf or job_controller.cnf, with its scope and repeat limit.
    Service(ServiceOptionInfo),
}

impl OptionRow {
    /// The catalog entry for this row (without bit meanings); the name is folded to upper
    /// case. `file` is used when the row names none.
    pub fn into_info(self, file: FileName, origin: Origin) -> Result<AnyOption, String> {
        let file = self.file.unwrap_or(file);
        let ty = self.ty.unwrap_or(TypeName::Unknown);
        let ty = match ty {
            TypeName::Int => ValueType::Int { min: self.min, max: self.max },
            TypeName::IntList => {
                if self.min.is_some() {
                    return Err("`min` does not apply to an int-list".into());
                }
                let max = self.max.ok_or("type \"int-list\" needs `max`, the most items")?;
                ValueType::IntList {
                    max: u8::try_from(max).map_err(|_| "`max` of an int-list is 0..=255")?,
                }
            }
            other => {
                if self.min.is_some() || self.max.is_some() {
                    return Err("`min` and `max` apply to the types int and int-list".into());
                }
                match other {
                    TypeName::Bool => ValueType::Bool,
                    TypeName::Bits => ValueType::Bits,
                    TypeName::Str => ValueType::Str,
                    TypeName::Path => ValueType::Path,
                    TypeName::DirPrefix => ValueType::DirPrefix,
                    TypeName::LdapAttr => ValueType::LdapAttr,
                    TypeName::List => ValueType::List,
                    TypeName::Port => ValueType::Port,
                    _ => ValueType::Unknown,
                }
            }
        };
        let name = self.name.to_ascii_uppercase();
        let summary = summary(self.summary, origin)?;
        let provenance = provenance(self.source, self.confidence, origin)?;
        let plain = match file {
            FileName::OptionDat => Ok(OptionFile::OptionDat),
            FileName::Channel => Ok(OptionFile::ChannelOption),
            FileName::Tailor => Ok(OptionFile::Tailor),
            FileName::Dispatcher => Err(ServiceFile::Dispatcher),
            FileName::JobController => Err(ServiceFile::JobController),
        };
        Ok(match plain {
            Ok(file) => {
                if self.scope.is_some() || self.max_repeat.is_some() {
                    return Err(
                        "`scope` and `max-repeat` apply to dispatcher and job_controller options"
                            .into(),
                    );
                }
                AnyOption::Option(OptionInfo {
                    name,
                    file,
                    ty,
                    default: self.default,
                    bits: Vec::new(),
                    summary,
                    provenance,
                })
            }
            Err(file) => AnyOption::Service(ServiceOptionInfo {
                name,
                file,
                scope: self.scope.unwrap_or(Scope::ANYWHERE),
                ty,
                default: self.default,
                max_repeat: self.max_repeat,
                summary,
                provenance,
            }),
        })
    }
}

/// The meaning of one bit of a bit-encoded option (`bit` rows of options.toml).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BitRow {
    /// Name of the bit-encoded option the bit belongs to (e.g. `ACCESS_COUNTS`).
    pub option: String,
    /// Bit number: 0 is the least significant bit, so bit `n` has the value `1 << n`.
    pub bit: u8,
    /// What setting the bit does, in one line.
    pub meaning: String,
    /// Short key of where the fact is documented.
    pub source: String,
    /// How sure the fact is.
    pub confidence: Confidence,
}

impl BitRow {
    /// The catalog entry for this bit, to be attached to the option named by `option`.
    pub fn into_info(self) -> BitInfo {
        BitInfo {
            bit: self.bit,
            meaning: self.meaning,
            provenance: Provenance { source: self.source, confidence: self.confidence },
        }
    }
}

/// One Dispatcher DEBUG bit (debug_bits.toml).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DebugBitRow {
    /// Bit number in the DEBUG mask: bit `n` has the value `1 << n` (0..=31).
    pub bit: u8,
    /// Stable kebab-case name that `debug encode` accepts; empty for a bit marked
    /// not used.
    #[serde(default)]
    pub name: String,
    /// Whether the bit has a documented meaning or is marked not used; documented
    /// when absent.
    #[serde(default)]
    pub status: BitStatus,
    /// What the bit traces, in one line.
    pub meaning: String,
    /// Short key of where the fact is documented.
    pub source: String,
    /// How sure the fact is.
    pub confidence: Confidence,
}

impl From<DebugBitRow> for DebugBit {
    fn from(r: DebugBitRow) -> DebugBit {
        DebugBit {
            bit: r.bit,
            name: r.name,
            meaning: r.meaning,
            status: r.status,
            provenance: Provenance { source: r.source, confidence: r.confidence },
        }
    }
}

/// One mail.log entry code (log_codes.toml).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogCodeRow {
    /// The entry code of a log record, such as `E` (enqueued) or `DS` (dequeued over
    /// TLS).
    pub code: String,
    /// What a record with this code reports, in one line.
    pub meaning: String,
    /// Short key of where the fact is documented.
    pub source: String,
    /// How sure the fact is.
    pub confidence: Confidence,
}

impl From<LogCodeRow> for LogEntryCode {
    fn from(r: LogCodeRow) -> LogEntryCode {
        LogEntryCode {
            code: r.code,
            meaning: r.meaning,
            provenance: Provenance { source: r.source, confidence: r.confidence },
        }
    }
}
