//! DSP110: a commented-out section header with active option lines below it.

use crate::lint::table::COMMENTED_OUT_SECTION_HEADER;
use crate::lint::{Context, Diagnostic};

/// Report every commented-out section header of dispatcher.cnf that has active option
/// lines after it.
pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for file in super::files(ctx) {
        file.commented_headers(&COMMENTED_OUT_SECTION_HEADER, out);
    }
}
