//! DSP206: a commented-out job_controller.cnf header with active option lines below it.

use crate::lint::{Context, Diagnostic, RuleInfo, Severity};

/// DSP206 `jc-commented-out-section-header` (warning by default): a job_controller.cnf
/// section header is commented out, but option lines below it are still active.
pub const JC_COMMENTED_OUT_SECTION_HEADER: RuleInfo = RuleInfo {
    code: "DSP206",
    name: "jc-commented-out-section-header",
    severity: Severity::Warning,
    summary: "A job_controller.cnf section header is commented out, but option lines below it are still active.",
    why: "Without the header, the lines below join the section above (or the global part) and quietly change it: a periodic job's command ends up in a pool section, for example.",
    example: "[POOL=DEFAULT]\njob_limit=10\n![PERIODIC_JOB=purge]\ncommand=IMTA_BIN:purge.sh",
    fix: "Comment out the option lines as well, or put the header back.",
};

/// Report every commented-out section header of job_controller.cnf that has active option
/// lines after it.
pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for file in super::files(ctx) {
        file.commented_headers(&JC_COMMENTED_OUT_SECTION_HEADER, out);
    }
}
