//! DSP110: a commented-out section header with active option lines below it.

use crate::lint::{Context, Diagnostic, RuleInfo, Severity};

/// DSP110 `commented-out-section-header` (warning by default): a section header of
/// dispatcher.cnf is commented out, but option lines below it are still active.
pub const COMMENTED_OUT_SECTION_HEADER: RuleInfo = RuleInfo {
    code: "DSP110",
    name: "commented-out-section-header",
    severity: Severity::Warning,
    summary: "A section header of dispatcher.cnf is commented out, but option lines below it are still active.",
    why: "Without its header, the lines below no longer form a section of their own: they join the section above (or the global defaults) and quietly change that one instead, often duplicating its PORT and IMAGE.",
    example: "[SERVICE=SMTP]\nPORT=25\n![SERVICE=LMTPSS]\nPORT=225",
    fix: "Comment out the option lines as well, or put the header back.",
};

/// Report every commented-out section header of dispatcher.cnf that has active option
/// lines after it.
pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for file in super::files(ctx) {
        file.commented_headers(&COMMENTED_OUT_SECTION_HEADER, out);
    }
}
