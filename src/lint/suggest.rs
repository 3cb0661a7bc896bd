//! "Did you mean": the closest known word to a misspelt one, for the linter and the editor.

use super::keys::{FastMap, lower};
use crate::knowledge::catalog::{Suggestions, Table};

/// "Did you mean" answers remembered per word: a file may misspell the same word
/// thousands of times, and each fresh answer compares it with every candidate. The
/// candidates are prepared (lowercased, their letters counted) on the first word that
/// needs them, not at every comparison. A suggester over a catalog table also shares the
/// answers with later runs through the table's memo ([`Table::suggestions`]).
pub struct Suggester<'a> {
    /// The candidates in order (a table's names, patterns included, so that positions
    /// are the table's).
    names: Vec<&'a str>,
    /// Prepared on first use.
    candidates: Option<Vec<Prepared<'a>>>,
    memo: FastMap<String, Option<&'a str>>,
    shared: Option<&'a Suggestions>,
}

impl<'a> Suggester<'a> {
    /// A suggester that picks from `candidates` (known keyword or option names).
    pub fn new(candidates: impl IntoIterator<Item = &'a str>) -> Self {
        Suggester {
            names: candidates.into_iter().collect(),
            candidates: None,
            memo: Default::default(),
            shared: None,
        }
    }

    /// A suggester that picks from a catalog table's names and remembers its answers in
    /// the table for later runs.
    pub fn of_table<T>(table: &'a Table<T>) -> Self {
        Suggester { shared: Some(table.suggestions()), ..Suggester::new(table.names()) }
    }

    /// [`did_you_mean`] over the candidates, once per distinct word.
    pub fn suggest(&mut self, word: &str) -> Option<&'a str> {
        if let Some(s) = self.memo.get(word) {
            return *s;
        }
        let remembered = self.shared.and_then(|m| m.get(word));
        let s = match remembered {
            Some(at) => at.and_then(|i| self.names.get(i).copied()),
            None => {
                let names = &self.names;
                let candidates = self.candidates.get_or_insert_with(|| {
                    names
                        .iter()
                        .enumerate()
                        .filter(|(_, c)| !c.contains('#'))
                        .map(|(i, c)| Prepared::new(c, i))
                        .collect()
                });
                let found = closest(word, candidates.iter());
                if let Some(m) = self.shared {
                    m.put(word, found.map(|(i, _)| i));
                }
                found.map(|(_, c)| c)
            }
        };
        // A table's own memo already answers next time (no copy of the word per run).
        if self.shared.is_none() {
            self.memo.insert(word.to_string(), s);
        }
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
    closest(word, candidates.map(|c| Prepared::new(c, 0))).map(|(_, c)| c)
}

/// The lowest Jaro-Winkler similarity that counts as a likely typo.
const THRESHOLD: f64 = 0.88;

/// The class of a character for the bounds: letters, digits and `_` each their own (the
/// characters of names; a digit sharing a class with a letter would weaken the bounds),
/// anything else folded into the remaining 27.
fn class(c: char) -> usize {
    match c {
        'a'..='z' => c as usize - 'a' as usize,
        '0'..='9' => 26 + (c as usize - '0' as usize),
        '_' => 36,
        _ => 37 + (c as usize % 27),
    }
}

/// A word ready for comparison: its lowercase form, its length in characters, and how
/// often each character (folded into 64 classes, see [`class`]) occurs.
struct Prepared<'a> {
    word: &'a str,
    /// Where the word stands among the candidates.
    pos: usize,
    lower: std::borrow::Cow<'a, str>,
    chars: usize,
    /// Counts per character class; `None` when a count does not fit a byte.
    counts: Option<[u8; 64]>,
    /// The classes that occur (bit `k` for class `k`).
    classes: u64,
}

impl<'a> Prepared<'a> {
    fn new(word: &'a str, pos: usize) -> Self {
        let lower = lower(word);
        let mut counts = [0u8; 64];
        let mut chars = 0;
        let mut fits = true;
        let mut classes = 0u64;
        for c in lower.chars() {
            chars += 1;
            let class = class(c);
            classes |= 1 << class;
            let k = &mut counts[class];
            match k.checked_add(1) {
                Some(v) => *k = v,
                None => fits = false,
            }
        }
        Prepared { word, pos, lower, chars, counts: fits.then_some(counts), classes }
    }

    /// A coarser upper bound of the Jaro similarity than [`Prepared::jaro_bound`], from
    /// the class sets alone (two bit operations): every class one word has and the other
    /// lacks holds at least one of its characters that cannot be matched. It drops most
    /// candidates before the counts are compared.
    fn class_bound(&self, other: &Prepared) -> f64 {
        if self.chars == 0 || other.chars == 0 {
            return 1.0;
        }
        let only_self = (self.classes & !other.classes).count_ones() as usize;
        let only_other = (other.classes & !self.classes).count_ones() as usize;
        let m = (self.chars.saturating_sub(only_self)).min(other.chars.saturating_sub(only_other));
        if m == 0 {
            return 0.0;
        }
        let m = m as f64;
        ((m / self.chars as f64 + m / other.chars as f64 + 1.0) / 3.0).min(1.0)
    }

    /// An upper bound of the Jaro similarity of `self` (the misspelt word) and `other`:
    /// Jaro can match no more characters than the two words have in common (as
    /// multisets; merging characters into classes only raises that count).
    fn jaro_bound(&self, other: &Prepared) -> f64 {
        let (Some(a), Some(b)) = (&self.counts, &other.counts) else {
            return 1.0;
        };
        if self.chars == 0 || other.chars == 0 {
            return 1.0;
        }
        // All 64 classes at once: a loop the compiler turns into a few vector
        // instructions, cheaper than visiting the word's classes one by one.
        let common: u32 = a.iter().zip(b).map(|(x, y)| u32::from(*x.min(y))).sum();
        if common == 0 {
            return 0.0;
        }
        let m = f64::from(common);
        ((m / self.chars as f64 + m / other.chars as f64 + 1.0) / 3.0).min(1.0)
    }

    /// An upper bound of the Jaro-Winkler similarity of `self` and `other`: the Winkler
    /// bonus grows with the Jaro value, so the bound holds for the real score.
    fn bound(&self, other: &Prepared, jaro: f64) -> f64 {
        let prefix =
            self.lower.chars().take(4).zip(other.lower.chars()).take_while(|(x, y)| x == y).count();
        jaro + 0.1 * prefix as f64 * (1.0 - jaro)
    }
}

/// The best of `candidates` for `word` and its position; on equal scores the first one
/// wins.
fn closest<'a, 'p, P>(word: &str, candidates: impl Iterator<Item = P>) -> Option<(usize, &'a str)>
where
    P: std::borrow::Borrow<Prepared<'a>>,
    'a: 'p,
{
    let w = Prepared::new(word, 0);
    let n = w.chars;
    let slack = (n / 2).max(2);
    let mut best: Option<(f64, usize, &'a str)> = None;
    for c in candidates {
        let c = c.borrow();
        if c.word.len().abs_diff(n) > slack {
            continue;
        }
        // Skip what cannot reach the threshold (or beat the best so far); the margin
        // keeps rounding in the bound from dropping a candidate the real score accepts.
        // The longest Winkler prefix (4) first, so most candidates are dropped without
        // comparing prefixes.
        let floor = best.map_or(THRESHOLD, |(b, ..)| b.max(THRESHOLD)) - 1e-9;
        let coarse = w.class_bound(c);
        if coarse + 0.4 * (1.0 - coarse) < floor {
            continue;
        }
        let jaro = w.jaro_bound(c);
        if jaro + 0.4 * (1.0 - jaro) < floor || w.bound(c, jaro) < floor {
            continue;
        }
        let score = strsim::jaro_winkler(&w.lower, &c.lower);
        if score >= THRESHOLD && best.is_none_or(|(b, ..)| score > b) {
            best = Some((score, c.pos, c.word));
        }
    }
    best.map(|(_, i, c)| (i, c))
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
    fn a_table_remembers_its_answers_for_the_next_run() {
        let catalog = crate::knowledge::Catalog::builtin();
        let table = &catalog.options;
        let names: Vec<&str> = table.names().collect();
        // Words no other test asks about, so the process-wide memo starts without them.
        let (typo, unknown) = ("LOG_CONECTION", "QQQ_MEMO_TEST_ZZZ");
        assert_eq!(Suggester::of_table(table).suggest(typo), Some("LOG_CONNECTION"));
        assert_eq!(Suggester::of_table(table).suggest(unknown), None);
        let at = table.suggestions().get(typo).flatten().unwrap();
        assert_eq!(names.get(at), Some(&"LOG_CONNECTION"));
        assert_eq!(table.suggestions().get(unknown), Some(None));
        // A later run answers from the memo: a planted answer is what it gives.
        table.suggestions().put("PLANTED_WORD", Some(at));
        assert_eq!(Suggester::of_table(table).suggest("PLANTED_WORD"), Some("LOG_CONNECTION"));
        assert_eq!(reference(typo, &names), Some("LOG_CONNECTION"));
    }

    #[test]
    fn a_table_that_gains_a_name_forgets_its_answers() {
        let mut catalog = crate::knowledge::Catalog::builtin();
        let before = Suggester::of_table(&catalog.options).suggest("LOG_CONECTION_X");
        assert_ne!(before, Some("LOG_CONECTION_XY"));
        assert!(catalog.options.suggestions().get("LOG_CONECTION_X").is_some());
        catalog.add_option(crate::knowledge::OptionInfo {
            name: "LOG_CONECTION_XY".into(),
            ..crate::knowledge::Catalog::builtin()
                .options
                .get_folded("LOG_CONNECTION")
                .unwrap()
                .clone()
        });
        assert_eq!(catalog.options.suggestions().get("LOG_CONECTION_X"), None);
        assert_eq!(
            Suggester::of_table(&catalog.options).suggest("LOG_CONECTION_X"),
            Some("LOG_CONECTION_XY")
        );
    }

    proptest::proptest! {
        /// Words of any shape (near names, digits, non-ASCII) get the answer of a
        /// comparison with every candidate: no bound drops the best one.
        #[test]
        fn the_bounds_keep_the_answer_of_a_full_comparison(
            pick in 0usize..10_000,
            edits in proptest::collection::vec((0usize..64, "[A-Za-z0-9_é]"), 0..4),
            tail in "[A-Z0-9_]{0,6}",
        ) {
            let catalog = crate::knowledge::Catalog::builtin();
            let names: Vec<&str> = catalog.options.names().collect();
            let mut word: Vec<char> = names[pick % names.len()].chars().collect();
            for (at, c) in edits {
                let at = at % (word.len() + 1);
                match at % 3 {
                    0 if at < word.len() => { word.remove(at); }
                    1 if at < word.len() => word[at] = c.chars().next().unwrap(),
                    _ => word.insert(at, c.chars().next().unwrap()),
                }
            }
            let word: String = word.into_iter().chain(tail.chars()).collect();
            proptest::prop_assert_eq!(did_you_mean(&word, names.iter().copied()), reference(&word, &names));
        }
    }

    #[test]
    fn words_without_letters_in_common_get_nothing() {
        assert_eq!(did_you_mean("zzzz", ["abcd", "efgh"]), None);
        assert_eq!(did_you_mean("maxjob", ["maxjobs", "pool"]), Some("maxjobs"));
    }
}
