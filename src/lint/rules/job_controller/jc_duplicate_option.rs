//! DSP203: an option set twice in one scope of job_controller.cnf.

use crate::lint::{Context, Diagnostic, RuleInfo, Severity};

/// DSP203 `jc-duplicate-option` (warning by default): an option is set twice in the global
/// part or in one section of job_controller.cnf.
pub const JC_DUPLICATE_OPTION: RuleInfo = RuleInfo {
    code: "DSP203",
    name: "jc-duplicate-option",
    severity: Severity::Warning,
    summary: "An option is set twice in the global part or in one section of job_controller.cnf.",
    why: "Only one of the values can be in force. The other line is dead and tells the reader something false.",
    example: "[POOL=DEFAULT]\njob_limit=10\njob_limit=5",
    fix: "Keep the line with the value you want and delete the other one.",
};

/// Report every option set twice in the globals or in one section of job_controller.cnf.
pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for file in super::files(ctx) {
        file.duplicate_options(&JC_DUPLICATE_OPTION, out);
    }
}
