//! Running the rules and shaping the result.

use super::rules::{self, Context};
use super::{Diagnostic, Severity, registry, suppress};
use crate::knowledge::Catalog;
use crate::model::config_set::ConfigSet;

/// The product's documented physical line limit.
pub const DEFAULT_MAX_LINE_LENGTH: usize = 252;

/// The data-segment limit the Dispatcher heap rule compares against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Datasize {
    Bytes(u64),
    Unlimited,
}

/// Knobs of a lint run.
#[derive(Debug, Clone)]
pub struct LintOptions {
    /// Physical lines longer than this (in characters) are reported.
    pub max_line_length: usize,
    /// The process data-segment limit, when known.
    pub datasize: Option<Datasize>,
}

impl Default for LintOptions {
    fn default() -> Self {
        LintOptions {
            max_line_length: DEFAULT_MAX_LINE_LENGTH,
            datasize: None,
        }
    }
}

/// Run every rule over the set, apply suppression comments, and sort the findings.
pub fn lint(set: &ConfigSet, catalog: &Catalog, options: &LintOptions) -> Vec<Diagnostic> {
    let ctx = Context {
        set,
        catalog,
        options,
    };
    let mut out = Vec::new();
    rules::run_all(&ctx, &mut out);
    suppress::apply(set, &mut out);
    sort(&mut out);
    out
}

/// Order findings by file, position and code.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| {
        (a.file, a.span.start, a.code, &a.message).cmp(&(b.file, b.span.start, b.code, &b.message))
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
                let rule = registry::find(d.code)?;
                if !self.select.is_empty()
                    && !self.select.iter().any(|s| registry::selector_matches(s, rule))
                {
                    return None;
                }
                if self.ignore.iter().any(|s| registry::selector_matches(s, rule)) {
                    return None;
                }
                // The most specific override wins: longer selectors are more specific.
                let mut best: Option<(usize, Option<Severity>)> = None;
                for (sel, sev) in &self.severity {
                    if registry::selector_matches(sel, rule)
                        && best.is_none_or(|(len, _)| sel.len() >= len)
                    {
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
