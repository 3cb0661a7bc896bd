//! What dispatcher.cnf and job_controller.cnf share: both are sectioned option files
//! (`[KIND=NAME]` headers, `NAME=value` lines) read into a [`DispatcherModel`]. The checks for
//! unreadable lines, unknown and duplicate options, duplicate sections and commented-out
//! headers are written once here; each group's rule files call them with their own rule.

use crate::knowledge::ServiceOptionInfo;
use crate::knowledge::catalog::Table;
use crate::lint::keys::repeats_by_hash;
use crate::lint::suggest::{Suggester, did_you_mean};
use crate::lint::{Applicability, Context, Diagnostic, Edit, RuleInfo};
use crate::model::Span;
use crate::model::dispatcher::DispatcherModel;
use crate::model::options::OptionSetting;
use crate::syntax::Kind;

/// One sectioned file, with what every check needs.
pub struct SectionedFile<'a> {
    /// The lint run: the set, the catalog and the options.
    pub ctx: &'a Context<'a>,
    /// Index of the file in `ConfigSet::files`.
    pub fi: usize,
    /// Its globals and sections.
    pub m: &'a DispatcherModel,
    /// Its decoded text, which the spans of `m` index.
    pub text: &'a str,
    /// The catalog of the options this kind of file reads.
    pub table: &'a Table<ServiceOptionInfo>,
    /// A file of the configuration directory itself (not read through an include).
    pub top: bool,
}

/// The files of one kind (dispatcher.cnf or job_controller.cnf), with the catalog table of
/// their options.
pub fn files<'a>(
    ctx: &'a Context<'a>,
    kind: Kind,
    table: &'a Table<ServiceOptionInfo>,
) -> impl Iterator<Item = SectionedFile<'a>> + 'a {
    ctx.set.files.iter().enumerate().filter(move |(_, f)| f.kind == kind).filter_map(
        move |(fi, f)| {
            Some(SectionedFile {
                ctx,
                fi,
                m: f.dispatcher()?,
                text: ctx.text(fi),
                table,
                top: f.depth == 0,
            })
        },
    )
}

/// Is a setting really a section header that lost its `]` (`[SERVICE=SMTP`)?
pub fn is_broken_header(s: &OptionSetting, text: &str) -> bool {
    s.name.text(text).starts_with('[')
}

impl<'a> SectionedFile<'a> {
    /// The line (from 1) where `span` starts.
    pub fn line(&self, span: Span) -> usize {
        self.ctx.set.files[self.fi].source.line_col(span.start as usize).line
    }

    /// Setting `i` of the file (an index into `DispatcherModel::settings`).
    pub fn setting(&self, i: usize) -> &'a OptionSetting {
        &self.m.settings[i]
    }

    /// The setting's name as written.
    pub fn name(&self, s: &OptionSetting) -> &'a str {
        s.name.text(self.text)
    }

    /// The catalog entry of the setting's option, when the catalog knows it.
    pub fn info(&self, s: &OptionSetting) -> Option<&'a ServiceOptionInfo> {
        self.table.get_folded(&s.normalized)
    }

    /// Every setting whose option the catalog knows, with its catalog entry, in file order.
    pub fn known_settings(
        &self,
    ) -> impl Iterator<Item = (&'a OptionSetting, &'a ServiceOptionInfo)> + use<'a> {
        let (m, infos) = (self.m, self.infos());
        let keys = m.index().name_keys();
        keys.iter().enumerate().filter_map(move |(i, k)| Some((&m.settings[i], infos[k.index()]?)))
    }

    /// The catalog entry of each option name the file sets, by [`NameKey::index`](crate::model::setting_index::NameKey::index): one
    /// look-up per distinct name rather than per setting.
    pub fn infos(&self) -> Vec<Option<&'a ServiceOptionInfo>> {
        self.m.index().names().map(|(_, n)| self.table.get_folded(n)).collect()
    }

    /// Which option names, by [`NameKey::index`](crate::model::setting_index::NameKey::index), are section headers that lost their `]`
    /// (see [`is_broken_header`]), decided once per name.
    pub fn broken_names(&self) -> Vec<bool> {
        self.m.index().names().map(|(_, n)| n.starts_with('[')).collect()
    }

    /// The global settings (`None`) and each section's (`Some`), as ranges of indexes into
    /// `DispatcherModel::settings`.
    pub fn scope_ranges(
        &self,
    ) -> impl Iterator<Item = (Option<usize>, std::ops::Range<usize>)> + use<'a> {
        let m = self.m;
        std::iter::once(None)
            .chain((0..m.sections.len()).map(Some))
            .map(move |sec| (sec, m.index().scope(sec)))
    }

    /// `[KIND=name]` as written.
    pub fn section_label(&self, sec: usize) -> String {
        let s = &self.m.sections[sec];
        format!("[{}={}]", s.kind.text(self.text).trim(), s.name.text(self.text).trim())
    }

    /// "the global options" or "section `[KIND=name]`", for messages.
    pub fn scope_label(&self, sec: Option<usize>) -> String {
        match sec {
            None => "the global options".to_string(),
            Some(i) => format!("section {}", self.section_label(i)),
        }
    }

    /// Unreadable lines, headers without `]`, and headers of a kind the file does not have.
    pub fn not_option_lines(
        &self,
        rule: &'static RuleInfo,
        kinds: &[&str],
        out: &mut Vec<Diagnostic>,
    ) {
        for bad in &self.m.bad_lines {
            out.push(
                Diagnostic::new(
                    rule,
                    self.fi,
                    bad.span,
                    "this line is not NAME=value, a section header, a comment or an include",
                )
                .help("comments start with ! in column 1; options are written NAME=value"),
            );
        }
        let keys = self.m.index().name_keys();
        let broken = self.broken_names();
        for (sec, ids) in self.scope_ranges().filter(|_| broken.contains(&true)) {
            for i in ids {
                if !broken[keys[i].index()] {
                    continue;
                }
                let s = self.setting(i);
                let line = s.span.trim_end(self.text);
                let mut d = Diagnostic::new(
                    rule,
                    self.fi,
                    line,
                    "section header without its closing `]`: it is read as an option, not as a header",
                )
                .label("missing `]`")
                .help(format!(
                    "until it is closed, the lines below it stay in {}",
                    self.scope_label(sec)
                ));
                let written = line.text(self.text);
                if written.contains('=') && !written.contains(']') {
                    d = d.fix(
                        Applicability::Unsafe,
                        "close the section header",
                        vec![Edit {
                            file: self.fi.into(),
                            span: Span::new(line.end as usize, line.end as usize),
                            replacement: "]".to_string(),
                        }],
                    );
                }
                out.push(d);
            }
        }
        let index = self.m.index();
        // Whether the file may have each kind it uses, decided once per kind.
        let allowed: Vec<bool> = index.kinds().map(|k| kinds.contains(&k)).collect();
        for (i, &kind) in index.kind_keys().iter().enumerate() {
            if allowed[kind.index()] {
                continue;
            }
            let s = &self.m.sections[i];
            let expected =
                kinds.iter().map(|k| format!("[{k}=...]")).collect::<Vec<_>>().join(", ");
            let mut d = Diagnostic::new(
                rule,
                self.fi,
                s.kind,
                format!("{} is not a kind of section this file has", self.section_label(i)),
            )
            .help(format!("the sections of this file are {expected}"));
            if let Some(k) = did_you_mean(s.kind.text(self.text).trim(), kinds.iter().copied()) {
                d = d.fix(
                    Applicability::Unsafe,
                    format!("write {k}"),
                    vec![Edit { file: self.fi.into(), span: s.kind, replacement: k.to_string() }],
                );
            }
            out.push(d);
        }
    }

    /// Options the table does not know, with a suggestion.
    pub fn unknown_options(&self, rule: &'static RuleInfo, who: &str, out: &mut Vec<Diagnostic>) {
        let mut suggester = Suggester::of_table(self.table);
        let infos = self.infos();
        // Names to pass over, decided once per name: known ones and broken headers.
        let pass: Vec<bool> =
            self.broken_names().into_iter().zip(&infos).map(|(b, i)| b || i.is_some()).collect();
        let index = self.m.index();
        let keys = index.name_keys();
        // Per name, the last scope setting it: marked for a whole scope before any of its
        // settings is judged.
        let mut set_in = vec![usize::MAX; index.name_count()];
        for (scope, (_, ids)) in self.scope_ranges().enumerate() {
            for i in ids.clone() {
                set_in[keys[i].index()] = scope;
            }
            for i in ids {
                if pass[keys[i].index()] {
                    continue;
                }
                let suggestion = suggester.suggest(self.name(self.setting(i)));
                // Renamed to a name its scope sets already, the setting would be a
                // duplicate of it: only a suggestion then.
                let taken = |n| index.name_key(n).is_some_and(|k| set_in[k.index()] == scope);
                out.push(self.unknown_option(rule, who, i, suggestion.map(|n| (n, taken(n)))));
            }
        }
    }

    /// The finding of setting `i`, whose option the table does not know, with the name
    /// suggested instead and whether its scope sets that name already.
    fn unknown_option(
        &self,
        rule: &'static RuleInfo,
        who: &str,
        i: usize,
        suggestion: Option<(&str, bool)>,
    ) -> Diagnostic {
        let s = self.setting(i);
        let name = self.name(s);
        let d = Diagnostic::new(rule, self.fi, s.name, format!("{who} has no option `{name}`"));
        match suggestion {
            Some((suggestion, taken)) => d.help(format!("did you mean `{suggestion}`?")).fix(
                if taken { Applicability::DisplayOnly } else { Applicability::Unsafe },
                format!("rename to {suggestion}"),
                vec![Edit { file: self.fi.into(), span: s.name, replacement: suggestion.to_string() }],
            ),
            None => d.help(
                "if the option is real but missing from imtacfg's catalog, declare it in imtacfg's settings",
            ),
        }
    }

    /// The same `[KIND=NAME]` twice, any case.
    pub fn duplicate_sections(&self, rule: &'static RuleInfo, out: &mut Vec<Diagnostic>) {
        let sections = &self.m.sections;
        let same = |i: usize, j: usize| {
            let (a, b) = (&sections[i], &sections[j]);
            a.kind_normalized == b.kind_normalized && a.name_normalized == b.name_normalized
        };
        // The hashes were made with the model, while its strings were at hand.
        let keyed: Vec<(u64, usize)> =
            self.m.index().section_hashes().iter().copied().zip(0..).collect();
        let mut repeats = Vec::new();
        repeats_by_hash(&keyed, same, &mut repeats);
        for (i, j) in repeats {
            let s = &sections[i];
            let earlier = &sections[j];
            out.push(
                Diagnostic::new(
                    rule,
                    self.fi,
                    s.header,
                    format!(
                        "section {} appears a second time (first on line {})",
                        self.section_label(i),
                        self.line(earlier.header)
                    ),
                )
                .related(self.fi, earlier.header, "first defined here")
                .help("merge the two sections into one"),
            );
        }
    }

    /// The same option twice in one scope, unless the catalog lets it repeat.
    pub fn duplicate_options(&self, rule: &'static RuleInfo, out: &mut Vec<Diagnostic>) {
        let index = self.m.index();
        let keys = index.name_keys();
        let infos = self.infos();
        // Names not judged, decided once per name: broken headers, options that may repeat.
        let free: Vec<bool> = self
            .broken_names()
            .into_iter()
            .zip(&infos)
            .map(|(b, i)| b || i.is_some_and(|o| o.max_repeat.is_some_and(|n| n > 1)))
            .collect();
        // Per name, the scope it was last set in and where: stamped rather than a map
        // emptied for each scope.
        let mut last: Vec<(usize, usize)> = vec![(usize::MAX, 0); index.name_count()];
        for (scope, (sec, ids)) in self.scope_ranges().enumerate() {
            for i in ids {
                let k = keys[i].index();
                if free[k] {
                    continue;
                }
                let (in_scope, j) = std::mem::replace(&mut last[k], (scope, i));
                if in_scope != scope {
                    continue;
                }
                let (s, info) = (self.setting(i), infos[k]);
                let earlier = self.setting(j);
                let mut d = Diagnostic::new(
                    rule,
                    self.fi,
                    s.name,
                    format!(
                        "`{}` is set again in {} (first on line {})",
                        self.name(s),
                        self.scope_label(sec),
                        self.line(earlier.span)
                    ),
                )
                .related(self.fi, earlier.span, "first set here")
                .help("only one of the values can be in force; delete the line you do not want")
                .fix(
                    // Which of two values is in force is not documented: the earlier
                    // line can go safely only when it says the same.
                    if earlier.value_trimmed() == s.value_trimmed() {
                        Applicability::Safe
                    } else {
                        Applicability::DisplayOnly
                    },
                    format!("remove the earlier `{}` line", self.name(s)),
                    vec![Edit {
                        file: self.fi.into(),
                        span: super::whole_lines(self.text, earlier.span),
                        replacement: String::new(),
                    }],
                );
                if let Some(o) = info {
                    d = d.evidence(&o.provenance);
                }
                out.push(d);
            }
        }
    }

    /// Commented-out headers followed by active option lines.
    pub fn commented_headers(&self, rule: &'static RuleInfo, out: &mut Vec<Diagnostic>) {
        let headers = &self.m.commented_headers;
        for (k, h) in headers.iter().enumerate() {
            let ids: &[usize] = match h.in_section {
                None => &self.m.globals,
                Some(s) => &self.m.sections[s].settings,
            };
            // Options up to the next commented header (that one gets its own report).
            let until = headers.get(k + 1).map_or(u32::MAX, |n| n.comment.span.start);
            let active: Vec<&OptionSetting> = ids
                .iter()
                .map(|&i| self.setting(i))
                .filter(|s| s.span.start > h.comment.span.start && s.span.start < until)
                .collect();
            let Some(first) = active.first() else {
                continue;
            };
            let names: Vec<&str> = active.iter().map(|s| self.name(s)).collect();
            out.push(
                Diagnostic::new(
                    rule,
                    self.fi,
                    h.comment.span,
                    format!(
                        "header [{}] is commented out, but {} option line{} below it {} active and belong{} to {}",
                        h.header,
                        active.len(),
                        if active.len() == 1 { "" } else { "s" },
                        if active.len() == 1 { "is" } else { "are" },
                        if active.len() == 1 { "s" } else { "" },
                        self.scope_label(h.in_section)
                    ),
                )
                .label("this header is a comment")
                .related(
                    self.fi,
                    first.span,
                    format!("this line now belongs to {}", self.scope_label(h.in_section)),
                )
                .help(format!(
                    "comment out {} too, or restore the header",
                    names.join(", ")
                ))
                // Only a suggestion: commenting the options out is as likely meant.
                .fix(
                    Applicability::DisplayOnly,
                    format!("restore the header [{}]", h.header),
                    vec![Edit {
                        file: self.fi.into(),
                        span: h.comment.span.trim_end(self.text),
                        replacement: format!("[{}]", h.header),
                    }],
                ),
            );
        }
    }
}
