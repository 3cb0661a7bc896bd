//! Following one message through the log: every entry that carries its Message-ID, its
//! queue file (the unique part survives the `ZZ` → `ZY` → `ZX` renames of retries) or the
//! address traced, the connection entries of the same process thread (`LOG_PROCESS`),
//! and each recipient's fate. The ids and queue files of matched entries are followed from
//! then on (a notification's `<new>,<original>` id links it in); over files a second pass
//! ([`Tracer::second_pass`]) also finds the entries written before the first match.
//!
//! Memory is bounded: at most [`MAX_HITS`] entries are kept, [`MAX_KEYS`] learned ids
//! and queue files, and [`MAX_OPEN`] open connections (the table is emptied when full, so
//! a connection opened before that is not tied to its messages).
//!
//! Layer: uses `log::record`, `log::fields`, `log::values`, `log::filter`, `log::codes`.

use std::collections::{HashMap, HashSet};

use super::codes;
use super::fields::FieldId as F;
use super::filter::has_message_id;
use super::record::{EntryKind, Record, text};
use super::time::Timestamp;
use super::values;

/// At most this many matching entries are kept.
pub const MAX_HITS: usize = 100_000;
/// At most this many Message-IDs and queue files are learned as belonging to the trace.
pub const MAX_KEYS: usize = 10_000;
/// At most this many open connections are remembered (the table is emptied when full).
pub const MAX_OPEN: usize = 100_000;

/// What is traced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Key {
    /// `<id@host>`.
    MessageId(String),
    /// An envelope address (also matched as a Message-ID without brackets).
    Address(String),
    /// A queue file name or path: matched by its unique part.
    QueueFile {
        /// The unique part of the queue file name (without the attempt characters and suffix).
        unique: String,
    },
}

impl Key {
    /// Tell what kind of key a command-line word is.
    pub fn parse(s: &str) -> Key {
        let s = s.trim();
        if s.starts_with('<') && s.ends_with('>') {
            return Key::MessageId(s.to_string());
        }
        let is_leaf =
            values::queue_file(s).is_some_and(|q| q.attempts.is_some() && q.unique.len() >= 6);
        if (s.contains('/') || !s.contains('@'))
            && is_leaf
            && let Some(q) = values::queue_file(s)
        {
            return Key::QueueFile { unique: q.unique.to_string() };
        }
        Key::Address(s.to_string())
    }
}

/// One entry of a trace.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// The index of the input it was read from.
    pub file: usize,
    /// 1-based line number in that input.
    pub line: u64,
    /// The time stamp, when the entry has one.
    pub time: Option<Timestamp>,
    /// What the entry is (message, connection, ...).
    pub kind: EntryKind,
    /// The entry code, as written (empty when none).
    pub code: String,
    /// The source channel (empty when none).
    pub source: String,
    /// The destination channel (empty when none).
    pub destination: String,
    /// The envelope From (empty for a notification, or when none).
    pub from: String,
    /// The original envelope To without `rfc822;` (empty when none).
    pub orig_to: String,
    /// The current envelope To (empty when none).
    pub to: String,
    /// The queue file name, when logged.
    pub queue_file: Option<String>,
    /// The Message-ID field, when logged.
    pub message_id: Option<String>,
    /// The process field as written, when logged.
    pub process: Option<String>,
    /// The diagnostic, or failing it the reason field, when there is one.
    pub diagnostic: Option<String>,
    /// The remote IP address, when the entry has one.
    pub remote_ip: Option<String>,
    /// The line as read.
    pub raw: String,
}

fn hit(r: &Record<'_>) -> Hit {
    let g = |id| r.str(id).map(|s| s.into_owned());
    Hit {
        file: r.file,
        line: r.line,
        time: r.time,
        kind: r.kind,
        code: g(F::Code).unwrap_or_default(),
        source: g(F::SourceChannel).unwrap_or_default(),
        destination: g(F::DestChannel).unwrap_or_default(),
        from: g(F::From).unwrap_or_default(),
        orig_to: r.orig_address().map(|a| text(a).into_owned()).unwrap_or_default(),
        to: g(F::To).unwrap_or_default(),
        queue_file: g(F::File),
        message_id: g(F::MessageId),
        process: g(F::Process),
        diagnostic: g(F::Diagnostic).or_else(|| g(F::Reason)),
        remote_ip: r.remote_ip(),
        raw: text(r.raw).into_owned(),
    }
}

/// A recipient's fate at the end of the trace.
#[derive(Debug, Clone, PartialEq)]
pub struct Fate {
    /// The original To, with the current To in parentheses when its local part differs.
    pub recipient: String,
    /// delivered, bounced, refused, returned silently, still queued.
    pub fate: String,
    /// The last channel it was seen on.
    pub channel: String,
    /// The diagnostic of the last failure (bounce reason, retry error).
    pub reason: Option<String>,
    /// Temporary failures (Q entries) on the way.
    pub retries: u32,
    /// From the first entry to the last, in seconds.
    pub seconds: Option<f64>,
    /// The recipient of a notification (empty envelope From).
    pub notification: bool,
}

/// An option that would make the trace more complete.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Advice {
    /// The option, such as `LOG_MESSAGE_ID`.
    pub option: &'static str,
    /// What the trace misses without it.
    pub why: &'static str,
}

/// The result of a trace.
#[derive(Debug, Clone, Default)]
pub struct Trace {
    /// The entries in time order, with the seconds since the previous entry.
    pub hits: Vec<(Hit, Option<f64>)>,
    /// The fate of each recipient.
    pub fates: Vec<Fate>,
    /// Options that would make the trace more complete.
    pub advice: Vec<Advice>,
    /// More than [`MAX_HITS`] entries matched: the rest were not kept.
    pub truncated: bool,
}

type ThreadKey = (String, String, u64);

/// Who an entry is for: the original recipient and the local part of the current one (a
/// list expands one original To into several recipients; a channel such as `l` rewrites
/// `bert@sesta.com` to `bert`), and how to show it.
fn recipient_key(h: &Hit) -> (String, String) {
    let orig = if h.orig_to.is_empty() { &h.to } else { &h.orig_to };
    let local = |a: &str| a.split('@').next().unwrap_or(a).to_ascii_lowercase();
    let key = format!("{}|{}", orig.to_ascii_lowercase(), local(&h.to));
    let shown = if local(orig) == local(&h.to) {
        orig.to_ascii_lowercase()
    } else {
        format!("{} ({})", orig.to_ascii_lowercase(), h.to)
    };
    (key, shown)
}

/// Collects a trace from records fed one by one.
#[derive(Debug)]
pub struct Tracer {
    key: Key,
    ids: HashSet<String>,
    uniques: HashSet<String>,
    /// Channels the message was enqueued to, with From, original To and time: a channel
    /// such as `conversion` re-enqueues it under a new Message-ID and queue file, and the
    /// same From and original To on an enqueue from that channel is the next hop.
    hops: Vec<(String, String, String, f64)>,
    open: HashMap<ThreadKey, Hit>,
    /// Threads whose connection is part of the trace (waiting for the close).
    tied: HashSet<ThreadKey>,
    hits: Vec<Hit>,
    truncated: bool,
    seen_message_id: bool,
    seen_process: bool,
    seen_file: bool,
    seen_connections: bool,
}

fn thread_key(r: &Record<'_>) -> Option<ThreadKey> {
    let p = r.str(F::Process)?;
    let pid = values::process(&p)?;
    let node = r.str(F::Node).map(|n| n.into_owned()).unwrap_or_default();
    Some((node, pid.pid.to_string(), pid.thread.unwrap_or(u64::MAX)))
}

fn ids_of(field: &[u8]) -> impl Iterator<Item = String> + '_ {
    field.split(|&b| b == b',').map(|s| text(s.trim_ascii()).into_owned()).filter(|s| !s.is_empty())
}

impl Tracer {
    /// A tracer for `key`, with nothing seen yet.
    pub fn new(key: Key) -> Tracer {
        let mut t = Tracer {
            key: key.clone(),
            ids: HashSet::new(),
            uniques: HashSet::new(),
            hops: Vec::new(),
            open: HashMap::new(),
            tied: HashSet::new(),
            hits: Vec::new(),
            truncated: false,
            seen_message_id: false,
            seen_process: false,
            seen_file: false,
            seen_connections: false,
        };
        match key {
            Key::MessageId(id) => {
                t.ids.insert(id);
            }
            Key::QueueFile { unique } => {
                t.uniques.insert(unique);
            }
            Key::Address(_) => {}
        }
        t
    }

    /// A tracer that also knows the ids and queue files a first pass learned (so entries
    /// before the first match are found on the second pass over files).
    pub fn second_pass(first: &Tracer) -> Tracer {
        let mut t = Tracer::new(first.key.clone());
        t.ids.extend(first.ids.iter().cloned());
        t.uniques.extend(first.uniques.iter().cloned());
        t.hops.extend(first.hops.iter().cloned());
        t
    }

    fn push(&mut self, h: Hit) {
        if self.hits.len() >= MAX_HITS {
            self.truncated = true;
        } else {
            self.hits.push(h);
        }
    }

    fn matches(&self, r: &Record<'_>) -> bool {
        if let Some(m) = r.get(F::MessageId)
            && self.ids.iter().any(|id| has_message_id(m, id))
        {
            return true;
        }
        if let Some(f) = r.str(F::File)
            && let Some(q) = values::queue_file(&f)
            && self.uniques.contains(q.unique)
        {
            return true;
        }
        if r.action() == Some(b'E')
            && let (Some(src), Some(t)) = (r.str(F::SourceChannel), r.time)
        {
            let from = text(r.get(F::From).unwrap_or_default()).to_ascii_lowercase();
            let orig = text(r.orig_address().unwrap_or_default()).to_ascii_lowercase();
            let at = t.seconds();
            if self.hops.iter().any(|(c, f, o, t0)| {
                *c == *src && *f == from && *o == orig && at >= *t0 - 1.0 && at - t0 < 86_400.0
            }) {
                return true;
            }
        }
        if let Key::Address(a) = &self.key {
            let a = a.as_bytes();
            let eq = |v: Option<&[u8]>| v.is_some_and(|v| v.eq_ignore_ascii_case(a));
            return eq(r.get(F::From))
                || eq(r.orig_address())
                || eq(r.get(F::To))
                || r.get(F::MessageId).is_some_and(|m| has_message_id(m, &text(a)));
        }
        false
    }

    /// Look at one record.
    pub fn feed(&mut self, r: &Record<'_>) {
        match r.kind {
            EntryKind::Connection => {
                self.seen_connections = true;
                let Some(k) = thread_key(r) else { return };
                self.seen_process = true;
                match r.action() {
                    Some(b'O') => {
                        if self.open.len() >= MAX_OPEN {
                            self.open.clear();
                        }
                        self.tied.remove(&k);
                        self.open.insert(k, hit(r));
                    }
                    Some(b'C' | b'X' | b'Y') => {
                        self.open.remove(&k);
                        if self.tied.remove(&k) {
                            self.push(hit(r));
                        }
                    }
                    _ if self.tied.contains(&k) => self.push(hit(r)),
                    _ => {}
                }
            }
            EntryKind::Message => {
                self.seen_message_id |= r.fields.has(F::MessageId);
                self.seen_file |= r.fields.has(F::File);
                self.seen_process |= r.fields.has(F::Process);
                if !self.matches(r) {
                    return;
                }
                if let Some(m) = r.get(F::MessageId) {
                    for id in ids_of(m) {
                        if self.ids.len() < MAX_KEYS {
                            self.ids.insert(id);
                        }
                    }
                }
                if let Some(f) = r.str(F::File)
                    && let Some(q) = values::queue_file(&f)
                    && self.uniques.len() < MAX_KEYS
                {
                    self.uniques.insert(q.unique.to_string());
                }
                if r.action() == Some(b'E')
                    && self.hops.len() < MAX_KEYS
                    && let (Some(dst), Some(t)) = (r.str(F::DestChannel), r.time)
                    && !dst.is_empty()
                {
                    let hop = (
                        dst.into_owned(),
                        text(r.get(F::From).unwrap_or_default()).to_ascii_lowercase(),
                        text(r.orig_address().unwrap_or_default()).to_ascii_lowercase(),
                        t.seconds(),
                    );
                    if !self.hops.contains(&hop) {
                        self.hops.push(hop);
                    }
                }
                if let Some(k) = thread_key(r)
                    && !self.tied.contains(&k)
                    && let Some(o) = self.open.get(&k).cloned()
                {
                    if self.tied.len() >= MAX_OPEN {
                        self.tied.clear();
                    }
                    self.tied.insert(k);
                    self.push(o);
                }
                self.push(hit(r));
            }
            _ => {}
        }
    }

    /// The trace: entries in time order, fates, advice.
    pub fn finish(mut self) -> Trace {
        self.hits.sort_by(|a, b| {
            a.time.cmp(&b.time).then(a.file.cmp(&b.file)).then(a.line.cmp(&b.line))
        });
        self.hits.dedup_by(|a, b| a.file == b.file && a.line == b.line);
        let mut hits = Vec::with_capacity(self.hits.len());
        let mut prev: Option<Timestamp> = None;
        for h in self.hits {
            let d = match (prev, h.time) {
                (Some(p), Some(t)) => Some(t.seconds() - p.seconds()),
                _ => None,
            };
            if h.time.is_some() {
                prev = h.time;
            }
            hits.push((h, d));
        }
        let handed_on: HashSet<(String, String)> = hits
            .iter()
            .filter(|(h, _)| {
                h.kind == EntryKind::Message && h.code.starts_with('E') && h.destination != h.source
            })
            .map(|(h, _)| (recipient_key(h).0, h.source.clone()))
            .collect();
        let mut order: Vec<String> = Vec::new();
        let mut by: HashMap<String, Fate> = HashMap::new();
        let mut first: HashMap<String, Timestamp> = HashMap::new();
        for (h, _) in hits.iter().filter(|(h, _)| h.kind == EntryKind::Message) {
            let (who, shown) = recipient_key(h);
            if let Some(t) = h.time {
                first.entry(who.clone()).or_insert(t);
            }
            let f = by.entry(who.clone()).or_insert_with(|| {
                order.push(who.clone());
                Fate {
                    recipient: shown.clone(),
                    fate: String::new(),
                    channel: String::new(),
                    reason: None,
                    retries: 0,
                    seconds: None,
                    notification: h.from.is_empty(),
                }
            });
            let action = h.code.as_bytes().first().copied().unwrap_or(b'?');
            // A dequeue from a channel that passed the recipient on (an enqueue from the
            // same channel, such as conversion -> l) is a hand-off, not the end.
            if action == b'D' && handed_on.contains(&(who.clone(), h.source.clone())) {
                continue;
            }
            if action == b'Q' {
                f.retries += 1;
                f.reason = h.diagnostic.clone();
            }
            f.fate = match (codes::fate(action), action) {
                (Some(x), _) => x.to_string(),
                (None, b'E') => format!("still queued for {}", h.destination),
                (None, b'Q' | b'Z') => "still queued (temporary failure)".to_string(),
                (None, _) => format!("last seen: {}", h.code),
            };
            if matches!(action, b'R' | b'J' | b'K') {
                f.reason = h.diagnostic.clone();
            }
            f.channel = if action == b'E' { h.destination.clone() } else { h.source.clone() };
            if let (Some(a), Some(b)) = (first.get(&who), h.time) {
                f.seconds = Some(b.seconds() - a.seconds());
            }
        }
        let fates = order.into_iter().filter_map(|w| by.remove(&w)).collect();
        let mut advice = Vec::new();
        if !self.seen_message_id {
            advice.push(Advice {
                option: "LOG_MESSAGE_ID=1",
                why: "entries carry no Message-ID: hops through other channels and retries are joined by queue file only",
            });
        }
        if !self.seen_file {
            advice.push(Advice {
                option: "LOG_FILENAME=1",
                why: "entries carry no queue file name: retries (ZZ, ZY, ZX files) cannot be told apart",
            });
        }
        if !self.seen_process {
            advice.push(Advice {
                option: "LOG_PROCESS=1",
                why: "entries carry no process id: connection entries cannot be tied to the messages sent over them",
            });
        }
        if !self.seen_connections {
            advice.push(Advice {
                option: "LOG_CONNECTION=3",
                why: "no connection entries were seen: the SMTP sessions of the message are not logged",
            });
        }
        Trace { hits, fates, advice, truncated: self.truncated }
    }
}
