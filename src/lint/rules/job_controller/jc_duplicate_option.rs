//! DSP203: an option set twice in one scope of job_controller.cnf.

use crate::lint::table::JC_DUPLICATE_OPTION;
use crate::lint::{Context, Diagnostic};

/// Report every option set twice in the globals or in one section of job_controller.cnf.
pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for file in super::files(ctx) {
        file.duplicate_options(&JC_DUPLICATE_OPTION, out);
    }
}
