//! DSP206: a commented-out job_controller.cnf header with active option lines below it.

use crate::lint::table::JC_COMMENTED_OUT_SECTION_HEADER;
use crate::lint::{Context, Diagnostic};

/// Report every commented-out section header of job_controller.cnf that has active option
/// lines after it.
pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for file in super::files(ctx) {
        file.commented_headers(&JC_COMMENTED_OUT_SECTION_HEADER, out);
    }
}
