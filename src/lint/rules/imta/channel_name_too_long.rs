//! IMTA111: a channel name is longer than 32 characters.

use crate::lint::{Context, Diagnostic, RuleInfo, Severity};

/// IMTA111 `channel-name-too-long` (error by default): a channel name is longer than 32
/// characters.
pub const CHANNEL_NAME_TOO_LONG: RuleInfo = RuleInfo {
    code: "IMTA111",
    name: "channel-name-too-long",
    severity: Severity::Error,
    summary: "A channel name is longer than 32 characters.",
    why: "Channel names are limited to 32 characters; they also name the queue directories.",
    example: "tcp_this_channel_name_is_far_too_long_for_the_mta smtp\nlong-daemon",
    fix: "Use a shorter channel name (and update rules and option files that mention it).",
};

/// Report every channel name longer than 32 characters.
pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (fi, _, m, text) in super::files(ctx) {
        for (_, name_span) in super::channel_heads(m, text) {
            let name = name_span.text(text);
            if name.len() > 32 {
                out.push(
                    Diagnostic::new(
                        &CHANNEL_NAME_TOO_LONG,
                        fi,
                        name_span,
                        format!(
                            "channel name `{name}` has {} characters; the limit is 32",
                            name.chars().count()
                        ),
                    )
                    .help("use a shorter name"),
                );
            }
        }
    }
}
