//! X101-X105: include lines whose file is missing, closes a cycle, is nested too deep, lies
//! outside the configuration directory or cannot be read. One pass over the include edges
//! of the set reports all five.

use crate::lint::table::{
    INCLUDE_CYCLE, INCLUDE_MISSING, INCLUDE_OUTSIDE_DIRECTORY, INCLUDE_TOO_DEEP, INCLUDE_UNREADABLE,
};
use crate::lint::{Context, Diagnostic};
use crate::model::config_set::IncludeStatus;

/// Report every include of the set that was not read, with the reason the loader recorded
/// (missing, cycle, too deep, outside the directory, unreadable).
pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for e in &ctx.set.includes {
        let f = &ctx.set.files[e.from];
        let Some((inc, _)) = f.include_line(e.index) else {
            continue;
        };
        let (rule, msg) = match &e.status {
            IncludeStatus::Read { .. } => continue,
            IncludeStatus::Missing => {
                (&INCLUDE_MISSING, format!("included file `{}` does not exist", e.spec))
            }
            IncludeStatus::Cycle => {
                (&INCLUDE_CYCLE, format!("including `{}` here closes a cycle", e.spec))
            }
            IncludeStatus::TooDeep => (
                &INCLUDE_TOO_DEEP,
                format!(
                    "`{}` would be nested {} levels deep; the product stops at 3",
                    e.spec, e.depth
                ),
            ),
            IncludeStatus::Outside => (
                &INCLUDE_OUTSIDE_DIRECTORY,
                format!("`{}` is outside the configuration directory and was not read", e.spec),
            ),
            IncludeStatus::Unreadable { reason } => {
                (&INCLUDE_UNREADABLE, format!("`{}` cannot be read: {reason}", e.spec))
            }
        };
        let mut d = Diagnostic::new(rule, e.from, inc.path, msg);
        if let Some(p) = &e.resolved {
            d = d.help(format!("it resolves to {}", p.display()));
        }
        out.push(d);
    }
}
