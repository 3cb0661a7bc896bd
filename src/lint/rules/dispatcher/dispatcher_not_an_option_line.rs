//! DSP117: a dispatcher.cnf line that is not an option, a header, a comment or an include.

use crate::lint::{Context, Diagnostic, RuleInfo, Severity};

/// DSP117 `dispatcher-not-an-option-line` (warning by default): a dispatcher.cnf line is
/// not NAME=value, a [SERVICE=...] header, a ! comment or an include.
pub const DISPATCHER_NOT_AN_OPTION_LINE: RuleInfo = RuleInfo {
    code: "DSP117",
    name: "dispatcher-not-an-option-line",
    severity: Severity::Warning,
    summary: "A dispatcher.cnf line is not NAME=value, a [SERVICE=...] header, a ! comment or an include.",
    why: "The Dispatcher cannot make sense of such a line. A header without its closing bracket is the worst case: it is not a header, so the lines under it stay in the section above.",
    example: "[SERVICE=SMTP\nPORT=25",
    fix: "Write the line as NAME=value, close the header with ], or turn the line into a comment with ! in column 1.",
};

/// Report every dispatcher.cnf line that is not a setting, a `[SERVICE=...]` header, a
/// comment, an include or blank.
pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for file in super::files(ctx) {
        file.not_option_lines(&DISPATCHER_NOT_AN_OPTION_LINE, &["SERVICE"], out);
    }
}
