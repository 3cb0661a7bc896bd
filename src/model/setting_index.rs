//! Dense look-up arrays for a sectioned file (dispatcher.cnf, job_controller.cnf), made
//! once with the model. A check over every setting or every section then reads a few bytes
//! per item from one array instead of following each item's strings through the heap: at
//! 400,000 sections those scattered reads were most of the time of such a check, and made
//! it grow faster than the file.

use std::hash::BuildHasher;
use std::ops::Range;

use super::options::OptionSetting;

/// An option name of one model: equal keys are equal upper-case names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NameKey(u32);

impl NameKey {
    /// The key as an index from 0 (below [`SettingIndex::name_count`]), for tables
    /// indexed by name.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// A section kind of one model (`SERVICE`, `POOL`, ...): equal keys are equal kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KindKey(u32);

impl KindKey {
    /// The key as an index from 0, for tables indexed by kind.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// The fixed hasher of section identities: the same text hashes alike in every run.
type Fixed = foldhash::fast::FixedState;

/// What [`SettingIndex`] keeps; see the module documentation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SettingIndex {
    /// Each setting's name.
    name_keys: Vec<NameKey>,
    /// The distinct upper-case option names, by key.
    names: Vec<Box<str>>,
    /// Name to key.
    by_name: std::collections::HashMap<Box<str>, u32, Fixed>,
    /// Where each section's settings end in the model's list; they start where the
    /// previous section's end (the first section's where the globals end).
    ends: Vec<u32>,
    /// Number of global settings (they come first).
    globals: u32,
    /// Each section's kind.
    kind_keys: Vec<KindKey>,
    /// The distinct upper-case kinds, by key.
    kinds: Vec<Box<str>>,
    /// A hash of each section's upper-case kind and name.
    section_hashes: Vec<u64>,
    /// The settings whose value goes on over more than one line, in order.
    continued: Vec<u32>,
    /// Per name key, the last global setting of the name (`u32::MAX`: none).
    last_global: Vec<u32>,
}

impl SettingIndex {
    /// The index of settings and sections as the model builder made them: the globals
    /// first, then each section's settings in order. A section is given as its upper-case
    /// kind and name and how many settings it holds.
    pub(crate) fn new<'s>(
        settings: &[OptionSetting],
        globals: usize,
        sections: impl ExactSizeIterator<Item = (&'s str, &'s str, usize)>,
    ) -> Self {
        let mut ix = SettingIndex {
            name_keys: Vec::with_capacity(settings.len()),
            globals: globals as u32,
            ends: Vec::with_capacity(sections.len()),
            kind_keys: Vec::with_capacity(sections.len()),
            section_hashes: Vec::with_capacity(sections.len()),
            ..SettingIndex::default()
        };
        for s in settings {
            let key = match ix.by_name.get(s.normalized.as_str()) {
                Some(&k) => k,
                None => {
                    let k = ix.names.len() as u32;
                    ix.names.push(s.normalized.as_str().into());
                    ix.by_name.insert(s.normalized.as_str().into(), k);
                    k
                }
            };
            ix.name_keys.push(NameKey(key));
        }
        ix.last_global = vec![u32::MAX; ix.names.len()];
        for (i, k) in ix.name_keys[..globals].iter().enumerate() {
            ix.last_global[k.index()] = i as u32;
        }
        ix.continued =
            (0..settings.len() as u32).filter(|&i| settings[i as usize].is_continued()).collect();
        let mut end = globals;
        for (kind, name, len) in sections {
            end += len;
            ix.ends.push(end as u32);
            let k = match ix.kinds.iter().position(|k| **k == *kind) {
                Some(k) => k,
                None => {
                    ix.kinds.push(kind.into());
                    ix.kinds.len() - 1
                }
            };
            ix.kind_keys.push(KindKey(k as u32));
            ix.section_hashes.push(Fixed::default().hash_one((kind, name)));
        }
        ix
    }

    /// The key of an option name, any case; `None` when no setting of the file has it.
    pub fn name_key(&self, name: &str) -> Option<NameKey> {
        match name.bytes().any(|b| b.is_ascii_lowercase()) {
            true => self.by_name.get(name.to_ascii_uppercase().as_str()),
            false => self.by_name.get(name),
        }
        .map(|&k| NameKey(k))
    }

    /// The last global setting of a name (an index into the model's settings).
    pub fn last_global(&self, key: NameKey) -> Option<usize> {
        let i = self.last_global[key.index()];
        (i != u32::MAX).then_some(i as usize)
    }

    /// Each setting's name key, in the order of the model's settings.
    pub fn name_keys(&self) -> &[NameKey] {
        &self.name_keys
    }

    /// The upper-case name of a key.
    pub fn name(&self, key: NameKey) -> &str {
        &self.names[key.index()]
    }

    /// Every distinct name with its key, in key order.
    pub fn names(&self) -> impl Iterator<Item = (NameKey, &str)> {
        self.names.iter().enumerate().map(|(k, n)| (NameKey(k as u32), &**n))
    }

    /// How many distinct option names the file sets.
    pub fn name_count(&self) -> usize {
        self.names.len()
    }

    /// The settings of a section (`Some`), or the global ones (`None`), as indexes into the
    /// model's settings.
    pub fn scope(&self, section: Option<usize>) -> Range<usize> {
        match section {
            None => 0..self.globals as usize,
            Some(i) => {
                let start = match i {
                    0 => self.globals,
                    _ => self.ends[i - 1],
                };
                start as usize..self.ends[i] as usize
            }
        }
    }

    /// The key of a section kind, any case; `None` when no section of the file has it.
    pub fn kind_key(&self, kind: &str) -> Option<KindKey> {
        let k = self.kinds.iter().position(|k| k.eq_ignore_ascii_case(kind))?;
        Some(KindKey(k as u32))
    }

    /// Each section's kind key, in the order of the sections.
    pub fn kind_keys(&self) -> &[KindKey] {
        &self.kind_keys
    }

    /// The upper-case kind of a key.
    pub fn kind(&self, key: KindKey) -> &str {
        &self.kinds[key.index()]
    }

    /// The distinct upper-case kinds, in key order.
    pub fn kinds(&self) -> impl Iterator<Item = &str> {
        self.kinds.iter().map(|k| &**k)
    }

    /// The settings (indexes into the model's) whose value is continued on a following
    /// line, in order.
    pub fn continued(&self) -> impl Iterator<Item = usize> + '_ {
        self.continued.iter().map(|&i| i as usize)
    }

    /// A hash of each section's upper-case kind and name (equal sections hash alike).
    pub fn section_hashes(&self) -> &[u64] {
        &self.section_hashes
    }
}
