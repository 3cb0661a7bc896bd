//! One decoded line: where it came from, its bytes as read, and its fields.
//!
//! Layer: uses `log::fields`, `log::time`, `log::values`, `log::codes`.

use std::borrow::Cow;

use super::fields::{FIELD_COUNT, FieldId};
use super::time::Timestamp;
use super::values;

/// What a line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    /// Enqueue, dequeue, rejection, … (one recipient).
    Message,
    /// Connection open, close, failure, authentication.
    Connection,
    /// A header entry (`he` in XML).
    Header,
    /// A line that could not be decoded (see [`Record::error`]).
    Error,
}

impl EntryKind {
    /// The name used in NDJSON output: `message`, `connection`, `header` or `error`.
    pub fn as_str(self) -> &'static str {
        match self {
            EntryKind::Message => "message",
            EntryKind::Connection => "connection",
            EntryKind::Header => "header",
            EntryKind::Error => "error",
        }
    }
}

/// The fields of a record, indexed by [`FieldId`]. Text formats store byte ranges of
/// the line (cheap to make and to drop, which matters at a million lines a second); values
/// that are not in the line (unescaped XML, JSON) are owned.
#[derive(Debug, Clone)]
pub struct Fields<'a> {
    base: &'a [u8],
    spans: [(u32, u32); FIELD_COUNT],
    owned: Vec<(FieldId, Vec<u8>)>,
}

const ABSENT: (u32, u32) = (u32::MAX, 0);
const OWNED: (u32, u32) = (u32::MAX, 1);

impl<'a> Fields<'a> {
    /// No fields yet, for a record of `line`.
    pub fn new(line: &'a [u8]) -> Fields<'a> {
        Fields { base: line, spans: [ABSENT; FIELD_COUNT], owned: Vec::new() }
    }

    /// A field's bytes (`None` when the entry does not have it; empty when written empty).
    pub fn get(&self, id: FieldId) -> Option<&[u8]> {
        match self.spans[id as usize] {
            ABSENT => None,
            OWNED => self.owned.iter().rev().find(|(i, _)| *i == id).map(|(_, v)| v.as_slice()),
            (a, b) => self.base.get(a as usize..b as usize),
        }
    }

    /// Set a field: a slice of the line is kept as its range, anything else is copied.
    pub fn set(&mut self, id: FieldId, v: impl Into<Cow<'a, [u8]>>) {
        let slot = &mut self.spans[id as usize];
        match v.into() {
            Cow::Borrowed([]) => *slot = (0, 0),
            Cow::Borrowed(b) => {
                let start = (b.as_ptr() as usize).wrapping_sub(self.base.as_ptr() as usize);
                if start <= self.base.len()
                    && b.len() <= self.base.len() - start
                    && self.base.len() < u32::MAX as usize
                {
                    *slot = (start as u32, (start + b.len()) as u32);
                } else {
                    *slot = OWNED;
                    self.owned.push((id, b.to_vec()));
                }
            }
            Cow::Owned(v) => {
                *slot = OWNED;
                self.owned.push((id, v));
            }
        }
    }

    /// Whether the entry has the field (even empty).
    pub fn has(&self, id: FieldId) -> bool {
        self.spans[id as usize] != ABSENT
    }

    /// The fields that are present, in text order.
    pub fn iter(&self) -> impl Iterator<Item = (FieldId, &[u8])> {
        FieldId::all().filter_map(|id| self.get(id).map(|v| (id, v)))
    }
}

/// Bytes as text: UTF-8 when valid, else Latin-1 (one character per byte, so nothing is
/// lost).
pub fn text(b: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(b) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => Cow::Owned(b.iter().map(|&c| char::from(c)).collect()),
    }
}

/// One line of a log.
#[derive(Debug, Clone)]
pub struct Record<'a> {
    /// Index of the input (see `Inputs::names`).
    pub file: usize,
    /// 1-based line number within the input.
    pub line: u64,
    /// The line as read, without its `\n` (a `\r` before it is kept).
    pub raw: &'a [u8],
    /// Whether a `\n` followed (the last line of a file may lack one).
    pub newline: bool,
    /// The line was longer than the limit and only its head is kept in `raw`.
    pub cut: bool,
    /// `LOG_FORMAT` of the line: 1 to 6 (0 when unknown).
    pub format: u8,
    /// What the line is: a message, connection or header entry, or undecodable.
    pub kind: EntryKind,
    /// The time stamp, when the line has one that could be read.
    pub time: Option<Timestamp>,
    /// The fields the line has.
    pub fields: Fields<'a>,
    /// XML attributes or JSON members that have no field (kept, never dropped).
    pub extra: Vec<(String, String)>,
    /// Why the line could not be decoded.
    pub error: Option<Cow<'static, str>>,
}

impl<'a> Record<'a> {
    /// An undecoded record of a line (kind `Error`, no fields yet); `file` is the index of its input.
    pub fn new(file: usize, line: u64, raw: &'a [u8], newline: bool) -> Record<'a> {
        Record {
            file,
            line,
            raw,
            newline,
            cut: false,
            format: 0,
            kind: EntryKind::Error,
            time: None,
            fields: Fields::new(raw),
            extra: Vec::new(),
            error: None,
        }
    }

    /// A field's bytes (`None` when the entry does not have it).
    pub fn get(&self, id: FieldId) -> Option<&[u8]> {
        self.fields.get(id)
    }

    /// A field as text.
    pub fn str(&self, id: FieldId) -> Option<Cow<'_, str>> {
        self.get(id).map(text)
    }

    /// The bytes this record was read from, terminator included: writing every record
    /// of a file gives the file back.
    pub fn emit(&self, out: &mut impl std::io::Write) -> std::io::Result<()> {
        out.write_all(self.raw)?;
        if self.newline {
            out.write_all(b"\n")?;
        }
        Ok(())
    }

    /// The action letter of the entry code.
    pub fn action(&self) -> Option<u8> {
        self.get(FieldId::Code).and_then(|c| c.first().copied())
    }

    /// The size field as a number.
    pub fn size(&self) -> Option<u64> {
        let s = self.get(FieldId::Size)?;
        std::str::from_utf8(s).ok()?.parse().ok()
    }

    /// The address part of the original To (after `rfc822;`).
    pub fn orig_address(&self) -> Option<&[u8]> {
        let v = self.get(FieldId::OrigTo)?;
        Some(match memchr::memchr(b';', v) {
            Some(i) => &v[i + 1..],
            None => v,
        })
    }

    /// The message's own Message-ID (the first of `<new>,<original>`).
    pub fn message_id(&self) -> Option<&[u8]> {
        let v = self.get(FieldId::MessageId)?;
        // `<new>,<original>`: a comma right after a `>`.
        Some(match memchr::memchr(b',', v) {
            Some(i) if i > 0 && v[i - 1] == b'>' => &v[..i],
            Some(_) => memchr::memmem::find(v, b">,").map_or(v, |i| &v[..=i]),
            None => v,
        })
    }

    /// The remote IP address: from the transport field, the connection information or the
    /// transport item inside the diagnostic.
    pub fn remote_ip(&self) -> Option<String> {
        if let Some(t) = self.str(FieldId::Transport)
            && let Some(t) = values::transport(&t)
        {
            return Some(t.remote_ip.to_string());
        }
        if let Some(c) = self.str(FieldId::Connection)
            && let Some(ip) = values::connection(&c).ip
        {
            return Some(ip.to_string());
        }
        let d = self.str(FieldId::Diagnostic)?;
        values::diagnostic(&d).transport.map(|t| t.remote_ip.to_string())
    }
}
