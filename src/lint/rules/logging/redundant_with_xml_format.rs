//! OPT405: LOG_…=1 that LOG_FORMAT 4 to 6 already switches on.

use super::{OptionDat, log_format};
use crate::lint::rules::common::whole_lines;
use crate::lint::table::REDUNDANT_WITH_XML_FORMAT;
use crate::lint::{Applicability, Context, Diagnostic, Edit};

/// Report LOG_* options of option.dat set to 1 that LOG_FORMAT 4 or above turns on anyway.
pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    if let Some(o) = super::option_dat(ctx) {
        redundant_with_xml(&o, out);
    }
}

/// Options whose default becomes 1 with LOG_FORMAT 4 and up (6.3p1+).
const ON_WITH_XML: &[&str] = &[
    "LOG_FILENAME", "LOG_FILTER", "LOG_MESSAGE_ID", "LOG_NOTARY", "LOG_PRIORITY", "LOG_PROCESS",
    "LOG_QUEUE_TIME", "LOG_REASON", "LOG_USERNAME",
];

fn redundant_with_xml(o: &OptionDat, out: &mut Vec<Diagnostic>) {
    let Some(Ok(format)) = log_format(o) else {
        return;
    };
    if !(4..=6).contains(&format) {
        return;
    }
    for name in ON_WITH_XML {
        let Some((1, s)) = o.int(name) else { continue };
        out.push(
            Diagnostic::new(
                &REDUNDANT_WITH_XML_FORMAT,
                o.fi,
                o.setting_span(s),
                format!("{name}=1 repeats the default: with LOG_FORMAT={format} it is already on (6.3p1 and later)"),
            )
            .help("remove the line; an explicit 0 is only needed to keep the field out")
            .fix(
                // Unsafe: before 6.3p1 the default is 0, so the line is what switches the
                // field on.
                Applicability::Unsafe,
                format!("remove the {name} line"),
                vec![Edit {
                    file: o.fi.into(),
                    span: whole_lines(o.text, s.span),
                    replacement: String::new(),
                }],
            ),
        );
    }
}
