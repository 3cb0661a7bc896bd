//! IMTA110: an official host name is longer than 128 octets.

use crate::lint::table::OFFICIAL_HOST_TOO_LONG;
use crate::lint::{Context, Diagnostic};

/// Report every official host name (first name of a channel's host line) longer than 128
/// bytes.
pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (fi, _, m, text) in super::files(ctx) {
        for (b, name_span) in super::channel_heads(m, text) {
            let name = name_span.text(text);
            if let Some(host) = b.official_host() {
                let len = host.text(text).len();
                if len > 128 {
                    out.push(
                        Diagnostic::new(&OFFICIAL_HOST_TOO_LONG, fi, host, format!("official host name of channel `{name}` is {len} octets long; the limit is 128"))
                            .help("shorten it; if this line is a rewrite rule, a stray blank line above moved it into the channel part"),
                    );
                }
            }
        }
    }
}
