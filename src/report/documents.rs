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
    DecodedMask {
        input: &d.input,
        value: d.value,
        hex: &d.hex,
        bits: bits(d),
    }
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
    pub version: u32,
    pub channels: Vec<ChannelStatus<'a>>,
    pub options: Vec<LogOption<'a>>,
}

/// One channel's effective logging.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ChannelStatus<'a> {
    pub name: &'a str,
    pub logging: bool,
    /// `channel` (its own keyword), `defaults` (a defaults line) or `none` (built-in: off).
    pub source: &'a str,
    /// Where the setting that decides it is: the `logging`/`nologging` keyword (on the
    /// channel line or a defaults line), else the channel's own line.
    pub line: usize,
    /// The file of that line.
    pub file: &'a str,
}

/// A `LOG_*` option in force.
#[derive(Debug, Serialize, JsonSchema)]
pub struct LogOption<'a> {
    pub name: &'a str,
    pub value: &'a str,
    pub meaning: &'a str,
}

/// One bit of a decoded DEBUG mask.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Bit<'a> {
    pub bit: u8,
    pub hex: &'a str,
    pub decimal: u32,
    /// The name `debug encode` accepts (empty when the bit has none).
    pub name: &'a str,
    pub meaning: &'a str,
    /// `documented`, `not-used` or `undocumented`.
    pub status: &'a str,
}

/// `imtacfg debug decode --format json`: the version, then the decoded mask.
#[derive(Debug, Serialize, JsonSchema)]
pub struct DebugDecoded<'a> {
    pub version: u32,
    #[serde(flatten)]
    pub mask: DecodedMask<'a>,
}

/// A decoded mask (in `debug decode`, and for each setting of `debug show`).
#[derive(Debug, Serialize, JsonSchema)]
pub struct DecodedMask<'a> {
    pub input: &'a str,
    pub value: u32,
    pub hex: &'a str,
    pub bits: Vec<Bit<'a>>,
}

/// `imtacfg debug encode --format json`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct DebugEncoded<'a> {
    pub version: u32,
    pub value: u32,
    pub hex: &'a str,
    /// The `DEBUG=` value.
    pub debug: String,
    /// The `IMTA_DISPATCHER_DEBUG=` value.
    pub env: String,
    pub bits: Vec<Bit<'a>>,
}

/// `imtacfg debug show --format json`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct DebugShow<'a> {
    pub version: u32,
    pub file: &'a str,
    pub settings: Vec<DebugSetting<'a>>,
}

/// One `DEBUG` setting of a dispatcher.cnf.
#[derive(Debug, Serialize, JsonSchema)]
pub struct DebugSetting<'a> {
    /// `global` or the section (`SERVICE=SMTP`).
    pub scope: &'a str,
    pub line: usize,
    pub value: &'a str,
    pub decoded: Option<DecodedMask<'a>>,
    /// Why the value could not be decoded.
    pub error: Option<&'a str>,
}

/// `imtacfg heap --format json`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Heap<'a> {
    pub version: u32,
    pub file: &'a str,
    pub services: Vec<HeapService<'a>>,
    pub sum: u64,
    pub required: u64,
    pub datasize: Option<DatasizeValue>,
    /// Whether the data segment is large enough; `null` when that cannot be told.
    pub ok: Option<bool>,
    /// Services left out of the sum (STACKSIZE or MAX_CONNS unknown).
    pub unknown: &'a [String],
}

/// One service's part of the heap sum.
#[derive(Debug, Serialize, JsonSchema)]
pub struct HeapService<'a> {
    pub name: &'a str,
    pub stacksize: Option<u64>,
    /// `service`, `global` or `unknown`.
    pub stacksize_from: &'a str,
    pub max_conns: Option<u64>,
    pub max_conns_from: &'a str,
    pub product: Option<u64>,
}

/// The data-segment limit: bytes, or `"unlimited"`.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum DatasizeValue {
    Bytes(u64),
    Unlimited(Unlimited),
}

/// The word `unlimited`.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Unlimited {
    Unlimited,
}

/// `imtacfg rules --format json`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Rules<'a> {
    pub version: u32,
    pub rules: Vec<Rule<'a>>,
}

/// One rule of the registry.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Rule<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub severity: &'a str,
    pub summary: &'a str,
    pub why: &'a str,
    pub example: &'a str,
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
