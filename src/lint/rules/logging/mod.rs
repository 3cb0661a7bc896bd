//! Logging rules: how the LOG_* options of option.dat fit together, whether the channels of
//! imta.cnf write the entries those options shape, product-version gates, and the channel
//! log options that need connection logging (OPT401-OPT412, X401, X402).
//!
//! Message entries are written only by channels with the `logging` keyword (usually from a
//! `defaults` line); LOG_CONNECTION bits 1 and 7 produce the separate connection entries
//! (`O`, `C`, `Y`, `U`); LOG_FORMAT 4 and up (XML, JSON) turn several LOG_* options on by
//! default.

pub mod channel_log_option_without_connection_log;
pub mod connection_log;
pub mod counter_bins;
pub mod log_bits_unknown;
pub mod log_options_without_logging;
pub mod needs_newer_version;
pub mod nodefaults_drops_logging;
pub mod redundant_with_xml_format;
pub mod small_block_size;
pub mod syslog_notices;
pub mod syslog_suppresses_mail_log;
pub mod xml_log_without_connection_fields;
pub mod xml_only_bit;

use crate::lint::Context;
use crate::lint::rules::common::value_span;
use crate::model::Span;
use crate::model::options::{OptionModel, OptionSetting};
use crate::model::radix::parse_int;
use crate::syntax::Kind;

/// LOG_CONNECTION bits that produce connection entries of their own: 1 (O, C, Y) and 7 (U).
const CONNECTION_ENTRY_BITS: i64 = 2 | 128;

/// The set's option.dat, when it has one.
pub fn option_dat<'a>(ctx: &'a Context<'a>) -> Option<OptionDat<'a>> {
    let (fi, f) = ctx.set.file_of(Kind::Option)?;
    Some(OptionDat { fi, m: f.options()?, text: ctx.text(fi) })
}

/// The set's option.dat.
pub struct OptionDat<'a> {
    /// Index of option.dat in `ConfigSet::files`.
    pub fi: usize,
    /// Its settings.
    pub m: &'a OptionModel,
    /// Its decoded text, which the spans of `m` index.
    pub text: &'a str,
}

impl<'a> OptionDat<'a> {
    /// The setting that counts for a name.
    pub fn get(&self, name: &str) -> Option<&'a OptionSetting> {
        self.m.get(name)
    }

    /// The effective integer value of an option, with its setting; `None` when unset or
    /// not an integer (OPT102 reports those).
    pub fn int(&self, name: &str) -> Option<(i64, &'a OptionSetting)> {
        let s = self.get(name)?;
        parse_int(s.value_trimmed()).ok().map(|v| (v, s))
    }

    /// The setting's first line without the terminator: `NAME=value`.
    pub fn setting_span(&self, s: &OptionSetting) -> Span {
        let end = value_span(s, self.text).end.max(s.equals.end);
        Span::new(s.name.start as usize, end as usize)
    }
}

/// Does a value switch something on? Unparseable values count as set.
pub fn non_zero(s: &OptionSetting) -> bool {
    match parse_int(s.value_trimmed()) {
        Ok(v) => v != 0,
        Err(_) => !s.value_trimmed().is_empty(),
    }
}

/// Does option.dat or a channel option file set LOG_CONNECTION with a bit that writes
/// connection entries of their own?
pub fn connection_entries(ctx: &Context, global: Option<i64>) -> bool {
    let writes = |v: i64| v > 0 && v & CONNECTION_ENTRY_BITS != 0;
    // A channel-level LOG_CONNECTION (tcp_local_option) produces connection entries too.
    global.is_some_and(writes)
        || ctx.files_of(&[Kind::ChannelOption]).any(|(_, f)| {
            f.options()
                .and_then(|m| m.get("LOG_CONNECTION"))
                .and_then(|s| parse_int(s.value_trimmed()).ok())
                .is_some_and(writes)
        })
}

/// LOG_FORMAT as it counts: `None` when unset (format 1) and `Some(Err)` when unreadable.
pub fn log_format(o: &OptionDat) -> Option<Result<i64, ()>> {
    o.get("LOG_FORMAT").map(|s| parse_int(s.value_trimmed()).map_err(|_| ()))
}

/// The setting's value as an integer in the product's notation (decimal or `b%v`);
/// `None` when it is not one.
pub fn int(s: &OptionSetting) -> Option<i64> {
    parse_int(s.value_trimmed()).ok()
}

/// The span of a setting's first line (name to the end of its value).
pub fn line(s: &OptionSetting) -> Span {
    s.name.cover(s.value_span())
}

/// The spam filter number of a SPAMFILTERn_… option (`SPAMFILTER_…` is filter 1).
pub fn spamfilter_number(name: &str) -> Option<u32> {
    let rest = name.strip_prefix("SPAMFILTER")?;
    let digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
    if !rest[digits.len()..].starts_with('_') {
        return None;
    }
    Some(if digits.is_empty() { 1 } else { digits.parse().ok()? })
}
