//! OPT407: a LOG_* bit mask sets bits that have no known meaning.

use crate::knowledge::{OptionInfo, ValueType};
use crate::lint::rules::common::value_span;
use crate::lint::table::LOG_BITS_UNKNOWN;
use crate::lint::{Context, Diagnostic};
use crate::model::config_set::ConfigFile;
use crate::model::radix::parse_int;
use crate::syntax::Kind;

/// Report bits of bit-encoded LOG_* options (in option.dat and channel option files) that
/// the catalog has no meaning for.
pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (fi, f) in ctx.files_of(&[Kind::Option, Kind::ChannelOption]) {
        unknown_bits(ctx, fi, f, out);
    }
}

fn unknown_bits(ctx: &Context, fi: usize, f: &ConfigFile, out: &mut Vec<Diagnostic>) {
    let Some(m) = f.options() else { return };
    let text = ctx.text(fi);
    let table = ctx.option_table(f.kind);
    for s in &m.settings {
        if !s.normalized.starts_with("LOG_") {
            continue;
        }
        let Some(info) = table.get_folded(&s.normalized) else {
            continue;
        };
        if info.ty != ValueType::Bits || info.bits.is_empty() {
            continue;
        }
        let Ok(v) = parse_int(s.value_trimmed()) else {
            continue;
        };
        if v <= 0 {
            continue;
        }
        let set: Vec<u8> = (0..63u8).filter(|b| v & (1i64 << b) != 0).collect();
        let unknown: Vec<u8> =
            set.iter().copied().filter(|b| !info.bits.iter().any(|i| i.bit == *b)).collect();
        if unknown.is_empty() {
            continue;
        }
        let name = s.name.text(text);
        let list = unknown
            .iter()
            .map(|b| format!("bit {b} ({})", 1i64 << b))
            .collect::<Vec<_>>()
            .join(", ");
        let verb = if unknown.len() == 1 { "has" } else { "have" };
        out.push(
            Diagnostic::new(
                &LOG_BITS_UNKNOWN,
                fi,
                value_span(s, text),
                format!("{name}={v} sets {list}, which {verb} no known meaning"),
            )
            .help(decode(v, info)),
        );
    }
}

/// Every set bit of a value with its catalog meaning.
fn decode(v: i64, info: &OptionInfo) -> String {
    let parts: Vec<String> = (0..63u8)
        .filter(|b| v & (1i64 << b) != 0)
        .map(|b| match info.bits.iter().find(|i| i.bit == b) {
            Some(i) => {
                let note = if i.provenance.confidence == crate::knowledge::Confidence::Unverified {
                    " (unverified)"
                } else {
                    ""
                };
                format!("bit {b} ({}): {}{note}", 1i64 << b, i.meaning)
            }
            None => format!("bit {b} ({}): unknown", 1i64 << b),
        })
        .collect();
    format!("{} = {}; check that the sum is what you meant", v, parts.join("; "))
}
