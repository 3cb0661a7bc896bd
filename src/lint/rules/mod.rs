//! The rules, one folder per group. Each rule file defines its rules (`RuleInfo` constants
//! named after the rules) and the `check` that reports them; the table of
//! [`registry`](crate::lint::registry) lists every one.

pub mod common;
pub mod dispatcher;
pub mod files;
pub mod imta;
pub mod job_controller;
pub mod keywords;
pub mod logging;
pub mod options;
pub mod routing;
pub mod suppressions;

pub use crate::lint::context::Context;
pub use crate::lint::suggest::{Suggester, did_you_mean};

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
                    d.code(),
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
            .map(|(name, line, d)| (d.code(), name, line))
            .collect()
    }

    /// Is there a finding of `code` in a file whose name ends in `file`, at `line`?
    pub fn has(
        found: &[(&'static str, String, usize)],
        code: &str,
        file: &str,
        line: usize,
    ) -> bool {
        found
            .iter()
            .any(|(c, f, l)| *c == code && f.ends_with(file) && *l == line)
    }

    /// Is there no finding of `code`?
    pub fn none_of(found: &[(&'static str, String, usize)], code: &str) -> bool {
        found.iter().all(|(c, _, _)| *c != code)
    }

    /// The severities of the findings of `code`.
    pub fn severity_of(files: &[(&str, &str)], code: &str) -> Vec<crate::lint::Severity> {
        lint_files(files)
            .into_iter()
            .filter(|(_, _, d)| d.code() == code)
            .map(|(_, _, d)| d.severity)
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
