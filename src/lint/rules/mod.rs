//! Rule groups. Each file declares its rules (`RULES`) and a `check` function.

pub mod dependencies;
pub mod dispatcher;
pub mod files;
pub mod imta;
pub mod job_controller;
pub mod keywords;
pub mod logging;
pub mod options;
pub mod routing;

use super::{Diagnostic, LintOptions, RuleInfo};
use crate::knowledge::Catalog;
use crate::model::config_set::{ConfigFile, ConfigSet};
use crate::syntax::Kind;

/// What every rule gets to look at.
pub struct Context<'a> {
    pub set: &'a ConfigSet,
    pub catalog: &'a Catalog,
    pub options: &'a LintOptions,
}

impl<'a> Context<'a> {
    /// Files of the given kinds, with their indexes.
    pub fn files_of(
        &self,
        kinds: &'a [Kind],
    ) -> impl Iterator<Item = (usize, &'a ConfigFile)> + 'a {
        self.set
            .files
            .iter()
            .enumerate()
            .filter(move |(_, f)| kinds.contains(&f.kind))
    }

    /// Text of a file.
    pub fn text(&self, file: usize) -> &'a str {
        &self.set.files[file].source.text
    }

    /// Can a "not defined anywhere" finding about what files of `kinds` define be
    /// trusted? `None` when one of their includes may hold definitions imtacfg has not
    /// seen: outside the directory, unreadable, a name that does not resolve, or includes
    /// never followed (text from standard input has no directory). An include of a file
    /// that does not exist in the configuration directory does not count (the product
    /// cannot read it either; it has its own finding): such files are returned, for a note.
    pub fn definitions_complete(&self, kinds: &[Kind]) -> Option<Vec<String>> {
        use crate::model::config_set::IncludeStatus;
        let of_kind = |i: usize| kinds.contains(&self.set.files[i].kind);
        let lines: usize = (0..self.set.files.len())
            .filter(|&i| of_kind(i))
            .map(|i| self.set.files[i].include_count())
            .sum();
        let edges = self.set.includes.iter().filter(|e| of_kind(e.from)).count();
        if lines != edges {
            return None;
        }
        let root = self.set.root.as_deref();
        let mut absent = Vec::new();
        for e in self.set.includes.iter().filter(|e| of_kind(e.from)) {
            match &e.status {
                IncludeStatus::Read { .. } | IncludeStatus::Cycle => {}
                IncludeStatus::Missing | IncludeStatus::TooDeep
                    if e.resolved
                        .as_deref()
                        .is_some_and(|p| root.is_some_and(|r| p.starts_with(r))) =>
                {
                    absent.push(e.spec.trim().to_string());
                }
                _ => return None,
            }
        }
        Some(absent)
    }
}

/// Every group's rules.
pub static GROUPS: &[&[&RuleInfo]] = &[
    imta::RULES,
    keywords::RULES,
    routing::RULES,
    files::RULES,
    options::RULES,
    logging::RULES,
    dependencies::RULES,
    dispatcher::RULES,
    job_controller::RULES,
    super::suppress::RULES,
];

/// Run every group.
pub fn run_all(ctx: &Context, out: &mut Vec<Diagnostic>) {
    imta::check(ctx, out);
    keywords::check(ctx, out);
    routing::check(ctx, out);
    files::check(ctx, out);
    options::check(ctx, out);
    logging::check(ctx, out);
    dependencies::check(ctx, out);
    dispatcher::check(ctx, out);
    job_controller::check(ctx, out);
}

/// "Did you mean" answers remembered per word: a file may misspell the same word
/// thousands of times, and each fresh answer compares it with every candidate.
pub struct Suggester<'a> {
    candidates: Vec<&'a str>,
    memo: std::collections::HashMap<String, Option<&'a str>>,
}

impl<'a> Suggester<'a> {
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

/// Test support: lint a set of files written to a temporary directory.
#[cfg(test)]
pub mod testing {
    use crate::knowledge::Catalog;
    use crate::lint::{Diagnostic, LintOptions, lint};
    use crate::model::config_set::{ConfigSet, LoadOptions};

    /// Write `files` (name, text) into a temporary directory, read it as one
    /// configuration, lint it, and return the findings with each file's name.
    pub fn lint_files_with(
        files: &[(&str, &str)],
        options: &LintOptions,
    ) -> Vec<(String, usize, Diagnostic)> {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in files {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        let catalog = Catalog::builtin();
        let set =
            ConfigSet::load_dir(dir.path(), "conf", &catalog, &LoadOptions::default()).unwrap();
        assert!(set.errors.is_empty(), "{:?}", set.errors);
        lint(&set, &catalog, options)
            .into_iter()
            .map(|d| {
                let f = &set.files[d.file];
                let line = f.source.line_col(d.span.start as usize).line;
                (f.name().to_string(), line, d)
            })
            .collect()
    }

    /// As `lint_files_with`, default options.
    pub fn lint_files(files: &[(&str, &str)]) -> Vec<(String, usize, Diagnostic)> {
        lint_files_with(files, &LintOptions::default())
    }

    /// Lint one of the shipped example directories (`sample`, `mistakes`): (code, file
    /// name, line, severity) of every finding.
    pub fn lint_example(dir: &str) -> Vec<(&'static str, String, usize, crate::lint::Severity)> {
        let catalog = Catalog::builtin();
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("examples")
            .join(dir);
        let set = ConfigSet::load_dir(&path, dir, &catalog, &LoadOptions::default()).unwrap();
        lint(&set, &catalog, &LintOptions::default())
            .into_iter()
            .map(|d| {
                let f = &set.files[d.file];
                (
                    d.code,
                    f.name().to_string(),
                    f.source.line_col(d.span.start as usize).line,
                    d.severity,
                )
            })
            .collect()
    }

    /// The (code, file name, line) of every finding, for compact assertions.
    pub fn codes(files: &[(&str, &str)]) -> Vec<(&'static str, String, usize)> {
        lint_files(files)
            .into_iter()
            .map(|(name, line, d)| (d.code, name, line))
            .collect()
    }

    /// The shipped sample configuration is a working one: no rule finds anything above
    /// info level in it.
    #[test]
    fn sample_directory_is_quiet() {
        let loud: Vec<_> = lint_example("sample")
            .into_iter()
            .filter(|(_, _, _, sev)| *sev > crate::lint::Severity::Info)
            .collect();
        assert!(loud.is_empty(), "{loud:#?}");
    }
}
