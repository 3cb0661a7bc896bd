//! OPT403: a negative LOG_MESSAGES_SYSLOG sends message entries to syslog only.

use super::OptionDat;
use crate::lint::Edit;
use crate::lint::rules::common::value_span;
use crate::lint::{Applicability, Context, Diagnostic, RuleInfo, Severity};

/// OPT403 `syslog-suppresses-mail-log` (warning by default): a negative LOG_MESSAGES_SYSLOG
/// sends message entries to syslog only.
pub const SYSLOG_SUPPRESSES_MAIL_LOG: RuleInfo = RuleInfo {
    code: "OPT403",
    name: "syslog-suppresses-mail-log",
    severity: Severity::Warning,
    summary: "A negative LOG_MESSAGES_SYSLOG sends message entries to syslog only.",
    why: "The sign of LOG_MESSAGES_SYSLOG decides whether mail.log keeps its entries: a negative value copies them to syslog and stops writing them to mail.log. The product documentation advises against it, and the MTA's own log tools then find nothing.",
    example: "LOG_MESSAGES_SYSLOG=-20",
    fix: "Use the positive value (LOG_MESSAGES_SYSLOG=20) to write to both syslog and mail.log.",
};

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
