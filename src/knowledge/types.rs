//! The shape of every knowledge catalog entry.
//!
//! Catalogs are plain data. Each entry carries where the fact comes from and how sure
//! we are of it, because the linter must not raise an error on a fact nobody verified.

use serde::{Deserialize, Serialize};

/// How sure the project is of a catalog fact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Confidence {
    /// Stated by vendor documentation (Sun/Oracle manuals, the developers' wiki).
    Documented,
    /// Not documented, but seen in configuration files of working installations.
    SeenInRealFiles,
    /// Recollection or inference; never enough for an error-level finding.
    Unverified,
}

/// Where a catalog fact comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Provenance {
    /// Short source key, e.g. `"AG05 bgaqd"`, `"WIKI Logging"`, `"spec/option-dat.md §3.2"`.
    pub source: String,
    /// How sure the project is of the fact; decides the highest severity a finding on
    /// it may get.
    pub confidence: Confidence,
}

impl Provenance {
    fn new(source: &str, confidence: Confidence) -> Provenance {
        Provenance { source: source.to_string(), confidence }
    }
}

/// A fact stated by the documentation named by `source`.
pub fn doc(source: &str) -> Provenance {
    Provenance::new(source, Confidence::Documented)
}

/// A fact seen in working configuration files.
pub fn seen(source: &str) -> Provenance {
    Provenance::new(source, Confidence::SeenInRealFiles)
}

/// A fact nobody has confirmed.
pub fn unverified(source: &str) -> Provenance {
    Provenance::new(source, Confidence::Unverified)
}

/// What follows a channel keyword on the channel line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Arity {
    /// A flag: no argument.
    Flag,
    /// Exactly one argument of the given type.
    One {
        /// Type of the argument.
        ty: ArgType,
    },
    /// Between `min` and `max` arguments, consumed while the next word looks like `ty`
    /// (`notices 1 2 4 7`, `backoff "pt5m" "pt10m"`, `defaulthost a b` as seen in real files).
    List {
        /// Type every word of the list must have.
        ty: ArgType,
        /// Fewest words; fewer are reported as missing arguments (1 for catalog rows).
        min: u8,
        /// Most words taken; the word after that many is read as the next keyword.
        max: u8,
    },
}

/// The type of one keyword argument.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ArgType {
    /// Unsigned decimal integer.
    Int,
    /// Any whitespace-free token (may be double-quoted).
    Str,
    /// A host or domain name.
    Host,
    /// A channel name.
    Channel,
    /// A URL such as `file:IMTA_TABLE:x.filter` or `ldap:///...`.
    Url,
    /// An address template with `$` sequences (`$U+$S@$D`).
    Template,
    /// An ISO 8601 duration (`pt5m`, `"PT10M"`).
    Duration,
    /// An IPv4 or IPv6 literal.
    Ip,
}

/// One channel keyword.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeywordInfo {
    /// Lower-case name. A `#` stands for one or more decimal digits
    /// (`destinationspamfilter#optin`).
    pub name: String,
    /// Whether the keyword is a flag or takes one or more words, and of what type.
    pub arity: Arity,
    /// Mutually exclusive group id (from spec/imta-cnf.md §3); members of one group
    /// are alternatives of one setting.
    pub group: Option<String>,
    /// True when this member is the documented built-in default of its group.
    pub is_default: bool,
    /// One line in our own words.
    pub summary: String,
    /// Where the fact comes from and how sure it is.
    pub provenance: Provenance,
}

/// Which file an option lives in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum OptionFile {
    /// The global MTA option file (`option.dat`).
    OptionDat,
    /// A `<channel>_option` file (TCP/IP channel options, native_option, ...).
    ChannelOption,
    /// `imta_tailor`.
    Tailor,
}

/// The value type of an option (option files, dispatcher.cnf, job_controller.cnf).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum ValueType {
    /// Integer (decimal with optional sign, or `b%v` radix form), with optional bounds.
    Int {
        /// Smallest accepted value, when there is one.
        min: Option<i64>,
        /// Largest accepted value, when there is one.
        max: Option<i64>,
    },
    /// 0 or 1.
    Bool,
    /// Integer whose bits have individual meanings (see `OptionInfo::bits`).
    Bits,
    /// Free text.
    Str,
    /// A file path or MTA URL.
    Path,
    /// A directory prefix: must end with `/` (imta_tailor).
    DirPrefix,
    /// An LDAP attribute name.
    LdapAttr,
    /// Comma-separated list of integers with at most `max` items.
    IntList {
        /// Most items of the list.
        max: u8,
    },
    /// Comma-separated list of other values.
    List,
    /// A TCP port number 1..=65535 (possibly a list, syntax unverified).
    Port,
    /// Type not known.
    Unknown,
}

/// The meaning of one bit of a bit-encoded value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BitInfo {
    /// Bit number: bit `n` has the value `1 << n`.
    pub bit: u8,
    /// What the bit switches, in one line.
    pub meaning: String,
    /// Where the fact comes from and how sure it is.
    pub provenance: Provenance,
}

/// One option of the option-file family (option.dat, channel option files, imta_tailor).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OptionInfo {
    /// Upper-case name. A `#` stands for one or more decimal digits (`SPAMFILTER#_LIBRARY`);
    /// `#?` for zero or more (`SPAMFILTER#?_LIBRARY` matches `SPAMFILTER_LIBRARY` too).
    pub name: String,
    /// The file the option is read from.
    pub file: OptionFile,
    /// What the value must look like.
    pub ty: ValueType,
    /// Documented default as text, when known.
    pub default: Option<String>,
    /// Meanings of individual bits for `ValueType::Bits` (and bit-encoded ints).
    pub bits: Vec<BitInfo>,
    /// One line in our own words.
    pub summary: String,
    /// Where the fact comes from and how sure it is.
    pub provenance: Provenance,
}

/// Where a dispatcher or job controller option may appear.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Scope {
    /// Before the first section header (default for all sections).
    pub global: bool,
    /// Inside an ordinary section (`[SERVICE=SMTP]`, `[POOL=x]`, ...).
    pub section: bool,
    /// Inside `[SERVICE=DISPATCHER]`.
    pub dispatcher: bool,
}

impl Scope {
    /// Anywhere in the file.
    pub const ANYWHERE: Scope = Scope { global: true, section: true, dispatcher: true };
}

/// Read from the G/S/D notation of the spec tables: `"G/S"`, `"S"`, `"G/S/D"`, ...
impl<'de> Deserialize<'de> for Scope {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Scope, D::Error> {
        let text = String::deserialize(d)?;
        let mut scope = Scope { global: false, section: false, dispatcher: false };
        for part in text.split('/') {
            let flag = match part {
                "G" => &mut scope.global,
                "S" => &mut scope.section,
                "D" => &mut scope.dispatcher,
                _ => {
                    return Err(serde::de::Error::custom(format!(
                        "scope `{text}` is not G, S and D joined by / (such as \"G/S\")"
                    )));
                }
            };
            *flag = true;
        }
        Ok(scope)
    }
}

/// Which file of the dispatcher family an option belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ServiceFile {
    /// `dispatcher.cnf`, the Dispatcher's services and their tuning.
    Dispatcher,
    /// `job_controller.cnf`, the Job Controller's pools and channel processing.
    JobController,
}

/// One option of dispatcher.cnf or job_controller.cnf.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ServiceOptionInfo {
    /// Upper-case name.
    pub name: String,
    /// The file the option is read from.
    pub file: ServiceFile,
    /// Where in the file (before any section, in a section, in `[SERVICE=DISPATCHER]`)
    /// the option may appear.
    pub scope: Scope,
    /// What the value must look like.
    pub ty: ValueType,
    /// Documented default as text, when known.
    pub default: Option<String>,
    /// How often the option may appear in one section (`DNS_VERIFY_DOMAIN`: 5);
    /// `None` means once (a repeat is a duplicate).
    pub max_repeat: Option<u8>,
    /// One line in our own words.
    pub summary: String,
    /// Where the fact comes from and how sure it is.
    pub provenance: Provenance,
}

/// Status of one Dispatcher DEBUG bit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum BitStatus {
    /// The bit has a documented meaning.
    #[default]
    Documented,
    /// The documentation lists the bit as not used; setting it does nothing known.
    NotUsed,
}

/// One documented bit of the Dispatcher DEBUG mask.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DebugBit {
    /// Bit number in the 32-bit mask: bit `n` has the value `1 << n`.
    pub bit: u8,
    /// Stable kebab-case name for `debug encode` (empty for not-used bits).
    pub name: String,
    /// What the bit traces, in one line.
    pub meaning: String,
    /// Whether the bit is documented or listed as not used.
    pub status: BitStatus,
    /// Where the fact comes from and how sure it is.
    pub provenance: Provenance,
}

/// One entry code of the MTA message/connection log (`mail.log`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LogEntryCode {
    /// The code as it appears in a log record, such as `E` or `DSA`.
    pub code: String,
    /// What a record with this code reports, in one line.
    pub meaning: String,
    /// Where the fact comes from and how sure it is.
    pub provenance: Provenance,
}
