//! The filters shared by every `log` command: channel, entry code, time range, envelope
//! From and To, remote IP address and Message-ID. All given filters must match.
//!
//! Layer: uses `log::record`, `log::time`, `log::fields`.

use super::LogError;
use super::fields::FieldId as F;
use super::record::{EntryKind, Record};
use super::time::Timestamp;

/// What records to keep.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Source or destination channel is one of these (any case).
    pub channels: Vec<String>,
    /// The entry code is one of these; a single letter matches the action with any
    /// modifiers (`D` matches `DE`, `DS`).
    pub codes: Vec<String>,
    /// At or after this time.
    pub since: Option<Timestamp>,
    /// Before this time.
    pub until: Option<Timestamp>,
    /// The envelope From contains this (any case).
    pub from: Option<String>,
    /// The original or current To contains this (any case).
    pub to: Option<String>,
    /// The remote IP address is this.
    pub ip: Option<String>,
    /// One of the Message-IDs is this (angle brackets optional).
    pub message_id: Option<String>,
}

fn contains_ci(hay: &[u8], needle: &str) -> bool {
    let n = needle.as_bytes();
    n.is_empty() || hay.len() >= n.len() && hay.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n))
}

/// Does a Message-ID field (`<a>` or `<a>,<b>`) hold `id` (with or without brackets)?
pub fn has_message_id(field: &[u8], id: &str) -> bool {
    let want = id.trim().trim_start_matches('<').trim_end_matches('>');
    field.split(|&b| b == b',').any(|one| {
        let one = one.trim_ascii();
        let one = one.strip_prefix(b"<").unwrap_or(one);
        let one = one.strip_suffix(b">").unwrap_or(one);
        one.eq_ignore_ascii_case(want.as_bytes())
    })
}

impl Filter {
    /// Parse `--since`/`--until` values.
    pub fn time(s: &str, flag: &str) -> Result<Timestamp, LogError> {
        Timestamp::parse_any(s).ok_or_else(|| {
            LogError::Argument(format!(
                "{flag} {s:?}: not a time (2007-02-16T15:41, 2007-02-16 or 16-Feb-2007 15:41:00)"
            ))
        })
    }

    /// Is no filter given?
    pub fn is_empty(&self) -> bool {
        self.channels.is_empty()
            && self.codes.is_empty()
            && self.since.is_none()
            && self.until.is_none()
            && self.from.is_none()
            && self.to.is_none()
            && self.ip.is_none()
            && self.message_id.is_none()
    }

    /// Does the record pass? Error records pass only when no filter is given.
    pub fn matches(&self, r: &Record<'_>) -> bool {
        if r.kind == EntryKind::Error {
            return self.is_empty();
        }
        if !self.channels.is_empty() {
            let src = r.get(F::SourceChannel).unwrap_or_default();
            let dst = r.get(F::DestChannel).unwrap_or_default();
            if !self.channels.iter().any(|c| {
                src.eq_ignore_ascii_case(c.as_bytes()) || dst.eq_ignore_ascii_case(c.as_bytes())
            }) {
                return false;
            }
        }
        if !self.codes.is_empty() {
            let code = r.get(F::Code).unwrap_or_default();
            if !self.codes.iter().any(|c| {
                let c = c.as_bytes();
                code == c || (c.len() == 1 && code.first() == c.first())
            }) {
                return false;
            }
        }
        if let Some(s) = self.since
            && r.time.is_none_or(|t| t < s)
        {
            return false;
        }
        if let Some(u) = self.until
            && r.time.is_none_or(|t| t >= u)
        {
            return false;
        }
        if let Some(f) = &self.from
            && !r.get(F::From).is_some_and(|v| contains_ci(v, f))
        {
            return false;
        }
        if let Some(t) = &self.to
            && !(r.orig_address().is_some_and(|v| contains_ci(v, t))
                || r.get(F::To).is_some_and(|v| contains_ci(v, t)))
        {
            return false;
        }
        if let Some(ip) = &self.ip
            && r.remote_ip().as_deref() != Some(ip.as_str())
        {
            return false;
        }
        if let Some(id) = &self.message_id
            && !r.get(F::MessageId).is_some_and(|v| has_message_id(v, id))
        {
            return false;
        }
        true
    }
}
