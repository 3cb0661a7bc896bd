//! DSP201: job_controller.cnf sets an option the Job Controller does not know.

use crate::lint::table::JC_UNKNOWN_OPTION;
use crate::lint::{Context, Diagnostic};

/// Report every job_controller.cnf option name the catalog does not know, with the closest
/// known name when there is one.
pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for file in super::files(ctx) {
        file.unknown_options(&JC_UNKNOWN_OPTION, "the Job Controller", out);
    }
}
