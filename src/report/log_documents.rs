//! The versioned documents of `imtacfg log`: one NDJSON record per log line (`log
//! parse`), and the JSON of `log layout`, `log trace` and `log stats`. Typed, so their
//! JSON Schemas in `schemas/` are generated from here.
//!
//! Layer: uses `log` (records and their value decoders).

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Serialize;

use crate::log::fields::FieldId;
use crate::log::record::{Record, text};
use crate::log::{codes, values};

/// The version of the `log` documents.
pub const LOG_VERSION: u32 = 1;

/// One decoded line (`imtacfg log parse --format ndjson`, one per line).
#[derive(Debug, Serialize, JsonSchema)]
pub struct LogRecord {
    pub version: u32,
    /// The input, as named on the command line (`-` for standard input).
    pub file: String,
    /// 1-based line number in that input.
    pub line: u64,
    /// The `LOG_FORMAT` of the line (1 to 6; 0 when it could not be told).
    pub format: u8,
    /// `message`, `connection`, `header` or `error`.
    pub kind: &'static str,
    /// The time stamp in ISO 8601 form (local time, as logged).
    pub time: Option<String>,
    /// The fields as written (after XML/JSON unescaping), in entry order.
    #[schemars(with = "BTreeMap<String, String>")]
    pub fields: serde_json::Map<String, serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<Code>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub process: Option<Process>,
    /// The address of the original To (without `rfc822;`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub orig_to_address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub queue_file: Option<QueueFile>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub connection: Option<Connection>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transport: Option<Transport>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub application: Option<Application>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub diagnostic: Option<Diagnostic>,
    /// The remote IP address, from the transport information, the connection
    /// information or the diagnostic, whichever the entry has.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remote_ip: Option<String>,
    /// XML attributes or JSON members without a known field, kept as written.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub extra: BTreeMap<String, String>,
    /// The line as read, without its newline (Latin-1 when not UTF-8: see `raw_latin1`).
    pub raw: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub raw_latin1: bool,
    /// The line had no newline (the last line of a file).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub no_newline: bool,
    /// The line was longer than the limit; `raw` is its head.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub cut: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// The entry code split into action and modifiers.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Code {
    pub action: String,
    pub meaning: &'static str,
    pub modifiers: Vec<Modifier>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct Modifier {
    pub letter: String,
    pub meaning: &'static str,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct Process {
    /// The process id as written (hexadecimal).
    pub pid: String,
    pub pid_decimal: u64,
    pub thread: Option<u64>,
    pub sequence: u64,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct QueueFile {
    pub channel: Option<String>,
    pub subdirectory: Option<String>,
    /// Delivery attempts before this one (ZZ = 0, ZY = 1, …).
    pub attempts: Option<u32>,
    pub unique: String,
    pub suffix: String,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct Connection {
    pub host: String,
    pub dns: Option<String>,
    pub ip: Option<String>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct Transport {
    pub protocol: String,
    pub local_ip: String,
    pub local_port: Option<u16>,
    pub remote_ip: String,
    pub remote_port: Option<u16>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct Application {
    pub protocol: String,
    pub initial_host: Option<String>,
    pub dns_host: Option<String>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct Diagnostic {
    pub remote_host: Option<String>,
    pub transport: Option<Transport>,
    pub banner: Option<String>,
    pub reply: Option<String>,
    pub reply_code: Option<u16>,
    pub status: Option<String>,
}

fn transport(t: values::Transport<'_>) -> Transport {
    Transport {
        protocol: t.protocol.into(),
        local_ip: t.local_ip.into(),
        local_port: t.local_port,
        remote_ip: t.remote_ip.into(),
        remote_port: t.remote_port,
    }
}

/// The document of one record; `names` are the input names.
pub fn log_record(r: &Record<'_>, names: &[String]) -> LogRecord {
    let mut fields = serde_json::Map::new();
    for (id, v) in r.fields.iter() {
        fields.insert(id.name().into(), text(v).into_owned().into());
    }
    let s = |id: FieldId| r.str(id);
    let code = s(FieldId::Code).filter(|c| !c.is_empty()).map(|c| {
        let b = c.as_bytes();
        Code {
            action: char::from(b[0]).to_string(),
            meaning: codes::action(b[0]).map_or("unknown action", |a| a.1),
            modifiers: b[1..]
                .iter()
                .map(|&m| Modifier {
                    letter: char::from(m).to_string(),
                    meaning: codes::modifier(m),
                })
                .collect(),
        }
    });
    let process = s(FieldId::Process).and_then(|p| {
        values::process(&p).map(|p| Process {
            pid: p.pid.into(),
            pid_decimal: p.pid_value,
            thread: p.thread,
            sequence: p.sequence,
        })
    });
    let queue_file = s(FieldId::File).and_then(|f| {
        values::queue_file(&f).map(|q| QueueFile {
            channel: q.channel.map(Into::into),
            subdirectory: q.subdirectory.map(Into::into),
            attempts: q.attempts,
            unique: q.unique.into(),
            suffix: q.suffix.into(),
        })
    });
    let connection = s(FieldId::Connection).map(|c| {
        let c = values::connection(&c);
        Connection {
            host: c.host.into(),
            dns: c.dns.map(Into::into),
            ip: c.ip.map(Into::into),
        }
    });
    let diagnostic = s(FieldId::Diagnostic).map(|d| {
        let d = values::diagnostic(&d);
        Diagnostic {
            remote_host: d.remote_host.map(Into::into),
            transport: d.transport.map(transport),
            banner: d.banner.map(Into::into),
            reply: d.reply.map(Into::into),
            reply_code: d.reply_code,
            status: d.status.map(Into::into),
        }
    });
    let raw_latin1 = std::str::from_utf8(r.raw).is_err();
    LogRecord {
        version: LOG_VERSION,
        file: names.get(r.file).cloned().unwrap_or_default(),
        line: r.line,
        format: r.format,
        kind: r.kind.as_str(),
        time: r.time.map(|t| t.to_string()),
        fields,
        code,
        process,
        orig_to_address: r.orig_address().map(|a| text(a).into_owned()),
        queue_file,
        connection,
        transport: s(FieldId::Transport).and_then(|t| values::transport(&t).map(transport)),
        application: s(FieldId::Application).and_then(|a| {
            values::application(&a).map(|a| Application {
                protocol: a.protocol.into(),
                initial_host: a.initial_host.map(Into::into),
                dns_host: a.dns_host.map(Into::into),
            })
        }),
        diagnostic,
        remote_ip: r.remote_ip(),
        extra: r.extra.iter().cloned().collect(),
        raw: text(r.raw).into_owned(),
        raw_latin1,
        no_newline: !r.newline,
        cut: r.cut,
        error: r.error.as_ref().map(|e| e.to_string()),
    }
}

/// The name of a `LOG_FORMAT` value.
pub fn format_name(f: u8) -> &'static str {
    match f {
        1 => "standard",
        2 => "non-null",
        3 => "counted",
        4 => "XML",
        5 => "JSON",
        6 => "flat JSON",
        _ => "unknown",
    }
}

/// `imtacfg log layout --format json`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct LayoutDoc {
    pub version: u32,
    pub log_format: u8,
    pub format_name: &'static str,
    pub block_size: i64,
    pub separate_connection_log: bool,
    /// Every `LOG_*` option that shapes entries: value and `set`, `default` or
    /// `LOG_FORMAT>3 default`.
    pub options: Vec<OptionValue>,
    pub message_fields: Vec<FieldDoc>,
    pub connection_fields: Vec<FieldDoc>,
    pub files: Vec<FileDoc>,
    pub logging_channels: Vec<String>,
    pub silent_channels: Vec<String>,
    pub channel_options: Vec<ChannelOptionsDoc>,
    pub example_message: String,
    pub example_connection: Option<String>,
    pub notes: Vec<String>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct OptionValue {
    pub name: &'static str,
    pub value: i64,
    pub source: &'static str,
}

/// One field of an entry.
#[derive(Debug, Serialize, JsonSchema)]
pub struct FieldDoc {
    pub name: &'static str,
    /// 1-based place among the fields written; `null` when not written.
    pub position: Option<usize>,
    pub on: bool,
    /// Written only when the information exists.
    pub when_available: bool,
    /// The option that decides it (`null`: always written).
    pub option: Option<String>,
    /// How sure the spec is of the position: `documented`, `example` or `unverified`.
    pub confidence: &'static str,
    /// The XML attribute / JSON member.
    pub attribute: &'static str,
    /// Prefixed with its length in LOG_FORMAT=3.
    pub counted: bool,
    pub about: &'static str,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct FileDoc {
    pub path: String,
    pub holds: &'static str,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct ChannelOptionsDoc {
    pub channel: String,
    pub file: String,
    pub options: BTreeMap<String, String>,
}

fn field_docs(fields: &[crate::log::layout::FieldUse]) -> Vec<FieldDoc> {
    let mut n = 0;
    fields
        .iter()
        .map(|f| {
            let position = f.on.then(|| {
                n += 1;
                n
            });
            FieldDoc {
                name: f.def.name,
                position,
                on: f.on,
                when_available: f.def.when_available,
                option: f.option.map(|(name, v, _)| format!("{name}={v}")),
                confidence: f.def.confidence.as_str(),
                attribute: f.def.attr,
                counted: f.def.counted,
                about: f.def.about,
            }
        })
        .collect()
}

/// The document of a layout.
pub fn layout_document(l: &crate::log::layout::Layout) -> LayoutDoc {
    let p = &l.profile;
    LayoutDoc {
        version: LOG_VERSION,
        log_format: p.format,
        format_name: format_name(p.format),
        block_size: p.value("BLOCK_SIZE"),
        separate_connection_log: p.value("SEPARATE_CONNECTION_LOG") == 1,
        options: p
            .values
            .iter()
            .map(|(&name, &(value, src))| OptionValue {
                name,
                value,
                source: src.as_str(),
            })
            .collect(),
        message_fields: field_docs(&l.message),
        connection_fields: field_docs(&l.connection),
        files: l
            .files
            .iter()
            .map(|(f, h)| FileDoc {
                path: f.clone(),
                holds: h,
            })
            .collect(),
        logging_channels: l.logging.clone(),
        silent_channels: l.not_logging.clone(),
        channel_options: l
            .channels
            .iter()
            .map(|c| ChannelOptionsDoc {
                channel: c.channel.clone(),
                file: c.file.clone(),
                options: c.options.iter().cloned().collect(),
            })
            .collect(),
        example_message: l.example_message.clone(),
        example_connection: l.example_connection.clone(),
        notes: l.notes.clone(),
    }
}

/// `imtacfg log trace --format json`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct TraceDoc {
    pub version: u32,
    pub key: String,
    /// `message-id`, `address` or `queue-file`.
    pub key_kind: &'static str,
    pub entries: Vec<TraceEntry>,
    pub recipients: Vec<RecipientFate>,
    /// Options that would make the trace more complete, with the command that sets them.
    pub advice: Vec<AdviceDoc>,
    /// More entries matched than are kept.
    pub truncated: bool,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct TraceEntry {
    pub file: String,
    pub line: u64,
    pub time: Option<String>,
    /// Seconds since the previous entry of the trace.
    pub since_previous: Option<f64>,
    pub kind: &'static str,
    pub code: String,
    pub source_channel: String,
    pub destination_channel: String,
    pub from: String,
    pub to: String,
    pub orig_to: String,
    pub queue_file: Option<String>,
    /// Delivery attempts before this one, from the queue file name.
    pub attempts: Option<u32>,
    pub message_id: Option<String>,
    pub process: Option<String>,
    pub diagnostic: Option<String>,
    pub remote_ip: Option<String>,
    pub raw: String,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct RecipientFate {
    pub recipient: String,
    pub fate: String,
    pub channel: String,
    pub reason: Option<String>,
    pub retries: u32,
    pub seconds: Option<f64>,
    pub notification: bool,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct AdviceDoc {
    pub option: &'static str,
    pub why: &'static str,
    pub command: String,
}

/// `imtacfg log stats --format json`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct StatsDoc {
    pub version: u32,
    /// `channel`, `code`, `hour`, `remote-ip` or `reason`.
    pub by: &'static str,
    pub records: u64,
    pub errors: u64,
    pub message_entries: u64,
    pub connection_entries: u64,
    /// The bytes of a size block (BLOCK_SIZE, from the configuration, else 1024).
    pub block_size: u64,
    pub groups: Vec<StatsGroup>,
    pub delays: Vec<DelayDoc>,
    pub failures: Vec<Counted>,
    pub auth_failures: Vec<Counted>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct StatsGroup {
    pub key: String,
    pub entries: u64,
    pub blocks: u64,
    /// Upper bound: sizes are rounded up to whole blocks.
    pub bytes_at_most: u64,
    pub enqueued: u64,
    pub delivered: u64,
    pub failed: u64,
}

/// Enqueue-to-dequeue delays of one channel, in seconds.
#[derive(Debug, Serialize, JsonSchema)]
pub struct DelayDoc {
    pub channel: String,
    pub count: u64,
    pub mean: f64,
    pub p50: f64,
    pub p90: f64,
    pub p99: f64,
    pub max: f64,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct Counted {
    pub key: String,
    pub count: u64,
}

/// The JSON Schema of each `log` document, by file name under `schemas/`.
pub fn log_schemas() -> Vec<(&'static str, serde_json::Value)> {
    fn of<T: JsonSchema>() -> serde_json::Value {
        serde_json::to_value(schemars::schema_for!(T)).unwrap_or_default()
    }
    vec![
        ("log-record.json", of::<LogRecord>()),
        ("log-layout.json", of::<LayoutDoc>()),
        ("log-trace.json", of::<TraceDoc>()),
        ("log-stats.json", of::<StatsDoc>()),
    ]
}
