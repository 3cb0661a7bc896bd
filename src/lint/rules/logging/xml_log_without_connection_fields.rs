//! OPT410: an XML or JSON log without the connection fields its entries can carry.

use super::{int, line};
use crate::lint::table::XML_LOG_WITHOUT_CONNECTION_FIELDS;
use crate::lint::{Context, Diagnostic};
use crate::model::options::OptionModel;

/// With an XML or JSON LOG_FORMAT, report a LOG_CONNECTION that leaves out fields log
/// parsers commonly expect.
pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    if let Some(o) = super::option_dat(ctx) {
        xml_attributes(o.fi, o.m, out);
    }
}

fn xml_attributes(fi: usize, m: &OptionModel, out: &mut Vec<Diagnostic>) {
    let Some(format) = m.get("LOG_FORMAT").filter(|s| int(s).is_some_and(|v| (4..=6).contains(&v)))
    else {
        return;
    };
    let connection = m.get("LOG_CONNECTION").and_then(int).unwrap_or(0);
    let missing: Vec<&str> = [
        (1, "ss (source system, bit 0)"),
        (32, "tr (transport, bit 5)"),
        (64, "ap (application, bit 6)"),
    ]
    .iter()
    .filter(|(bit, _)| connection & bit == 0)
    .map(|(_, what)| *what)
    .collect();
    if !missing.is_empty() {
        out.push(
            Diagnostic::new(
                &XML_LOG_WITHOUT_CONNECTION_FIELDS,
                fi,
                line(format),
                format!(
                    "with LOG_FORMAT={} and LOG_CONNECTION={connection}, log entries carry no {}",
                    format.value_trimmed(),
                    missing.join(", ")
                ),
            )
            .help("add the LOG_CONNECTION bits for the fields your log tools read"),
        );
    }
}
