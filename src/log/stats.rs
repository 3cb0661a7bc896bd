//! Counting the log: entries and sizes per group (channel, code, hour, remote address or
//! failure reason), enqueue-to-dequeue delays per channel, the most frequent failure
//! diagnostics and authentication failures per remote address.
//!
//! Memory is bounded whatever the input: at most [`MAX_GROUPS`] groups (and distinct
//! diagnostics, and addresses) are counted by name, the rest together as `(other)`;
//! delays go into fixed log-scale histograms; at most [`MAX_PENDING`] enqueues wait for
//! their dequeue (the oldest are forgotten first).
//!
//! Layer: uses `log::record`, `log::fields`, `log::values`.

use std::collections::{HashMap, VecDeque};
use std::hash::{BuildHasherDefault, Hasher};

use super::fields::FieldId as F;
use super::record::{EntryKind, Record, text};
use super::values;

/// At most this many groups (and distinct diagnostics, and addresses) are counted by name.
pub const MAX_GROUPS: usize = 100_000;
/// At most this many enqueues wait for their dequeue; the oldest are forgotten first.
pub const MAX_PENDING: usize = 1_000_000;
/// The name the groups beyond [`MAX_GROUPS`] are counted under.
pub const OTHER: &str = "(other)";

/// How entries are grouped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum By {
    /// By channel: the destination channel of an enqueue, else the source channel.
    #[default]
    Channel,
    /// By entry code.
    Code,
    /// By hour of the time stamp (`YYYY-MM-DDTHH`).
    Hour,
    /// By remote IP address (`(none)` for entries without one).
    RemoteIp,
    /// By failure diagnostic, with addresses masked (failure entries only).
    Reason,
}

/// Counts of one group.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Group {
    /// Entries in the group.
    pub entries: u64,
    /// Sum of the size fields, in blocks.
    pub blocks: u64,
    /// Enqueue entries (`E`).
    pub enqueued: u64,
    /// Dequeue entries (`D`).
    pub delivered: u64,
    /// Failure entries among the message entries: temporary failures (`Q`, `Z`), rejections and returns (`R`, `J`, `K`), bad commands (`B`) and aborts (`V`).
    pub failed: u64,
}

impl Group {
    fn add(&mut self, o: &Group) {
        self.entries += o.entries;
        self.blocks += o.blocks;
        self.enqueued += o.enqueued;
        self.delivered += o.delivered;
        self.failed += o.failed;
    }
}

/// A fast hash for the short keys counted here (FxHash: multiply and rotate per word).
/// The keys come from the log, so a hostile log could only slow its own run down.
#[derive(Debug, Default, Clone, Copy)]
pub struct Fx(u64);

impl Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let w = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
            self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(0x517c_c1b7_2722_0a95);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x517c_c1b7_2722_0a95);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<Fx>>;

/// A bounded count map. Few keys (channels, codes) are looked up by a scan of a short
/// vector, which beats hashing; past 32 keys an index map takes over.
#[derive(Debug)]
struct Counter<T> {
    items: Vec<(String, T)>,
    index: FxMap<String, usize>,
}

impl<T> Default for Counter<T> {
    fn default() -> Self {
        Counter { items: Vec::new(), index: FxMap::default() }
    }
}

impl<T: Default> Counter<T> {
    fn position(&self, k: &str) -> Option<usize> {
        if self.items.len() <= 32 {
            self.items.iter().position(|(n, _)| n == k)
        } else {
            self.index.get(k).copied()
        }
    }

    fn get(&mut self, k: &str) -> &mut T {
        let i = self.index_of(k);
        &mut self.items[i].1
    }

    /// The index of `k`'s count (of `(other)` beyond the bound), made when new.
    fn index_of(&mut self, k: &str) -> usize {
        match self.position(k) {
            Some(i) => i,
            None if self.items.len() >= MAX_GROUPS => match self.position(OTHER) {
                Some(i) => i,
                None => self.push(OTHER),
            },
            None => self.push(k),
        }
    }

    fn push(&mut self, k: &str) -> usize {
        let i = self.items.len();
        self.items.push((k.to_string(), T::default()));
        self.index.insert(k.to_string(), i);
        i
    }

    fn iter(&self) -> impl Iterator<Item = (&str, &T)> {
        self.items.iter().map(|(k, v)| (k.as_str(), v))
    }
}

/// The counts of one batch of records ([`Part`]), keyed by the bytes of the log, in the
/// order first seen. Not bounded (a batch is): the bound is applied when a part is
/// merged, key by key in that order, so it falls where one pass over the records puts it.
#[derive(Debug)]
struct Tally<T> {
    items: Vec<(Vec<u8>, T)>,
    index: FxMap<Vec<u8>, usize>,
}

impl<T> Default for Tally<T> {
    fn default() -> Self {
        Tally { items: Vec::new(), index: FxMap::default() }
    }
}

impl<T: Default> Tally<T> {
    fn get(&mut self, k: &[u8]) -> &mut T {
        let found = if self.items.len() <= 8 {
            self.items.iter().position(|(n, _)| n == k)
        } else {
            self.index.get(k).copied()
        };
        let i = found.unwrap_or_else(|| {
            let i = self.items.len();
            self.items.push((k.to_vec(), T::default()));
            if self.items.len() == 9 {
                for (j, (n, _)) in self.items.iter().enumerate() {
                    self.index.insert(n.clone(), j);
                }
            } else if self.items.len() > 9 {
                self.index.insert(k.to_vec(), i);
            }
            i
        });
        &mut self.items[i].1
    }

    fn clear(&mut self) {
        self.items.clear();
        self.index.clear();
    }
}

/// Delays, in a histogram with buckets 2% apart (so percentiles are within 2%).
#[derive(Debug, Clone, Default)]
pub struct Delays {
    buckets: Vec<u64>,
    /// Delays counted.
    pub count: u64,
    /// Their sum, in seconds.
    pub sum: f64,
    /// The longest, in seconds.
    pub max: f64,
}

const RATIO: f64 = 1.02;

impl Delays {
    fn add(&mut self, secs: f64) {
        let secs = secs.max(0.0);
        let i = ((secs * 100.0 + 1.0).ln() / RATIO.ln()) as usize;
        if self.buckets.len() <= i {
            self.buckets.resize(i + 1, 0);
        }
        self.buckets[i] += 1;
        self.count += 1;
        self.sum += secs;
        self.max = self.max.max(secs);
    }

    /// The `q`-quantile (0..=1) in seconds: the upper edge of its bucket, at most the max.
    pub fn quantile(&self, q: f64) -> f64 {
        if self.count == 0 {
            return 0.0;
        }
        let want = ((self.count as f64) * q).ceil().max(1.0) as u64;
        let mut seen = 0;
        for (i, &n) in self.buckets.iter().enumerate() {
            seen += n;
            if seen >= want {
                let edge = (RATIO.powi(i as i32 + 1) - 1.0) / 100.0;
                return edge.min(self.max);
            }
        }
        self.max
    }
}

/// The statistics of a run.
#[derive(Debug, Default)]
pub struct Stats {
    /// Lines read.
    pub records: u64,
    /// Lines that could not be decoded.
    pub errors: u64,
    /// Message entries.
    pub message_entries: u64,
    /// Connection entries.
    pub connection_entries: u64,
    groups: Counter<Group>,
    delays: Counter<Delays>,
    failures: Counter<u64>,
    auth_failures: Counter<u64>,
    /// Enqueues waiting for their dequeue, by a 64-bit hash of (channel, message, To).
    pending: FxMap<u64, f64>,
    pending_order: VecDeque<u64>,
    by: By,
    /// The part [`Stats::feed`] fills and merges at once (kept for its room).
    scratch: Part,
}

/// What one batch of records adds to the statistics ([`Part::feed`]), to be merged into
/// them in input order ([`Stats::merge`]): counts by the bytes of the log, and the
/// enqueues and dequeues in order, whose matching (and so the delays) is the merge's.
/// Parts of consecutive batches can be filled on different threads.
#[derive(Debug, Default)]
pub struct Part {
    by: By,
    records: u64,
    errors: u64,
    message_entries: u64,
    connection_entries: u64,
    groups: Tally<Group>,
    failures: Tally<u64>,
    auth_failures: Tally<u64>,
    /// The source channels of the dequeues in `events`.
    channels: Vec<Vec<u8>>,
    events: Vec<Event>,
    /// Room to write a computed key (the hour) into.
    key: String,
}

/// An enqueue or dequeue of a [`Part`], for the merge.
#[derive(Debug, Clone, Copy)]
enum Event {
    /// An enqueue: the key of (channel, message, To) and its time in seconds.
    Enqueue(u64, f64),
    /// A dequeue from channel `.0` (an index into [`Part::channels`]): key and time.
    Dequeue(u32, u64, f64),
    /// A dequeue from channel `.0` that logged its seconds in the queue.
    Queued(u32, f64),
}

fn is_failure(action: u8) -> bool {
    matches!(action, b'Q' | b'R' | b'J' | b'K' | b'B' | b'Z' | b'V' | b'X' | b'Y')
}

/// A diagnostic with addresses and ids masked, so that like failures count together.
pub fn normalize_reason(d: &str) -> String {
    let parsed = values::diagnostic(d);
    let base = parsed.reply.unwrap_or(d);
    let mut out = String::new();
    for w in base.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        if w.contains('@') {
            out.push_str("<address>");
        } else {
            out.push_str(w);
        }
        if out.len() > 100 {
            out.push('…');
            break;
        }
    }
    out
}

/// Is an authentication (U) entry a failure? Its result is free text in the diagnostic:
/// a 4xx/5xx reply or words of failure.
fn auth_failed(d: &str) -> bool {
    let l = d.to_ascii_lowercase();
    let b = l.trim_start().as_bytes();
    (b.len() >= 3 && (b[0] == b'4' || b[0] == b'5') && b[1..3].iter().all(u8::is_ascii_digit))
        || ["fail", "invalid", "denied", "incorrect", "bad ", "rejected"]
            .iter()
            .any(|w| l.contains(w))
}

fn pending_key(r: &Record<'_>, channel: &[u8]) -> u64 {
    let mut h = Fx::default();
    h.write(channel);
    h.write(&[0]);
    // The Message-ID survives retries that rename the queue file to a new unique
    // part; the queue file is the next best thing.
    if let Some(m) = r.message_id() {
        h.write(m);
    } else if let Some(f) = r.str(F::File)
        && let Some(q) = values::queue_file(&f)
    {
        h.write(q.unique.as_bytes());
    } else {
        h.write(r.get(F::From).unwrap_or_default());
        h.write(&[0]);
        h.write(r.orig_address().unwrap_or_default());
    }
    h.write(&[0]);
    let mut buf = [0u8; 64];
    for chunk in r.get(F::To).unwrap_or_default().chunks(64) {
        let b = &mut buf[..chunk.len()];
        b.copy_from_slice(chunk);
        b.make_ascii_lowercase();
        h.write(b);
    }
    h.finish()
}

impl Part {
    /// An empty part, grouping by `by`.
    pub fn new(by: By) -> Part {
        Part { by, ..Part::default() }
    }

    /// Count one record.
    pub fn feed(&mut self, r: &Record<'_>) {
        self.records += 1;
        let action = r.action().unwrap_or(b'?');
        match r.kind {
            EntryKind::Error => {
                self.errors += 1;
                return;
            }
            EntryKind::Message => self.message_entries += 1,
            EntryKind::Connection => self.connection_entries += 1,
            EntryKind::Header => {}
        }
        let src = r.get(F::SourceChannel).unwrap_or_default();
        let dst = r.get(F::DestChannel).unwrap_or_default();
        let channel = if r.kind == EntryKind::Message && action == b'E' { dst } else { src };
        let wants_diag = is_failure(action) || action == b'U';
        let diag =
            if wants_diag { r.str(F::Diagnostic).or_else(|| r.str(F::Reason)) } else { None };
        let reason = || diag.as_deref().map_or("(no diagnostic)".into(), normalize_reason);
        let owned;
        let key: Option<&[u8]> = match self.by {
            By::Channel => Some(channel),
            By::Code => Some(r.get(F::Code).unwrap_or_default()),
            By::Hour => r.time.map(|t| {
                use std::fmt::Write;
                self.key.clear();
                let _ = write!(self.key, "{:04}-{:02}-{:02}T{:02}", t.year, t.month, t.day, t.hour);
                self.key.as_bytes()
            }),
            By::RemoteIp => {
                owned = r.remote_ip().unwrap_or_else(|| "(none)".into());
                Some(owned.as_bytes())
            }
            By::Reason => {
                owned = if is_failure(action) && r.kind == EntryKind::Message {
                    reason()
                } else {
                    String::new()
                };
                (is_failure(action) && r.kind == EntryKind::Message).then_some(owned.as_bytes())
            }
        };
        if let Some(k) = key {
            let g = self.groups.get(k);
            g.entries += 1;
            g.blocks += r.size().unwrap_or(0);
            if r.kind == EntryKind::Message {
                match action {
                    b'E' => g.enqueued += 1,
                    b'D' => g.delivered += 1,
                    a if is_failure(a) => g.failed += 1,
                    _ => {}
                }
            }
        }
        if r.kind == EntryKind::Message {
            if is_failure(action) {
                *self.failures.get(reason().as_bytes()) += 1;
            }
            self.delay(r, action, src, dst);
        } else if r.kind == EntryKind::Connection
            && action == b'U'
            && diag.as_deref().is_some_and(auth_failed)
        {
            let ip = r.remote_ip().unwrap_or_else(|| "(unknown)".into());
            *self.auth_failures.get(ip.as_bytes()) += 1;
        }
    }

    fn channel(&mut self, ch: &[u8]) -> u32 {
        let i = match self.channels.iter().rposition(|c| c == ch) {
            Some(i) => i,
            None => {
                self.channels.push(ch.to_vec());
                self.channels.len() - 1
            }
        };
        i as u32
    }

    fn delay(&mut self, r: &Record<'_>, action: u8, src: &[u8], dst: &[u8]) {
        let Some(t) = r.time else { return };
        if action == b'E' && !dst.is_empty() {
            self.events.push(Event::Enqueue(pending_key(r, dst), t.seconds()));
            return;
        }
        if !matches!(action, b'D' | b'R' | b'K') {
            return;
        }
        if let Some(q) = r.str(F::QueueTime).and_then(|q| q.trim().parse::<f64>().ok()) {
            let c = self.channel(src);
            self.events.push(Event::Queued(c, q));
            return;
        }
        let c = self.channel(src);
        self.events.push(Event::Dequeue(c, pending_key(r, src), t.seconds()));
    }

    /// Empty again, keeping the room.
    fn clear(&mut self) {
        self.records = 0;
        self.errors = 0;
        self.message_entries = 0;
        self.connection_entries = 0;
        self.groups.clear();
        self.failures.clear();
        self.auth_failures.clear();
        self.channels.clear();
        self.events.clear();
    }
}

impl Stats {
    /// Empty statistics, grouping by `by`.
    pub fn new(by: By) -> Stats {
        Stats { by, ..Stats::default() }
    }

    /// An empty part for [`Stats::merge`], grouping as these statistics do.
    pub fn part(&self) -> Part {
        Part::new(self.by)
    }

    /// Count one record (a part of one record, merged at once).
    pub fn feed(&mut self, r: &Record<'_>) {
        let mut p = std::mem::take(&mut self.scratch);
        p.by = self.by;
        p.feed(r);
        self.merge(&mut p);
        self.scratch = p;
    }

    /// Add a part, which is emptied. Parts must come in the order of their records: the
    /// first groups seen are the ones counted by name, and an enqueue waits for the
    /// dequeues after it.
    pub fn merge(&mut self, p: &mut Part) {
        self.records += p.records;
        self.errors += p.errors;
        self.message_entries += p.message_entries;
        self.connection_entries += p.connection_entries;
        for (k, g) in &p.groups.items {
            self.groups.get(&text(k)).add(g);
        }
        for (k, n) in &p.failures.items {
            *self.failures.get(&text(k)) += n;
        }
        for (k, n) in &p.auth_failures.items {
            *self.auth_failures.get(&text(k)) += n;
        }
        // The delay counter of each channel of the part, found on first use.
        let mut slots: Vec<Option<usize>> = vec![None; p.channels.len()];
        let mut add = |s: &mut Stats, c: u32, secs: f64| {
            let slot = &mut slots[c as usize];
            let i = match *slot {
                Some(i) => i,
                None => {
                    let i = s.delays.index_of(&text(&p.channels[c as usize]));
                    *slot = Some(i);
                    i
                }
            };
            s.delays.items[i].1.add(secs);
        };
        for e in &p.events {
            match *e {
                Event::Enqueue(k, t) => self.enqueue(k, t),
                Event::Queued(c, q) => add(self, c, q),
                Event::Dequeue(c, k, t) => {
                    if let Some(t0) = self.pending.remove(&k) {
                        add(self, c, t - t0);
                    }
                }
            }
        }
        p.clear();
    }

    fn enqueue(&mut self, k: u64, t: f64) {
        if self.pending.len() >= MAX_PENDING
            && let Some(old) = self.pending_order.pop_front()
        {
            self.pending.remove(&old);
        }
        if self.pending.insert(k, t).is_none() {
            self.pending_order.push_back(k);
        }
        // Keys already dequeued stay in the order queue until compacted here, so
        // it never holds more than twice the bound.
        if self.pending_order.len() > 2 * MAX_PENDING.min(self.pending.len().max(1024)) {
            let live = &self.pending;
            self.pending_order.retain(|k| live.contains_key(k));
        }
    }

    /// The groups, largest first (ties by name), at most `top`.
    pub fn groups(&self, top: usize) -> Vec<(&str, Group)> {
        let mut v: Vec<(&str, Group)> = self.groups.iter().map(|(k, g)| (k, *g)).collect();
        v.sort_by(|a, b| b.1.entries.cmp(&a.1.entries).then(a.0.cmp(b.0)));
        v.truncate(top);
        v
    }

    /// Delays per channel, by channel name.
    pub fn delays(&self) -> Vec<(&str, &Delays)> {
        let mut v: Vec<(&str, &Delays)> = self.delays.iter().collect();
        v.sort_by(|a, b| a.0.cmp(b.0));
        v
    }

    fn top(c: &Counter<u64>, top: usize) -> Vec<(&str, u64)> {
        let mut v: Vec<(&str, u64)> = c.iter().map(|(k, n)| (k, *n)).collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        v.truncate(top);
        v
    }

    /// The most frequent failure diagnostics.
    pub fn failures(&self, top: usize) -> Vec<(&str, u64)> {
        Stats::top(&self.failures, top)
    }

    /// Authentication failures per remote address.
    pub fn auth_failures(&self, top: usize) -> Vec<(&str, u64)> {
        Stats::top(&self.auth_failures, top)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_are_within_two_percent() {
        let mut d = Delays::default();
        for i in 1..=1000 {
            d.add(f64::from(i));
        }
        let p50 = d.quantile(0.5);
        assert!((p50 - 500.0).abs() / 500.0 < 0.025, "{p50}");
        assert_eq!(d.quantile(1.0), 1000.0);
    }

    /// Enqueues, dequeues a few lines later (some never), failures with several
    /// diagnostics, on three channels.
    fn lines() -> Vec<String> {
        let mut v = Vec::new();
        for i in 0..400u32 {
            let t = |s: u32| {
                format!(
                    "19-Feb-2007 {:02}:{:02}:{:02}.{:02}",
                    s / 3600,
                    s / 60 % 60,
                    s % 60,
                    i % 100
                )
            };
            let ch = ["ims-ms", "tcp_local", "l"][i as usize % 3];
            let q = format!("/opt/SUNWmsgsr/data/queue/{ch}/001/ZZf0s{i:07}.00");
            v.push(format!(
                "{} 1f001.1.1 tcp_intranet {ch} E {} a@b.c rfc822;u{i}@d.e u{i}@d.e {q} <{i}@x>",
                t(i * 7),
                1 + i % 5
            ));
            if i % 5 != 0 {
                v.push(format!(
                    "{} 1f002.1 {ch} D {} a@b.c rfc822;u{i}@d.e u{i}@d.e {q} <{i}@x>",
                    t(i * 7 + i % 13),
                    1 + i % 5
                ));
            }
            if i % 7 == 0 {
                v.push(format!("{} 1f002.2 {ch} Q 1 a@b.c rfc822;v{i}@d.e v{i}@d.e {q} <{i}@y> smtp;450 busy {}", t(i * 7), i % 3));
            }
            if i % 50 == 0 {
                v.push("not a log line".to_string());
            }
        }
        v
    }

    #[test]
    fn parts_merged_in_order_give_what_one_pass_gives() {
        let lines = lines();
        let mut dec = crate::log::Decoder::default();
        for by in [By::Channel, By::Code, By::Hour, By::RemoteIp, By::Reason] {
            let mut one = Stats::new(by);
            let mut merged = Stats::new(by);
            let mut part = merged.part();
            for (i, l) in lines.iter().enumerate() {
                let r = dec.decode(0, i as u64 + 1, l.as_bytes(), true);
                one.feed(&r);
                part.feed(&r);
                if i % 7 == 6 {
                    merged.merge(&mut part);
                }
            }
            merged.merge(&mut part);
            assert_eq!(one.records, merged.records);
            assert_eq!(one.errors, merged.errors);
            assert_eq!(one.groups(1000), merged.groups(1000), "{by:?}");
            assert_eq!(one.failures(1000), merged.failures(1000));
            let d = |s: &Stats| -> Vec<(String, u64, f64, f64, f64)> {
                s.delays()
                    .iter()
                    .map(|(c, d)| (c.to_string(), d.count, d.sum, d.max, d.quantile(0.9)))
                    .collect()
            };
            assert_eq!(d(&one), d(&merged));
            assert!(d(&one).iter().map(|x| x.1).sum::<u64>() > 300, "delays are matched");
        }
    }

    #[test]
    fn reasons_mask_addresses() {
        assert_eq!(
            normalize_reason("dns;h (x) smtp; 553 unknown user: a@b.c"),
            "553 unknown user: <address>"
        );
        assert!(auth_failed("535 5.7.8 Authentication failed"));
        assert!(!auth_failed("235 2.7.0 Authentication successful"));
    }
}
