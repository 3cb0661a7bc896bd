//! DSP111: PARAMETER=CHANNEL= names a channel that imta.cnf does not define.

use super::DispatcherFile;
use crate::lint::keys::{FastSet, Folded};
use crate::lint::rules::common::absent_note;
use crate::lint::suggest::Suggester;
use crate::lint::table::PARAMETER_CHANNEL_UNKNOWN;
use crate::lint::{Context, Diagnostic};
use crate::model::Span;
use crate::syntax::Kind;

/// Report every `PARAMETER=CHANNEL=name` of dispatcher.cnf whose channel imta.cnf does not
/// define (only when every channel definition could be read).
pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for file in super::files(ctx) {
        check_file(&file, out);
    }
}

fn check_file(file: &DispatcherFile, out: &mut Vec<Diagnostic>) {
    let ctx = file.ctx;
    if ctx.set.file_of(Kind::Imta).is_none() {
        return;
    }
    let Some(absent) = ctx.definitions_complete(&[Kind::Imta, Kind::ImtaChannels]) else {
        return;
    };
    let mut channels: Vec<&str> = Vec::new();
    for (ii, f) in ctx.files_of(&[Kind::Imta, Kind::ImtaChannels]) {
        if let Some(im) = f.imta() {
            let t = ctx.text(ii);
            channels.extend(im.channels().filter_map(|b| b.name(t)));
        }
    }
    let known: FastSet<_> = channels.iter().map(|c| Folded(c)).collect();
    let mut suggester = Suggester::new(channels.iter().copied());
    for s in &file.m.settings {
        if s.normalized != "PARAMETER" {
            continue;
        }
        let value = s.value_trimmed();
        let Some((key, channel)) = value.split_once('=') else {
            continue;
        };
        let channel = channel.trim();
        if !key.trim().eq_ignore_ascii_case("CHANNEL")
            || channel.is_empty()
            || known.contains(&Folded(channel))
        {
            continue;
        }
        let span = s
            .value_parts
            .iter()
            .find_map(|p| {
                let t = p.text(file.text);
                let eq = t.find('=')?;
                let off = t[eq + 1..].find(channel)? + eq + 1;
                Some(Span::new(p.start as usize + off, p.start as usize + off + channel.len()))
            })
            .unwrap_or_else(|| s.value_span());
        let mut d = Diagnostic::new(
            &PARAMETER_CHANNEL_UNKNOWN,
            file.fi,
            span,
            format!("imta.cnf defines no channel `{channel}`"),
        );
        let mut help = match suggester.suggest(channel) {
            Some(c) => format!("did you mean `{c}`?"),
            None => "correct the name, or add the channel to imta.cnf".to_string(),
        };
        help.push_str(&absent_note(&absent));
        d = d.help(help);
        if let Some(info) = file.table.get_folded("PARAMETER") {
            d = d.evidence(&info.provenance);
        }
        out.push(d);
    }
}
