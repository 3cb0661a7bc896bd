//! DSP201: job_controller.cnf sets an option the Job Controller does not know.

use crate::lint::{Context, Diagnostic, RuleInfo, Severity};

/// DSP201 `jc-unknown-option` (warning by default): job_controller.cnf sets an option the
/// Job Controller does not know.
pub const JC_UNKNOWN_OPTION: RuleInfo = RuleInfo {
    code: "DSP201",
    name: "jc-unknown-option",
    severity: Severity::Warning,
    summary: "job_controller.cnf sets an option the Job Controller does not know.",
    why: "An unrecognised name has no effect. It is usually a typo, and the setting that was meant (a pool's job limit, a channel's command) silently stays at its default.",
    example: "[POOL=SMTP_POOL]\njob_limits=10",
    fix: "Correct the name (the suggestion shows the closest known option) or delete the line. If the option is genuine but imtacfg's catalog lacks it, declare it in imtacfg's settings.",
};

/// Report every job_controller.cnf option name the catalog does not know, with the closest
/// known name when there is one.
pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for file in super::files(ctx) {
        file.unknown_options(&JC_UNKNOWN_OPTION, "the Job Controller", out);
    }
}
