//! OPT404: bit 2 of LOG_REASON, LOG_DIAGNOSTICS or LOG_REMOTE_MTA without an XML or JSON format.

use super::{OptionDat, log_format};
use crate::lint::rules::common::value_span;
use crate::lint::table::XML_ONLY_BIT;
use crate::lint::{Context, Diagnostic};

/// Report bit 2 (value 4) of LOG_REASON, LOG_DIAGNOSTICS or LOG_REMOTE_MTA when LOG_FORMAT
/// is not XML or JSON, so the bit has no effect.
pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    if let Some(o) = super::option_dat(ctx) {
        xml_bits(&o, out);
    }
}

/// Options whose bit 2 (value 4) only matters for XML and JSON output.
const XML_BIT_OPTIONS: &[&str] = &["LOG_REASON", "LOG_DIAGNOSTICS", "LOG_REMOTE_MTA"];

fn xml_bits(o: &OptionDat, out: &mut Vec<Diagnostic>) {
    let (format_text, format) = match log_format(o) {
        None => ("LOG_FORMAT is not set (plain format)".to_string(), 1),
        Some(Ok(v)) => (format!("LOG_FORMAT is {v}"), v),
        Some(Err(())) => return,
    };
    if format >= 4 {
        return;
    }
    for name in XML_BIT_OPTIONS {
        let Some((v, s)) = o.int(name) else { continue };
        if v < 0 || v & 4 == 0 {
            continue;
        }
        out.push(
            Diagnostic::new(
                &XML_ONLY_BIT,
                o.fi,
                value_span(s, o.text),
                format!("bit 2 (value 4) of {name}={v} only affects XML and JSON logs, but {format_text}"),
            )
            .help(format!(
                "drop the bit ({name}={}) or use LOG_FORMAT=4 or higher",
                v & !4
            )),
        );
    }
}
