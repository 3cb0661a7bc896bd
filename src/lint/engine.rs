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
    /// The product version the configuration is for (`6.3` → [6, 3]), when declared;
    /// enables the version gates.
    pub product_version: Option<Vec<u32>>,
}

impl Default for LintOptions {
    fn default() -> Self {
        LintOptions {
            max_line_length: DEFAULT_MAX_LINE_LENGTH,
            datasize: None,
            product_version: None,
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
                    && !self
                        .select
                        .iter()
                        .any(|s| registry::selector_matches(s, rule))
                {
                    return None;
                }
                if self
                    .ignore
                    .iter()
                    .any(|s| registry::selector_matches(s, rule))
                {
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

impl Datasize {
    /// Parse a size as written on the command line or in imtacfg.toml: a number of bytes
    /// with an optional binary suffix (`K`, `M`, `G`, `T`, also `KB`/`KiB`…), or
    /// `unlimited`. (`auto` is resolved by the caller with [`Datasize::current_process`].)
    pub fn parse(s: &str) -> Result<Datasize, String> {
        let t = s.trim();
        if t.eq_ignore_ascii_case("unlimited") || t.eq_ignore_ascii_case("infinity") {
            return Ok(Datasize::Unlimited);
        }
        let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
        let (num, unit) = t.split_at(split);
        let bad = || {
            format!(
                "`{s}` is not a size: write bytes, or a number with K, M, G or T (e.g. 512M, 2G), or `unlimited`"
            )
        };
        let n: u64 = num.parse().map_err(|_| bad())?;
        let mult: u64 = match unit.trim().to_ascii_uppercase().as_str() {
            "" | "B" => 1,
            "K" | "KB" | "KIB" => 1 << 10,
            "M" | "MB" | "MIB" => 1 << 20,
            "G" | "GB" | "GIB" => 1 << 30,
            "T" | "TB" | "TIB" => 1 << 40,
            _ => return Err(bad()),
        };
        n.checked_mul(mult)
            .map(Datasize::Bytes)
            .ok_or_else(|| format!("`{s}` is too large"))
    }

    /// The data-segment limit (RLIMIT_DATA) of the current process, for running on the
    /// server itself.
    pub fn current_process() -> Result<Datasize, String> {
        let mut lim = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        // SAFETY: getrlimit writes into the struct we pass and has no other effect.
        let rc = unsafe { libc::getrlimit(libc::RLIMIT_DATA, &mut lim) };
        if rc != 0 {
            return Err(format!(
                "cannot read the data-segment limit: {}",
                std::io::Error::last_os_error()
            ));
        }
        // rlim_t is u64 on Linux but not on every platform.
        #[allow(clippy::unnecessary_cast)]
        Ok(if lim.rlim_cur == libc::RLIM_INFINITY {
            Datasize::Unlimited
        } else {
            Datasize::Bytes(lim.rlim_cur as u64)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(Datasize::parse("512M"), Ok(Datasize::Bytes(512 << 20)));
        assert_eq!(Datasize::parse("2G"), Ok(Datasize::Bytes(2 << 30)));
        assert_eq!(Datasize::parse("1000"), Ok(Datasize::Bytes(1000)));
        assert_eq!(Datasize::parse("unlimited"), Ok(Datasize::Unlimited));
        assert!(Datasize::parse("12Q").is_err());
        assert!(Datasize::parse("").is_err());
        assert!(Datasize::parse("99999999999T").is_err());
        assert!(Datasize::current_process().is_ok());
    }
}
