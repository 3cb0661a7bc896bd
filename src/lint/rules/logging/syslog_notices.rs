//! OPT411: options that send notices to syslog at SNDOPR_PRIORITY.

use super::{int, line, spamfilter_number};
use crate::lint::table::SYSLOG_NOTICES;
use crate::lint::{Context, Diagnostic};
use crate::model::options::OptionModel;

/// Report option.dat settings that send notices to syslog at the SNDOPR_PRIORITY level.
pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    if let Some(o) = super::option_dat(ctx) {
        syslog_notices(o.fi, o.m, out);
    }
}

fn syslog_notices(fi: usize, m: &OptionModel, out: &mut Vec<Diagnostic>) {
    let priority = m
        .get("SNDOPR_PRIORITY")
        .map_or("5 (the default)".to_string(), |s| s.value_trimmed().to_string());
    for s in &m.settings {
        let v = int(s);
        let sends = match s.normalized.as_str() {
            "LOG_SNDOPR" | "HELD_SNDOPR" => v.is_some_and(|v| v != 0),
            name if spamfilter_number(name).is_some() && name.ends_with("_OPTIONAL") => {
                v.is_some_and(|v| v.abs() == 2)
            }
            _ => false,
        };
        if sends {
            out.push(
                Diagnostic::new(
                    &SYSLOG_NOTICES,
                    fi,
                    line(s),
                    format!(
                        "{}={} sends notices to syslog at SNDOPR_PRIORITY {priority}",
                        s.normalized,
                        s.value_trimmed()
                    ),
                )
                .help("make sure syslog routes that priority somewhere you read"),
            );
        }
    }
}
