//! One line in, one [`Record`] out, whatever the format: the first byte tells XML (`<`)
//! and JSON (`{`) from text; the text decoder tells format 3 from 1 and 2. Never fails:
//! a line that cannot be decoded is a record with an error.
//!
//! Layer: uses `log::text`, `log::markup`, `log::record`, `log::profile`.

use std::borrow::Cow;

use super::markup;
use super::profile::Profile;
use super::record::{EntryKind, Record};
use super::text::{Learned, TextDecoder};

/// Decodes lines with an optional site profile (from the configuration). A clone decodes
/// on another thread; [`Decoder::adopt_layout`] passes on what one has learned.
#[derive(Debug, Default, Clone)]
pub struct Decoder {
    /// The option values of the configuration that wrote the log, when known: they tell which fields the text formats carry and in what order.
    pub profile: Option<Profile>,
    text: TextDecoder,
}

impl Decoder {
    /// A decoder that uses the options of a configuration.
    pub fn with_profile(profile: Option<Profile>) -> Decoder {
        Decoder { profile, text: TextDecoder::default() }
    }

    /// Take over what `other` has learned of the layout from the lines it decoded (where
    /// this decoder has not learned it itself).
    pub fn adopt_layout(&mut self, other: &Decoder) {
        self.text.adopt_layout(&other.text);
    }

    /// What this decoder has learned of the layout, for [`Decoder::adopt_learned`].
    pub fn learned(&self) -> Learned {
        self.text.learned()
    }

    /// Take over what another decoder has learned of the layout, where this one has not.
    pub fn adopt_learned(&mut self, l: Learned) {
        self.text.adopt_learned(l);
    }

    /// Decode one line (`raw` without its `\n`).
    pub fn decode<'a>(
        &mut self,
        file: usize,
        line: u64,
        raw: &'a [u8],
        newline: bool,
    ) -> Record<'a> {
        let mut rec = Record::new(file, line, raw, newline);
        self.decode_into(&mut rec);
        rec
    }

    /// Decode the line of a new record ([`Record::new`]) in place: what a batch of
    /// records uses, so that no record is moved after it is made.
    pub fn decode_into(&mut self, rec: &mut Record<'_>) {
        let raw = rec.raw;
        let body = raw.strip_suffix(b"\r").unwrap_or(raw);
        let first = body.iter().position(|c| !c.is_ascii_whitespace());
        match first.map(|i| body[i]) {
            None => {
                rec.error = Some(Cow::Borrowed("empty line"));
            }
            Some(b'<') => markup::decode_xml(body, rec),
            Some(b'{') => markup::decode_json(body, rec),
            Some(_) => {
                let p = self.profile.as_ref().filter(|p| p.format <= 3);
                self.text.decode(body, p, rec);
                if rec.error.is_none() && rec.format == 0 {
                    rec.format = p.map_or(1, |p| p.format.max(1));
                }
            }
        }
        if rec.error.is_some() {
            rec.kind = EntryKind::Error;
        }
    }
}
