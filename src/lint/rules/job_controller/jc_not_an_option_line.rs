//! DSP204: a job_controller.cnf line that is not an option, a header, a comment or an include.

use crate::lint::table::JC_NOT_AN_OPTION_LINE;
use crate::lint::{Context, Diagnostic};

/// Report every job_controller.cnf line that is not a setting, a section header, a comment,
/// an include or blank.
pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for file in super::files(ctx) {
        file.not_option_lines(&JC_NOT_AN_OPTION_LINE, super::KINDS, out);
    }
}
