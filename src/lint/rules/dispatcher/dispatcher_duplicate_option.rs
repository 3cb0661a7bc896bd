//! DSP104: an option set twice in one scope of dispatcher.cnf.

use crate::lint::table::DISPATCHER_DUPLICATE_OPTION;
use crate::lint::{Context, Diagnostic};

/// Report every option set twice in the globals or in one section of dispatcher.cnf,
/// unless the catalog lets it repeat.
pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for file in super::files(ctx) {
        file.duplicate_options(&DISPATCHER_DUPLICATE_OPTION, out);
    }
}
