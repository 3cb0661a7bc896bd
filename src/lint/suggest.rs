//! "Did you mean": the closest known word to a misspelt one, for the linter and the editor.

use super::keys::{FastMap, lower};

/// "Did you mean" answers remembered per word: a file may misspell the same word
/// thousands of times, and each fresh answer compares it with every candidate. The
/// candidates are prepared (lowercased, their letters counted) once, not at every
/// comparison.
pub struct Suggester<'a> {
    candidates: Vec<Prepared<'a>>,
    memo: FastMap<String, Option<&'a str>>,
}

impl<'a> Suggester<'a> {
    /// A suggester that picks from `candidates` (known keyword or option names).
    pub fn new(candidates: impl IntoIterator<Item = &'a str>) -> Self {
        Suggester {
            candidates: candidates
                .into_iter()
                .filter(|c| !c.contains('#'))
                .map(Prepared::new)
                .collect(),
            memo: Default::default(),
        }
    }

    /// [`did_you_mean`] over the candidates, once per distinct word.
    pub fn suggest(&mut self, word: &str) -> Option<&'a str> {
        if let Some(s) = self.memo.get(word) {
            return *s;
        }
        let s = closest(word, self.candidates.iter());
        self.memo.insert(word.to_string(), s);
        s
    }
}

/// The closest candidate to a misspelt word, if one is close enough to be a likely typo.
///
/// Candidates whose length differs by more than half cannot reach the similarity
/// threshold and are skipped before the (comparatively costly) Jaro-Winkler comparison.
/// For many words against the same candidates, [`Suggester`] does the same with a memo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let candidates = candidates.into_iter().filter(|c| !c.contains('#'));
    closest(word, candidates.map(Prepared::new))
}

/// The lowest Jaro-Winkler similarity that counts as a likely typo.
const THRESHOLD: f64 = 0.88;

/// A word ready for comparison: its lowercase form, its length in characters, and how
/// often each character (folded into 64 classes) occurs.
struct Prepared<'a> {
    word: &'a str,
    lower: std::borrow::Cow<'a, str>,
    chars: usize,
    /// Counts per character class; `None` when a count does not fit a byte.
    counts: Option<[u8; 64]>,
    /// The classes that occur, each once.
    present: Vec<u8>,
}

impl<'a> Prepared<'a> {
    fn new(word: &'a str) -> Self {
        let lower = lower(word);
        let mut counts = [0u8; 64];
        let mut chars = 0;
        let mut fits = true;
        for c in lower.chars() {
            chars += 1;
            let k = &mut counts[(c as u32 & 63) as usize];
            match k.checked_add(1) {
                Some(v) => *k = v,
                None => fits = false,
            }
        }
        let present = (0..64u8).filter(|&k| counts[usize::from(k)] > 0).collect();
        Prepared { word, lower, chars, counts: fits.then_some(counts), present }
    }

    /// An upper bound of the Jaro-Winkler similarity of `self` (the misspelt word) and
    /// `other`. Jaro can match no more characters than the two words have in common (as
    /// multisets; merging characters into classes only raises that count), and the
    /// Winkler bonus grows with the Jaro value, so the bound holds for the real score.
    fn bound(&self, other: &Prepared) -> f64 {
        let (Some(a), Some(b)) = (&self.counts, &other.counts) else {
            return 1.0;
        };
        if self.chars == 0 || other.chars == 0 {
            return 1.0;
        }
        // Only the classes of the (short) word: a handful, not all 64.
        let common: u32 =
            self.present.iter().map(|&k| u32::from(a[usize::from(k)].min(b[usize::from(k)]))).sum();
        if common == 0 {
            return 0.0;
        }
        let m = f64::from(common);
        let jaro = ((m / self.chars as f64 + m / other.chars as f64 + 1.0) / 3.0).min(1.0);
        let prefix =
            self.lower.chars().take(4).zip(other.lower.chars()).take_while(|(x, y)| x == y).count();
        jaro + 0.1 * prefix as f64 * (1.0 - jaro)
    }
}

/// The best of `candidates` for `word`; on equal scores the first one wins.
fn closest<'a, 'p, P>(word: &str, candidates: impl Iterator<Item = P>) -> Option<&'a str>
where
    P: std::borrow::Borrow<Prepared<'a>>,
    'a: 'p,
{
    let w = Prepared::new(word);
    let n = w.chars;
    let slack = (n / 2).max(2);
    let mut best: Option<(f64, &'a str)> = None;
    for c in candidates {
        let c = c.borrow();
        if c.word.len().abs_diff(n) > slack {
            continue;
        }
        // Skip what cannot reach the threshold (or beat the best so far); the margin
        // keeps rounding in the bound from dropping a candidate the real score accepts.
        let floor = best.map_or(THRESHOLD, |(b, _)| b.max(THRESHOLD));
        if w.bound(c) < floor - 1e-9 {
            continue;
        }
        let score = strsim::jaro_winkler(&w.lower, &c.lower);
        if score >= THRESHOLD && best.is_none_or(|(b, _)| score > b) {
            best = Some((score, c.word));
        }
    }
    best.map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The comparison as it was before the bound: every candidate scored.
    fn reference<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
        let w = word.to_ascii_lowercase();
        let n = w.chars().count();
        let slack = (n / 2).max(2);
        let mut best: Option<(f64, &'a str)> = None;
        for &c in candidates {
            if c.contains('#') || c.len().abs_diff(n) > slack {
                continue;
            }
            let score = strsim::jaro_winkler(&w, &c.to_ascii_lowercase());
            if score >= THRESHOLD && best.is_none_or(|(b, _)| score > b) {
                best = Some((score, c));
            }
        }
        best.map(|(_, c)| c)
    }

    #[test]
    fn the_bound_never_drops_the_best_candidate() {
        let catalog = crate::knowledge::Catalog::builtin();
        let names: Vec<&str> = catalog.options.names().chain(catalog.keywords.names()).collect();
        let mut suggester = Suggester::new(names.iter().copied());
        let mut found = 0;
        for name in &names {
            // Misspellings of every kind: a letter dropped, doubled, swapped, replaced.
            let b = name.as_bytes();
            let mid = b.len() / 2;
            let mut variants = vec![
                format!("{}{}", &name[..mid], &name[(mid + 1).min(name.len())..]),
                format!("{}{}", &name[..mid], &name[mid..]).replacen('_', "__", 1),
                name.chars().rev().collect::<String>(),
                format!("{name}X"),
                name.to_ascii_uppercase(),
            ];
            if b.len() > 2 && name.is_ascii() {
                let mut s = b.to_vec();
                s.swap(1, 2);
                variants.push(String::from_utf8(s).unwrap());
            }
            for v in variants {
                let want = reference(&v, &names);
                found += usize::from(want.is_some());
                assert_eq!(did_you_mean(&v, names.iter().copied()), want, "{v}");
                assert_eq!(suggester.suggest(&v), want, "{v}");
            }
        }
        assert!(found > names.len(), "the misspellings should mostly find a name");
    }

    #[test]
    fn words_without_letters_in_common_get_nothing() {
        assert_eq!(did_you_mean("zzzz", ["abcd", "efgh"]), None);
        assert_eq!(did_you_mean("maxjob", ["maxjobs", "pool"]), Some("maxjobs"));
    }
}
