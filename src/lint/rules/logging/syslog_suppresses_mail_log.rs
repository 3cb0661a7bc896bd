//! OPT403: a negative LOG_MESSAGES_SYSLOG sends message entries to syslog only.

use super::OptionDat;
use crate::lint::Edit;
use crate::lint::rules::common::value_span;
use crate::lint::table::SYSLOG_SUPPRESSES_MAIL_LOG;
use crate::lint::{Applicability, Context, Diagnostic};

/// Report a negative LOG_MESSAGES_SYSLOG in option.dat: message entries then go to syslog
/// instead of mail.log.
pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    if let Some(o) = super::option_dat(ctx) {
        syslog(&o, out);
    }
}

fn syslog(o: &OptionDat, out: &mut Vec<Diagnostic>) {
    let Some((v, s)) = o.int("LOG_MESSAGES_SYSLOG") else {
        return;
    };
    if v >= 0 {
        return;
    }
    let span = value_span(s, o.text);
    out.push(
        Diagnostic::new(
            &SYSLOG_SUPPRESSES_MAIL_LOG,
            o.fi,
            span,
            format!(
                "LOG_MESSAGES_SYSLOG={v} sends message entries to syslog only; mail.log gets none"
            ),
        )
        .help(format!(
            "use LOG_MESSAGES_SYSLOG={} to write the entries to syslog and to mail.log",
            -v
        ))
        .fix(
            Applicability::Unsafe,
            "keep mail.log entries as well",
            vec![Edit { file: o.fi.into(), span, replacement: (-v).to_string() }],
        ),
    );
}
