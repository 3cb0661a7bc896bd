//! The lint findings' fixes as an editing plan, for `lint --fix`.
//!
//! The fixes to apply are chosen by their [`Applicability`]; their edits become one
//! [`Plan`], which goes through the same checks and the same writer as every editing
//! command (see [`super::pipeline`]). Two fixes whose edits touch the same bytes cannot
//! both be applied in one pass: the first (in report order) wins and the other is left
//! for the next run, when it is found again on the new text.

use super::Plan;
use super::verify::Intent;
use crate::lint::{Applicability, Diagnostic, Edit};

/// Which fixes to apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FixOptions {
    /// Apply the unsafe fixes too (`--unsafe-fixes`); safe ones always are.
    pub unsafe_fixes: bool,
}

/// The plan made of the findings' fixes, and what was left out.
#[derive(Debug, Clone, Default)]
pub struct FixPlan {
    /// The edits of the fixes chosen, with one [`Intent::Fix`] per file they change.
    pub plan: Plan,
    /// How many fixes are in the plan.
    pub applied: usize,
    /// The findings whose fixes are in the plan (indices into the findings given).
    pub fixed: Vec<usize>,
    /// Fixes left for the next run because their edits overlap a fix already chosen.
    pub overlapping: usize,
    /// Unsafe fixes left out (without `--unsafe-fixes`).
    pub unsafe_left: usize,
    /// Fixes that are only suggestions, never applied.
    pub display_only: usize,
}

/// Do two edits of one file touch the same bytes? Two insertions at the same place
/// conflict too (their order would be a guess); an insertion at the edge of a
/// replacement does not.
fn overlaps(a: &Edit, b: &Edit) -> bool {
    if a.file != b.file {
        return false;
    }
    let (a, b) = (a.span, b.span);
    if a.is_empty() && b.is_empty() {
        return a.start == b.start;
    }
    a.start < b.end && b.start < a.end
}

/// The plan that applies the fixes of `findings` allowed by `options`, one per region.
pub fn plan(findings: &[Diagnostic], options: FixOptions) -> FixPlan {
    let mut out = FixPlan::default();
    let mut taken: Vec<&Edit> = Vec::new();
    for (i, d) in findings.iter().enumerate() {
        let Some(fix) = &d.fix else { continue };
        match fix.applicability {
            Applicability::Safe => {}
            Applicability::Unsafe if options.unsafe_fixes => {}
            Applicability::Unsafe => {
                out.unsafe_left += 1;
                continue;
            }
            Applicability::DisplayOnly => {
                out.display_only += 1;
                continue;
            }
        }
        // The same fix found twice (a file reached through two includes) is applied once.
        if fix.edits.iter().all(|e| taken.contains(&e)) && !fix.edits.is_empty() {
            continue;
        }
        if fix.edits.iter().any(|e| taken.iter().any(|t| overlaps(e, t))) {
            out.overlapping += 1;
            continue;
        }
        taken.extend(&fix.edits);
        out.plan.edits.extend(fix.edits.iter().cloned());
        out.applied += 1;
        out.fixed.push(i);
    }
    // A file that only safe fixes change must keep its meaning (checked by the pipeline).
    let mut files: Vec<(usize, bool)> = Vec::new();
    for &i in &out.fixed {
        let Some(fix) = &findings[i].fix else {
            continue;
        };
        let safe = fix.applicability == Applicability::Safe;
        for e in &fix.edits {
            match files.iter_mut().find(|(f, _)| *f == e.file.index()) {
                Some((_, keeps)) => *keeps &= safe,
                None => files.push((e.file.index(), safe)),
            }
        }
    }
    files.sort_unstable();
    out.plan.intents = files
        .into_iter()
        .map(|(file, keeps_meaning)| Intent::Fix { file: file.into(), keeps_meaning })
        .collect();
    if out.overlapping > 0 {
        out.plan.notes.push(format!(
            "{} fix(es) touch the same text as another one and are left for the next run",
            out.overlapping
        ));
    }
    out
}
