//! DSP101: dispatcher.cnf sets an option the Dispatcher does not know.

use crate::lint::{Context, Diagnostic, RuleInfo, Severity};

/// DSP101 `dispatcher-unknown-option` (warning by default): dispatcher.cnf sets an option
/// the Dispatcher does not know.
pub const DISPATCHER_UNKNOWN_OPTION: RuleInfo = RuleInfo {
    code: "DSP101",
    name: "dispatcher-unknown-option",
    severity: Severity::Warning,
    summary: "dispatcher.cnf sets an option the Dispatcher does not know.",
    why: "A name the Dispatcher does not recognise does nothing useful. Usually it is a typo, and the setting that was meant stays at its default without any sign of trouble.",
    example: "[SERVICE=SMTP]\nPORT=25\nMAX_CONNECTIONS=10",
    fix: "Correct the name (the suggestion shows the closest known option) or delete the line. If the option is genuine but imtacfg's catalog lacks it, declare it in imtacfg's settings.",
};

/// Report every dispatcher.cnf option name the catalog does not know, with the closest
/// known name when there is one.
pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for file in super::files(ctx) {
        file.unknown_options(&DISPATCHER_UNKNOWN_OPTION, "the Dispatcher", out);
    }
}
