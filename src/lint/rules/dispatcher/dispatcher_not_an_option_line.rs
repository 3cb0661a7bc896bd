//! DSP117: a dispatcher.cnf line that is not an option, a header, a comment or an include.

use crate::lint::table::DISPATCHER_NOT_AN_OPTION_LINE;
use crate::lint::{Context, Diagnostic};

/// Report every dispatcher.cnf line that is not a setting, a `[SERVICE=...]` header, a
/// comment, an include or blank.
pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for file in super::files(ctx) {
        file.not_option_lines(&DISPATCHER_NOT_AN_OPTION_LINE, &["SERVICE"], out);
    }
}
