//! OPT412: LOG_BANNER or LOG_TRANSPORTINFO in a channel option file while LOG_CONNECTION
//! is 0 or unset everywhere.

use super::{int, line};
use crate::lint::table::CHANNEL_LOG_OPTION_WITHOUT_CONNECTION_LOG;
use crate::lint::{Context, Diagnostic};
use crate::syntax::Kind;

/// Report LOG_BANNER and LOG_TRANSPORTINFO in a channel option file when neither option.dat
/// nor that file turns LOG_CONNECTION on.
pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let option_dat = ctx.set.file_of(Kind::Option);
    let global_connection = option_dat
        .and_then(|(_, f)| f.options())
        .and_then(|m| m.get("LOG_CONNECTION"))
        .and_then(int)
        .unwrap_or(0);
    for (fi, f) in ctx.files_of(&[Kind::ChannelOption]) {
        let Some(m) = f.options() else { continue };
        let local = m.get("LOG_CONNECTION").and_then(int).unwrap_or(0);
        if global_connection != 0 || local != 0 {
            continue;
        }
        for name in ["LOG_BANNER", "LOG_TRANSPORTINFO"] {
            if let Some(s) = m.get(name)
                && int(s).is_some_and(|v| v != 0)
            {
                out.push(
                    Diagnostic::new(&CHANNEL_LOG_OPTION_WITHOUT_CONNECTION_LOG, fi, line(s), format!("{name} has no effect while LOG_CONNECTION is 0 or unset"))
                        .help("set LOG_CONNECTION (in option.dat or in this file) to write connection entries"),
                );
            }
        }
    }
}
