//! DSP204: a job_controller.cnf line that is not an option, a header, a comment or an include.

use crate::lint::{Context, Diagnostic, RuleInfo, Severity};

/// DSP204 `jc-not-an-option-line` (warning by default): a job_controller.cnf line is not
/// NAME=value, a section header, a ! comment or an include.
pub const JC_NOT_AN_OPTION_LINE: RuleInfo = RuleInfo {
    code: "DSP204",
    name: "jc-not-an-option-line",
    severity: Severity::Warning,
    summary: "A job_controller.cnf line is not NAME=value, a section header, a ! comment or an include.",
    why: "The Job Controller cannot read such a line, and it refuses to start on a configuration it cannot read. A header missing its `]` also leaves the lines below in the section above.",
    example: "[POOL=SMTP_POOL\njob_limit=10",
    fix: "Write the line as NAME=value, close the header with ], or make it a comment with ! in column 1.",
};

/// Report every job_controller.cnf line that is not a setting, a section header, a comment,
/// an include or blank.
pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for file in super::files(ctx) {
        file.not_option_lines(&JC_NOT_AN_OPTION_LINE, super::KINDS, out);
    }
}
