//! DSP101: dispatcher.cnf sets an option the Dispatcher does not know.

use crate::lint::table::DISPATCHER_UNKNOWN_OPTION;
use crate::lint::{Context, Diagnostic};

/// Report every dispatcher.cnf option name the catalog does not know, with the closest
/// known name when there is one.
pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for file in super::files(ctx) {
        file.unknown_options(&DISPATCHER_UNKNOWN_OPTION, "the Dispatcher", out);
    }
}
