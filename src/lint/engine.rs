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
    let mut out = Vec::new();
    for row in registry::RULES {
        let Some(check) = row.check else { continue };
        if !row.rules.iter().any(|r| wanted(r.code)) {
            continue;
        }
        let from = out.len();
        check(&ctx, &mut out);
        // A check reports only the rules of its own row, so every finding's rule is in the
        // table.
        debug_assert!(
            out[from..].iter().all(|d| row.rules.iter().any(|r| r.code == d.code())),
            "a check of {} reported a rule its registry row does not list",
            row.module
        );
    }
    rules::suppressions::apply(set, registry::all(), &mut out);
    sort(&mut out);
    out
}

/// Order findings by file, position and code.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| {
        (a.file, a.span.start, a.code(), &a.message).cmp(&(
            b.file,
            b.span.start,
            b.code(),
            &b.message,
        ))
    });
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
