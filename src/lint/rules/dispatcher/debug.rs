//! DSP112 and DSP113: DEBUG masks. Bits the debug bit table marks as unused or does not
//! list (DSP112), and debugging fully on or with packet tracing (DSP113). A mask of -1 is
//! reported once, as DSP113.

use super::DispatcherFile;
use crate::knowledge::catalog::debug_bits;
use crate::knowledge::{BitStatus, ValueType};
use crate::lint::table::{DEBUG_LEFT_ON, DEBUG_UNDOCUMENTED_BITS};
use crate::lint::{Applicability, Context, Diagnostic, Edit};
use crate::model::Span;
use crate::model::radix::parse_int;

/// Decode every DEBUG mask of dispatcher.cnf: bits the table lists as unused or does not
/// list (DSP112), and masks that turn everything or packet tracing on (DSP113).
pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for file in super::files(ctx) {
        check_file(&file, out);
    }
}

fn check_file(file: &DispatcherFile, out: &mut Vec<Diagnostic>) {
    for (s, _) in file.known_settings().filter(|(_, info)| info.ty == ValueType::Bits) {
        let span = s.value_span().trim_end(file.text);
        let name = file.name(s);
        let value = s.value_trimmed();
        // DSP115 reports masks that are not integers or do not fit.
        let Some(v) = parse_int(value).ok().filter(|&v| super::fits_mask(v)) else {
            continue;
        };
        let mask = v as u32;
        // Where the value is written, for a fix that replaces it (one line only).
        let value_at = (!s.is_continued())
            .then(|| {
                let vs = s.value_span();
                let raw = vs.text(file.text);
                let lead = raw.len() - raw.trim_start_matches([' ', '\t']).len();
                let start = vs.start as usize + lead;
                Span::new(start, start + value.len())
            })
            .filter(|sp| sp.text(file.text) == value);
        let set_to = |d: Diagnostic, new: String, what: String| match value_at {
            // Unsafe: the Dispatcher stops writing the debug output someone asked for.
            Some(span) => d.fix(
                Applicability::Unsafe,
                what,
                vec![Edit { file: file.fi.into(), span, replacement: new }],
            ),
            None => d,
        };
        if mask == u32::MAX {
            let d = Diagnostic::new(
                &DEBUG_LEFT_ON,
                file.fi,
                s.span.trim_end(file.text),
                format!("`{name}={value}` switches on all Dispatcher debugging"),
            )
            .help("dispatcher.log grows quickly; remove the line when you are done");
            out.push(set_to(d, "0".into(), format!("set {name}=0")));
            continue;
        }
        let odd: Vec<String> = (0..32u8)
            .filter(|b| mask & (1 << b) != 0)
            .filter_map(|b| match debug_bits().iter().find(|d| d.bit == b) {
                Some(d) if d.status == BitStatus::Documented => None,
                Some(_) => Some(format!("{b} (marked not used)")),
                None => Some(format!("{b} (not documented)")),
            })
            .collect();
        if !odd.is_empty() {
            let mut help = format!("documented bits: {}", documented_bits());
            if !value.contains('%')
                && value.bytes().all(|b| b.is_ascii_digit())
                && u32::from_str_radix(value, 16).is_ok_and(only_documented)
            {
                help.push_str(&format!(
                    "; read as hexadecimal, {value} would set documented bits only: if that was meant, write 16%{value}"
                ));
            }
            let mut d = Diagnostic::new(
                &DEBUG_UNDOCUMENTED_BITS,
                file.fi,
                span,
                format!(
                    "`{name}={value}` sets bit{} {}",
                    if odd.len() == 1 { "" } else { "s" },
                    odd.join(", ")
                ),
            )
            .help(help);
            if let Some(b) = debug_bits().first() {
                d = d.evidence(&b.provenance);
            }
            out.push(d);
        }
        if mask & (1 << 10) != 0 {
            let d = Diagnostic::new(
                &DEBUG_LEFT_ON,
                file.fi,
                s.span.trim_end(file.text),
                format!("`{name}={value}` includes packet-level tracing (bit 10)"),
            )
            .help("packet tracing makes dispatcher.log grow fast; switch it off when you are done");
            let rest = mask & !(1 << 10);
            out.push(set_to(d, rest.to_string(), format!("clear bit 10: {name}={rest}")));
        }
    }
}

fn only_documented(mask: u32) -> bool {
    (0..32u8)
        .filter(|b| mask & (1 << b) != 0)
        .all(|b| debug_bits().iter().any(|d| d.bit == b && d.status == BitStatus::Documented))
}

/// The documented DEBUG bits as ranges: `0-6, 8-10, 12-14, 16-17, 20-21, 24`.
fn documented_bits() -> String {
    let bits: Vec<u8> =
        debug_bits().iter().filter(|d| d.status == BitStatus::Documented).map(|d| d.bit).collect();
    let mut parts = Vec::new();
    let mut k = 0;
    while k < bits.len() {
        let start = bits[k];
        let mut end = start;
        while k + 1 < bits.len() && bits[k + 1] == end + 1 {
            k += 1;
            end = bits[k];
        }
        parts.push(if start == end { start.to_string() } else { format!("{start}-{end}") });
        k += 1;
    }
    parts.join(", ")
}
