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
    /// The version of this document, `LOG_VERSION`.
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
    /// The entry code decoded: action letter and modifier letters, with their meanings (absent when the entry has no code).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<Code>,
    /// The process field (`LOG_PROCESS`) decoded: process id, thread and sequence (absent when not logged or not readable).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub process: Option<Process>,
    /// The address of the original To (without `rfc822;`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub orig_to_address: Option<String>,
    /// The queue file name (`LOG_FILENAME`) decoded: channel, subdirectory, attempts, unique part and suffix (absent when not logged or not a queue file name).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub queue_file: Option<QueueFile>,
    /// The connection information (`LOG_CONNECTION`, `HELO (DNS [IP])`) decoded (absent when not logged).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub connection: Option<Connection>,
    /// The transport information (`TCP|local-ip|port|remote-ip|port`) decoded (absent when not logged or not readable).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transport: Option<Transport>,
    /// The application information (`SMTP/initial-host/dns-host`) decoded (absent when not logged or not readable).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub application: Option<Application>,
    /// The SMTP delivery-status tail of the diagnostic decoded (absent when the entry has no diagnostic).
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
    /// The line was not valid UTF-8, so `raw` was read as Latin-1.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub raw_latin1: bool,
    /// The line had no newline (the last line of a file).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub no_newline: bool,
    /// The line was longer than the limit; `raw` is its head.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub cut: bool,
    /// Why the line could not be decoded, when it could not (`kind` is then `error`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// The entry code split into action and modifiers.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Code {
    /// The action letter (the first character of the code: `E`, `D`, `R`, `Q`, `O`, `C`, ...).
    pub action: String,
    /// What the action means (`unknown action` for a letter not in the spec).
    pub meaning: &'static str,
    /// The modifier letters after the action, in the order written.
    pub modifiers: Vec<Modifier>,
}

/// One modifier letter of an entry code.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Modifier {
    /// The letter, as written.
    pub letter: String,
    /// What it means, such as ESMTP, TLS or SASL (`unknown modifier` for a letter not in the spec).
    pub meaning: &'static str,
}

/// The process field: which MTA process (and thread) wrote the entry.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Process {
    /// The process id as written (hexadecimal).
    pub pid: String,
    /// The same process id in decimal.
    pub pid_decimal: u64,
    /// The thread number, when the field has one.
    pub thread: Option<u64>,
    /// The sequence number of the entry within the process.
    pub sequence: u64,
}

/// A queue file name, split into its parts.
#[derive(Debug, Serialize, JsonSchema)]
pub struct QueueFile {
    /// The channel directory of the queue area (absent for a bare file name).
    pub channel: Option<String>,
    /// The numbered subdirectory under the channel directory (MS 6.3 and later), when there is one.
    pub subdirectory: Option<String>,
    /// Delivery attempts before this one (ZZ = 0, ZY = 1, …).
    pub attempts: Option<u32>,
    /// The unique part of the name, between the attempt count and the suffix.
    pub unique: String,
    /// The suffix after the dot, usually `00`; `HELD` for a held message.
    pub suffix: String,
}

/// The connection information of an entry: `HELO (DNS [IP])`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Connection {
    /// The host name the client gave in HELO/EHLO (or the whole field when it has no parentheses).
    pub host: String,
    /// The host name from DNS, when shown (the `ident*` channel keywords decide).
    pub dns: Option<String>,
    /// The IP address in brackets, when shown.
    pub ip: Option<String>,
}

/// The transport information: protocol and both ends of the connection.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Transport {
    /// The transport protocol, such as `TCP`.
    pub protocol: String,
    /// The IP address of the MTA's end.
    pub local_ip: String,
    /// The port of the MTA's end, when written.
    pub local_port: Option<u16>,
    /// The IP address of the other end.
    pub remote_ip: String,
    /// The port of the other end, when written.
    pub remote_port: Option<u16>,
}

/// The application information: protocol and the remote host's names.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Application {
    /// The application protocol, such as `SMTP` or `ESMTP`.
    pub protocol: String,
    /// The host name the remote host gave of itself, when written.
    pub initial_host: Option<String>,
    /// The remote host's name from DNS, when written.
    pub dns_host: Option<String>,
}

/// The SMTP delivery-status tail of a diagnostic, split into its parts; each part is absent when the diagnostic does not have it.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Diagnostic {
    /// The remote host the status came from.
    pub remote_host: Option<String>,
    /// The transport information embedded in the diagnostic.
    pub transport: Option<Transport>,
    /// The remote host's SMTP banner (greeting).
    pub banner: Option<String>,
    /// The remote host's SMTP reply, as written.
    pub reply: Option<String>,
    /// The three-digit SMTP reply code, such as 550.
    pub reply_code: Option<u16>,
    /// The enhanced status code, such as `5.1.1`.
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
        Connection { host: c.host.into(), dns: c.dns.map(Into::into), ip: c.ip.map(Into::into) }
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
    /// The version of this document, `LOG_VERSION`.
    pub version: u32,
    /// The `LOG_FORMAT` in effect (1 to 6).
    pub log_format: u8,
    /// The name of that format: standard, non-null, counted, XML, JSON or flat JSON.
    pub format_name: &'static str,
    /// The `BLOCK_SIZE` in effect: bytes per block of the size fields.
    pub block_size: i64,
    /// Connection entries go to `connection.log` rather than `mail.log` (`SEPARATE_CONNECTION_LOG=1`).
    pub separate_connection_log: bool,
    /// Every `LOG_*` option that shapes entries: value and `set`, `default` or
    /// `LOG_FORMAT>3 default`.
    pub options: Vec<OptionValue>,
    /// The fields of a message entry, in the order they are written, with those switched off.
    pub message_fields: Vec<FieldDoc>,
    /// The fields of a connection entry, in the order they are written, with those switched off.
    pub connection_fields: Vec<FieldDoc>,
    /// The log files the configuration writes, with what each holds.
    pub files: Vec<FileDoc>,
    /// The channels that write entries (`logging`).
    pub logging_channels: Vec<String>,
    /// The channels that do not log (`nologging`).
    pub silent_channels: Vec<String>,
    /// The channel option files with logging options, per channel.
    pub channel_options: Vec<ChannelOptionsDoc>,
    /// A made-up message entry in this layout.
    pub example_message: String,
    /// A made-up connection entry in this layout, when connections are logged.
    pub example_connection: Option<String>,
    /// Remarks on the layout: entries that are not written, fields found by their shape, what channel options add to diagnostics.
    pub notes: Vec<String>,
}

/// One `LOG_*` (or related) option and where its value comes from.
#[derive(Debug, Serialize, JsonSchema)]
pub struct OptionValue {
    /// The option name, such as `LOG_FILENAME`.
    pub name: &'static str,
    /// Its value in effect.
    pub value: i64,
    /// Where the value comes from: `set` (in the option file), `default`, or `LOG_FORMAT>3 default`.
    pub source: &'static str,
}

/// One field of an entry.
#[derive(Debug, Serialize, JsonSchema)]
pub struct FieldDoc {
    /// The field's name, as in `log parse` output.
    pub name: &'static str,
    /// 1-based place among the fields written; `null` when not written.
    pub position: Option<usize>,
    /// The field is written in this layout.
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
    /// What the field holds, in a few words.
    pub about: &'static str,
}

/// One log file of the configuration.
#[derive(Debug, Serialize, JsonSchema)]
pub struct FileDoc {
    /// The file's path.
    pub path: String,
    /// What is written to it.
    pub holds: &'static str,
}

/// The logging options of one channel's option file.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ChannelOptionsDoc {
    /// The channel name.
    pub channel: String,
    /// The path of its option file.
    pub file: String,
    /// The logging options set there, by name, with their values as written.
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
            .map(|(&name, &(value, src))| OptionValue { name, value, source: src.as_str() })
            .collect(),
        message_fields: field_docs(&l.message),
        connection_fields: field_docs(&l.connection),
        files: l.files.iter().map(|(f, h)| FileDoc { path: f.clone(), holds: h }).collect(),
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
    /// The version of this document, `LOG_VERSION`.
    pub version: u32,
    /// The key traced, as given on the command line.
    pub key: String,
    /// `message-id`, `address` or `queue-file`.
    pub key_kind: &'static str,
    /// The entries of the trace, in time order.
    pub entries: Vec<TraceEntry>,
    /// The fate of each recipient at the end of the trace.
    pub recipients: Vec<RecipientFate>,
    /// Options that would make the trace more complete, with the command that sets them.
    pub advice: Vec<AdviceDoc>,
    /// More entries matched than are kept.
    pub truncated: bool,
}

/// One log entry of a trace.
#[derive(Debug, Serialize, JsonSchema)]
pub struct TraceEntry {
    /// The input it was read from, as named on the command line.
    pub file: String,
    /// 1-based line number in that input.
    pub line: u64,
    /// The time stamp in ISO 8601 form (local time, as logged), when it has one.
    pub time: Option<String>,
    /// Seconds since the previous entry of the trace.
    pub since_previous: Option<f64>,
    /// `message`, `connection`, `header` or `error`.
    pub kind: &'static str,
    /// The entry code, as written (empty when none).
    pub code: String,
    /// The source channel (empty when none).
    pub source_channel: String,
    /// The destination channel (empty when none).
    pub destination_channel: String,
    /// The envelope From (empty for a notification, or when none).
    pub from: String,
    /// The envelope To, as the entry has it (empty when none).
    pub to: String,
    /// The original envelope To (the ORCPT), without `rfc822;` (empty when none is known).
    pub orig_to: String,
    /// The queue file name, when logged (`LOG_FILENAME`).
    pub queue_file: Option<String>,
    /// Delivery attempts before this one, from the queue file name.
    pub attempts: Option<u32>,
    /// The Message-ID, when logged (`LOG_MESSAGE_ID`).
    pub message_id: Option<String>,
    /// The process field as written, when logged (`LOG_PROCESS`).
    pub process: Option<String>,
    /// The diagnostic (or, failing it, the reason field), when the entry has one.
    pub diagnostic: Option<String>,
    /// The remote IP address, when the entry has one.
    pub remote_ip: Option<String>,
    /// The line as read, without its newline.
    pub raw: String,
}

/// What became of one recipient by the end of the trace.
#[derive(Debug, Serialize, JsonSchema)]
pub struct RecipientFate {
    /// The recipient: the original To, with the current To in parentheses when its local part differs (a list member, for instance).
    pub recipient: String,
    /// What became of it: delivered, bounced, refused, returned silently, still queued, or the last code seen.
    pub fate: String,
    /// The last channel it was seen on.
    pub channel: String,
    /// The diagnostic of the last failure (bounce reason or retry error), when there was one.
    pub reason: Option<String>,
    /// Temporary failures (`Q` entries) on the way.
    pub retries: u32,
    /// Seconds from its first entry to its last, when both have a time.
    pub seconds: Option<f64>,
    /// It is the recipient of a notification (empty envelope From).
    pub notification: bool,
}

/// A logging option that would make the trace more complete.
#[derive(Debug, Serialize, JsonSchema)]
pub struct AdviceDoc {
    /// The option, such as `LOG_MESSAGE_ID`.
    pub option: &'static str,
    /// What the trace misses without it.
    pub why: &'static str,
    /// The `imtacfg option set` command that sets it.
    pub command: String,
}

/// `imtacfg log stats --format json`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct StatsDoc {
    /// The version of this document, `LOG_VERSION`.
    pub version: u32,
    /// `channel`, `code`, `hour`, `remote-ip` or `reason`.
    pub by: &'static str,
    /// Lines read.
    pub records: u64,
    /// Lines that could not be decoded.
    pub errors: u64,
    /// Message entries (enqueues, dequeues, failures, ...).
    pub message_entries: u64,
    /// Connection entries (`LOG_CONNECTION`).
    pub connection_entries: u64,
    /// The bytes of a size block (BLOCK_SIZE, from the configuration, else 1024).
    pub block_size: u64,
    /// The counts of each group, most entries first (at most `--top`).
    pub groups: Vec<StatsGroup>,
    /// Enqueue-to-dequeue delays, per channel.
    pub delays: Vec<DelayDoc>,
    /// The most frequent failure diagnostics (addresses masked), with their counts.
    pub failures: Vec<Counted>,
    /// Remote IP addresses with the most SMTP authentication failures, with their counts.
    pub auth_failures: Vec<Counted>,
}

/// The counts of one group.
#[derive(Debug, Serialize, JsonSchema)]
pub struct StatsGroup {
    /// The group: a channel, code, hour, remote IP or failure reason, by `by`; `(other)` collects the groups beyond the limit.
    pub key: String,
    /// Entries in the group.
    pub entries: u64,
    /// Sum of the size fields, in blocks of `block_size` bytes.
    pub blocks: u64,
    /// Upper bound: sizes are rounded up to whole blocks.
    pub bytes_at_most: u64,
    /// Enqueue entries (`E`).
    pub enqueued: u64,
    /// Dequeue entries (`D`).
    pub delivered: u64,
    /// Failure entries among the message entries: temporary failures (`Q`, `Z`), rejections and returns (`R`, `J`, `K`), bad commands (`B`) and aborts (`V`).
    pub failed: u64,
}

/// Enqueue-to-dequeue delays of one channel, in seconds.
#[derive(Debug, Serialize, JsonSchema)]
pub struct DelayDoc {
    /// The channel the message was enqueued to (and dequeued from).
    pub channel: String,
    /// Enqueues matched with their dequeue.
    pub count: u64,
    /// The mean delay.
    pub mean: f64,
    /// The median delay (within 2%: the delays are kept in a histogram).
    pub p50: f64,
    /// The 90th percentile of the delays (within 2%).
    pub p90: f64,
    /// The 99th percentile of the delays (within 2%).
    pub p99: f64,
    /// The longest delay.
    pub max: f64,
}

/// A key with its count.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Counted {
    /// What is counted (a diagnostic or an IP address).
    pub key: String,
    /// How many times it was seen.
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
