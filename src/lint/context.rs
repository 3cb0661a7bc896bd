//! What a check gets to look at: the configuration set, the catalog and the run's knobs.

use crate::knowledge::Catalog;
use crate::knowledge::OptionInfo;
use crate::knowledge::catalog::Table;
use crate::model::config_set::{ConfigFile, ConfigSet};
use crate::model::heap::Datasize;
use crate::syntax::Kind;

/// The product's documented physical line limit.
pub const DEFAULT_MAX_LINE_LENGTH: usize = 252;

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
    /// Where `product_version` was given, as messages name it (`--product-version`,
    /// `imtacfg.toml`).
    pub product_version_from: &'static str,
}

impl Default for LintOptions {
    fn default() -> Self {
        LintOptions {
            max_line_length: DEFAULT_MAX_LINE_LENGTH,
            datasize: None,
            product_version: None,
            product_version_from: "imtacfg.toml",
        }
    }
}

/// What every rule gets to look at.
pub struct Context<'a> {
    /// The configuration being linted.
    pub set: &'a ConfigSet,
    /// The keywords and options in force: the built-in ones plus those of the settings.
    pub catalog: &'a Catalog,
    /// The run's knobs (line limit, data size, product version).
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
            .map(|(i, f)| (i, &**f))
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
        let edges = self.set.includes.iter().filter(|e| of_kind(e.from.index())).count();
        if lines != edges {
            return None;
        }
        let root = self.set.root.as_deref();
        let mut absent = Vec::new();
        for e in self.set.includes.iter().filter(|e| of_kind(e.from.index())) {
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

impl<'a> Context<'a> {
    /// The catalog table of the options a file of this kind reads (option.dat,
    /// `<channel>_option` files, imta_tailor).
    pub fn option_table(&self, kind: Kind) -> &'a Table<OptionInfo> {
        self.catalog.option_table(kind)
    }

    /// True when imtacfg saw every channel the product would see (see
    /// [`Context::definitions_complete`]).
    pub fn channels_complete(&self) -> bool {
        self.definitions_complete(&[Kind::Imta, Kind::ImtaChannels]).is_some()
    }
}
