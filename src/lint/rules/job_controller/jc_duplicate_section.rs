//! DSP202: the same [KIND=NAME] header twice in job_controller.cnf.

use crate::lint::{Context, Diagnostic, RuleInfo, Severity};

/// DSP202 `jc-duplicate-section` (warning by default): the same [KIND=NAME] header appears
/// twice in job_controller.cnf.
pub const JC_DUPLICATE_SECTION: RuleInfo = RuleInfo {
    code: "DSP202",
    name: "jc-duplicate-section",
    severity: Severity::Warning,
    summary: "The same [KIND=NAME] header appears twice in job_controller.cnf.",
    why: "Two sections for one pool or channel split its settings over two places. Which one wins is not documented, so one of them probably does not do what it says.",
    example: "[POOL=SMTP_POOL]\njob_limit=10\n[POOL=SMTP_POOL]\njob_limit=2",
    fix: "Merge the two sections, or rename one if a different pool or channel was meant.",
};

/// Report every `[KIND=NAME]` header of job_controller.cnf that repeats an earlier one.
pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for file in super::files(ctx) {
        file.duplicate_sections(&JC_DUPLICATE_SECTION, out);
    }
}
