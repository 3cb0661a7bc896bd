//! DSP103: the same [SERVICE=NAME] header twice in dispatcher.cnf.

use crate::lint::{Context, Diagnostic, RuleInfo, Severity};

/// DSP103 `duplicate-section` (warning by default): the same [SERVICE=NAME] header appears
/// twice in dispatcher.cnf.
pub const DUPLICATE_SECTION: RuleInfo = RuleInfo {
    code: "DSP103",
    name: "duplicate-section",
    severity: Severity::Warning,
    summary: "The same [SERVICE=NAME] header appears twice in dispatcher.cnf.",
    why: "Two sections for one service spread its settings over two places. Whether the Dispatcher merges them, keeps the first or keeps the last is not documented, so one of the two sections is likely not doing what it says.",
    example: "[SERVICE=SMTP]\nPORT=25\n[SERVICE=SMTP]\nPORT=2525",
    fix: "Merge the two sections into one, or rename one of them if a separate service was intended.",
};

/// Report every `[SERVICE=NAME]` header of dispatcher.cnf that repeats an earlier one.
pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for file in super::files(ctx) {
        file.duplicate_sections(&DUPLICATE_SECTION, out);
    }
}
