//! dispatcher.cnf: option names and places, sections, ports, DEBUG masks and the heap rule
//! (spec/dispatcher-cnf.md §2-§5). What it shares with job_controller.cnf is in
//! [`common::sections`](super::common::sections).

pub mod commented_out_section_header;
pub mod debug;
pub mod dispatcher_duplicate_option;
pub mod dispatcher_invalid_option_value;
pub mod dispatcher_not_an_option_line;
pub mod dispatcher_section_with_port;
pub mod dispatcher_unknown_option;
pub mod duplicate_section;
pub mod heap_exceeds_datasize;
pub mod min_exceeds_max;
pub mod option_wrong_scope;
pub mod parameter_channel_unknown;
pub mod ports;
pub mod service_without_image;
pub mod service_without_port;
pub mod too_many_dns_verify_domains;

use std::ops::Deref;

use super::common::sections::{self, SectionedFile};
use crate::lint::{Context, Diagnostic, RuleInfo};
use crate::model::dispatcher::ValueSource;
use crate::model::options::OptionSetting;
use crate::model::setting_index::NameKey;
use crate::syntax::Kind;

/// One dispatcher.cnf file: the shared [`SectionedFile`] plus what only dispatcher.cnf has
/// (services, `[SERVICE=DISPATCHER]`, values inherited from the globals).
pub struct DispatcherFile<'a>(pub SectionedFile<'a>);

impl<'a> Deref for DispatcherFile<'a> {
    type Target = SectionedFile<'a>;
    fn deref(&self) -> &SectionedFile<'a> {
        &self.0
    }
}

/// An option as [`DispatcherFile::option`] found it, for the look-ups of every section.
pub struct LookedUp {
    /// Its key in the file's index; `None` when no setting of the file names it.
    key: Option<NameKey>,
    /// The global setting a section without its own inherits.
    inherited: Option<usize>,
}

/// Every dispatcher.cnf file of the set.
pub fn files<'a>(ctx: &'a Context<'a>) -> impl Iterator<Item = DispatcherFile<'a>> + 'a {
    sections::files(ctx, Kind::Dispatcher, &ctx.catalog.dispatcher).map(DispatcherFile)
}

/// Does a DEBUG value fit the 32-bit mask (from -2^31, for -1, up to 2^32-1)?
pub fn fits_mask(v: i64) -> bool {
    (-(1i64 << 31)..=i64::from(u32::MAX)).contains(&v)
}

impl<'a> DispatcherFile<'a> {
    /// Is section `sec` the `[SERVICE=DISPATCHER]` section, which tunes the Dispatcher itself
    /// rather than a service?
    pub fn is_dispatcher_section(&self, sec: usize) -> bool {
        let index = self.m.index();
        index.kind(index.kind_keys()[sec]) == "SERVICE"
            && self.m.sections[sec].name_normalized == "DISPATCHER"
    }

    /// `[SERVICE=...]` sections other than `[SERVICE=DISPATCHER]`.
    pub fn services(&self) -> Vec<usize> {
        self.m
            .sections_of("SERVICE")
            .map(|(i, _)| i)
            .filter(|&i| !self.is_dispatcher_section(i))
            .collect()
    }

    /// The services whose effective values can be judged: those of a file of the
    /// directory itself (not an included one) whose values no include line may hide.
    pub fn checked_services(&self) -> Vec<usize> {
        if !self.top {
            return Vec::new();
        }
        self.services().into_iter().filter(|&sec| !self.has_hidden_values(sec)).collect()
    }

    /// True when values of a section may come from an include line (in the section or
    /// among the globals) that this file's model does not see.
    pub fn has_hidden_values(&self, sec: usize) -> bool {
        let span = self.m.sections[sec].span;
        let first_section = self.m.sections.first().map_or(u32::MAX, |s| s.header.start);
        self.m.includes.iter().any(|inc| {
            let at = inc.line.start;
            (span.start..=span.end).contains(&at) || at < first_section
        })
    }

    /// The effective value of an option for a section, counting a global value only when
    /// the catalog allows the option globally.
    pub fn effective(&self, sec: usize, name: &str) -> Option<(&'a OptionSetting, ValueSource)> {
        self.effective_of(sec, &self.option(name))
    }

    /// What every section's look-up of an option shares, found once: the option's key in
    /// this file's index and the global setting a section inherits when it has none.
    pub fn option(&self, name: &str) -> LookedUp {
        let index = self.m.index();
        let key = index.name_key(name);
        let inherited = key
            .and_then(|k| index.last_global(k))
            .filter(|_| self.table.get_folded(name).is_none_or(|i| i.scope.global));
        LookedUp { key, inherited }
    }

    /// [`DispatcherFile::effective`] of an option looked up with [`DispatcherFile::option`].
    pub fn effective_of(
        &self,
        sec: usize,
        option: &LookedUp,
    ) -> Option<(&'a OptionSetting, ValueSource)> {
        let (i, from) = self.effective_index(sec, option)?;
        Some((&self.m.settings[i], from))
    }

    /// Where in `DispatcherModel::settings` the effective value of
    /// [`DispatcherFile::effective_of`] is.
    pub fn effective_index(&self, sec: usize, option: &LookedUp) -> Option<(usize, ValueSource)> {
        option
            .key
            .and_then(|k| self.m.own_index(sec, k))
            .map(|i| (i, ValueSource::Section))
            .or(option.inherited.map(|i| (i, ValueSource::Global)))
    }

    /// A finding of `rule` on the header of each checked service in which none of
    /// `options` has a value (its own or inherited), with the catalog's provenance of the
    /// first option as evidence. `message` is given the service's name.
    pub fn each_service_lacking(
        &self,
        rule: &'static RuleInfo,
        options: &[&str],
        message: impl Fn(&str) -> String,
        help: &'static str,
        out: &mut Vec<Diagnostic>,
    ) {
        let looked: Vec<LookedUp> = options.iter().map(|o| self.option(o)).collect();
        for sec in self.checked_services() {
            if looked.iter().any(|o| self.effective_index(sec, o).is_some()) {
                continue;
            }
            let s = &self.m.sections[sec];
            let service = s.name.text(self.text).trim();
            let mut d = Diagnostic::new(rule, self.fi, s.header, message(service)).help(help);
            if let Some(info) = self.table.get_folded(options[0]) {
                d = d.evidence(&info.provenance);
            }
            out.push(d);
        }
    }

    // ---- shared with job_controller.cnf -------------------------------------------
}
