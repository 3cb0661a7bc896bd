//! OPT108: a `<channel>_option` file whose channel imta.cnf does not define.

use super::base_name;
use crate::lint::keys::FastSet;
use crate::lint::suggest::did_you_mean;
use crate::lint::table::OPTION_FILE_FOR_UNKNOWN_CHANNEL;
use crate::lint::{Context, Diagnostic};
use crate::model::Span;
use crate::syntax::Kind;

/// `<x>_option` files whose channel `x` is not defined in imta.cnf.
pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    if ctx.set.file_of(Kind::Imta).is_none() || !ctx.channels_complete() {
        return;
    }
    let option_files: Vec<_> = ctx
        .files_of(&[Kind::ChannelOption])
        .filter(|(_, f)| f.depth == 0)
        .map(|(fi, f)| (fi, base_name(f)))
        .filter(|(_, file)| file.strip_suffix("_option").is_some_and(|c| !c.is_empty()))
        .collect();
    if option_files.is_empty() {
        // Most directories have none: no table of every channel name for nothing.
        return;
    }
    let mut channels: FastSet<&str> = FastSet::default();
    for (fi, f) in ctx.files_of(&[Kind::Imta, Kind::ImtaChannels]) {
        let Some(m) = f.imta() else { continue };
        let text = ctx.text(fi);
        channels.extend(m.channels().filter_map(|b| b.name(text)));
    }
    let mut sorted: Option<Vec<&str>> = None;
    for (fi, file) in &option_files {
        let (fi, channel) = (*fi, &file[..file.len() - "_option".len()]);
        if channels.contains(channel) {
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
