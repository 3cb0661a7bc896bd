//! Messaging Server product versions, as imtacfg.toml and `--product-version` declare them.

/// A product version as numbers: `6.3` → [6, 3], `6.2p8` → [6, 2, 8], `7.0-3.01` → [7, 0, 3, 1].
pub fn parse_version(s: &str) -> Option<Vec<u32>> {
    let parts: Vec<u32> = s
        .split(|c: char| !c.is_ascii_digit())
        .filter(|p| !p.is_empty())
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    (!parts.is_empty()).then_some(parts)
}

/// `a < b`, missing components counting as 0.
pub fn older(a: &[u32], b: &[u32]) -> bool {
    let n = a.len().max(b.len());
    let at = |v: &[u32], i: usize| v.get(i).copied().unwrap_or(0);
    (0..n).map(|i| at(a, i).cmp(&at(b, i))).find(|o| o.is_ne()).is_some_and(|o| o.is_lt())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions() {
        assert_eq!(parse_version("6.2p8"), Some(vec![6, 2, 8]));
        assert_eq!(parse_version("7.0-3.01"), Some(vec![7, 0, 3, 1]));
        assert!(older(&[6, 2], &[6, 3]));
        assert!(!older(&[6, 3], &[6, 3, 0]));
        assert!(older(&[8, 0, 2], &[8, 0, 2, 3]));
        assert_eq!(parse_version("x"), None);
    }
}
