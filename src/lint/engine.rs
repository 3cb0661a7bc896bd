//! Running the rules and shaping the result.

use super::context::Context;
use super::{Diagnostic, Severity, registry, rules};
use crate::knowledge::Catalog;
use crate::model::config_set::ConfigSet;

pub use super::context::{DEFAULT_MAX_LINE_LENGTH, LintOptions};
pub use crate::model::heap::Datasize;

/// Run every rule over the set, apply suppression comments, and sort the findings.
pub fn lint(set: &ConfigSet, catalog: &Catalog, options: &LintOptions) -> Vec<Diagnostic> {
    lint_only(set, catalog, options, &|_| true)
}

/// [`lint`] with only the checks that report a rule whose code `wanted` accepts (a check
/// reporting several rules runs whole, so findings of other codes may come too). The edit
/// gate uses it to lint the configuration before an edit for just the rules that found
/// something after it.
pub fn lint_only(
    set: &ConfigSet,
    catalog: &Catalog,
    options: &LintOptions,
    wanted: &dyn Fn(&str) -> bool,
) -> Vec<Diagnostic> {
    let ctx = Context { set, catalog, options };
    let rows: Vec<(&registry::Rule, registry::Check)> = registry::RULES
        .iter()
        .filter(|row| row.rules.iter().any(|r| wanted(r.code)))
        .filter_map(|row| Some((row, row.check?)))
        .collect();
    let bytes: usize = set.files.iter().map(|f| f.source.text.len()).sum();
    let mut out =
        if bytes < PARALLEL_FROM { in_turn(&ctx, &rows) } else { on_all_cores(&ctx, &rows) };
    rules::suppressions::apply(set, registry::all(), &mut out);
    sort(&mut out);
    out
}

/// Below this much text, the checks run on the calling thread: starting threads would
/// cost more than they save (`examples/sample` is a few kilobytes).
const PARALLEL_FROM: usize = 1 << 20;

/// Run one registry row's check.
fn run_row(
    ctx: &Context,
    (row, check): &(&registry::Rule, registry::Check),
    out: &mut Vec<Diagnostic>,
) {
    let from = out.len();
    check(ctx, out);
    // A check reports only the rules of its own row, so every finding's rule is in the
    // table.
    debug_assert!(
        out[from..].iter().all(|d| row.rules.iter().any(|r| r.code == d.code())),
        "a check of {} reported a rule its registry row does not list",
        row.module
    );
}

fn in_turn(ctx: &Context, rows: &[(&registry::Rule, registry::Check)]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for row in rows {
        run_row(ctx, row, &mut out);
    }
    out
}

/// The checks shared out among the cores, each worker taking the next row when it is done
/// with one; the findings are joined in table order, so the result is that of
/// [`in_turn`] (the sort after it is stable).
fn on_all_cores(ctx: &Context, rows: &[(&registry::Rule, registry::Check)]) -> Vec<Diagnostic> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let next = AtomicUsize::new(0);
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).min(rows.len());
    let mut found: Vec<(usize, Vec<Diagnostic>)> = std::thread::scope(|scope| {
        let work = || {
            let mut mine = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(row) = rows.get(i) else { break mine };
                let mut out = Vec::new();
                run_row(ctx, row, &mut out);
                mine.push((i, out));
            }
        };
        let helpers: Vec<_> = (1..workers).map(|_| scope.spawn(work)).collect();
        let mut all = work();
        for h in helpers {
            all.extend(h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)));
        }
        all
    });
    found.sort_unstable_by_key(|(i, _)| *i);
    join_in_order(found.into_iter().map(|(_, d)| d).collect())
}

/// The lists one after the other. The largest takes the others in: its memory is grown,
/// not copied (a storm of findings would otherwise be held twice); only the lists before it
/// are copied twice, into a list of their own and then in front of it.
fn join_in_order<T>(mut lists: Vec<Vec<T>>) -> Vec<T> {
    let total: usize = lists.iter().map(Vec::len).sum();
    let Some(largest) = (0..lists.len()).max_by_key(|&k| lists[k].len()) else {
        return Vec::new();
    };
    let mut all = std::mem::take(&mut lists[largest]);
    all.reserve_exact(total - all.len());
    let mut rest = lists.into_iter();
    let mut front = Vec::new();
    for mut list in rest.by_ref().take(largest) {
        front.append(&mut list);
    }
    all.splice(0..0, front);
    for mut list in rest.skip(1) {
        all.append(&mut list);
    }
    all
}

/// Order findings by file, position and code (stable: findings that compare equal keep
/// the order the checks gave them).
pub fn sort(diags: &mut [Diagnostic]) {
    let key = |d: &Diagnostic| (d.file, d.span.start, d.code());
    sort_stable_by(diags, |a, b| key(a).cmp(&key(b)).then_with(|| a.message.cmp(&b.message)));
}

/// A stable sort that moves each item once: it sorts indexes (4 bytes each) and then
/// permutes the items along cycles. A storm of millions of findings would otherwise pay a
/// merge buffer of half their size and moves of whole findings on every merge pass.
fn sort_stable_by<T>(items: &mut [T], cmp: impl Fn(&T, &T) -> std::cmp::Ordering) {
    if items.is_sorted_by(|a, b| cmp(a, b).is_le()) {
        return;
    }
    let Ok(n) = u32::try_from(items.len()) else {
        return items.sort_by(cmp);
    };
    let mut order: Vec<u32> = (0..n).collect();
    order.sort_by(|&a, &b| cmp(&items[a as usize], &items[b as usize]));
    permute(items, &mut order);
}

/// Rearrange `items` so that position `i` holds what was at `order[i]`; `order` is used up
/// (each entry is set to its own index once its item is in place).
fn permute<T>(items: &mut [T], order: &mut [u32]) {
    for start in 0..items.len() {
        let mut hole = start;
        while order[hole] as usize != hole {
            let from = order[hole] as usize;
            order[hole] = hole as u32;
            if from == start {
                break;
            }
            items.swap(hole, from);
            hole = from;
        }
    }
}

/// Which findings to keep and at which severity.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Only rules matching one of these (codes, prefixes, names); empty = all.
    pub select: Vec<String>,
    /// Never rules matching one of these.
    pub ignore: Vec<String>,
    /// Severity overrides by code, prefix or name, applied in order (later wins);
    /// `None` turns the rule off.
    pub severity: Vec<(String, Option<Severity>)>,
}

impl Selection {
    /// Apply to a list of findings.
    pub fn apply(&self, diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
        diags
            .into_iter()
            .filter_map(|mut d| {
                let rule = d.rule;
                if !self.select.is_empty() && !self.select.iter().any(|s| rule.matches(s)) {
                    return None;
                }
                if self.ignore.iter().any(|s| rule.matches(s)) {
                    return None;
                }
                // The most specific override wins: longer selectors are more specific.
                let mut best: Option<(usize, Option<Severity>)> = None;
                for (sel, sev) in &self.severity {
                    if rule.matches(sel) && best.is_none_or(|(len, _)| sel.len() >= len) {
                        best = Some((sel.len(), *sev));
                    }
                }
                match best {
                    Some((_, None)) => None,
                    Some((_, Some(sev))) => {
                        d.severity = sev;
                        Some(d)
                    }
                    None => Some(d),
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::config_set::LoadOptions;
    use proptest::prelude::*;
    use std::path::Path;

    proptest! {
        /// Joined around the largest list, the lists still come out one after the other.
        #[test]
        fn lists_join_in_order(lens in proptest::collection::vec(0usize..40, 0..8)) {
            let mut next = 0;
            let lists: Vec<Vec<usize>> = lens
                .iter()
                .map(|&n| (0..n).map(|_| { next += 1; next }).collect())
                .collect();
            let expected: Vec<usize> = lists.concat();
            prop_assert_eq!(super::join_in_order(lists), expected);
        }

        /// The index sort gives exactly what the standard stable sort gives, ties included.
        #[test]
        fn index_sort_is_the_stable_sort(keys in proptest::collection::vec(0u8..6, 0..200)) {
            let items: Vec<(u8, usize)> = keys.into_iter().enumerate().map(|(i, k)| (k, i)).collect();
            let mut ours = items.clone();
            super::sort_stable_by(&mut ours, |a, b| a.0.cmp(&b.0));
            let mut std_sorted = items;
            std_sorted.sort_by_key(|&(k, _)| k);
            prop_assert_eq!(ours, std_sorted);
        }
    }

    /// The checks shared out among threads find what they find one after the other, in the
    /// same order (the directory of typical mistakes has findings of most rules).
    #[test]
    fn checks_on_all_cores_find_what_checks_in_turn_find() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/mistakes");
        let catalog = Catalog::builtin();
        let set = ConfigSet::load_dir(&dir, "mistakes", &catalog, &LoadOptions::default()).unwrap();
        let options = LintOptions::default();
        let ctx = Context { set: &set, catalog: &catalog, options: &options };
        let rows: Vec<_> =
            registry::RULES.iter().filter_map(|row| Some((row, row.check?))).collect();
        let in_turn = in_turn(&ctx, &rows);
        assert!(in_turn.len() > 40, "{} findings", in_turn.len());
        let key = |d: &Diagnostic| (d.code(), d.file, d.span.start, d.message.clone());
        let one: Vec<_> = in_turn.iter().map(key).collect();
        for _ in 0..5 {
            let all: Vec<_> = on_all_cores(&ctx, &rows).iter().map(key).collect();
            assert_eq!(all, one);
        }
    }
}
