//! dispatcher.cnf: option names and places, sections, ports, DEBUG masks and the heap rule
//! (spec/dispatcher-cnf.md §2-§5).
//!
//! The helpers for what dispatcher.cnf and job_controller.cnf share (unknown and duplicate
//! options, duplicate sections, unreadable lines, commented-out headers) live here and are
//! used by `job_controller.rs` too.

use std::collections::HashMap;

use super::{Context, did_you_mean};
use crate::knowledge::catalog::Table;
use crate::knowledge::catalog::debug_bits;
use crate::knowledge::{BitStatus, ServiceOptionInfo, ValueType};
use crate::lint::engine::Datasize;
use crate::lint::{Diagnostic, Edit, RuleInfo, Severity};
use crate::model::Span;
use crate::model::dispatcher::{DispatcherModel, ValueSource};
use crate::model::heap::{HeapSource, HeapValue, heap_requirement};
use crate::model::options::OptionSetting;
use crate::model::radix::parse_int;
use crate::syntax::Kind;

pub const UNKNOWN_OPTION: RuleInfo = RuleInfo {
    code: "DSP101",
    name: "dispatcher-unknown-option",
    severity: Severity::Warning,
    summary: "dispatcher.cnf sets an option the Dispatcher does not know.",
    why: "A name the Dispatcher does not recognise does nothing useful. Usually it is a typo, and the setting that was meant stays at its default without any sign of trouble.",
    example: "[SERVICE=SMTP]\nPORT=25\nMAX_CONNECTIONS=10",
    fix: "Correct the name (the suggestion shows the closest known option) or delete the line. If the option is genuine but imtacfg's catalog lacks it, declare it in imtacfg's settings.",
};

pub const WRONG_SCOPE: RuleInfo = RuleInfo {
    code: "DSP102",
    name: "option-wrong-scope",
    severity: Severity::Warning,
    summary: "An option sits in a part of dispatcher.cnf where it does not apply: the global defaults, a service section, or [SERVICE=DISPATCHER].",
    why: "Lines before the first header are defaults for the services, a service section configures one service, and [SERVICE=DISPATCHER] configures the Dispatcher process itself. An option placed outside the parts it is meant for is not applied the way its author expected.",
    example: "PORT=25\n[SERVICE=SMTP]\nIMAGE=IMTA_BIN:tcp_smtp_server",
    fix: "Move the line into the part of the file where the option belongs (the message names it).",
};

pub const DUPLICATE_SECTION: RuleInfo = RuleInfo {
    code: "DSP103",
    name: "duplicate-section",
    severity: Severity::Warning,
    summary: "The same [SERVICE=NAME] header appears twice in dispatcher.cnf.",
    why: "Two sections for one service spread its settings over two places. Whether the Dispatcher merges them, keeps the first or keeps the last is not documented, so one of the two sections is likely not doing what it says.",
    example: "[SERVICE=SMTP]\nPORT=25\n[SERVICE=SMTP]\nPORT=2525",
    fix: "Merge the two sections into one, or rename one of them if a separate service was intended.",
};

pub const DUPLICATE_OPTION: RuleInfo = RuleInfo {
    code: "DSP104",
    name: "dispatcher-duplicate-option",
    severity: Severity::Warning,
    summary: "An option is set twice in the global defaults or in one section of dispatcher.cnf.",
    why: "Only one of the values can be in force (most likely the later one). The other line is dead weight that misleads the next person reading the file.",
    example: "[SERVICE=SMTP]\nPORT=25\nPORT=2525",
    fix: "Keep the line with the value you want and delete the other one.",
};

pub const MIN_EXCEEDS_MAX: RuleInfo = RuleInfo {
    code: "DSP105",
    name: "min-exceeds-max",
    severity: Severity::Error,
    summary: "For a service, MIN_PROCS is larger than MAX_PROCS, or MIN_CONNS is larger than MAX_CONNS.",
    why: "Each pair puts a floor and a ceiling on the same quantity. With the floor above the ceiling the Dispatcher cannot honour both, and worker processes are not created the way either number suggests. Global values count for every service that does not set its own.",
    example: "MIN_PROCS=8\nMAX_PROCS=4\n[SERVICE=SMTP]\nPORT=25",
    fix: "Lower the minimum or raise the maximum, in the section or in the global defaults, wherever the value comes from.",
};

pub const PORT_CONFLICT: RuleInfo = RuleInfo {
    code: "DSP106",
    name: "port-conflict",
    severity: Severity::Error,
    summary: "A TCP port is used by two services, or by both PORT and TLS_PORT of one service.",
    why: "Only one listener can own a port on an address: the second service cannot listen there. And one port cannot both start in plain text (with optional STARTTLS) and start with TLS right away.",
    example: "[SERVICE=SMTP]\nPORT=25\nTLS_PORT=25",
    fix: "Give each service, and each of PORT and TLS_PORT, its own port (for example 587 for submission and 465 for TLS from the first byte), or bind the services to different INTERFACE_ADDRESS values.",
};

pub const PORT_OUT_OF_RANGE: RuleInfo = RuleInfo {
    code: "DSP107",
    name: "port-out-of-range",
    severity: Severity::Error,
    summary: "A PORT or TLS_PORT value is not a TCP port number from 1 to 65535.",
    why: "The Dispatcher cannot listen on something that is not a port number, so the service does not accept connections where the file says it does.",
    example: "[SERVICE=SMTP_TEST]\nPORT=70000",
    fix: "Write a whole number from 1 to 65535 (several ports may be separated by commas).",
};

pub const SERVICE_WITHOUT_PORT: RuleInfo = RuleInfo {
    code: "DSP108",
    name: "service-without-port",
    severity: Severity::Warning,
    summary: "A service section has neither PORT nor TLS_PORT.",
    why: "A Dispatcher service exists to accept connections. Without a port there is nothing to listen on, so the service is dead weight, often the remains of an unfinished edit.",
    example: "[SERVICE=SMTP_SUBMIT]\nIMAGE=IMTA_BIN:tcp_smtp_server",
    fix: "Add a PORT= (or TLS_PORT=) line to the section, or remove the section.",
};

pub const SERVICE_WITHOUT_IMAGE: RuleInfo = RuleInfo {
    code: "DSP109",
    name: "service-without-image",
    severity: Severity::Warning,
    summary: "A service section has no IMAGE, so nothing says which program serves its connections.",
    why: "IMAGE names the worker program the Dispatcher starts for a service. Only recent releases know a built-in program for SMTP; elsewhere a service without IMAGE gets no workers.",
    example: "[SERVICE=SMTP_SUBMIT]\nPORT=587",
    fix: "Add an IMAGE= line naming the worker program, for example IMAGE=IMTA_BIN:tcp_smtp_server.",
};

pub const COMMENTED_HEADER: RuleInfo = RuleInfo {
    code: "DSP110",
    name: "commented-out-section-header",
    severity: Severity::Warning,
    summary: "A section header of dispatcher.cnf is commented out, but option lines below it are still active.",
    why: "Without its header, the lines below no longer form a section of their own: they join the section above (or the global defaults) and quietly change that one instead, often duplicating its PORT and IMAGE.",
    example: "[SERVICE=SMTP]\nPORT=25\n![SERVICE=LMTPSS]\nPORT=225",
    fix: "Comment out the option lines as well, or put the header back.",
};

pub const PARAMETER_CHANNEL_UNKNOWN: RuleInfo = RuleInfo {
    code: "DSP111",
    name: "parameter-channel-unknown",
    severity: Severity::Warning,
    summary: "PARAMETER=CHANNEL= names a channel that imta.cnf does not define.",
    why: "The service is told to hand what it receives to that channel. A channel that was renamed, removed or misspelt cannot take the messages, so they do not go where the file says.",
    example: "[SERVICE=SMTP_SUBMIT]\nPORT=587\nPARAMETER=CHANNEL=tcp_nowhere",
    fix: "Correct the channel name, or define the channel in imta.cnf.",
};

pub const DEBUG_UNDOCUMENTED_BITS: RuleInfo = RuleInfo {
    code: "DSP112",
    name: "debug-undocumented-bits",
    severity: Severity::Warning,
    summary: "A DEBUG mask sets bits that the debug bit table marks as unused or does not list at all.",
    why: "Those bits have no documented meaning. A mask that sets them was usually computed wrongly, for instance a hexadecimal mask written as if it were decimal.",
    example: "DEBUG=384",
    fix: "Rebuild the mask from documented bits only; write hexadecimal masks in radix form (16%1F0), or use -1 to switch on everything.",
};

pub const DEBUG_LEFT_ON: RuleInfo = RuleInfo {
    code: "DSP113",
    name: "debug-left-on",
    severity: Severity::Info,
    summary: "Dispatcher debugging is fully on (DEBUG=-1) or includes packet-level tracing.",
    why: "Both write to dispatcher.log for every connection. Left on after an investigation, they fill the log directory and slow the server down.",
    example: "DEBUG=-1\n[SERVICE=SMTP]\nPORT=25",
    fix: "Delete the DEBUG line (or set DEBUG=0) once the investigation is over.",
};

pub const HEAP_EXCEEDS_DATASIZE: RuleInfo = RuleInfo {
    code: "DSP114",
    name: "heap-exceeds-datasize",
    severity: Severity::Error,
    summary: "Twice the sum over the services of STACKSIZE × MAX_CONNS is larger than the process data-segment limit.",
    why: "Every connection thread of a worker takes a STACKSIZE stack out of the data segment. The product's sizing guidance wants the datasize limit to be at least twice the total over all services; below that, workers can fail to create threads when the load rises.",
    example: "MAX_CONNS=20\n[SERVICE=SMTP]\nPORT=25\nSTACKSIZE=2048000\n! checked with a datasize limit of 64 MB",
    fix: "Raise the data-segment limit (ulimit -d) of the account that runs the Dispatcher, or lower MAX_CONNS or STACKSIZE.",
};

pub const INVALID_VALUE: RuleInfo = RuleInfo {
    code: "DSP115",
    name: "dispatcher-invalid-option-value",
    severity: Severity::Error,
    summary: "A dispatcher.cnf value does not have the form or the range its option needs.",
    why: "Numbers are read in decimal or in radix form (16%FF) only. Anything else is misread or ignored, so the option does not have the value that is written.",
    example: "[SERVICE=SMTP]\nPORT=25\nMAX_CONNS=twenty",
    fix: "Write a number in the allowed range, in decimal or radix form; switches take 0 or 1.",
};

pub const TOO_MANY_DNS_VERIFY_DOMAINS: RuleInfo = RuleInfo {
    code: "DSP116",
    name: "too-many-dns-verify-domains",
    severity: Severity::Error,
    summary: "A section has more DNS_VERIFY_DOMAIN lines than the five the Dispatcher uses.",
    why: "The Dispatcher consults at most five DNS block lists per service. The extra lines are not used, so the service is less protected than the file suggests.",
    example: "[SERVICE=SMTP]\nPORT=25\nDNS_VERIFY_DOMAIN=a.example\nDNS_VERIFY_DOMAIN=b.example\nDNS_VERIFY_DOMAIN=c.example\nDNS_VERIFY_DOMAIN=d.example\nDNS_VERIFY_DOMAIN=e.example\nDNS_VERIFY_DOMAIN=f.example",
    fix: "Keep the five block lists you trust most and delete the others.",
};

pub const NOT_AN_OPTION_LINE: RuleInfo = RuleInfo {
    code: "DSP117",
    name: "dispatcher-not-an-option-line",
    severity: Severity::Warning,
    summary: "A dispatcher.cnf line is not NAME=value, a [SERVICE=...] header, a ! comment or an include.",
    why: "The Dispatcher cannot make sense of such a line. A header without its closing bracket is the worst case: it is not a header, so the lines under it stay in the section above.",
    example: "[SERVICE=SMTP\nPORT=25",
    fix: "Write the line as NAME=value, close the header with ], or turn the line into a comment with ! in column 1.",
};

pub const DISPATCHER_SECTION_WITH_PORT: RuleInfo = RuleInfo {
    code: "DSP118",
    name: "dispatcher-section-with-port",
    severity: Severity::Warning,
    summary: "[SERVICE=DISPATCHER] carries PORT, IMAGE or LOGFILE.",
    why: "That section configures the Dispatcher process itself, which neither listens for a service nor starts a worker program. Such lines were meant for a real service section.",
    example: "[SERVICE=DISPATCHER]\nDEBUG=1\nPORT=25",
    fix: "Move the line into the service it was meant for, or delete it.",
};

pub static RULES: &[&RuleInfo] = &[
    &UNKNOWN_OPTION,
    &WRONG_SCOPE,
    &DUPLICATE_SECTION,
    &DUPLICATE_OPTION,
    &MIN_EXCEEDS_MAX,
    &PORT_CONFLICT,
    &PORT_OUT_OF_RANGE,
    &SERVICE_WITHOUT_PORT,
    &SERVICE_WITHOUT_IMAGE,
    &COMMENTED_HEADER,
    &PARAMETER_CHANNEL_UNKNOWN,
    &DEBUG_UNDOCUMENTED_BITS,
    &DEBUG_LEFT_ON,
    &HEAP_EXCEEDS_DATASIZE,
    &INVALID_VALUE,
    &TOO_MANY_DNS_VERIFY_DOMAINS,
    &NOT_AN_OPTION_LINE,
    &DISPATCHER_SECTION_WITH_PORT,
];

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (fi, f) in ctx.files_of(&[Kind::Dispatcher]) {
        let Some(m) = f.dispatcher() else { continue };
        let file = FileCx {
            ctx,
            fi,
            m,
            text: ctx.text(fi),
            table: &ctx.catalog.dispatcher,
            top: f.depth == 0,
        };
        file.not_option_lines(&NOT_AN_OPTION_LINE, &["SERVICE"], out);
        file.unknown_options(&UNKNOWN_OPTION, "the Dispatcher", out);
        file.duplicate_sections(&DUPLICATE_SECTION, out);
        file.duplicate_options(&DUPLICATE_OPTION, out);
        file.commented_headers(&COMMENTED_HEADER, out);
        file.wrong_scope(out);
        file.min_max(out);
        file.ports(out);
        file.service_basics(out);
        file.parameter_channels(out);
        file.values(out);
        file.dns_verify_domains(out);
        file.heap(out);
    }
}

/// One file of the dispatcher family, with what every check needs.
pub(super) struct FileCx<'a> {
    pub ctx: &'a Context<'a>,
    pub fi: usize,
    pub m: &'a DispatcherModel,
    pub text: &'a str,
    pub table: &'a Table<ServiceOptionInfo>,
    /// A file of the configuration directory itself (not read through an include).
    pub top: bool,
}

/// Is a setting really a section header that lost its `]` (`[SERVICE=SMTP`)?
fn is_broken_header(s: &OptionSetting, text: &str) -> bool {
    s.name.text(text).starts_with('[')
}

impl<'a> FileCx<'a> {
    fn line(&self, span: Span) -> usize {
        self.ctx.set.files[self.fi]
            .source
            .line_col(span.start as usize)
            .line
    }

    fn setting(&self, i: usize) -> &'a OptionSetting {
        &self.m.settings[i]
    }

    fn name(&self, s: &OptionSetting) -> &'a str {
        s.name.text(self.text)
    }

    fn info(&self, s: &OptionSetting) -> Option<&'a ServiceOptionInfo> {
        self.table.get_folded(&s.normalized)
    }

    /// `[KIND=name]` as written.
    fn section_label(&self, sec: usize) -> String {
        let s = &self.m.sections[sec];
        format!(
            "[{}={}]",
            s.kind.text(self.text).trim(),
            s.name.text(self.text).trim()
        )
    }

    fn scope_label(&self, sec: Option<usize>) -> String {
        match sec {
            None => "the global options".to_string(),
            Some(i) => format!("section {}", self.section_label(i)),
        }
    }

    /// The global settings, then each section's, with the section index.
    fn scopes(&self) -> Vec<(Option<usize>, &'a [usize])> {
        std::iter::once((None, self.m.globals.as_slice()))
            .chain(
                self.m
                    .sections
                    .iter()
                    .enumerate()
                    .map(|(i, s)| (Some(i), s.settings.as_slice())),
            )
            .collect()
    }

    fn is_dispatcher_section(&self, sec: usize) -> bool {
        let s = &self.m.sections[sec];
        s.kind_normalized == "SERVICE" && s.name_normalized == "DISPATCHER"
    }

    /// `[SERVICE=...]` sections other than `[SERVICE=DISPATCHER]`.
    fn services(&self) -> Vec<usize> {
        self.m
            .sections_of("SERVICE")
            .map(|(i, _)| i)
            .filter(|&i| !self.is_dispatcher_section(i))
            .collect()
    }

    /// True when values of a section may come from an include line (in the section or
    /// among the globals) that this file's model does not see.
    fn has_hidden_values(&self, sec: usize) -> bool {
        let span = self.m.sections[sec].span;
        let first_section = self.m.sections.first().map_or(u32::MAX, |s| s.header.start);
        self.m.includes.iter().any(|inc| {
            let at = inc.line.start;
            (span.start..=span.end).contains(&at) || at < first_section
        })
    }

    /// The effective value of an option for a section, counting a global value only when
    /// the catalog allows the option globally.
    fn effective(&self, sec: usize, name: &str) -> Option<(&'a OptionSetting, ValueSource)> {
        let global_ok = self.table.get_folded(name).is_none_or(|i| i.scope.global);
        match self.m.effective(sec, name) {
            Some((_, ValueSource::Global)) if !global_ok => None,
            other => other,
        }
    }

    // ---- shared with job_controller.cnf -------------------------------------------

    /// Unreadable lines, headers without `]`, and headers of a kind the file does not have.
    pub(super) fn not_option_lines(
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
        for (sec, ids) in self.scopes() {
            for &i in ids {
                let s = self.setting(i);
                if !is_broken_header(s, self.text) {
                    continue;
                }
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
                        "close the section header",
                        vec![Edit {
                            file: self.fi,
                            span: Span::new(line.end as usize, line.end as usize),
                            replacement: "]".to_string(),
                        }],
                    );
                }
                out.push(d);
            }
        }
        for (i, s) in self.m.sections.iter().enumerate() {
            if kinds.contains(&s.kind_normalized.as_str()) {
                continue;
            }
            let expected = kinds
                .iter()
                .map(|k| format!("[{k}=...]"))
                .collect::<Vec<_>>()
                .join(", ");
            let mut d = Diagnostic::new(
                rule,
                self.fi,
                s.kind,
                format!(
                    "{} is not a kind of section this file has",
                    self.section_label(i)
                ),
            )
            .help(format!("the sections of this file are {expected}"));
            if let Some(k) = did_you_mean(s.kind.text(self.text).trim(), kinds.iter().copied()) {
                d = d.fix(
                    format!("write {k}"),
                    vec![Edit {
                        file: self.fi,
                        span: s.kind,
                        replacement: k.to_string(),
                    }],
                );
            }
            out.push(d);
        }
    }

    /// Options the table does not know, with a suggestion.
    pub(super) fn unknown_options(
        &self,
        rule: &'static RuleInfo,
        who: &str,
        out: &mut Vec<Diagnostic>,
    ) {
        for s in &self.m.settings {
            if is_broken_header(s, self.text) || self.info(s).is_some() {
                continue;
            }
            let name = self.name(s);
            let mut d = Diagnostic::new(
                rule,
                self.fi,
                s.name,
                format!("{who} has no option `{name}`"),
            );
            match did_you_mean(name, self.table.names()) {
                Some(suggestion) => {
                    d = d
                        .help(format!("did you mean `{suggestion}`?"))
                        .fix(
                            format!("rename to {suggestion}"),
                            vec![Edit {
                                file: self.fi,
                                span: s.name,
                                replacement: suggestion.to_string(),
                            }],
                        )
                }
                None => {
                    d = d.help(
                        "if the option is real but missing from imtacfg's catalog, declare it in imtacfg's settings",
                    )
                }
            }
            out.push(d);
        }
    }

    /// The same `[KIND=NAME]` twice, any case.
    pub(super) fn duplicate_sections(&self, rule: &'static RuleInfo, out: &mut Vec<Diagnostic>) {
        let mut first: HashMap<(&str, &str), usize> = HashMap::new();
        for (i, s) in self.m.sections.iter().enumerate() {
            let key = (s.kind_normalized.as_str(), s.name_normalized.as_str());
            match first.get(&key) {
                None => {
                    first.insert(key, i);
                }
                Some(&j) => {
                    let earlier = &self.m.sections[j];
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
        }
    }

    /// The same option twice in one scope, unless the catalog lets it repeat.
    pub(super) fn duplicate_options(&self, rule: &'static RuleInfo, out: &mut Vec<Diagnostic>) {
        for (sec, ids) in self.scopes() {
            let mut seen: HashMap<&str, usize> = HashMap::new();
            for &i in ids {
                let s = self.setting(i);
                if is_broken_header(s, self.text) {
                    continue;
                }
                let info = self.info(s);
                if info.is_some_and(|o| o.max_repeat.is_some_and(|n| n > 1)) {
                    continue;
                }
                match seen.get(s.normalized.as_str()) {
                    None => {
                        seen.insert(s.normalized.as_str(), i);
                    }
                    Some(&j) => {
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
                        .help("only one of the values can be in force; delete the line you do not want");
                        if let Some(o) = info {
                            d = d.evidence(&o.provenance);
                        }
                        out.push(d);
                        seen.insert(s.normalized.as_str(), i);
                    }
                }
            }
        }
    }

    /// Commented-out headers followed by active option lines.
    pub(super) fn commented_headers(&self, rule: &'static RuleInfo, out: &mut Vec<Diagnostic>) {
        let headers = &self.m.commented_headers;
        for (k, h) in headers.iter().enumerate() {
            let ids: &[usize] = match h.in_section {
                None => &self.m.globals,
                Some(s) => &self.m.sections[s].settings,
            };
            // Options up to the next commented header (that one gets its own report).
            let until = headers
                .get(k + 1)
                .map_or(u32::MAX, |n| n.comment.span.start);
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
                )),
            );
        }
    }

    // ---- dispatcher.cnf only -------------------------------------------------------

    fn wrong_scope(&self, out: &mut Vec<Diagnostic>) {
        for (sec, ids) in self.scopes() {
            if sec.is_none() && !self.top {
                // The "globals" of an included file land wherever the include line is.
                continue;
            }
            let in_dispatcher = sec.is_some_and(|i| self.is_dispatcher_section(i));
            for &i in ids {
                let s = self.setting(i);
                let Some(info) = self.info(s) else { continue };
                let name = self.name(s);
                let message = match sec {
                    None if !info.scope.global => {
                        format!("`{name}` cannot be a global default")
                    }
                    Some(_) if in_dispatcher && !info.scope.dispatcher => {
                        if matches!(info.name.as_str(), "PORT" | "IMAGE" | "LOGFILE") {
                            continue; // DSP118
                        }
                        format!("`{name}` does not apply to the Dispatcher process itself")
                    }
                    Some(_) if !in_dispatcher && !info.scope.section => {
                        format!("`{name}` is not a per-service option")
                    }
                    _ => continue,
                };
                out.push(
                    Diagnostic::new(&WRONG_SCOPE, self.fi, s.name, message)
                        .help(format!("it belongs in {}", allowed_places(info)))
                        .evidence(&info.provenance),
                );
            }
        }
    }

    fn min_max(&self, out: &mut Vec<Diagnostic>) {
        if !self.top {
            return;
        }
        for (min_name, max_name) in [("MIN_PROCS", "MAX_PROCS"), ("MIN_CONNS", "MAX_CONNS")] {
            // Services that inherit a contradicting pair from the globals: one report.
            let mut global_pair: Vec<String> = Vec::new();
            let mut global_settings = None;
            for sec in self.services() {
                if self.has_hidden_values(sec) {
                    continue;
                }
                let (Some((lo, lo_from)), Some((hi, hi_from))) =
                    (self.effective(sec, min_name), self.effective(sec, max_name))
                else {
                    continue;
                };
                let (Ok(lo_v), Ok(hi_v)) =
                    (parse_int(lo.value_trimmed()), parse_int(hi.value_trimmed()))
                else {
                    continue;
                };
                if lo_v <= hi_v {
                    continue;
                }
                let service = self.m.sections[sec].name.text(self.text).trim();
                if lo_from == ValueSource::Global && hi_from == ValueSource::Global {
                    if !global_pair.iter().any(|g| g.eq_ignore_ascii_case(service)) {
                        global_pair.push(service.to_string());
                    }
                    global_settings = Some((lo, hi));
                    continue;
                }
                let from = |v: ValueSource| match v {
                    ValueSource::Section => "this section",
                    ValueSource::Global => "global",
                };
                let (at, other) = if lo_from == ValueSource::Section {
                    (lo, hi)
                } else {
                    (hi, lo)
                };
                let mut d = Diagnostic::new(
                    &MIN_EXCEEDS_MAX,
                    self.fi,
                    at.span,
                    format!(
                        "service {service}: {min_name}={} ({}) > {max_name}={} ({})",
                        lo.value_trimmed(),
                        from(lo_from),
                        hi.value_trimmed(),
                        from(hi_from)
                    ),
                )
                .related(
                    self.fi,
                    other.span,
                    format!("{} comes from here", other.name.text(self.text)),
                )
                .help(format!("lower {min_name} or raise {max_name}"));
                if let Some(info) = self.table.get_folded(min_name) {
                    d = d.evidence(&info.provenance);
                }
                out.push(d);
            }
            if let Some((lo, hi)) = global_settings {
                let mut d = Diagnostic::new(
                    &MIN_EXCEEDS_MAX,
                    self.fi,
                    lo.span,
                    format!(
                        "{min_name}={} (global) > {max_name}={} (global), inherited by {}",
                        lo.value_trimmed(),
                        hi.value_trimmed(),
                        list_services(&global_pair)
                    ),
                )
                .label(format!("{min_name} above {max_name}"))
                .related(self.fi, hi.span, format!("{max_name} is set here"))
                .help(format!(
                    "lower {min_name} or raise {max_name}; a service can also override either"
                ));
                if let Some(info) = self.table.get_folded(min_name) {
                    d = d.evidence(&info.provenance);
                }
                out.push(d);
            }
        }
    }

    /// The port numbers of a PORT or TLS_PORT setting (comma or blank separated), with
    /// spans; values that are not ports are reported (DSP107) and left out.
    fn port_list(
        &self,
        s: &OptionSetting,
        info: &ServiceOptionInfo,
        out: &mut Vec<Diagnostic>,
    ) -> Vec<(u16, Span)> {
        let mut ports = Vec::new();
        let mut any = false;
        for part in &s.value_parts {
            let base = part.start as usize;
            let t = part.text(self.text);
            let mut start = None;
            for (k, c) in t.char_indices().chain(std::iter::once((t.len(), ' '))) {
                let sep = c == ',' || c == ' ' || c == '\t';
                match (start, sep) {
                    (None, false) => start = Some(k),
                    (Some(b), true) => {
                        any = true;
                        let span = Span::new(base + b, base + k);
                        let word = &t[b..k];
                        match parse_int(word).ok().and_then(|v| u16::try_from(v).ok()) {
                            Some(p) if p >= 1 => ports.push((p, span)),
                            _ => out.push(
                                Diagnostic::new(
                                    &PORT_OUT_OF_RANGE,
                                    self.fi,
                                    span,
                                    format!("`{word}` is not a TCP port number (1-65535)"),
                                )
                                .help("write a whole number from 1 to 65535")
                                .evidence(&info.provenance),
                            ),
                        }
                        start = None;
                    }
                    _ => {}
                }
            }
        }
        if !any {
            out.push(
                Diagnostic::new(
                    &PORT_OUT_OF_RANGE,
                    self.fi,
                    s.span.trim_end(self.text),
                    format!("`{}` has no port number", self.name(s)),
                )
                .help("write a port from 1 to 65535, or comment the line out")
                .evidence(&info.provenance),
            );
        }
        ports
    }

    fn ports(&self, out: &mut Vec<Diagnostic>) {
        // Every PORT/TLS_PORT value is checked; the effective ones of each service are
        // compared with each other.
        let mut lists: HashMap<usize, Vec<(u16, Span)>> = HashMap::new();
        for (i, s) in self.m.settings.iter().enumerate() {
            if let Some(info) = self.info(s)
                && info.ty == ValueType::Port
            {
                lists.insert(i, self.port_list(s, info, out));
            }
        }
        struct Use<'s> {
            port: u16,
            span: Span,
            sec: usize,
            option: &'s str,
            iface: Option<String>,
        }
        let mut uses: Vec<Use> = Vec::new();
        for sec in 0..self.m.sections.len() {
            if self.is_dispatcher_section(sec) {
                continue;
            }
            let iface = self
                .effective(sec, "INTERFACE_ADDRESS")
                .map(|(s, _)| s.value_trimmed().to_ascii_lowercase())
                .filter(|v| !v.is_empty());
            for option in ["PORT", "TLS_PORT"] {
                let Some((s, _)) = self.effective(sec, option) else {
                    continue;
                };
                let idx = self
                    .m
                    .settings
                    .iter()
                    .position(|x| std::ptr::eq(x, s))
                    .unwrap_or(usize::MAX);
                for &(port, span) in lists.get(&idx).map(Vec::as_slice).unwrap_or(&[]) {
                    uses.push(Use {
                        port,
                        span,
                        sec,
                        option,
                        iface: iface.clone(),
                    });
                }
            }
        }
        uses.sort_by_key(|u| u.span.start);
        for (k, u) in uses.iter().enumerate() {
            let clash = uses[..k].iter().find(|e| {
                e.port == u.port
                    && (e.sec == u.sec
                        || e.iface.is_none()
                        || u.iface.is_none()
                        || e.iface == u.iface)
            });
            let Some(e) = clash else { continue };
            let service = |sec: usize| self.m.sections[sec].name.text(self.text).trim();
            let message = if e.sec != u.sec {
                format!(
                    "port {} of service {} is already used by service {} ({}, line {})",
                    u.port,
                    service(u.sec),
                    service(e.sec),
                    e.option,
                    self.line(e.span)
                )
            } else if e.option != u.option {
                format!(
                    "port {} is both {} and {} of service {}",
                    u.port,
                    e.option,
                    u.option,
                    service(u.sec)
                )
            } else {
                format!(
                    "port {} appears twice in {} of service {}",
                    u.port,
                    u.option,
                    service(u.sec)
                )
            };
            let help = if e.sec == u.sec && e.option != u.option {
                "a port either starts in plain text (PORT) or with TLS (TLS_PORT); give each its own port"
            } else {
                "each port can be listened on by one service only; choose another port or bind the services to different INTERFACE_ADDRESS values"
            };
            let mut d = Diagnostic::new(&PORT_CONFLICT, self.fi, u.span, message)
                .related(self.fi, e.span, format!("port {} is used here", e.port))
                .help(help);
            if let Some(info) = self.table.get_folded(u.option) {
                d = d.evidence(&info.provenance);
            }
            out.push(d);
        }
    }

    /// DSP108, DSP109 and DSP118.
    fn service_basics(&self, out: &mut Vec<Diagnostic>) {
        if self.top {
            for sec in self.services() {
                if self.has_hidden_values(sec) {
                    continue;
                }
                let s = &self.m.sections[sec];
                let service = s.name.text(self.text).trim();
                if self.effective(sec, "PORT").is_none()
                    && self.effective(sec, "TLS_PORT").is_none()
                {
                    let mut d = Diagnostic::new(
                        &SERVICE_WITHOUT_PORT,
                        self.fi,
                        s.header,
                        format!("service {service} has neither PORT nor TLS_PORT"),
                    )
                    .help("add PORT= to the section, or remove the section if the service is not used");
                    if let Some(info) = self.table.get_folded("PORT") {
                        d = d.evidence(&info.provenance);
                    }
                    out.push(d);
                }
                if self.effective(sec, "IMAGE").is_none() {
                    let mut d = Diagnostic::new(
                        &SERVICE_WITHOUT_IMAGE,
                        self.fi,
                        s.header,
                        format!("service {service} has no IMAGE: no worker program is named for it"),
                    )
                    .help("add IMAGE= with the worker program, e.g. IMAGE=IMTA_BIN:tcp_smtp_server (only recent releases have a built-in default, for SMTP)");
                    if let Some(info) = self.table.get_folded("IMAGE") {
                        d = d.evidence(&info.provenance);
                    }
                    out.push(d);
                }
            }
        }
        for (sec, _) in self.m.sections_of("SERVICE") {
            if !self.is_dispatcher_section(sec) {
                continue;
            }
            for &i in &self.m.sections[sec].settings {
                let s = self.setting(i);
                if matches!(s.normalized.as_str(), "PORT" | "IMAGE" | "LOGFILE") {
                    out.push(
                        Diagnostic::new(
                            &DISPATCHER_SECTION_WITH_PORT,
                            self.fi,
                            s.name,
                            format!(
                                "`{}` in [SERVICE=DISPATCHER]: that section configures the Dispatcher itself, not a listening service",
                                self.name(s)
                            ),
                        )
                        .help("move the line into the service section it was meant for"),
                    );
                }
            }
        }
    }

    fn parameter_channels(&self, out: &mut Vec<Diagnostic>) {
        let ctx = self.ctx;
        if ctx.set.file_of(Kind::Imta).is_none() {
            return;
        }
        let Some(absent) = ctx.definitions_complete(&[Kind::Imta, Kind::ImtaChannels]) else {
            return;
        };
        let mut channels: Vec<&str> = Vec::new();
        for (ii, f) in ctx.files_of(&[Kind::Imta, Kind::ImtaChannels]) {
            if let Some(im) = f.imta() {
                let t = ctx.text(ii);
                channels.extend(im.channels().filter_map(|b| b.name(t)));
            }
        }
        for s in &self.m.settings {
            if s.normalized != "PARAMETER" {
                continue;
            }
            let value = s.value_trimmed();
            let Some((key, channel)) = value.split_once('=') else {
                continue;
            };
            let channel = channel.trim();
            if !key.trim().eq_ignore_ascii_case("CHANNEL")
                || channel.is_empty()
                || channels.iter().any(|c| c.eq_ignore_ascii_case(channel))
            {
                continue;
            }
            let span = s
                .value_parts
                .iter()
                .find_map(|p| {
                    let t = p.text(self.text);
                    let eq = t.find('=')?;
                    let off = t[eq + 1..].find(channel)? + eq + 1;
                    Some(Span::new(
                        p.start as usize + off,
                        p.start as usize + off + channel.len(),
                    ))
                })
                .unwrap_or_else(|| s.value_span());
            let mut d = Diagnostic::new(
                &PARAMETER_CHANNEL_UNKNOWN,
                self.fi,
                span,
                format!("imta.cnf defines no channel `{channel}`"),
            );
            let mut help = match did_you_mean(channel, channels.iter().copied()) {
                Some(c) => format!("did you mean `{c}`?"),
                None => "correct the name, or add the channel to imta.cnf".to_string(),
            };
            help.push_str(&absent_note(&absent));
            d = d.help(help);
            if let Some(info) = self.table.get_folded("PARAMETER") {
                d = d.evidence(&info.provenance);
            }
            out.push(d);
        }
    }

    /// DSP112, DSP113 and DSP115.
    fn values(&self, out: &mut Vec<Diagnostic>) {
        for s in &self.m.settings {
            let Some(info) = self.info(s) else { continue };
            let value = s.value_trimmed();
            let span = s.value_span().trim_end(self.text);
            let name = self.name(s);
            match info.ty {
                ValueType::Int { min, max } => {
                    let problem = match parse_int(value) {
                        Err(e) => Some(format!("`{name}` needs an integer: {e}")),
                        Ok(v) if min.is_some_and(|m| v < m) => Some(format!(
                            "`{name}={value}` is below the smallest allowed value, {}",
                            min.unwrap_or_default()
                        )),
                        Ok(v) if max.is_some_and(|m| v > m) => Some(format!(
                            "`{name}={value}` is above the largest allowed value, {}",
                            max.unwrap_or_default()
                        )),
                        Ok(_) => None,
                    };
                    if let Some(message) = problem {
                        out.push(
                            Diagnostic::new(&INVALID_VALUE, self.fi, span, message)
                                .help("write a whole number in decimal, or in radix form such as 16%FF")
                                .evidence(&info.provenance),
                        );
                    }
                }
                ValueType::Bool if !matches!(parse_int(value), Ok(0 | 1)) => {
                    let mut d = Diagnostic::new(
                        &INVALID_VALUE,
                        self.fi,
                        span,
                        format!("`{name}` is a switch: it takes 0 or 1, not `{value}`"),
                    )
                    .help("write 0 (off) or 1 (on)")
                    .evidence(&info.provenance);
                    d.severity = d.severity.min(Severity::Warning);
                    out.push(d);
                }
                ValueType::Bits => self.debug_value(s, info, span, out),
                _ => {}
            }
        }
    }

    fn debug_value(
        &self,
        s: &OptionSetting,
        info: &ServiceOptionInfo,
        span: Span,
        out: &mut Vec<Diagnostic>,
    ) {
        let name = self.name(s);
        let value = s.value_trimmed();
        let v = match parse_int(value) {
            Err(e) => {
                let mut help =
                    "write the mask in decimal, in radix form (16%FFFF), or -1 for everything"
                        .to_string();
                if !value.is_empty() && value.bytes().all(|b| b.is_ascii_hexdigit()) {
                    help = format!("for a hexadecimal mask write 16%{value}");
                }
                out.push(
                    Diagnostic::new(
                        &INVALID_VALUE,
                        self.fi,
                        span,
                        format!("`{name}` needs an integer mask: {e}"),
                    )
                    .help(help)
                    .evidence(&info.provenance),
                );
                return;
            }
            Ok(v) => v,
        };
        if !(-(1i64 << 31)..=i64::from(u32::MAX)).contains(&v) {
            out.push(
                Diagnostic::new(
                    &INVALID_VALUE,
                    self.fi,
                    span,
                    format!("`{name}={value}` does not fit in the 32-bit debug mask"),
                )
                .help("use -1 to switch on every bit")
                .evidence(&info.provenance),
            );
            return;
        }
        let mask = v as u32;
        if mask == u32::MAX {
            out.push(
                Diagnostic::new(
                    &DEBUG_LEFT_ON,
                    self.fi,
                    s.span.trim_end(self.text),
                    format!("`{name}={value}` switches on all Dispatcher debugging"),
                )
                .help("dispatcher.log grows quickly; remove the line when you are done"),
            );
            return;
        }
        let odd: Vec<String> = (0..32u8)
            .filter(|b| mask & (1 << b) != 0)
            .filter_map(|b| match debug_bits().iter().find(|d| d.bit == b) {
                Some(d) if d.status == BitStatus::Documented => None,
                Some(_) => Some(format!("{b} (marked not used)")),
                None => Some(format!("{b} (not documented)")),
            })
            .collect();
        if !odd.is_empty() {
            let mut help = format!("documented bits: {}", documented_bits());
            if !value.contains('%')
                && value.bytes().all(|b| b.is_ascii_digit())
                && u32::from_str_radix(value, 16).is_ok_and(only_documented)
            {
                help.push_str(&format!(
                    "; read as hexadecimal, {value} would set documented bits only: if that was meant, write 16%{value}"
                ));
            }
            let mut d = Diagnostic::new(
                &DEBUG_UNDOCUMENTED_BITS,
                self.fi,
                span,
                format!(
                    "`{name}={value}` sets bit{} {}",
                    if odd.len() == 1 { "" } else { "s" },
                    odd.join(", ")
                ),
            )
            .help(help);
            if let Some(b) = debug_bits().first() {
                d = d.evidence(&b.provenance);
            }
            out.push(d);
        }
        if mask & (1 << 10) != 0 {
            out.push(
                Diagnostic::new(
                    &DEBUG_LEFT_ON,
                    self.fi,
                    s.span.trim_end(self.text),
                    format!("`{name}={value}` includes packet-level tracing (bit 10)"),
                )
                .help("packet tracing makes dispatcher.log grow fast; switch it off when you are done"),
            );
        }
    }

    fn dns_verify_domains(&self, out: &mut Vec<Diagnostic>) {
        let Some(info) = self.table.get_folded("DNS_VERIFY_DOMAIN") else {
            return;
        };
        let Some(limit) = info.max_repeat else { return };
        for (sec, ids) in self.scopes() {
            let found: Vec<&OptionSetting> = ids
                .iter()
                .map(|&i| self.setting(i))
                .filter(|s| s.normalized == info.name)
                .collect();
            if found.len() <= limit as usize {
                continue;
            }
            let extra = found[limit as usize];
            out.push(
                Diagnostic::new(
                    &TOO_MANY_DNS_VERIFY_DOMAINS,
                    self.fi,
                    extra.span.trim_end(self.text),
                    format!(
                        "{} has {} DNS_VERIFY_DOMAIN lines; only {limit} are used",
                        self.scope_label(sec),
                        found.len()
                    ),
                )
                .related(self.fi, found[0].span, "the first one")
                .help(format!("keep at most {limit} block lists in one section"))
                .evidence(&info.provenance),
            );
        }
    }

    fn heap(&self, out: &mut Vec<Diagnostic>) {
        let Some(Datasize::Bytes(limit)) = self.ctx.options.datasize else {
            return;
        };
        if !self.top {
            return;
        }
        let report = heap_requirement(self.m, self.text);
        if report.required <= u128::from(limit) {
            return;
        }
        let show = |v: &HeapValue| -> String {
            let from = match v.source {
                HeapSource::Service => "",
                HeapSource::Global => " (global)",
                HeapSource::Unknown => "",
            };
            match (&v.value, &v.text) {
                (Some(n), _) => format!("{n}{from}"),
                (None, Some(t)) => format!("`{t}`{from} (not a number)"),
                (None, None) => "unset".to_string(),
            }
        };
        let mut help = String::from("per service, STACKSIZE × MAX_CONNS:");
        for s in &report.services {
            help.push_str(&format!(
                "\n  {}: {} × {} = {}",
                s.service,
                show(&s.stacksize),
                show(&s.max_conns),
                s.product
                    .map_or_else(|| "unknown".to_string(), |p| p.to_string())
            ));
        }
        help.push_str(&format!(
            "\nsum {}; the data segment needs at least twice that, {} bytes ({} KB as ulimit -d counts), but the limit is {limit} bytes",
            report.sum,
            report.required,
            report.required.div_ceil(1024)
        ));
        if !report.unknown.is_empty() {
            help.push_str(&format!(
                "\nleft out because STACKSIZE or MAX_CONNS is unknown: {} (the real requirement is higher)",
                report.unknown.join(", ")
            ));
        }
        help.push_str("\nraise the limit (ulimit -d) or lower MAX_CONNS or STACKSIZE");
        let span = report
            .services
            .first()
            .map_or(Span::new(0, 0), |s| s.header);
        let mut d = Diagnostic::new(
            &HEAP_EXCEEDS_DATASIZE,
            self.fi,
            span,
            format!(
                "the services need a data segment of at least {} bytes (2 × {}), more than the limit of {limit} bytes",
                report.required, report.sum
            ),
        )
        .label("heap rule fails for the services of this file")
        .help(help);
        if let Some(info) = self.table.get_folded("STACKSIZE") {
            d = d.evidence(&info.provenance);
        }
        if !self.m.includes.is_empty() {
            // Values set in included files are not part of this file's model.
            d.severity = d.severity.min(Severity::Warning);
            if let Some(h) = d.help.as_mut() {
                h.push_str("\nthis file includes other files; values set there are not counted");
            }
        }
        out.push(d);
    }
}

/// A help sentence about includes that were not read (empty when there are none).
pub(super) fn absent_note(absent: &[String]) -> String {
    match absent {
        [] => String::new(),
        [one] => format!(" ({one} is included but does not exist, so it was not searched)"),
        _ => format!(
            " ({} are included but do not exist, so they were not searched)",
            absent.join(", ")
        ),
    }
}

/// Where an option may be written, in words.
fn allowed_places(info: &ServiceOptionInfo) -> String {
    let mut places = Vec::new();
    if info.scope.global {
        places.push("the global options (before the first section)");
    }
    if info.scope.section {
        places.push("a service section");
    }
    if info.scope.dispatcher {
        places.push("[SERVICE=DISPATCHER]");
    }
    match places.len() {
        0 => "no part of this file".to_string(),
        1 => places[0].to_string(),
        _ => {
            let last = places.pop().unwrap_or_default();
            format!("{} or {last}", places.join(", "))
        }
    }
}

fn list_services(services: &[String]) -> String {
    match services {
        [one] => format!("service {one}"),
        _ => format!("services {}", services.join(", ")),
    }
}

fn only_documented(mask: u32) -> bool {
    (0..32u8).filter(|b| mask & (1 << b) != 0).all(|b| {
        debug_bits()
            .iter()
            .any(|d| d.bit == b && d.status == BitStatus::Documented)
    })
}

/// The documented DEBUG bits as ranges: `0-6, 8-10, 12-14, 16-17, 20-21, 24`.
fn documented_bits() -> String {
    let bits: Vec<u8> = debug_bits()
        .iter()
        .filter(|d| d.status == BitStatus::Documented)
        .map(|d| d.bit)
        .collect();
    let mut parts = Vec::new();
    let mut k = 0;
    while k < bits.len() {
        let start = bits[k];
        let mut end = start;
        while k + 1 < bits.len() && bits[k + 1] == end + 1 {
            k += 1;
            end = bits[k];
        }
        parts.push(if start == end {
            start.to_string()
        } else {
            format!("{start}-{end}")
        });
        k += 1;
    }
    parts.join(", ")
}

#[cfg(test)]
mod tests {
    use super::super::testing::{codes, lint_files, lint_files_with};
    use super::*;
    use crate::lint::LintOptions;

    fn dsp(files: &[(&str, &str)]) -> Vec<(&'static str, usize)> {
        codes(files)
            .into_iter()
            .filter(|(c, name, _)| c.starts_with("DSP") && name.ends_with("dispatcher.cnf"))
            .map(|(c, _, l)| (c, l))
            .collect()
    }

    fn disp(text: &str) -> Vec<(&'static str, usize)> {
        dsp(&[("dispatcher.cnf", text)])
    }

    const OK: &str = "[SERVICE=SMTP]\nPORT=25\nIMAGE=IMTA_BIN:tcp_smtp_server\n";

    #[test]
    fn quiet_on_a_clean_file() {
        let text = "! comment\nMIN_PROCS=0\nMAX_PROCS=5\nMIN_CONNS=5\nMAX_CONNS=20\nDEBUG=16%1F\n[SERVICE=DISPATCHER]\nDEBUG=1\n[SERVICE=SMTP]\nPORT=25\nIMAGE=IMTA_BIN:tcp_smtp_server\nSTACKSIZE=2048000\nDNS_VERIFY_DOMAIN=a.example\nDNS_VERIFY_DOMAIN=b.example\n[SERVICE=SMTP_SUBMIT]\nPORT=587\nTLS_PORT=465\nIMAGE=IMTA_BIN:tcp_smtp_server\nPARAMETER=CHANNEL=tcp_submit\nPARAMETER=X=1\n";
        assert_eq!(disp(text), vec![]);
    }

    #[test]
    fn dsp101_unknown_option() {
        let found = lint_files(&[("dispatcher.cnf", &format!("{OK}MAX_CONNECTIONS=10\n"))]);
        let d: Vec<_> = found
            .iter()
            .filter(|(_, _, d)| d.code == "DSP101")
            .collect();
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].1, 4);
        assert!(d[0].2.help.as_deref().unwrap().contains("MAX_CONNS"));
        assert!(d[0].2.fix.is_some());
        assert_eq!(disp(&format!("{OK}max_conns=10\nuser=root\n")), vec![]);
    }

    #[test]
    fn dsp102_wrong_scope() {
        assert_eq!(
            disp(&format!(
                "PORT=25\n{OK}USE_NSLOG=1\n[SERVICE=DISPATCHER]\nMAX_CONNS=3\n"
            )),
            vec![("DSP102", 1), ("DSP102", 5), ("DSP102", 7)]
        );
        assert_eq!(
            disp(&format!(
                "USE_NSLOG=1\nMAX_CONNS=3\n{OK}MAX_CONNS=4\n[SERVICE=DISPATCHER]\nUSE_NSLOG=1\nDEBUG=1\n"
            )),
            vec![]
        );
    }

    #[test]
    fn dsp103_duplicate_section() {
        let found = lint_files(&[(
            "dispatcher.cnf",
            &format!("{OK}[service=smtp]\nPORT=2525\nIMAGE=x\n"),
        )]);
        let d: Vec<_> = found
            .iter()
            .filter(|(_, _, d)| d.code == "DSP103")
            .collect();
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].1, 4);
        assert_eq!(d[0].2.related[0].span.start, 0);
        assert_eq!(
            disp(&format!("{OK}[SERVICE=SMTP2]\nPORT=2525\nIMAGE=x\n")),
            vec![]
        );
    }

    #[test]
    fn dsp104_duplicate_option() {
        let found = lint_files(&[(
            "dispatcher.cnf",
            "MAX_CONNS=1\nmax_conns=2\n[SERVICE=SMTP]\nPORT=25\nIMAGE=a\nIMAGE=b\n",
        )]);
        let d: Vec<_> = found
            .iter()
            .filter(|(_, _, d)| d.code == "DSP104")
            .map(|(_, l, d)| (*l, d.related[0].span.start))
            .collect();
        assert_eq!(d, vec![(2, 0), (6, 47)]);
        // Repeatable options, and the same option in two scopes.
        assert_eq!(
            disp(
                "MAX_CONNS=1\n[SERVICE=SMTP]\nPORT=25\nIMAGE=a\nMAX_CONNS=2\nPARAMETER=A=1\nPARAMETER=B=2\nDNS_VERIFY_DOMAIN=a\nDNS_VERIFY_DOMAIN=b\n"
            ),
            vec![]
        );
    }

    #[test]
    fn dsp105_min_exceeds_max() {
        let found = lint_files(&[(
            "dispatcher.cnf",
            "MIN_PROCS=8\nMAX_CONNS=4\n[SERVICE=SMTP]\nPORT=25\nIMAGE=a\nMAX_PROCS=4\nMIN_CONNS=5\n[SERVICE=B]\nPORT=26\nIMAGE=a\nMAX_PROCS=10\n",
        )]);
        let d: Vec<_> = found
            .iter()
            .filter(|(_, _, d)| d.code == "DSP105")
            .map(|(_, l, d)| (*l, d.message.clone()))
            .collect();
        assert_eq!(
            d,
            vec![
                (
                    6,
                    "service SMTP: MIN_PROCS=8 (global) > MAX_PROCS=4 (this section)".to_string()
                ),
                (
                    7,
                    "service SMTP: MIN_CONNS=5 (this section) > MAX_CONNS=4 (global)".to_string()
                ),
            ]
        );
        // Both from the globals: one report, at the global MIN line.
        assert_eq!(
            disp(&format!(
                "MIN_PROCS=8\nMAX_PROCS=4\n{OK}[SERVICE=B]\nPORT=26\nIMAGE=a\n"
            )),
            vec![("DSP105", 1)]
        );
        assert_eq!(
            disp(&format!(
                "MIN_PROCS=8\nMAX_PROCS=4\n{OK}MAX_PROCS=8\nMIN_CONNS=1\nMAX_CONNS=1\n"
            )),
            vec![]
        );
    }

    #[test]
    fn dsp106_port_conflict() {
        let found = lint_files(&[(
            "dispatcher.cnf",
            "[SERVICE=SMTP]\nPORT=25,587\nTLS_PORT=25\nIMAGE=a\n[SERVICE=SUBMIT]\nPORT=2525 587\nIMAGE=a\n",
        )]);
        let d: Vec<_> = found
            .iter()
            .filter(|(_, _, d)| d.code == "DSP106")
            .map(|(_, l, d)| (*l, d.related[0].span.start))
            .collect();
        assert_eq!(d, vec![(3, 20), (6, 23)]);
        // Different addresses may share a port; a second SMTP section does not clash with
        // the overridden PORT of the first.
        assert_eq!(
            disp(
                "[SERVICE=A]\nPORT=25\nIMAGE=a\nINTERFACE_ADDRESS=10.0.0.1\n[SERVICE=B]\nPORT=25\nIMAGE=a\nINTERFACE_ADDRESS=10.0.0.2\n[SERVICE=C]\nPORT=26\nPORT=27\nIMAGE=a\n[SERVICE=D]\nPORT=26\nIMAGE=a\n"
            ),
            vec![("DSP104", 11)]
        );
    }

    #[test]
    fn dsp107_port_out_of_range() {
        assert_eq!(
            disp(
                "[SERVICE=A]\nPORT=70000\nIMAGE=a\n[SERVICE=B]\nPORT=0,x\nIMAGE=a\n[SERVICE=C]\nPORT=\nIMAGE=a\n"
            ),
            vec![("DSP107", 2), ("DSP107", 5), ("DSP107", 5), ("DSP107", 8)]
        );
        assert_eq!(
            disp("[SERVICE=A]\nPORT=65535\nTLS_PORT=16%1D1\nIMAGE=a\n"),
            vec![]
        );
    }

    #[test]
    fn dsp108_service_without_port() {
        assert_eq!(
            disp("PORT=25\n[SERVICE=A]\nIMAGE=a\n[SERVICE=DISPATCHER]\nDEBUG=1\n"),
            vec![("DSP102", 1), ("DSP108", 2)]
        );
        assert_eq!(disp("[SERVICE=A]\nTLS_PORT=465\nIMAGE=a\n"), vec![]);
    }

    #[test]
    fn dsp109_service_without_image() {
        assert_eq!(
            disp("[SERVICE=A]\nPORT=25\n[SERVICE=B]\nPORT=26\nIMAGE=b\n"),
            vec![("DSP109", 1)]
        );
        assert_eq!(disp("IMAGE=a\n[SERVICE=A]\nPORT=25\n"), vec![]);
    }

    #[test]
    fn dsp110_commented_out_section_header() {
        let found = lint_files(&[(
            "dispatcher.cnf",
            &format!("{OK}![SERVICE=LMTPSS]\n! gone\nPORT=225\n"),
        )]);
        let d: Vec<_> = found
            .iter()
            .filter(|(_, _, d)| d.code.starts_with("DSP"))
            .map(|(_, l, d)| (d.code, *l))
            .collect();
        assert_eq!(d, vec![("DSP110", 4), ("DSP104", 6)]);
        let d110 = &found.iter().find(|(_, _, d)| d.code == "DSP110").unwrap().2;
        assert_eq!(d110.related[0].span.start as usize, OK.len() + 25);
        // Fully commented-out section, and a commented header in a comment block.
        assert_eq!(
            disp(&format!(
                "{OK}![SERVICE=LMTPSS]\n!PORT=225\n!\n[SERVICE=B]\nPORT=26\nIMAGE=b\n"
            )),
            vec![]
        );
    }

    #[test]
    fn dsp111_parameter_channel_unknown() {
        let imta = "\ntcp_submit smtp\ntcp_submit-daemon\n";
        let text = format!("{OK}PARAMETER=CHANNEL=tcp_nowhere\nPARAMETER=channel=TCP_SUBMIT\n");
        assert_eq!(
            dsp(&[("dispatcher.cnf", &text), ("imta.cnf", imta)]),
            vec![("DSP111", 4)]
        );
        // Without an imta.cnf in the set nothing can be said.
        assert_eq!(dsp(&[("dispatcher.cnf", &text)]), vec![]);
        // An include of a file that is not in the directory does not hide channels (the
        // product cannot read it either); one whose name does not resolve might.
        let missing = format!("<IMTA_TABLE:missing.rules\n{imta}");
        assert_eq!(
            dsp(&[("dispatcher.cnf", &text), ("imta.cnf", &missing)]),
            vec![("DSP111", 4)]
        );
        let unresolved = format!("<SITE_DIR:channels.cnf\n{imta}");
        assert_eq!(
            dsp(&[("dispatcher.cnf", &text), ("imta.cnf", &unresolved)]),
            vec![]
        );
    }

    #[test]
    fn dsp112_debug_undocumented_bits() {
        let found = lint_files(&[(
            "dispatcher.cnf",
            &format!("DEBUG=2048\n{OK}DEBUG=16%40080\n"),
        )]);
        let d: Vec<_> = found
            .iter()
            .filter(|(_, _, d)| d.code == "DSP112")
            .map(|(_, l, d)| (*l, d.message.clone(), d.help.clone().unwrap()))
            .collect();
        assert_eq!(d.len(), 2);
        assert_eq!(d[0].0, 1);
        assert_eq!(d[0].1, "`DEBUG=2048` sets bit 11 (marked not used)");
        assert!(d[0].2.contains("write 16%2048"), "{}", d[0].2);
        assert_eq!(d[1].0, 5);
        assert_eq!(
            d[1].1,
            "`DEBUG=16%40080` sets bits 7 (marked not used), 18 (not documented)"
        );
        assert_eq!(
            disp(&format!("DEBUG=-1\n{OK}DEBUG=16%1000000\n")),
            vec![("DSP113", 1)]
        );
    }

    #[test]
    fn dsp113_debug_left_on() {
        assert_eq!(
            disp(&format!("DEBUG=-1\n{OK}DEBUG=1024\n")),
            vec![("DSP113", 1), ("DSP113", 5)]
        );
        assert_eq!(
            disp(&format!("DEBUG=0\n{OK}DEBUG=16%47F\n")),
            vec![("DSP113", 5)]
        );
        assert_eq!(disp(&format!("DEBUG=0\n{OK}DEBUG=16%37F\n")), vec![]);
    }

    #[test]
    fn dsp114_heap_exceeds_datasize() {
        let text = "MAX_CONNS=20\n! services\n[SERVICE=SMTP]\nPORT=25\nIMAGE=a\nSTACKSIZE=2048000\n[SERVICE=SUBMIT]\nPORT=587\nIMAGE=a\nSTACKSIZE=2048000\nMAX_CONNS=10\n[SERVICE=LMTP]\nPORT=225\nIMAGE=a\n";
        let with = |n| {
            lint_files_with(
                &[("dispatcher.cnf", text)],
                &LintOptions {
                    datasize: Some(Datasize::Bytes(n)),
                    ..Default::default()
                },
            )
        };
        let found = with(122_879_999);
        let d: Vec<_> = found
            .iter()
            .filter(|(_, _, d)| d.code == "DSP114")
            .collect();
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].1, 3);
        assert_eq!(d[0].2.severity, Severity::Error);
        let help = d[0].2.help.as_deref().unwrap();
        assert!(
            help.contains("SMTP: 2048000 × 20 (global) = 40960000"),
            "{help}"
        );
        assert!(help.contains("SUBMIT: 2048000 × 10 = 20480000"), "{help}");
        assert!(help.contains("sum 61440000"), "{help}");
        assert!(help.contains("unknown: LMTP"), "{help}");
        assert!(with(122_880_000).iter().all(|(_, _, d)| d.code != "DSP114"));
        let unlimited = lint_files_with(
            &[("dispatcher.cnf", text)],
            &LintOptions {
                datasize: Some(Datasize::Unlimited),
                ..Default::default()
            },
        );
        assert!(unlimited.iter().all(|(_, _, d)| d.code != "DSP114"));
        assert!(
            lint_files(&[("dispatcher.cnf", text)])
                .iter()
                .all(|(_, _, d)| d.code != "DSP114")
        );
    }

    #[test]
    fn dsp115_invalid_option_value() {
        let found = lint_files(&[(
            "dispatcher.cnf",
            &format!(
                "MAX_CONNS=twenty\nMIN_PROCS=-1\nDEBUG=FF\nDEBUG=4294967296\nUSE_NSLOG=yes\n{OK}"
            ),
        )]);
        let d: Vec<_> = found
            .iter()
            .filter(|(_, _, d)| d.code == "DSP115")
            .map(|(_, l, d)| (*l, d.severity))
            .collect();
        assert_eq!(
            d,
            vec![
                (1, Severity::Error),
                (2, Severity::Error),
                (3, Severity::Error),
                (4, Severity::Error),
                (5, Severity::Warning),
            ]
        );
        assert_eq!(
            disp(&format!(
                "MAX_CONNS=16%14\nMIN_PROCS=0\nDEBUG=-2147483648\nUSE_NSLOG=0\nBACKLOG=5\n{OK}"
            ))
            .into_iter()
            .filter(|(c, _)| *c == "DSP115")
            .count(),
            0
        );
    }

    #[test]
    fn dsp116_too_many_dns_verify_domains() {
        let six: String = (1..=6)
            .map(|i| format!("DNS_VERIFY_DOMAIN=bl{i}.example\n"))
            .collect();
        assert_eq!(disp(&format!("{OK}{six}")), vec![("DSP116", 9)]);
        let five: String = (1..=5)
            .map(|i| format!("DNS_VERIFY_DOMAIN=bl{i}.example\n"))
            .collect();
        assert_eq!(disp(&format!("{OK}{five}")), vec![]);
    }

    #[test]
    fn dsp117_not_an_option_line() {
        let found = lint_files(&[(
            "dispatcher.cnf",
            &format!("{OK}[SERVICE=LMTP\nPORT=225\njust words\n[SERVICES=X]\nPORT=1\nIMAGE=a\n"),
        )]);
        let d: Vec<_> = found
            .iter()
            .filter(|(_, _, d)| d.code.starts_with("DSP"))
            .map(|(_, l, d)| (d.code, *l))
            .collect();
        assert_eq!(
            d,
            vec![("DSP117", 4), ("DSP104", 5), ("DSP117", 6), ("DSP117", 7)]
        );
        let fix = found
            .iter()
            .find(|(_, _, d)| d.code == "DSP117")
            .unwrap()
            .2
            .fix
            .clone()
            .unwrap();
        assert_eq!(fix.edits[0].replacement, "]");
        assert_eq!(disp(&format!("{OK}  \n\n! [not a header\n")), vec![]);
    }

    #[test]
    fn dsp118_dispatcher_section_with_port() {
        assert_eq!(
            disp(&format!(
                "[SERVICE=DISPATCHER]\nDEBUG=1\nPORT=25\nimage=x\nLOGFILE=y\n{OK}"
            )),
            vec![("DSP118", 3), ("DSP118", 4), ("DSP118", 5)]
        );
        assert_eq!(
            disp(&format!("[SERVICE=DISPATCHER]\nDEBUG=1\nUSE_NSLOG=1\n{OK}")),
            vec![]
        );
    }

    #[test]
    fn included_files_are_not_judged_as_globals() {
        let main = "MAX_PROCS=5\n[SERVICE=SMTP]\nIMAGE=a\n<IMTA_TABLE:site.cnf\n";
        let site = "PORT=25\nDEBUG=-1\n";
        let found = lint_files(&[("dispatcher.cnf", main), ("site.cnf", site)]);
        let d: Vec<_> = found
            .iter()
            .filter(|(_, _, d)| d.code.starts_with("DSP"))
            .map(|(n, l, d)| (d.code, n.clone(), *l))
            .collect();
        assert_eq!(d, vec![("DSP113", "conf/site.cnf".to_string(), 2)]);
    }
}
