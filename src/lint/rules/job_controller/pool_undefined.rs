//! DSP205: a channel of imta.cnf runs in a pool that job_controller.cnf does not define.

use std::collections::HashSet;

use crate::lint::keys::{FastSet, Folded};
use crate::lint::rules::common::absent_note;
use crate::lint::suggest::Suggester;
use crate::lint::table::POOL_UNDEFINED;
use crate::lint::{Context, Diagnostic};
use crate::model::Span;
use crate::model::imta::BlockKind;
use crate::syntax::Kind;

/// The most pool names a finding's help lists.
const MAX_LISTED: usize = 20;

/// DSP205: pools named in imta.cnf that job_controller.cnf does not define.
pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let Some((jc, _)) = ctx.set.file_of(Kind::JobController) else {
        return;
    };
    let Some(absent) = ctx.definitions_complete(&[Kind::JobController]) else {
        return;
    };
    let uses = pool_uses(ctx);
    if uses.is_empty() {
        return;
    }
    let mut defined: Vec<&str> = Vec::new();
    for (fi, f) in ctx.files_of(&[Kind::JobController]) {
        if let Some(m) = f.dispatcher() {
            let text = ctx.text(fi);
            defined.extend(
                m.sections
                    .iter()
                    .filter(|s| matches!(s.kind_normalized.as_str(), "POOL" | "QUEUE"))
                    .map(|s| s.name.text(text).trim()),
            );
        }
    }
    let mut folded: FastSet<Folded> =
        FastSet::with_capacity_and_hasher(defined.len(), Default::default());
    folded.extend(defined.iter().map(|d| Folded(d)));
    let is_defined = |name: &str| folded.contains(&Folded(name));
    let mut suggester = Suggester::new(defined.iter().copied());
    // The list of pools in the help, built once and cut short: each finding carries it.
    let listed = if defined.is_empty() {
        "job_controller.cnf defines no pools at all".to_string()
    } else if defined.len() <= MAX_LISTED {
        format!("pools defined: {}", defined.join(", "))
    } else {
        format!(
            "pools defined: {} and {} more",
            defined[..MAX_LISTED].join(", "),
            defined.len() - MAX_LISTED
        )
    };

    for u in uses {
        let text = ctx.text(u.file);
        let name = u.arg.text(text).trim_matches('"');
        if is_defined(name) {
            continue;
        }
        let message = match &u.channel {
            Some(c) => {
                format!("channel {c} runs in pool {name}, which job_controller.cnf does not define")
            }
            None => format!(
                "the defaults line gives channels pool {name}, which job_controller.cnf does not define"
            ),
        };
        let mut help = listed.clone();
        if let Some(s) = suggester.suggest(name) {
            help = format!("did you mean {s}? {help}");
        }
        help.push_str(&absent_note(&absent));
        help.push_str(&format!(
            "; add [POOL={name}] with a job_limit to job_controller.cnf, or name an existing pool"
        ));
        let mut d = Diagnostic::new(&POOL_UNDEFINED, u.file, u.arg, message)
            .label("no such pool")
            .related(
                jc,
                Span::new(0, 0),
                format!("job_controller.cnf has no [POOL={name}] section"),
            )
            .help(help);
        if let Some(k) = ctx.catalog.keyword(&u.keyword) {
            d = d.evidence(&k.provenance);
        }
        out.push(d);
    }
}

/// One `pool NAME` (or `queue NAME`) keyword argument in imta.cnf.
struct PoolUse {
    file: usize,
    keyword: String,
    arg: Span,
    /// The channel it applies to, or `None` for a `defaults` line.
    channel: Option<String>,
}

/// Keep a `defaults` line's pool when some channel inherits it.
fn flush(p: Option<PoolUse>, used: bool, uses: &mut Vec<PoolUse>) {
    if let Some(p) = p
        && used
    {
        uses.push(p);
    }
}

/// The pool keywords that take effect: a channel's own, and a `defaults` line's as long as
/// some channel inherits it (until `nodefaults` or a later `defaults` pool).
fn pool_uses(ctx: &Context) -> Vec<PoolUse> {
    let mut uses = Vec::new();
    for (fi, f) in ctx.files_of(&[Kind::Imta, Kind::ImtaChannels]) {
        let Some(im) = f.imta() else { continue };
        let text = ctx.text(fi);
        let mut inherited: Option<PoolUse> = None;
        let mut inherited_used = false;
        for b in &im.blocks {
            // Channels spliced in by an include may inherit the defaults too.
            if !b.includes.is_empty() {
                inherited_used = true;
            }
            let Some(head) = &b.head else { continue };
            let own = head
                .keywords
                .iter()
                .rev()
                .find(|k| {
                    let name = k.name.text(text);
                    name.eq_ignore_ascii_case("pool") || name.eq_ignore_ascii_case("queue")
                })
                .and_then(|k| k.args.first().map(|a| (k.normalized(text), *a)));
            match b.kind {
                BlockKind::Nodefaults => {
                    flush(inherited.take(), inherited_used, &mut uses);
                    inherited_used = false;
                }
                BlockKind::Defaults => {
                    if let Some((keyword, arg)) = own {
                        flush(inherited.take(), inherited_used, &mut uses);
                        inherited = Some(PoolUse { file: fi, keyword, arg, channel: None });
                        inherited_used = false;
                    }
                }
                BlockKind::Channel => match own {
                    Some((keyword, arg)) => uses.push(PoolUse {
                        file: fi,
                        keyword,
                        arg,
                        channel: b.name(text).map(str::to_string),
                    }),
                    None => inherited_used = true,
                },
                BlockKind::Comments => {}
            }
        }
        flush(inherited.take(), inherited_used, &mut uses);
    }
    // One report per place, in file order.
    let mut seen = HashSet::new();
    uses.retain(|u| seen.insert((u.file, u.arg.start)));
    uses.sort_by_key(|u| (u.file, u.arg.start));
    uses
}
