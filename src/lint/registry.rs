//! Every rule imtacfg has, for `rules`, `explain`, SARIF and settings validation.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::RuleInfo;
use super::rules;

/// All rules, in code order (built once).
pub fn all() -> &'static [&'static RuleInfo] {
    static ALL: OnceLock<Vec<&'static RuleInfo>> = OnceLock::new();
    ALL.get_or_init(|| {
        let mut v: Vec<&'static RuleInfo> = Vec::new();
        for group in rules::GROUPS {
            v.extend_from_slice(group);
        }
        v.sort_by(|a, b| a.code.cmp(b.code));
        v
    })
}

/// A rule by code or name, any case. Findings carry their exact code, so the common
/// lookup is a hash probe.
pub fn find(code_or_name: &str) -> Option<&'static RuleInfo> {
    static BY_CODE: OnceLock<HashMap<&'static str, &'static RuleInfo>> = OnceLock::new();
    let map = BY_CODE.get_or_init(|| all().iter().map(|r| (r.code, *r)).collect());
    map.get(code_or_name).copied().or_else(|| {
        all().iter().copied().find(|r| {
            r.code.eq_ignore_ascii_case(code_or_name) || r.name.eq_ignore_ascii_case(code_or_name)
        })
    })
}

/// Does a selector (a code, a code prefix such as `IMTA` or `IMTA1`, a rule name, or
/// `ALL`) match a rule?
pub fn selector_matches(selector: &str, rule: &RuleInfo) -> bool {
    let s = selector.trim();
    s.eq_ignore_ascii_case("ALL")
        || rule.name.eq_ignore_ascii_case(s)
        || (rule.code.len() >= s.len() && rule.code[..s.len()].eq_ignore_ascii_case(s))
}

/// Is a selector known (matches at least one rule)?
pub fn selector_is_known(selector: &str) -> bool {
    all().iter().any(|r| selector_matches(selector, r))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_and_names_are_unique_and_well_formed() {
        let rules = all();
        let mut codes = HashSet::new();
        let mut names = HashSet::new();
        for r in rules {
            assert!(codes.insert(r.code), "duplicate code {}", r.code);
            assert!(names.insert(r.name), "duplicate name {}", r.name);
            assert!(
                ["IMTA", "OPT", "DSP", "X", "CFG"]
                    .iter()
                    .any(|p| r.code.starts_with(p)),
                "{}",
                r.code
            );
            assert!(
                r.name
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{}",
                r.name
            );
            for (what, text) in [
                ("summary", r.summary),
                ("why", r.why),
                ("example", r.example),
                ("fix", r.fix),
            ] {
                assert!(!text.trim().is_empty(), "{} has no {what}", r.code);
            }
        }
    }

    #[test]
    fn selectors() {
        let r = find("IMTA106").unwrap();
        assert!(selector_matches("IMTA", r));
        assert!(selector_matches("imta1", r));
        assert!(selector_matches("missing-host-line", r));
        assert!(!selector_matches("OPT", r));
    }
}
