//! The format knowledge of the transaction log in one table: every field an entry can
//! carry, in the order the text formats write it, the option that puts it there, how
//! sure the spec is of its position, its XML/JSON attribute name, and whether
//! `LOG_FORMAT=3` prefixes it with a count. Decoders, the layout and the renderer all
//! read this table; nothing else encodes field order.
//!
//! Layer: uses nothing but the standard library.

/// One field of a log entry. The discriminants are the text order of message entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub enum FieldId {
    /// The time stamp of the entry.
    Time,
    /// The host name of the node that wrote the entry (`LOG_NODE`).
    Node,
    /// The process id, thread and sequence number (`LOG_PROCESS`).
    Process,
    /// The channel that enqueued the message or is processing it.
    SourceChannel,
    /// The channel enqueued to; empty on a dequeue; `+` or `-` on a connection entry.
    DestChannel,
    /// The entry code: an action letter and modifier letters.
    Code,
    /// The message size, in blocks of `BLOCK_SIZE` bytes, rounded up.
    Size,
    /// The envelope From (empty for notifications).
    From,
    /// The original envelope To, in ORCPT form (`rfc822;address`).
    OrigTo,
    /// The current envelope To.
    To,
    /// The NOTARY (delivery receipt request) flags, an integer (`LOG_NOTARY`).
    Notary,
    /// The queue file name (`LOG_FILENAME`).
    File,
    /// The NOTARY envelope id (`LOG_ENVELOPE_ID`).
    EnvelopeId,
    /// The Message-ID; a notification has `<new-id>,<original-id>` (`LOG_MESSAGE_ID`).
    MessageId,
    /// The user that enqueued the message; `*name` after SMTP AUTH (`LOG_USERNAME`).
    Username,
    /// The connection information, `HELO (DNS [IP])` (`LOG_CONNECTION`).
    Connection,
    /// The value of the Sensitivity: header (`LOG_SENSITIVITY`).
    Sensitivity,
    /// The value of the Priority: header (`LOG_PRIORITY`).
    Priority,
    /// The intermediate address (`LOG_INTERMEDIATE`).
    Intermediate,
    /// The initial address (`LOG_INTERMEDIATE`).
    Initial,
    /// The Sieve filter actions taken (`LOG_FILTER`).
    Filter,
    /// The rejection reason, MS 6.3 and later (`LOG_REASON`).
    Reason,
    /// The diagnostic: the delivery status, or the close reason or authentication result of a connection (`LOG_DIAGNOSTICS`).
    Diagnostic,
    /// The remote MTA, moved out of the diagnostic (`LOG_REMOTE_MTA`).
    RemoteMta,
    /// The transport information, `TCP|local-ip|local-port|remote-ip|remote-port` (`LOG_CONNECTION` bit 32).
    Transport,
    /// The application information, such as `SMTP/initial-host/dns-host` (`LOG_CONNECTION` bit 64).
    Application,
    /// The seconds the message spent in the queue (`LOG_QUEUE_TIME`).
    QueueTime,
}

/// The number of fields (the length of [`FIELDS`]).
pub const FIELD_COUNT: usize = FieldId::QueueTime as usize + 1;

/// How sure the spec is of a field's place in the text formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confidence {
    /// A vendor page states it.
    Documented,
    /// Seen in a documented example line.
    Example,
    /// Inferred (list order, analogy): a decoder must not insist on it.
    Unverified,
}

impl Confidence {
    /// The name used in `log layout` output: `documented`, `example` or `unverified`.
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::Documented => "documented",
            Confidence::Example => "example",
            Confidence::Unverified => "unverified",
        }
    }
}

/// Which entries carry a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entries {
    /// Message entries only (enqueue, dequeue, failure, ...).
    Message,
    /// Connection entries only (open, close, failure, authentication).
    Connection,
    /// Message and connection entries.
    Both,
}

/// What turns a field on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Enable {
    /// Always written.
    Always,
    /// Written when `(option value & mask) != 0`.
    Option(&'static str, i64),
}

/// One row of the field table.
#[derive(Debug, Clone, Copy)]
pub struct FieldDef {
    /// The field this row describes.
    pub id: FieldId,
    /// The key in NDJSON output and in `log layout`.
    pub name: &'static str,
    /// The two-letter XML attribute / JSON member (`LOG_FORMAT` 4 to 6).
    pub attr: &'static str,
    /// What makes the MTA write it.
    pub enable: Enable,
    /// Which entries (message, connection or both) carry it.
    pub entries: Entries,
    /// Prefixed with `N:` in `LOG_FORMAT=3`.
    pub counted: bool,
    /// Only written when the information exists, even with its option on.
    pub when_available: bool,
    /// May contain spaces (so cannot be split on blanks in `LOG_FORMAT` 1 and 2).
    pub spaces: bool,
    /// How sure the spec is of its place in the text formats.
    pub confidence: Confidence,
    /// What it holds, in a few words.
    pub about: &'static str,
}

use Confidence::{Documented as Doc, Example as Ex, Unverified as Unv};
use Enable::{Always, Option as Opt};
use Entries::{Both, Message as Msg};

macro_rules! row {
    ($id:ident, $name:literal, $attr:literal, $enable:expr, $entries:expr, counted=$c:literal, avail=$a:literal, spaces=$s:literal, $conf:expr, $about:literal) => {
        FieldDef {
            id: FieldId::$id,
            name: $name,
            attr: $attr,
            enable: $enable,
            entries: $entries,
            counted: $c,
            when_available: $a,
            spaces: $s,
            confidence: $conf,
            about: $about,
        }
    };
}

/// Every field, in text order (indexed by [`FieldId`]).
#[rustfmt::skip]
pub const FIELDS: [FieldDef; FIELD_COUNT] = [
    row!(Time, "time", "ts", Always, Both, counted = false, avail = false, spaces = true, Doc, "date and time of the entry"),
    row!(Node, "node", "no", Opt("LOG_NODE", 1), Both, counted = false, avail = false, spaces = false, Doc, "host name of the node (empty before 6.3 on UNIX)"),
    row!(Process, "process", "pi", Opt("LOG_PROCESS", 1), Both, counted = false, avail = false, spaces = false, Doc, "pid in hex, thread, sequence number"),
    row!(SourceChannel, "source_channel", "sc", Always, Both, counted = false, avail = false, spaces = false, Doc, "channel that enqueued or is processing"),
    row!(DestChannel, "destination_channel", "dc", Always, Both, counted = false, avail = false, spaces = false, Doc, "channel enqueued to; empty on dequeue; + or - on connections"),
    row!(Code, "code", "ac", Always, Both, counted = false, avail = false, spaces = false, Doc, "action letter and modifier letters"),
    row!(Size, "size", "sz", Always, Msg, counted = false, avail = false, spaces = false, Doc, "size in BLOCK_SIZE units, rounded up"),
    row!(From, "from", "so", Always, Msg, counted = true, avail = false, spaces = false, Doc, "envelope From (empty for notifications)"),
    row!(OrigTo, "orig_to", "od", Always, Msg, counted = true, avail = false, spaces = false, Doc, "original envelope To, rfc822;address"),
    row!(To, "to", "de", Always, Msg, counted = true, avail = false, spaces = false, Doc, "current envelope To"),
    row!(Notary, "notary", "rf", Opt("LOG_NOTARY", 1), Msg, counted = false, avail = false, spaces = false, Ex, "NOTARY recipient flags, an integer"),
    row!(File, "file", "fi", Opt("LOG_FILENAME", 1), Msg, counted = true, avail = false, spaces = false, Ex, "queue file name"),
    row!(EnvelopeId, "envelope_id", "ei", Opt("LOG_ENVELOPE_ID", 1), Msg, counted = true, avail = false, spaces = false, Unv, "NOTARY envelope id"),
    row!(MessageId, "message_id", "mi", Opt("LOG_MESSAGE_ID", 1), Msg, counted = true, avail = false, spaces = false, Ex, "Message-ID; notifications: <new>,<original>"),
    row!(Username, "username", "us", Opt("LOG_USERNAME", 1), Both, counted = true, avail = false, spaces = false, Ex, "enqueuing user; *name after SMTP AUTH"),
    row!(Connection, "connection", "ss", Opt("LOG_CONNECTION", 1), Msg, counted = true, avail = true, spaces = true, Ex, "HELO (DNS [IP]) on enqueue, remote host on dequeue"),
    row!(Sensitivity, "sensitivity", "se", Opt("LOG_SENSITIVITY", 1), Msg, counted = false, avail = false, spaces = false, Unv, "Sensitivity: header"),
    row!(Priority, "priority", "pr", Opt("LOG_PRIORITY", 1), Msg, counted = false, avail = false, spaces = false, Unv, "Priority: header"),
    row!(Intermediate, "intermediate", "in", Opt("LOG_INTERMEDIATE", 1), Msg, counted = true, avail = false, spaces = false, Unv, "intermediate address"),
    row!(Initial, "initial", "ia", Opt("LOG_INTERMEDIATE", 1), Msg, counted = true, avail = true, spaces = false, Unv, "initial address"),
    row!(Filter, "filter", "fl", Opt("LOG_FILTER", 1), Msg, counted = true, avail = true, spaces = true, Unv, "Sieve filter actions"),
    row!(Reason, "reason", "re", Opt("LOG_REASON", 1), Msg, counted = true, avail = true, spaces = true, Doc, "rejection reason (6.3+)"),
    row!(Diagnostic, "diagnostic", "di", Opt("LOG_DIAGNOSTICS", 1), Both, counted = true, avail = true, spaces = true, Doc, "SMTP delivery status, close reason, auth result"),
    row!(RemoteMta, "remote_mta", "rm", Opt("LOG_REMOTE_MTA", 1), Msg, counted = false, avail = true, spaces = false, Doc, "remote MTA, moved out of the diagnostic"),
    row!(Transport, "transport", "tr", Opt("LOG_CONNECTION", 32), Both, counted = true, avail = true, spaces = false, Unv, "TCP|local-ip|local-port|remote-ip|remote-port"),
    row!(Application, "application", "ap", Opt("LOG_CONNECTION", 64), Both, counted = true, avail = true, spaces = false, Unv, "SMTP, or SMTP/initial-host/dns-host"),
    row!(QueueTime, "queue_time", "qt", Opt("LOG_QUEUE_TIME", 1), Msg, counted = false, avail = false, spaces = false, Doc, "seconds spent in the queue"),
];

/// The row of a field.
pub fn def(id: FieldId) -> &'static FieldDef {
    &FIELDS[id as usize]
}

impl FieldId {
    /// Every field in text order.
    pub fn all() -> impl Iterator<Item = FieldId> {
        FIELDS.iter().map(|f| f.id)
    }

    /// The field's name: the key in NDJSON output and in `log layout`.
    pub fn name(self) -> &'static str {
        def(self).name
    }

    /// The field of an XML attribute / JSON member name.
    pub fn from_attr(attr: &str) -> Option<FieldId> {
        FIELDS.iter().find(|f| f.attr == attr).map(|f| f.id)
    }
}

/// The text order of connection entries (SEED 21-9, 21-10: transport and application
/// information right after the code, then the diagnostic; the username's place in `U`
/// entries is not documented).
pub const CONNECTION_ORDER: [FieldId; 10] = [
    FieldId::Time,
    FieldId::Node,
    FieldId::Process,
    FieldId::SourceChannel,
    FieldId::DestChannel,
    FieldId::Code,
    FieldId::Transport,
    FieldId::Application,
    FieldId::Username,
    FieldId::Diagnostic,
];

/// The fields of an entry kind in text order.
pub fn order(connection: bool) -> Vec<&'static FieldDef> {
    if connection {
        CONNECTION_ORDER.iter().map(|&id| def(id)).collect()
    } else {
        FIELDS.iter().filter(|f| f.entries != Entries::Connection).collect()
    }
}

/// The `LOG_*` options of option.dat that shape entries, with their built-in default
/// in the text formats.
pub const OPTIONS: &[(&str, i64)] = &[
    ("LOG_FORMAT", 1),
    ("LOG_NODE", 0),
    ("LOG_PROCESS", 0),
    ("LOG_NOTARY", 0),
    ("LOG_FILENAME", 0),
    ("LOG_ENVELOPE_ID", 0),
    ("LOG_MESSAGE_ID", 0),
    ("LOG_USERNAME", 0),
    ("LOG_CONNECTION", 0),
    ("LOG_SENSITIVITY", 0),
    ("LOG_PRIORITY", 0),
    ("LOG_INTERMEDIATE", 0),
    ("LOG_FILTER", 0),
    ("LOG_REASON", 0),
    ("LOG_DIAGNOSTICS", 1),
    ("LOG_REMOTE_MTA", 0),
    ("LOG_QUEUE_TIME", 0),
    ("LOG_HEADER", 0),
    ("SEPARATE_CONNECTION_LOG", 0),
    ("BLOCK_SIZE", 1024),
];

/// Options whose default becomes 1 when `LOG_FORMAT` is above 3 (6.3p1 and later).
pub const XML_DEFAULTS_ON: &[&str] = &[
    "LOG_FILENAME", "LOG_FILTER", "LOG_MESSAGE_ID", "LOG_NOTARY", "LOG_PRIORITY", "LOG_PROCESS",
    "LOG_QUEUE_TIME", "LOG_REASON", "LOG_USERNAME",
];

/// `LOG_CONNECTION` bit 1: separate connection open/close entries.
pub const CONNECTION_ENTRIES: i64 = 2;
/// `LOG_CONNECTION` bit 7: authentication (`U`) entries.
pub const AUTH_ENTRIES: i64 = 128;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_indexed_by_field_id() {
        for (i, f) in FIELDS.iter().enumerate() {
            assert_eq!(f.id as usize, i, "{}", f.name);
        }
    }

    #[test]
    fn attribute_names_are_unique() {
        for a in &FIELDS {
            assert_eq!(FieldId::from_attr(a.attr), Some(a.id));
        }
    }
}
