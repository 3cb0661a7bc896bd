//! IMTA207: the same keyword appears twice on one channel line.

use std::hash::BuildHasher;

use super::Word;
use crate::lint::keys::{Folded, repeats_by_key};
use crate::lint::table::DUPLICATE_KEYWORD;
use crate::lint::{Applicability, Context, Diagnostic, Edit};
use crate::model::imta::Keyword;

/// Report a keyword written a second time on the same channel or `defaults` line.
pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    // Per line, the known keywords sorted by catalog entry and then place, so that a
    // repeated keyword sits next to its first occurrence: no table, and the vectors are
    // reused from line to line. Words matched by one digit pattern (`sourcespamfilter1`,
    // `sourcespamfilter2`) share an entry but are different keywords: their names are
    // compared, and hashed into the sort key so that a line of many distinct ones does
    // not make one long run compared name by name.
    let state = foldhash::fast::RandomState::default();
    let (mut known, mut order) = (Vec::<&Keyword>::new(), Vec::new());
    let (mut firsts, mut repeats) = (Vec::new(), Vec::new());
    for (fi, text, keywords) in super::lines(ctx) {
        known.clear();
        order.clear();
        for w in super::words(ctx, text, keywords) {
            let Word::Known(kw, info) = w else { continue };
            let name = kw.name.text(text);
            let pattern = !info.name.eq_ignore_ascii_case(name);
            let variant = if pattern { state.hash_one(Folded(name)) } else { 0 };
            order.push(((std::ptr::from_ref(info) as usize, variant), known.len()));
            known.push(kw);
        }
        repeats.clear();
        let name = |i: usize| Folded(known[i].name.text(text));
        repeats_by_key(&mut order, |i, j| name(i) == name(j), &mut firsts, &mut repeats);
        for &(i, f) in &repeats {
            let (kw, first) = (known[i], known[f]);
            let word = kw.name.text(text);
            let mut d = Diagnostic::new(
                &DUPLICATE_KEYWORD,
                fi,
                kw.name,
                format!("`{word}` appears twice on this line"),
            )
            .related(fi, first.name, "first occurrence")
            .help("remove one of them");
            if let Some(span) = super::removal(text, kw) {
                let same = first.args.len() == kw.args.len()
                    && first.args.iter().zip(&kw.args).all(|(a, b)| a.text(text) == b.text(text));
                d = d.fix(
                    // Written twice alike, the second says nothing more. With other
                    // arguments, which one applies is not documented.
                    if same { Applicability::Safe } else { Applicability::DisplayOnly },
                    format!("remove the second `{word}`"),
                    vec![Edit { file: fi.into(), span, replacement: String::new() }],
                );
            }
            out.push(d);
        }
    }
}
