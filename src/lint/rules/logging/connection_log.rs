//! OPT401 and OPT402: SEPARATE_CONNECTION_LOG and LOG_PROCESS while no connection entries
//! are written. Both compare against the same LOG_CONNECTION reading.

use super::{OptionDat, connection_entries};
use crate::lint::table::{LOG_PROCESS_WITHOUT_CONNECTION_LOG, SEPARATE_LOG_WITHOUT_CONNECTION_LOG};
use crate::lint::{Context, Diagnostic};
use crate::model::radix::parse_int;

/// Report SEPARATE_CONNECTION_LOG (OPT401) and LOG_PROCESS (OPT402) in option.dat when no
/// LOG_CONNECTION bit writes connection entries.
pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    if let Some(o) = super::option_dat(ctx) {
        connection_dependants(ctx, &o, out);
    }
}

fn connection_dependants(ctx: &Context, o: &OptionDat, out: &mut Vec<Diagnostic>) {
    let lc_setting = o.get("LOG_CONNECTION");
    if lc_setting.is_some_and(|s| parse_int(s.value_trimmed()).is_err()) {
        return; // OPT102 reports the value itself.
    }
    let global = o.int("LOG_CONNECTION").map(|(v, _)| v);
    if connection_entries(ctx, global) {
        return;
    }
    let why = match global {
        Some(v) if v != 0 => {
            format!("LOG_CONNECTION={v} sets neither bit 1 (value 2) nor bit 7 (value 128)")
        }
        Some(_) => "LOG_CONNECTION is 0".to_string(),
        None => "LOG_CONNECTION is not set".to_string(),
    };
    let related = |d: Diagnostic| match lc_setting {
        Some(s) => d.related(o.fi, o.setting_span(s), "no connection entries with this value"),
        None => d,
    };
    if let Some((v, s)) = o.int("SEPARATE_CONNECTION_LOG")
        && v != 0
    {
        out.push(related(
            Diagnostic::new(
                &SEPARATE_LOG_WITHOUT_CONNECTION_LOG,
                o.fi,
                o.setting_span(s),
                format!("SEPARATE_CONNECTION_LOG={v} has nothing to separate: {why}, so no connection entries are written"),
            )
            .help("set bit 1 of LOG_CONNECTION (LOG_CONNECTION=3 logs connection details and open/close entries), or remove SEPARATE_CONNECTION_LOG"),
        ));
    }
    if let Some((v, s)) = o.int("LOG_PROCESS")
        && v != 0
    {
        out.push(related(
            Diagnostic::new(
                &LOG_PROCESS_WITHOUT_CONNECTION_LOG,
                o.fi,
                o.setting_span(s),
                format!("LOG_PROCESS={v} has no connection entries to be matched with: {why}"),
            )
            .help("set bit 1 of LOG_CONNECTION (for example LOG_CONNECTION=3) so the process ids can pair message and connection entries"),
        ));
    }
}
