//! Stable fingerprints of findings: they survive unrelated edits that shift line numbers.
//!
//! A fingerprint hashes the rule code, the file's name within the configuration directory
//! (not the path as typed, which differs between a laptop and CI) and the offending text (not its
//! position), plus the occurrence number among identical (code, file, text) triples so
//! that repeated identical lines stay distinct. Used by SARIF `partialFingerprints` and by
//! baselines.

use crate::lint::keys::FastMap;

use crate::lint::Diagnostic;
use crate::model::config_set::ConfigSet;

/// FNV-1a, 64 bits: tiny, stable across Rust versions and platforms (unlike `DefaultHasher`).
fn fnv1a(parts: &[&[u8]]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for &b in *part {
            h ^= b as u64;
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        // Separator so that ("ab","c") and ("a","bc") differ.
        h ^= 0xff;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// Fingerprints of `diags` (same order), as 16 hex digits.
///
/// The occurrence counts are keyed by borrowed text and each file's name is worked out
/// once, so that many findings cost no more than their own text.
pub fn fingerprints(set: &ConfigSet, diags: &[Diagnostic]) -> Vec<String> {
    let names: Vec<String> = (0..set.files.len()).map(|i| set.relative_name(i)).collect();
    let mut seen: FastMap<(&str, &str, &str), usize> = FastMap::default();
    diags
        .iter()
        .map(|d| {
            let text = d.span.text(&set.files[d.file].source.text).trim();
            let name = names[d.file.index()].as_str();
            let n = seen.entry((d.code(), name, text)).or_insert(0);
            *n += 1;
            let occurrence = n.to_string();
            format!(
                "{:016x}",
                fnv1a(&[
                    d.code().as_bytes(),
                    name.as_bytes(),
                    text.as_bytes(),
                    occurrence.as_bytes()
                ])
            )
        })
        .collect()
}

/// A fingerprint made of several strings (16 hex digits), for formats that need one
/// unique across every configuration of a run (a finding's fingerprint and its path).
pub fn combine(parts: &[&str]) -> String {
    let bytes: Vec<&[u8]> = parts.iter().map(|p| p.as_bytes()).collect();
    format!("{:016x}", fnv1a(&bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv_is_stable() {
        assert_eq!(fnv1a(&[b"IMTA201"]), fnv1a(&[b"IMTA201"]));
        assert_ne!(fnv1a(&[b"ab", b"c"]), fnv1a(&[b"a", b"bc"]));
        // Pinned value: changing the hash breaks every stored baseline.
        assert_eq!(format!("{:016x}", fnv1a(&[b"x"])), "08f1c907b58eba68");
    }
}
