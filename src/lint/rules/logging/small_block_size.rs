//! OPT406: BLOCK_SIZE below 512 bytes.

use super::OptionDat;
use crate::lint::rules::common::value_span;
use crate::lint::table::SMALL_BLOCK_SIZE;
use crate::lint::{Context, Diagnostic};

/// Report a BLOCK_SIZE in option.dat below 512 bytes.
pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    if let Some(o) = super::option_dat(ctx) {
        block_size(&o, out);
    }
}

fn block_size(o: &OptionDat, out: &mut Vec<Diagnostic>) {
    let Some((v, s)) = o.int("BLOCK_SIZE") else {
        return;
    };
    // Zero and negative sizes are out of range: OPT102 reports them.
    if !(1..512).contains(&v) {
        return;
    }
    out.push(
        Diagnostic::new(
            &SMALL_BLOCK_SIZE,
            o.fi,
            value_span(s, o.text),
            format!("BLOCK_SIZE={v} is below 512 bytes"),
        )
        .help("use the default 1024 (or at least 512); every size in the log and every block limit is counted in these units"),
    );
}
