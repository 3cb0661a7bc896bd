//! OPT108: a `<channel>_option` file whose channel imta.cnf does not define.

use std::collections::HashSet;

use super::base_name;
use crate::lint::suggest::did_you_mean;
use crate::lint::{Context, Diagnostic, RuleInfo, Severity};
use crate::model::Span;
use crate::syntax::Kind;

/// OPT108 `option-file-for-unknown-channel` (warning by default): a `<channel>_option` file
/// is named after a channel that imta.cnf does not define.
pub const OPTION_FILE_FOR_UNKNOWN_CHANNEL: RuleInfo = RuleInfo {
    code: "OPT108",
    name: "option-file-for-unknown-channel",
    severity: Severity::Warning,
    summary: "A `<channel>_option` file is named after a channel that imta.cnf does not define.",
    why: "A channel reads only the option file that carries its own name. When no channel has that name, nothing reads the file; usually the channel was renamed or removed and its options quietly stopped applying.",
    example: "tcp_legacy_option    (imta.cnf has no channel tcp_legacy)",
    fix: "Rename the file after the channel it is meant for, or delete it if that channel is gone.",
};

/// `<x>_option` files whose channel `x` is not defined in imta.cnf.
pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    if ctx.set.file_of(Kind::Imta).is_none() || !ctx.channels_complete() {
        return;
    }
    let mut channels: HashSet<&str> = HashSet::new();
    for (fi, f) in ctx.files_of(&[Kind::Imta, Kind::ImtaChannels]) {
        let Some(m) = f.imta() else { continue };
        let text = ctx.text(fi);
        channels.extend(m.channels().filter_map(|b| b.name(text)));
    }
    let mut sorted: Option<Vec<&str>> = None;
    for (fi, f) in ctx.files_of(&[Kind::ChannelOption]) {
        if f.depth != 0 {
            continue;
        }
        let file = base_name(f);
        let Some(channel) = file.strip_suffix("_option") else {
            continue;
        };
        if channel.is_empty() || channels.contains(channel) {
            continue;
        }
        let text = ctx.text(fi);
        let first = text.split('\n').next().unwrap_or_default();
        let first = first.strip_suffix('\r').unwrap_or(first);
        let mut d = Diagnostic::new(
            &OPTION_FILE_FOR_UNKNOWN_CHANNEL,
            fi,
            Span::new(0, first.len()),
            format!("no channel named `{channel}` in imta.cnf, so nothing reads {file}"),
        );
        let names = sorted.get_or_insert_with(|| {
            let mut names: Vec<&str> = channels.iter().copied().collect();
            names.sort_unstable();
            names
        });
        d = match did_you_mean(channel, names.iter().copied()) {
            Some(sugg) => d.help(format!(
                "did you mean {sugg}_option? Otherwise delete the file if channel `{channel}` is gone"
            )),
            None => d.help(format!(
                "rename the file after the channel it is for, or delete it if channel `{channel}` is gone"
            )),
        };
        out.push(d);
    }
}
