//! OPT412: LOG_BANNER or LOG_TRANSPORTINFO in a channel option file while LOG_CONNECTION
//! is 0 or unset everywhere.

use super::{int, line};
use crate::lint::{Context, Diagnostic, RuleInfo, Severity};
use crate::syntax::Kind;

/// OPT412 `channel-log-option-without-connection-log` (info by default): LOG_BANNER or
/// LOG_TRANSPORTINFO is set in a channel option file, but connection logging is off.
pub const CHANNEL_LOG_OPTION_WITHOUT_CONNECTION_LOG: RuleInfo = RuleInfo {
    code: "OPT412",
    name: "channel-log-option-without-connection-log",
    severity: Severity::Info,
    summary: "LOG_BANNER or LOG_TRANSPORTINFO is set in a channel option file, but connection logging is off.",
    why: "These TCP/IP channel options add details to connection log entries; without LOG_CONNECTION (in option.dat or in the channel option file) there are no such entries, so they have no effect.",
    example: "! tcp_local_option\nLOG_BANNER=1",
    fix: "Turn on connection logging (LOG_CONNECTION=3, for instance), or remove the option.",
};

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
