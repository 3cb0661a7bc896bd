//! DSP104: an option set twice in one scope of dispatcher.cnf.

use crate::lint::{Context, Diagnostic, RuleInfo, Severity};

/// DSP104 `dispatcher-duplicate-option` (warning by default): an option is set twice in the
/// global defaults or in one section of dispatcher.cnf.
pub const DISPATCHER_DUPLICATE_OPTION: RuleInfo = RuleInfo {
    code: "DSP104",
    name: "dispatcher-duplicate-option",
    severity: Severity::Warning,
    summary: "An option is set twice in the global defaults or in one section of dispatcher.cnf.",
    why: "Only one of the values can be in force (most likely the later one). The other line is dead weight that misleads the next person reading the file.",
    example: "[SERVICE=SMTP]\nPORT=25\nPORT=2525",
    fix: "Keep the line with the value you want and delete the other one.",
};

/// Report every option set twice in the globals or in one section of dispatcher.cnf,
/// unless the catalog lets it repeat.
pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for file in super::files(ctx) {
        file.duplicate_options(&DISPATCHER_DUPLICATE_OPTION, out);
    }
}
