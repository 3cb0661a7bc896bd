//! The text formats: `LOG_FORMAT` 1 (standard), 2 (non-null: empty addresses as `<>`)
//! and 3 (counted: variable fields written `N:value`). A memchr-driven scanner splits
//! the line at blanks; fields are then placed by the field table's order, anchored by
//! their shapes (the spec's §8): the code + size pair, `rfc822;`, queue paths,
//! `<message-id>`, `HELO (DNS [IP])`, `TCP|…` and so on. With a [`Profile`] only the
//! fields the options switch on are looked for; without one every shape is tried.
//!
//! Layer: uses `log::fields`, `log::record`, `log::time`, `log::values`, `log::codes`,
//! `log::profile`.

use std::borrow::Cow;

use super::codes;
use super::fields::{FieldId as F, def};
use super::profile::Profile;
use super::record::{EntryKind, Record};
use super::time::Timestamp;
use super::values;

/// A token: byte range in the line.
type Tok = (usize, usize);

/// Node, process id and the channel tokens before the entry code.
type Prefix<'p, 'a> = (Option<&'a [u8]>, Option<&'a [u8]>, &'p [&'a [u8]]);

/// Split `line[from..]` at runs of spaces (and tabs) into `out`: the spaces are found
/// with a vectorised search, tabs (rare) by a plain loop.
fn tokens(line: &[u8], from: usize, out: &mut Vec<Tok>) {
    out.clear();
    let rest = &line[from.min(line.len())..];
    if memchr::memchr(b'\t', rest).is_some() {
        let mut start = usize::MAX;
        for (i, &c) in line.iter().enumerate().skip(from) {
            if c == b' ' || c == b'\t' {
                if start != usize::MAX {
                    out.push((start, i));
                    start = usize::MAX;
                }
            } else if start == usize::MAX {
                start = i;
            }
        }
        if start != usize::MAX {
            out.push((start, line.len()));
        }
        return;
    }
    // Eight bytes at a time: a mask with the high bit of every space byte.
    const LO: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let n = line.len();
    let mut start = from;
    let mut i = from;
    while i + 8 <= n {
        let mut w = [0u8; 8];
        w.copy_from_slice(&line[i..i + 8]);
        let x = u64::from_le_bytes(w) ^ 0x2020_2020_2020_2020;
        let mut m = !(((x & LO) + LO) | x | LO);
        while m != 0 {
            let pos = i + (m.trailing_zeros() / 8) as usize;
            if pos > start {
                out.push((start, pos));
            }
            start = pos + 1;
            m &= m - 1;
        }
        i += 8;
    }
    for (j, &c) in line.iter().enumerate().skip(i) {
        if c == b' ' {
            if j > start {
                out.push((start, j));
            }
            start = j + 1;
        }
    }
    if start < n {
        out.push((start, n));
    }
}

fn is_digits(t: &[u8]) -> bool {
    !t.is_empty() && t.len() <= 20 && t.iter().all(u8::is_ascii_digit)
}

/// Cheap byte tests before the full decoders (which need `&str`).
fn maybe_transport(t: &[u8]) -> bool {
    t.len() > 8 && t[..8].contains(&b'|') && values::transport(s(t)).is_some()
}

fn maybe_application(t: &[u8]) -> bool {
    t.first().is_some_and(u8::is_ascii_uppercase) && values::application(s(t)).is_some()
}

fn maybe_queue_file(t: &[u8]) -> bool {
    t.len() > 6
        && memchr::memrchr(b'.', t).is_some_and(|i| t.len() - i <= 6)
        && memchr::memchr2(b'/', b'\\', t).is_some()
        && values::is_queue_file(s(t))
}

/// `hex.n` or `hex.n.n` (n decimal or hex), checked on the bytes.
fn is_pid(t: &[u8]) -> bool {
    let mut parts = 0;
    let mut len = 0;
    for &c in t {
        if c == b'.' {
            if len == 0 {
                return false;
            }
            parts += 1;
            len = 0;
        } else if c.is_ascii_hexdigit() && len < 16 {
            len += 1;
        } else {
            return false;
        }
    }
    (1..=2).contains(&parts) && len > 0
}

fn s(t: &[u8]) -> &str {
    std::str::from_utf8(t).unwrap_or("")
}

/// Scratch space reused between lines, and what earlier lines showed of the layout.
#[derive(Debug, Default, Clone)]
pub struct TextDecoder {
    toks: Vec<Tok>,
    /// Whether the entries carry a node name (`LOG_NODE`), once a line has shown it
    /// unambiguously: it decides `name channel D 1 …`, which is either a node and a
    /// source channel or a source and a destination channel.
    node: Option<bool>,
}

/// `Name: value` with a header field name: a header line (`LOG_HEADER`) in text form.
fn header_like(line: &[u8]) -> bool {
    let name =
        line.iter().take_while(|&&c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_').count();
    name > 0 && line.get(name) == Some(&b':')
}

/// Which optional field to look for: the profile's, or (without one) every shape.
fn want(p: Option<&Profile>, id: F) -> bool {
    p.is_none_or(|p| p.on(id))
}

/// What a decoder has learned of the layout from the lines it decoded (see
/// [`TextDecoder::learned`]): small, to be handed to a decoder on another thread.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Learned {
    node: Option<bool>,
}

impl TextDecoder {
    /// Take over what `other` has learned of the layout, where this one has not.
    pub fn adopt_layout(&mut self, other: &TextDecoder) {
        self.adopt_learned(other.learned());
    }

    /// What this decoder has learned of the layout.
    pub fn learned(&self) -> Learned {
        Learned { node: self.node }
    }

    /// Take over what another decoder has learned, where this one has not.
    pub fn adopt_learned(&mut self, l: Learned) {
        self.node = self.node.or(l.node);
    }

    /// Decode `line` (terminators already removed) into `rec`.
    pub fn decode<'a>(&mut self, line: &'a [u8], p: Option<&Profile>, rec: &mut Record<'a>) {
        // Blanks before the time stamp (a line re-indented by a tool) are not a field.
        let lead = line.iter().take_while(|&&c| c == b' ' || c == b'\t').count();
        let line = &line[lead..];
        // The text form; ISO 8601 too (8.0.2 uses it in the XML form, so be ready for it).
        let iso = || {
            let end = memchr::memchr(b' ', line).unwrap_or(line.len());
            let first = std::str::from_utf8(&line[..end]).ok()?;
            (first.len() >= 19 && first.as_bytes()[4] == b'-')
                .then(|| Timestamp::parse_any(first))
                .flatten()
                .map(|t| (t, end))
        };
        let Some((ts, n)) = Timestamp::parse_text(line).or_else(iso) else {
            rec.error = Some(Cow::Borrowed(if header_like(line) {
                "not a log entry: no time stamp; shaped like a header line (LOG_HEADER), whose text form is not documented, so it is not decoded"
            } else {
                "not a log entry: does not start with a time stamp (dd-Mon-yyyy hh:mm:ss)"
            }));
            return;
        };
        rec.time = Some(ts);
        rec.fields.set(F::Time, &line[..n]);
        tokens(line, n, &mut self.toks);
        let toks = std::mem::take(&mut self.toks);
        let r = self.decode_tokens(line, &toks, p, rec);
        self.toks = toks;
        if let Err(e) = r {
            rec.kind = EntryKind::Error;
            rec.error = Some(Cow::Borrowed(e));
        }
    }

    fn decode_tokens<'a>(
        &mut self,
        line: &'a [u8],
        toks: &[Tok],
        p: Option<&Profile>,
        rec: &mut Record<'a>,
    ) -> Result<(), &'static str> {
        let t = |i: usize| &line[toks[i].0..toks[i].1];
        // The anchor: `+`/`-` then a code (connection), or a code then a size (message).
        let mut anchor = None;
        for i in 1..toks.len().min(7) {
            let ti = t(i);
            if (ti == b"+" || ti == b"-") && i + 1 < toks.len() && codes::is_code(t(i + 1)) {
                anchor = Some((i, true));
                break;
            }
            if codes::is_code(ti) && i + 1 < toks.len() && is_digits(t(i + 1)) {
                anchor = Some((i, false));
                break;
            }
        }
        let Some((at, connection)) = anchor else {
            return Err("no entry code followed by a size, and no +/- connection direction");
        };
        // Prefix: [node] [pid] source [destination].
        let mut pre_buf: [&'a [u8]; 7] = [&[]; 7];
        for (i, slot) in pre_buf.iter_mut().enumerate().take(at) {
            *slot = t(i);
        }
        let pre = &pre_buf[..at];
        let code_at = if connection { at + 1 } else { at };
        let action = t(code_at)[0];
        let dequeue_side = !connection && !matches!(action, b'E');
        let node_on = p.is_some_and(|p| p.on(F::Node));
        // What this line tells of the layout when it is unambiguous: learned for the
        // lines that are not (see `TextDecoder::node`).
        let mut shows_node = None;
        let (node, pid, chan): Prefix<'_, 'a> = if pre.len() >= 2 && is_pid(pre[1]) {
            shows_node = Some(true);
            (Some(pre[0]), Some(pre[1]), &pre[2..])
        } else if is_pid(pre[0]) {
            shows_node = Some(node_on);
            (node_on.then_some(&b""[..]), Some(pre[0]), &pre[1..])
        } else {
            let node_like = |x: &[u8]| {
                x.iter().any(u8::is_ascii_uppercase) && !x.iter().any(u8::is_ascii_lowercase)
            };
            match pre.len() {
                3 => {
                    shows_node = Some(true);
                    (Some(pre[0]), None, &pre[1..])
                }
                // A connection entry has no destination channel: two names are the
                // node and the channel.
                2 if connection => {
                    shows_node = Some(true);
                    (Some(pre[0]), None, &pre[1..])
                }
                2 if dequeue_side => {
                    let learned = if p.is_some() { Some(node_on) } else { self.node };
                    let is_node =
                        learned.unwrap_or_else(|| node_like(pre[0]) && !node_like(pre[1]));
                    if is_node { (Some(pre[0]), None, &pre[1..]) } else { (None, None, pre) }
                }
                2 | 1 => {
                    if !node_on {
                        shows_node = Some(false);
                    }
                    (node_on.then_some(&b""[..]), None, pre)
                }
                _ => (node_on.then_some(&b""[..]), None, pre),
            }
        };
        if shows_node.is_some() {
            self.node = shows_node;
        }
        if let Some(n) = node {
            rec.fields.set(F::Node, n);
        }
        if let Some(pid) = pid {
            rec.fields.set(F::Process, pid);
        }
        match (connection, chan.len()) {
            (_, 0) => return Err("no source channel before the entry code"),
            (true, 1) | (false, 1) => rec.fields.set(F::SourceChannel, chan[0]),
            (false, 2) => {
                rec.fields.set(F::SourceChannel, chan[0]);
                rec.fields.set(F::DestChannel, chan[1]);
            }
            _ => {
                return Err(
                    "more fields than node, process, source and destination channel before the entry code",
                );
            }
        }
        if connection {
            rec.fields.set(F::DestChannel, t(at));
        } else if !rec.fields.has(F::DestChannel) {
            rec.fields.set(F::DestChannel, &b""[..]);
        }
        rec.fields.set(F::Code, t(code_at));
        if connection {
            rec.kind = EntryKind::Connection;
            self.connection_tail(line, toks[code_at].1, p, rec);
            return Ok(());
        }
        rec.kind = EntryKind::Message;
        rec.fields.set(F::Size, t(at + 1));
        let after_size = toks[at + 1].1;
        let counted = match p {
            Some(p) => p.format == 3,
            None => counted_at(line, after_size + 1).is_some(),
        };
        if counted {
            rec.format = 3;
            return self.counted_tail(line, after_size, p, rec, action);
        }
        self.plain_tail(line, after_size, &toks[at + 2..], p, rec, action)
    }

    /// Connection entries: transport, application, then the diagnostic (close reason,
    /// authentication result). In format 3 the variable fields are counted.
    fn connection_tail<'a>(
        &mut self,
        line: &'a [u8],
        from: usize,
        p: Option<&Profile>,
        rec: &mut Record<'a>,
    ) {
        let mut i = from;
        let mut step = 0;
        while i < line.len() {
            if line[i] == b' ' {
                i += 1;
                continue;
            }
            let (v, next, counted) = match counted_at(line, i) {
                Some((vs, ve)) => (&line[vs..ve], ve, true),
                None => {
                    let e = memchr::memchr(b' ', &line[i..]).map_or(line.len(), |k| i + k);
                    (&line[i..e], e, false)
                }
            };
            if counted {
                rec.format = 3;
            }
            let vs = s(v);
            if step == 0 && values::transport(vs).is_some() {
                rec.fields.set(F::Transport, v);
                step = 1;
            } else if step <= 1 && values::application(vs).is_some() {
                rec.fields.set(F::Application, v);
                step = 2;
            } else if step <= 2
                && want(p, F::Username)
                && !v.contains(&b' ')
                && (v.starts_with(b"*")
                    || (rec.action() == Some(b'U') && v.contains(&b'@') && !is_reply_code(v)))
            {
                rec.fields.set(F::Username, v);
                step = 3;
            } else {
                // The rest is the diagnostic (one counted value, or the text to the end).
                let d = if counted { v } else { &line[i..] };
                rec.fields.set(F::Diagnostic, d);
                if !counted {
                    return;
                }
                step = 4;
            }
            i = next;
        }
    }

    /// Formats 1 and 2: from, original To, current To, then the optional fields.
    fn plain_tail<'a>(
        &mut self,
        line: &'a [u8],
        after_size: usize,
        toks: &[Tok],
        p: Option<&Profile>,
        rec: &mut Record<'a>,
        action: u8,
    ) -> Result<(), &'static str> {
        // Exactly one separator after the size; a second blank means an empty From.
        let empty_from = line.get(after_size + 1) == Some(&b' ')
            || (line.get(after_size) == Some(&b' ') && after_size + 1 >= line.len());
        let t = |i: usize| &line[toks[i].0..toks[i].1];
        let mut k = 0;
        let addr = |v: &'a [u8]| -> &'a [u8] { if v == b"<>" { &v[..0] } else { v } };
        if empty_from || toks.first().is_some_and(|&(a, b)| is_orcpt(&line[a..b])) {
            rec.fields.set(F::From, &b""[..]);
        } else if k < toks.len() {
            if t(k) == b"<>" {
                rec.format = 2;
            }
            let e = address_end(line, toks, k);
            rec.fields.set(F::From, addr(&line[toks[k].0..toks[e].1]));
            k = e + 1;
        }
        if k < toks.len() {
            let e = address_end(line, toks, k);
            rec.fields.set(F::OrigTo, &line[toks[k].0..toks[e].1]);
            k = e + 1;
        } else {
            return Err("entry ends before the original To field");
        }
        if action == b'B' {
            // The recipient field holds the rejected command, the rest the reply.
            let start = k;
            while k < toks.len() && !is_reply_code(t(k)) {
                k += 1;
            }
            if k > start {
                rec.fields.set(F::To, &line[toks[start].0..toks[k - 1].1]);
            } else {
                rec.fields.set(F::To, &b""[..]);
            }
        } else if k < toks.len() {
            if t(k) == b"<>" {
                rec.format = 2;
            }
            let e = address_end(line, toks, k);
            rec.fields.set(F::To, addr(&line[toks[k].0..toks[e].1]));
            k = e + 1;
        } else {
            rec.fields.set(F::To, &b""[..]);
        }
        optional_fields(line, &toks[k..], p, rec, action);
        Ok(())
    }

    /// Format 3: `N:value` for the variable fields, bare tokens for the others.
    fn counted_tail<'a>(
        &mut self,
        line: &'a [u8],
        after_size: usize,
        p: Option<&Profile>,
        rec: &mut Record<'a>,
        action: u8,
    ) -> Result<(), &'static str> {
        let mut items: Vec<(bool, &'a [u8])> = Vec::new();
        let mut i = after_size;
        while i < line.len() {
            if line[i] == b' ' {
                i += 1;
                continue;
            }
            if let Some((vs, ve)) = counted_at(line, i) {
                items.push((true, &line[vs..ve]));
                i = ve;
            } else {
                let end = memchr::memchr(b' ', &line[i..]).map_or(line.len(), |k| i + k);
                items.push((false, &line[i..end]));
                i = end;
            }
        }
        let mut it = items.into_iter();
        for id in [F::From, F::OrigTo, F::To] {
            match it.next() {
                Some((true, v)) => rec.fields.set(id, v),
                _ => return Err("counted format: expected N:value for From, original To and To"),
            }
        }
        let mut last = F::To;
        for (counted, v) in it {
            let id = if counted {
                classify_counted(v, last, p, action)
            } else if is_digits(v) && last < F::Notary && want(p, F::Notary) {
                // Only right after To: a second number is the queue time.
                Some(F::Notary)
            } else if is_digits(v) && want(p, F::QueueTime) {
                Some(F::QueueTime)
            } else {
                None
            };
            match id {
                Some(id) if !rec.fields.has(id) => {
                    rec.fields.set(id, v);
                    last = id;
                }
                _ => {
                    rec.extra.push(("unplaced".into(), super::record::text(v).into_owned()));
                }
            }
        }
        Ok(())
    }
}

/// `N:` at `i` with N characters after it ending at a blank or the end: the value range.
fn counted_at(line: &[u8], i: usize) -> Option<(usize, usize)> {
    let rest = line.get(i..)?;
    let nd = rest.iter().take_while(|c| c.is_ascii_digit()).count();
    if nd == 0 || nd > 9 || rest.get(nd) != Some(&b':') {
        return None;
    }
    let n: usize = s(&rest[..nd]).parse().ok()?;
    let vs = i + nd + 1;
    let ve = vs.checked_add(n)?;
    if ve > line.len() || (ve < line.len() && line[ve] != b' ') {
        return None;
    }
    Some((vs, ve))
}

/// An enhanced status code: `d.d.d`.
fn is_status_code(t: &[u8]) -> bool {
    let mut parts = 0;
    let mut digits = 0;
    for &c in t {
        match c {
            b'0'..=b'9' => digits += 1,
            b'.' if digits > 0 => {
                parts += 1;
                digits = 0;
            }
            _ => return false,
        }
    }
    parts == 2 && digits > 0
}

/// The original To in ORCPT form: an address type (`rfc822`, `utf-8`, `x400`), `;`.
fn is_orcpt(t: &[u8]) -> bool {
    ["rfc822;", "utf-8;", "x400;"]
        .iter()
        .any(|p| t.len() >= p.len() && t[..p.len()].eq_ignore_ascii_case(p.as_bytes()))
}

/// The last token of an address starting at token `k`: a quoted local part
/// (`"john smith"@example.com`) may hold blanks, so it runs to the closing quote.
fn address_end(line: &[u8], toks: &[Tok], k: usize) -> usize {
    let t = |i: usize| &line[toks[i].0..toks[i].1];
    let quotes = |v: &[u8]| memchr::memchr_iter(b'"', v).count();
    if memchr::memchr(b'"', t(k)).is_none() || quotes(t(k)) % 2 == 0 {
        return k;
    }
    for j in k + 1..toks.len().min(k + 16) {
        if quotes(t(j)) % 2 == 1 {
            return j;
        }
    }
    k
}

fn is_reply_code(t: &[u8]) -> bool {
    t.len() == 3 && t.iter().all(u8::is_ascii_digit) && (b'2'..=b'5').contains(&t[0])
}

fn is_message_id(t: &[u8]) -> bool {
    t.first() == Some(&b'<') && t.last() == Some(&b'>') && t.len() > 2
}

/// A host-name-shaped token.
fn is_host(t: &[u8]) -> bool {
    !t.is_empty()
        && t.iter().all(|&c| {
            c.is_ascii_alphanumeric() || matches!(c, b'.' | b'-' | b'_' | b'[' | b']' | b':')
        })
}

/// Where a `HELO (DNS [IP])` group starting at token `k` ends (inclusive), if it does.
fn conninfo_group(line: &[u8], toks: &[Tok], k: usize) -> Option<usize> {
    let t = |i: usize| &line[toks[i].0..toks[i].1];
    if k + 1 >= toks.len()
        || !t(k + 1).starts_with(b"(")
        || t(k).starts_with(b"(")
        || t(k).starts_with(b"dns;")
    {
        return None;
    }
    for j in k + 1..toks.len().min(k + 8) {
        let tj = t(j);
        if tj.ends_with(b")") {
            let group = &line[toks[k + 1].0..toks[j].1];
            let one = j == k + 1 && values::transport(s(group)).is_none();
            return (group.contains(&b'[') || one).then_some(j);
        }
    }
    None
}

/// The optional fields after the current To, in table order (formats 1 and 2).
fn optional_fields<'a>(
    line: &'a [u8],
    toks: &[Tok],
    p: Option<&Profile>,
    rec: &mut Record<'a>,
    action: u8,
) {
    let t = |i: usize| &line[toks[i].0..toks[i].1];
    let n = toks.len();
    let mut k = 0;
    let infer = p.is_none();
    let dequeue_side = action != b'E';
    // From the right first: queue time, application, transport (unparenthesised).
    let mut end = n;
    if end > k && is_digits(t(end - 1)) && want(p, F::QueueTime) && dequeue_side {
        let prev_shaped =
            end >= 2 && (maybe_application(t(end - 2)) || maybe_transport(t(end - 2)));
        if !infer || prev_shaped || end == 1 {
            rec.fields.set(F::QueueTime, t(end - 1));
            end -= 1;
        }
    }
    let bare_transport = |i: usize| !t(i).starts_with(b"(") && maybe_transport(t(i));
    if end >= 1 && want(p, F::Application) && maybe_application(t(end - 1)) {
        let with_transport = end >= 2 && bare_transport(end - 2);
        if with_transport || (!infer && end > k + 1) {
            rec.fields.set(F::Application, t(end - 1));
            end -= 1;
        }
    }
    if end >= 1 && want(p, F::Transport) && bare_transport(end - 1) {
        rec.fields.set(F::Transport, t(end - 1));
        end -= 1;
    }
    // Then from the left, in table order.
    // A reply code opening the diagnostic (`550 5.7.1 …` in J records) is no NOTARY value.
    let reply_next = k + 1 < end && is_status_code(t(k + 1));
    if k < end
        && is_digits(t(k))
        && want(p, F::Notary)
        && (k + 1 < end || !infer)
        && !(is_reply_code(t(k)) && (reply_next || (infer && action == b'J')))
    {
        rec.fields.set(F::Notary, t(k));
        k += 1;
    }
    if k < end && want(p, F::File) && maybe_queue_file(t(k)) {
        rec.fields.set(F::File, t(k));
        k += 1;
    }
    if k + 1 < end
        && p.is_some_and(|p| p.on(F::EnvelopeId))
        && !is_message_id(t(k))
        && is_message_id(t(k + 1))
    {
        rec.fields.set(F::EnvelopeId, t(k));
        k += 1;
    }
    if k < end && want(p, F::MessageId) && t(k).first() == Some(&b'<') {
        // A Message-ID with blanks inside: extend to the token that closes it.
        let mut j = k;
        while j + 1 < end && j < k + 8 && t(j).last() != Some(&b'>') {
            j += 1;
        }
        if t(j).last() == Some(&b'>') {
            rec.fields.set(F::MessageId, &line[toks[k].0..toks[j].1]);
            k = j + 1;
        }
    }
    let conn_on = want(p, F::Connection);
    let conninfo_at = |i: usize| -> Option<usize> {
        if !conn_on || i >= end {
            return None;
        }
        if let Some(j) = conninfo_group(line, toks, i)
            && j < end
        {
            return Some(j);
        }
        if dequeue_side && i + 1 < end && t(i + 1).starts_with(b"dns;") && is_host(t(i)) {
            return Some(i);
        }
        // Configured: a dequeue's connection information is the remote host name.
        if dequeue_side && !infer && is_host(t(i)) && t(i).contains(&b'.') {
            return Some(i);
        }
        None
    };
    if k < end && want(p, F::Username) {
        let tk = t(k);
        let is_user = tk.starts_with(b"*")
            || conninfo_at(k + 1).is_some()
            || (!infer
                && !dequeue_side
                && !tk.contains(&b'.')
                && !tk.contains(&b';')
                && !is_reply_code(tk)
                && conninfo_at(k).is_none())
            || (!dequeue_side
                && k + 1 == end
                && !tk.contains(&b'.')
                && !tk.contains(&b'@')
                && conninfo_at(k).is_none()
                && (!infer || tk.iter().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())));
        if is_user && !tk.starts_with(b"dns;") && !tk.starts_with(b"(") {
            rec.fields.set(F::Username, tk);
            k += 1;
        }
    }
    if let Some(j) = conninfo_at(k) {
        rec.fields.set(F::Connection, &line[toks[k].0..toks[j].1]);
        k = j + 1;
    } else if conn_on && !dequeue_side && k + 1 == end && is_host(t(k)) && t(k).contains(&b'.') {
        // A non-TCP source: the enqueuing channel's official host name.
        rec.fields.set(F::Connection, t(k));
        k += 1;
    }
    if let Some(p) = p {
        for id in [F::Sensitivity, F::Priority, F::Intermediate] {
            if p.on(id) && k < end && !def(id).spaces && !t(k).starts_with(b"dns;") {
                rec.fields.set(id, t(k));
                k += 1;
            }
        }
    }
    if k < end {
        let text = &line[toks[k].0..toks[end - 1].1];
        let into = match p {
            Some(p) if !p.on(F::Diagnostic) && p.on(F::Reason) => F::Reason,
            _ => F::Diagnostic,
        };
        rec.fields.set(into, text);
    }
}

/// A value of the specific shape of a field (queue path, `<id>`, `TCP|…`, `SMTP/…`).
fn specific_shape(id: F, v: &[u8]) -> bool {
    let vs = s(v);
    match id {
        F::File => values::is_queue_file(vs),
        F::MessageId => is_message_id(v),
        F::Transport => values::transport(vs).is_some(),
        F::Application => values::application(vs).is_some(),
        _ => false,
    }
}

/// With a profile: the first enabled counted field after `last` that takes the value.
/// Fields of a specific shape take only that shape; the others take anything that is
/// not shaped like a later enabled field.
fn next_enabled(v: &[u8], last: F, p: &Profile) -> Option<F> {
    let later: Vec<F> = super::fields::FIELDS
        .iter()
        .filter(|f| f.id > last && f.counted && p.on(f.id))
        .map(|f| f.id)
        .collect();
    for (i, &id) in later.iter().enumerate() {
        let specific = matches!(id, F::File | F::MessageId | F::Transport | F::Application);
        if specific {
            if specific_shape(id, v) {
                return Some(id);
            }
            continue;
        }
        let blank_ok = def(id).spaces;
        if (!blank_ok && v.contains(&b' ')) || later[i + 1..].iter().any(|&l| specific_shape(l, v))
        {
            continue;
        }
        return Some(id);
    }
    None
}

/// The field a counted value belongs to, from its shape and the fields before it.
fn classify_counted(v: &[u8], last: F, p: Option<&Profile>, action: u8) -> Option<F> {
    if let Some(p) = p {
        return next_enabled(v, last, p);
    }
    let vs = s(v);
    let next = |id: F| id > last && want(p, id);
    if next(F::File) && values::is_queue_file(vs) {
        return Some(F::File);
    }
    if next(F::MessageId) && is_message_id(v) {
        return Some(F::MessageId);
    }
    if next(F::Transport) && values::transport(vs).is_some() {
        return Some(F::Transport);
    }
    if next(F::Application) && last >= F::Transport && values::application(vs).is_some() {
        return Some(F::Application);
    }
    if next(F::Username) && v.starts_with(b"*") {
        return Some(F::Username);
    }
    if next(F::Connection)
        && (vs.contains(" (") || (action != b'E' && is_host(v) && v.contains(&b'.')))
    {
        return Some(F::Connection);
    }
    if next(F::Username) && !v.contains(&b' ') && !v.contains(&b'.') {
        return Some(F::Username);
    }
    if next(F::Diagnostic) {
        return Some(F::Diagnostic);
    }
    if next(F::Reason) {
        return Some(F::Reason);
    }
    None
}
