//! OPT408: LOG_DELAY_BINS and LOG_SIZE_BINS with too many values or out of order.

use super::OptionDat;
use crate::knowledge::ValueType;
use crate::lint::rules::common::value_span;
use crate::lint::table::COUNTER_BINS;
use crate::lint::{Context, Diagnostic};
use crate::model::radix::parse_int;

/// Check LOG_DELAY_BINS and LOG_SIZE_BINS of option.dat: how many values and whether they
/// ascend.
pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    if let Some(o) = super::option_dat(ctx) {
        bins(ctx, &o, out);
    }
}

fn bins(ctx: &Context, o: &OptionDat, out: &mut Vec<Diagnostic>) {
    for s in &o.m.settings {
        let Some(info) = ctx.catalog.options.get_folded(&s.normalized) else {
            continue;
        };
        let ValueType::IntList { max } = info.ty else {
            continue;
        };
        let items: Result<Vec<i64>, _> =
            s.value_trimmed().split(',').map(|i| parse_int(i.trim())).collect();
        let Ok(items) = items else { continue }; // OPT102 reports bad items.
        let name = s.name.text(o.text);
        let span = value_span(s, o.text);
        if items.len() > max as usize {
            out.push(
                Diagnostic::new(
                    &COUNTER_BINS,
                    o.fi,
                    span,
                    format!("{name} has {} values; at most {max} are used", items.len()),
                )
                .help(format!("keep at most {max} limits"))
                .evidence(&info.provenance),
            );
        }
        if let Some(w) = items.windows(2).find(|w| w[1] <= w[0]) {
            out.push(
                Diagnostic::new(
                    &COUNTER_BINS,
                    o.fi,
                    span,
                    format!("{name} is not in ascending order: {} comes after {}", w[1], w[0]),
                )
                .help("write the limits from smallest to largest")
                .evidence(&info.provenance),
            );
        }
    }
}
