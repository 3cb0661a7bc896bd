//! The versioned JSON documents of `logging status`, `debug decode|encode|show`, `heap`
//! and `rules`: typed, so their shape is written down once (and its JSON Schema, in
//! `schemas/`, is generated from these types and checked by the tests).
//!
//! Fields are serialised in declaration order, which is the order of the documented
//! shapes; a shape is only ever extended.

use schemars::JsonSchema;
use serde::Serialize;

/// The format version of every document here.
pub const VERSION: u32 = 1;

/// A decoded mask as a document shows it.
pub fn mask(d: &crate::debug_mask::Decoded) -> DecodedMask<'_> {
    DecodedMask { input: &d.input, value: d.value, hex: &d.hex, bits: bits(d) }
}

/// The bits of a decoded mask as a document shows them.
pub fn bits(d: &crate::debug_mask::Decoded) -> Vec<Bit<'_>> {
    d.bits
        .iter()
        .map(|b| Bit {
            bit: b.bit,
            hex: &b.hex,
            decimal: b.decimal,
            name: b.name,
            meaning: b.meaning,
            status: b.status,
        })
        .collect()
}

/// `imtacfg logging status --format json`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct LoggingStatus<'a> {
    /// Format version of the document; 1 so far (shapes are only ever extended).
    pub version: u32,
    /// Every channel of imta.cnf (and the files it includes), in file order.
    pub channels: Vec<ChannelStatus<'a>>,
    /// The `LOG_*` and `SEPARATE_CONNECTION_LOG` settings of option.dat, in file order;
    /// empty without an option.dat.
    pub options: Vec<LogOption<'a>>,
}

/// One channel's effective logging.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ChannelStatus<'a> {
    /// The channel name, as on its channel line.
    pub name: &'a str,
    /// Whether the channel logs its message transactions (`logging` in effect).
    pub logging: bool,
    /// `channel` (its own keyword), `defaults` (a defaults line) or `none` (built-in: off).
    pub source: &'a str,
    /// Where the setting that decides it is (1-based): the `logging`/`nologging` keyword
    /// (on the channel line or a defaults line), else the channel's own line.
    pub line: usize,
    /// The file of that line, as named in messages.
    pub file: &'a str,
}

/// A `LOG_*` option in force.
#[derive(Debug, Serialize, JsonSchema)]
pub struct LogOption<'a> {
    /// The option name, upper-cased (`LOG_CONNECTION`).
    pub name: &'a str,
    /// The value as written after `=`, without surrounding blanks.
    pub value: &'a str,
    /// The catalog's one-line summary of the option, or `unknown option`.
    pub meaning: &'a str,
}

/// One bit of a decoded DEBUG mask.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Bit<'a> {
    /// The bit number, 0 (least significant) to 31.
    pub bit: u8,
    /// The bit's value alone, as `0x` and eight hexadecimal digits (`0x00000400`).
    pub hex: &'a str,
    /// The bit's value alone, in decimal (`1024`).
    pub decimal: u32,
    /// The name `debug encode` accepts (empty when the bit has none).
    pub name: &'a str,
    /// What the Dispatcher traces when the bit is set, or a note that nothing documents it.
    pub meaning: &'a str,
    /// `documented`, `not-used` or `undocumented`.
    pub status: &'a str,
}

/// `imtacfg debug decode --format json`: the version, then the decoded mask.
#[derive(Debug, Serialize, JsonSchema)]
pub struct DebugDecoded<'a> {
    /// Format version of the document; 1 so far (shapes are only ever extended).
    pub version: u32,
    /// The decoded mask; its fields sit at the top level of the document, next to
    /// `version`.
    #[serde(flatten)]
    pub mask: DecodedMask<'a>,
}

/// A decoded mask (in `debug decode`, and for each setting of `debug show`).
#[derive(Debug, Serialize, JsonSchema)]
pub struct DecodedMask<'a> {
    /// The mask as given (`-1`, `16%C00`, `3072`), echoed.
    pub input: &'a str,
    /// The 32-bit value read.
    pub value: u32,
    /// The value as `0x` and eight hexadecimal digits (`0x00000C00`).
    pub hex: &'a str,
    /// The set bits, lowest first; empty for `0`.
    pub bits: Vec<Bit<'a>>,
}

/// `imtacfg debug encode --format json`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct DebugEncoded<'a> {
    /// Format version of the document; 1 so far (shapes are only ever extended).
    pub version: u32,
    /// The 32-bit mask of the bits named.
    pub value: u32,
    /// The mask as `0x` and eight hexadecimal digits.
    pub hex: &'a str,
    /// The value to write as `DEBUG=` in dispatcher.cnf: `-1` for every bit, decimal up
    /// to 2^31-1, else the radix form (`16%80000000`).
    pub debug: String,
    /// The value for the `IMTA_DISPATCHER_DEBUG` environment variable: bare hexadecimal.
    pub env: String,
    /// The set bits, lowest first.
    pub bits: Vec<Bit<'a>>,
}

/// `imtacfg debug show --format json`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct DebugShow<'a> {
    /// Format version of the document; 1 so far (shapes are only ever extended).
    pub version: u32,
    /// The dispatcher.cnf read, as named in messages.
    pub file: &'a str,
    /// Every `DEBUG` setting of the file, in file order; empty when DEBUG is not set.
    pub settings: Vec<DebugSetting<'a>>,
}

/// One `DEBUG` setting of a dispatcher.cnf.
#[derive(Debug, Serialize, JsonSchema)]
pub struct DebugSetting<'a> {
    /// `global` or the section (`SERVICE=SMTP`).
    pub scope: &'a str,
    /// The line of the setting, from 1.
    pub line: usize,
    /// The value as written after `=`, without surrounding blanks.
    pub value: &'a str,
    /// The decoded mask; `null` when the value cannot be read (see `error`).
    pub decoded: Option<DecodedMask<'a>>,
    /// Why the value could not be decoded; `null` when it was.
    pub error: Option<&'a str>,
}

/// `imtacfg heap --format json`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Heap<'a> {
    /// Format version of the document; 1 so far (shapes are only ever extended).
    pub version: u32,
    /// The dispatcher.cnf read, as named in messages.
    pub file: &'a str,
    /// Every service except `DISPATCHER`, in file order.
    pub services: Vec<HeapService<'a>>,
    /// Sum of the known STACKSIZE × MAX_CONNS products, in bytes.
    pub sum: u64,
    /// Twice `sum`, in bytes: the smallest data segment that satisfies the rule.
    pub required: u64,
    /// The data-segment limit compared against (`--datasize`, else imtacfg.toml's
    /// `datasize`); `null` when neither gives one.
    pub datasize: Option<DatasizeValue>,
    /// Whether the data segment is large enough; `null` when that cannot be told.
    pub ok: Option<bool>,
    /// Services left out of the sum (STACKSIZE or MAX_CONNS unknown).
    pub unknown: &'a [String],
    /// Include lines whose file was not read (`<spec>: why`): services they hold are not
    /// in the sum, so the verdict is at best unknown.
    pub not_included: &'a [String],
}

/// One service's part of the heap sum.
#[derive(Debug, Serialize, JsonSchema)]
pub struct HeapService<'a> {
    /// The service name, as in its `[SERVICE=…]` header.
    pub name: &'a str,
    /// Thread stack size of the service's worker processes, in bytes; `null` when it is
    /// set nowhere or is not a non-negative integer.
    pub stacksize: Option<u64>,
    /// `service`, `global` or `unknown`.
    pub stacksize_from: &'a str,
    /// Most connections one worker process of the service serves at once; `null` as for
    /// `stacksize`.
    pub max_conns: Option<u64>,
    /// `service`, `global` or `unknown`, as for `stacksize_from`.
    pub max_conns_from: &'a str,
    /// STACKSIZE × MAX_CONNS in bytes (capped at 2^64-1); `null` unless both are known.
    pub product: Option<u64>,
}

/// The data-segment limit: bytes, or `"unlimited"`.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum DatasizeValue {
    /// A limit in bytes, as a JSON number.
    Bytes(u64),
    /// No limit, as the string `"unlimited"`: the rule cannot fail.
    Unlimited(Unlimited),
}

/// The word `unlimited`.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Unlimited {
    /// Serialised as `"unlimited"`.
    Unlimited,
}

/// `imtacfg rules --format json`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Rules<'a> {
    /// Format version of the document; 1 so far (shapes are only ever extended).
    pub version: u32,
    /// Every rule of the registry, in code order.
    pub rules: Vec<Rule<'a>>,
}

/// One rule of the registry.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Rule<'a> {
    /// Stable code (`IMTA…`, `OPT…`, `DSP…`, `X…`, `CFG…`).
    pub code: &'a str,
    /// Stable kebab-case name, usable wherever a code is.
    pub name: &'a str,
    /// Default severity: `info`, `warning` or `error`.
    pub severity: &'a str,
    /// One line: what the rule finds.
    pub summary: &'a str,
    /// Why a finding matters.
    pub why: &'a str,
    /// A configuration fragment that triggers the rule.
    pub example: &'a str,
    /// How to fix a finding.
    pub fix: &'a str,
}

/// The JSON Schema of each document, by file name under `schemas/`.
pub fn schemas() -> Vec<(&'static str, serde_json::Value)> {
    fn of<T: JsonSchema>() -> serde_json::Value {
        serde_json::to_value(schemars::schema_for!(T)).unwrap_or_default()
    }
    vec![
        ("logging-status.json", of::<LoggingStatus>()),
        ("debug-decode.json", of::<DebugDecoded>()),
        ("debug-encode.json", of::<DebugEncoded>()),
        ("debug-show.json", of::<DebugShow>()),
        ("heap.json", of::<Heap>()),
        ("rules.json", of::<Rules>()),
    ]
}
