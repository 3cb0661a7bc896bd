//! "Did you mean": the closest known word to a misspelt one, for the linter and the editor.

/// "Did you mean" answers remembered per word: a file may misspell the same word
/// thousands of times, and each fresh answer compares it with every candidate.
pub struct Suggester<'a> {
    candidates: Vec<&'a str>,
    memo: std::collections::HashMap<String, Option<&'a str>>,
}

impl<'a> Suggester<'a> {
    /// A suggester that picks from `candidates` (known keyword or option names).
    pub fn new(candidates: impl IntoIterator<Item = &'a str>) -> Self {
        Suggester {
            candidates: candidates.into_iter().collect(),
            memo: Default::default(),
        }
    }

    /// [`did_you_mean`] over the candidates, once per distinct word.
    pub fn suggest(&mut self, word: &str) -> Option<&'a str> {
        if let Some(s) = self.memo.get(word) {
            return *s;
        }
        let s = did_you_mean(word, self.candidates.iter().copied());
        self.memo.insert(word.to_string(), s);
        s
    }
}

/// The closest candidate to a misspelt word, if one is close enough to be a likely typo.
///
/// Candidates whose length differs by more than half cannot reach the similarity
/// threshold and are skipped before the (comparatively costly) Jaro-Winkler comparison.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let w = word.to_ascii_lowercase();
    let n = w.chars().count();
    let slack = (n / 2).max(2);
    let mut best: Option<(f64, &'a str)> = None;
    for c in candidates {
        if c.contains('#') || c.len().abs_diff(n) > slack {
            continue;
        }
        let score = strsim::jaro_winkler(&w, &c.to_ascii_lowercase());
        if score >= 0.88 && best.is_none_or(|(b, _)| score > b) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| c)
}
