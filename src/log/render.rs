//! Writing entries as the MTA would: from field values and a profile to one line of
//! `LOG_FORMAT` 1 to 6. Used for the illustrative lines of `log layout`, generated logs
//! (benchmarks) and the round-trip tests of the decoder.
//!
//! Layer: uses `log::fields`, `log::profile`.

use super::fields::{FIELD_COUNT, FieldId as F, def};
use super::profile::Profile;

/// An entry to write: text values by field; `None` = not written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Entry {
    /// A connection entry (else a message entry).
    pub connection: bool,
    /// The value of each field, indexed by `FieldId`.
    pub values: [Option<String>; FIELD_COUNT],
}

impl Entry {
    /// Set a field's value (chainable).
    pub fn set(&mut self, id: F, v: &str) -> &mut Entry {
        self.values[id as usize] = Some(v.to_string());
        self
    }

    /// A field's value, `None` when not set.
    pub fn get(&self, id: F) -> Option<&str> {
        self.values[id as usize].as_deref()
    }
}

fn is_address(id: F) -> bool {
    matches!(id, F::From | F::To)
}

/// The entry as one line (no terminator) in the profile's format. Fields the profile
/// switches off are not written, even when the entry has them.
pub fn render(e: &Entry, p: &Profile) -> String {
    let present =
        |f: &&&'static super::fields::FieldDef| e.values[f.id as usize].is_some() && p.on(f.id);
    let fields = super::fields::order(e.connection);
    match p.format {
        4 => {
            let mut s = String::from(if e.connection { "<co" } else { "<en" });
            for f in fields.iter().filter(present) {
                s.push(' ');
                s.push_str(f.attr);
                s.push_str("=\"");
                crate::xml::escape_into(e.values[f.id as usize].as_deref().unwrap_or(""), &mut s);
                s.push('"');
            }
            s.push_str("/>");
            s
        }
        5 | 6 => {
            let mut m = serde_json::Map::new();
            if p.format == 6 {
                m.insert("type".into(), (if e.connection { "co" } else { "en" }).into());
            }
            for f in fields.iter().filter(present) {
                m.insert(f.attr.into(), e.values[f.id as usize].clone().unwrap_or_default().into());
            }
            let v = if p.format == 5 {
                let mut outer = serde_json::Map::new();
                outer.insert((if e.connection { "co" } else { "en" }).into(), m.into());
                serde_json::Value::Object(outer)
            } else {
                serde_json::Value::Object(m)
            };
            v.to_string()
        }
        _ => {
            let mut parts: Vec<String> = Vec::new();
            for f in fields.iter().filter(present) {
                let v = e.values[f.id as usize].as_deref().unwrap_or("");
                if f.id == F::DestChannel && v.is_empty() {
                    // Dequeue side: no destination channel, nothing written.
                    continue;
                }
                let v = if p.format == 3 && f.counted {
                    format!("{}:{v}", v.len())
                } else if p.format == 2 && is_address(f.id) && v.is_empty() {
                    "<>".to_string()
                } else {
                    v.to_string()
                };
                parts.push(v);
            }
            parts.join(" ")
        }
    }
}

/// The fields of [`example_message`], with the time as `LOG_FORMAT` 1 to 3 write it.
#[rustfmt::skip]
const MESSAGE_EXAMPLE: &[(F, &str)] = &[
    (F::Time, "16-Feb-2007 15:41:34.73"),
    (F::Node, "mailhost"),
    (F::Process, "409f.3.1"),
    (F::SourceChannel, "tcp_local"),
    (F::DestChannel, ""),
    (F::Code, "DE"),
    (F::Size, "1"),
    (F::From, "adam@sesta.com"),
    (F::OrigTo, "rfc822;marlowe@siroe.com"),
    (F::To, "marlowe@siroe.com"),
    (F::Notary, "22"),
    (F::File, "/opt/SUNWmsgsr/data/queue/tcp_local/002/ZZf0r4i0Wdy51.01"),
    (F::MessageId, "<0JDJ00D02IBWDX00@sesta.com>"),
    (F::Username, "mailsrv"),
    (F::Connection, "thor.siroe.com"),
    (F::Diagnostic, "dns;thor.siroe.com (TCP|206.184.139.12|2788|192.160.253.66|25) (thor.siroe.com ESMTP ready) smtp;250 2.1.5 Recipient ok"),
    (F::Transport, "TCP|206.184.139.12|2788|192.160.253.66|25"),
    (F::Application, "SMTP/siroe.com/thor.siroe.com"),
    (F::QueueTime, "2"),
];

/// The fields of [`example_connection`], with the time as `LOG_FORMAT` 1 to 3 write it.
#[rustfmt::skip]
const CONNECTION_EXAMPLE: &[(F, &str)] = &[
    (F::Time, "28-Feb-2007 11:50:59.10"),
    (F::Node, "mailhost"),
    (F::Process, "409f.2.0"),
    (F::SourceChannel, "tcp_local"),
    (F::DestChannel, "+"),
    (F::Code, "O"),
    (F::Transport, "TCP|206.184.139.12|25|192.160.253.66|1244"),
    (F::Application, "SMTP"),
];

/// An entry of `fields`; `LOG_FORMAT` 4 and up write the time as ISO 8601 (`iso_time`).
fn example(p: &Profile, connection: bool, fields: &[(F, &str)], iso_time: &str) -> Entry {
    let mut e = Entry { connection, ..Entry::default() };
    for (id, v) in fields {
        e.set(*id, v);
    }
    if p.format > 3 {
        e.set(F::Time, iso_time);
    }
    e
}

/// An illustrative message entry (a dequeue over SMTP) for a profile.
pub fn example_message(p: &Profile) -> String {
    render(&example(p, false, MESSAGE_EXAMPLE, "2007-02-16T15:41:34.73"), p)
}

/// An illustrative connection entry (an inbound SMTP connection opened).
pub fn example_connection(p: &Profile) -> String {
    let e = example(p, true, CONNECTION_EXAMPLE, "2007-02-28T11:50:59.10");
    // Connection entries carry transport and application information whatever bits
    // 5 and 6 say (SEED 21-9, 21-10).
    let mut q = p.clone();
    q.set_on(F::Transport, true);
    q.set_on(F::Application, true);
    let _ = def(F::Transport);
    render(&e, &q)
}
