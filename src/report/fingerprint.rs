//! Stable fingerprints of findings: they survive unrelated edits that shift line numbers.
//!
//! A fingerprint hashes the rule code, the file's name within the configuration directory
//! (not the path as typed, which differs between a laptop and CI) and the offending text (not its
//! position), plus the occurrence number among identical (code, file, text) triples so
//! that repeated identical lines stay distinct. Used by SARIF `partialFingerprints` and by
//! baselines.

use std::hash::BuildHasher;

use hashbrown::hash_table::{Entry, HashTable};
use serde::{Serialize, Serializer};

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

/// A finding's fingerprint: 64 bits, written as 16 hex digits. Kept as a number until it
/// is written, so that a report of millions of findings does not hold a string for each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Fingerprint(u64);

impl std::fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:016x}", self.0)
    }
}

impl Serialize for Fingerprint {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Fingerprints of `diags` (same order).
///
/// Occurrences are counted in a table of finding indexes (two `u32`s per distinct
/// (code, file, text) triple; the triple is looked up in the finding itself) and each
/// file's name is worked out once, so that many findings cost no more than their own text.
pub fn fingerprints(set: &ConfigSet, diags: &[Diagnostic]) -> Vec<Fingerprint> {
    let names: Vec<String> = (0..set.files.len()).map(|i| set.relative_name(i)).collect();
    let key = |d: &Diagnostic| {
        let text = d.span.text(&set.files[d.file].source.text).trim();
        (d.code(), names[d.file.index()].as_str(), text)
    };
    let state = foldhash::fast::RandomState::default();
    let hash_at = |&(i, _): &(u32, u32)| state.hash_one(key(&diags[i as usize]));
    let mut seen: HashTable<(u32, u32)> = HashTable::with_capacity(diags.len());
    diags
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let k @ (code, name, text) = key(d);
            let n = match seen.entry(
                state.hash_one(k),
                |&(j, _)| key(&diags[j as usize]) == k,
                hash_at,
            ) {
                Entry::Occupied(mut e) => {
                    e.get_mut().1 += 1;
                    e.get().1
                }
                Entry::Vacant(e) => {
                    // Four billion findings would not fit in memory: an index fits in 32 bits.
                    e.insert((i as u32, 1));
                    1
                }
            };
            let mut digits = [0u8; 10];
            let occurrence = decimal(n, &mut digits);
            Fingerprint(fnv1a(&[code.as_bytes(), name.as_bytes(), text.as_bytes(), occurrence]))
        })
        .collect()
}

/// `n` in decimal, written to the end of `buf` (no allocation per finding).
fn decimal(mut n: u32, buf: &mut [u8; 10]) -> &[u8] {
    let mut at = buf.len();
    loop {
        at -= 1;
        buf[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            return &buf[at..];
        }
    }
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

    /// Identical findings are told apart by their occurrence number, counted as a plain
    /// search of the findings before each one counts it.
    #[test]
    fn repeated_findings_count_their_occurrences() {
        use crate::knowledge::Catalog;
        use crate::lint::{LintOptions, lint};
        use crate::model::config_set::LoadOptions;
        let dir = tempfile::tempdir().unwrap();
        let text = "NO_SUCH_OPTION=1\nNO_SUCH_OPTION=1\nOTHER_UNKNOWN=2\nNO_SUCH_OPTION=3\n";
        std::fs::write(dir.path().join("option.dat"), text).unwrap();
        let catalog = Catalog::builtin();
        let set = ConfigSet::load_dir(dir.path(), "t", &catalog, &LoadOptions::default()).unwrap();
        let diags = lint(&set, &catalog, &LintOptions::default());
        let key = |d: &Diagnostic| {
            (
                d.code(),
                set.relative_name(d.file),
                d.span.text(&set.files[d.file].source.text).trim(),
            )
        };
        let expected: Vec<Fingerprint> = (0..diags.len())
            .map(|i| {
                let k = key(&diags[i]);
                let n = (1 + diags[..i].iter().filter(|d| key(d) == k).count()).to_string();
                let parts = [k.0.as_bytes(), k.1.as_bytes(), k.2.as_bytes(), n.as_bytes()];
                Fingerprint(fnv1a(&parts))
            })
            .collect();
        let repeated =
            (0..diags.len()).filter(|&i| diags[..i].iter().any(|d| key(d) == key(&diags[i])));
        assert!(repeated.count() >= 2, "{diags:?}");
        assert_eq!(fingerprints(&set, &diags), expected);
        let distinct: std::collections::HashSet<_> = expected.iter().collect();
        assert_eq!(distinct.len(), expected.len());
    }

    #[test]
    fn decimal_writes_every_digit() {
        let mut buf = [0u8; 10];
        for n in [0, 7, 10, 99, 1234, u32::MAX] {
            assert_eq!(decimal(n, &mut buf), n.to_string().as_bytes());
        }
    }

    #[test]
    fn fingerprint_prints_sixteen_hex_digits() {
        assert_eq!(Fingerprint(0xab).to_string(), "00000000000000ab");
        assert_eq!(serde_json::to_string(&Fingerprint(u64::MAX)).unwrap(), "\"ffffffffffffffff\"");
    }

    #[test]
    fn fnv_is_stable() {
        assert_eq!(fnv1a(&[b"IMTA201"]), fnv1a(&[b"IMTA201"]));
        assert_ne!(fnv1a(&[b"ab", b"c"]), fnv1a(&[b"a", b"bc"]));
        // Pinned value: changing the hash breaks every stored baseline.
        assert_eq!(format!("{:016x}", fnv1a(&[b"x"])), "08f1c907b58eba68");
    }
}
