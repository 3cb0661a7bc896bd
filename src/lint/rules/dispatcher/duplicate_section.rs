//! DSP103: the same [SERVICE=NAME] header twice in dispatcher.cnf.

use crate::lint::table::DUPLICATE_SECTION;
use crate::lint::{Context, Diagnostic};

/// Report every `[SERVICE=NAME]` header of dispatcher.cnf that repeats an earlier one.
pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for file in super::files(ctx) {
        file.duplicate_sections(&DUPLICATE_SECTION, out);
    }
}
