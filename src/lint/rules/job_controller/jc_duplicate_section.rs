//! DSP202: the same [KIND=NAME] header twice in job_controller.cnf.

use crate::lint::table::JC_DUPLICATE_SECTION;
use crate::lint::{Context, Diagnostic};

/// Report every `[KIND=NAME]` header of job_controller.cnf that repeats an earlier one.
pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for file in super::files(ctx) {
        file.duplicate_sections(&JC_DUPLICATE_SECTION, out);
    }
}
