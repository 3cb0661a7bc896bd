//! OPT114, DSP119, DSP207: a continued value takes in a line that reads like a setting of
//! its own or a section header.
//!
//! The `\` at the end of a line joins the next line to the value whatever that line holds;
//! a `\` left behind after deleting the rest of a value, or copied from a longer one, turns
//! the following `NAME=value` or `[SERVICE=NAME]` line into text of the value.

use crate::knowledge::catalog::Table;
use crate::knowledge::{OptionInfo, ServiceOptionInfo};
use crate::lint::rules::common::quote;
use crate::lint::table::{
    CONTINUED_VALUE_SWALLOWS_SETTING, DISPATCHER_CONTINUED_VALUE_SWALLOWS_LINE,
    JC_CONTINUED_VALUE_SWALLOWS_LINE,
};
use crate::lint::{Applicability, Context, Diagnostic, Edit, RuleInfo};
use crate::model::Span;
use crate::model::options::OptionSetting;
use crate::syntax::Kind;

const FAMILIES: &[Kind] =
    &[Kind::Option, Kind::ChannelOption, Kind::Tailor, Kind::Dispatcher, Kind::JobController];

/// Report continuation lines that read like a section header or like a setting of an option
/// the file knows.
pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (fi, f) in ctx.files_of(FAMILIES) {
        let text = ctx.text(fi);
        // The continued settings: a sectioned file's index lists them, so that the
        // others are not read at all.
        let (rule, settings, names): (_, Box<dyn Iterator<Item = &OptionSetting>>, _) =
            match (f.kind, f.dispatcher(), f.options()) {
                (Kind::Dispatcher | Kind::JobController, Some(m), _) => (
                    match f.kind {
                        Kind::Dispatcher => &DISPATCHER_CONTINUED_VALUE_SWALLOWS_LINE,
                        _ => &JC_CONTINUED_VALUE_SWALLOWS_LINE,
                    },
                    Box::new(m.index().continued().map(|i| &m.settings[i])),
                    Names::Sectioned(ctx.catalog.section_table(f.kind)),
                ),
                (_, _, Some(m)) => (
                    &CONTINUED_VALUE_SWALLOWS_SETTING,
                    Box::new(m.settings.iter()),
                    Names::Options(ctx.option_table(f.kind)),
                ),
                _ => continue,
            };
        let sectioned = matches!(names, Names::Sectioned(_));
        for s in settings {
            for (i, part) in s.value_parts.iter().enumerate().skip(1) {
                let line = part.text(text).trim_matches([' ', '\t']);
                let what = if sectioned && line.starts_with('[') && line.ends_with(']') {
                    "the section header"
                } else if line.split_once('=').is_some_and(|(n, _)| {
                    let n = n.trim_end_matches([' ', '\t']);
                    !n.is_empty() && !n.contains([' ', '\t']) && names.knows(n)
                }) {
                    "the setting"
                } else {
                    continue;
                };
                out.push(swallowed(rule, fi, s, i, what, line, text));
            }
        }
    }
}

/// The option names a file of the family reads.
enum Names<'a> {
    /// An option-family file's table.
    Options(&'a Table<OptionInfo>),
    /// dispatcher.cnf's or job_controller.cnf's table.
    Sectioned(&'a Table<ServiceOptionInfo>),
}

impl Names<'_> {
    fn knows(&self, name: &str) -> bool {
        let folded = name.to_ascii_uppercase();
        match self {
            Names::Options(t) => t.get_folded(&folded).is_some(),
            Names::Sectioned(t) => t.get_folded(&folded).is_some(),
        }
    }
}

/// The finding for part `i` of setting `s`, with the fix that removes the `\` before it.
fn swallowed(
    rule: &'static RuleInfo,
    fi: usize,
    s: &OptionSetting,
    i: usize,
    what: &str,
    line: &str,
    text: &str,
) -> Diagnostic {
    let name = s.name.text(text);
    let part = s.value_parts[i];
    let mark: Option<Span> = s.cont_marks.get(i - 1).copied();
    let mut d = Diagnostic::new(
        rule,
        fi,
        part,
        format!(
            "the `\\` on the line before joins {what} `{}` to the value of `{name}`",
            quote(line)
        ),
    )
    .help(
        "remove the `\\` at the end of the line before, if this line is meant to stand on its own",
    );
    if let Some(mark) = mark {
        d = d.fix(
            Applicability::Unsafe,
            "remove the `\\` so that the line stands on its own",
            vec![Edit { file: fi.into(), span: mark, replacement: String::new() }],
        );
    }
    d
}
