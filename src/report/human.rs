//! Human-readable findings: miette's graphical rendering with the source snippet, labels
//! (a secondary label in the other file for cross-file findings), help, and a summary line.

use std::fmt;

use miette::{
    Diagnostic as MietteDiagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan,
    NamedSource, SourceSpan,
};

use super::{Linted, Summary};
use crate::lint::{Diagnostic, Severity};
use crate::model::Span;
use crate::model::config_set::ConfigSet;

/// One finding adapted to miette.
struct Finding<'a> {
    d: &'a Diagnostic,
    source: NamedSource<String>,
    labels: Vec<LabeledSpan>,
    related: Vec<Related>,
}

/// A secondary location in another file, rendered as a related diagnostic.
struct Related {
    message: String,
    source: NamedSource<String>,
    label: LabeledSpan,
}

fn span(s: Span) -> SourceSpan {
    SourceSpan::new((s.start as usize).into(), s.len())
}

fn named(set: &ConfigSet, file: usize) -> NamedSource<String> {
    let f = &set.files[file];
    NamedSource::new(f.name(), f.source.text.clone())
}

impl fmt::Debug for Finding<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.d.message)
    }
}
impl fmt::Display for Finding<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.d.message)
    }
}
impl std::error::Error for Finding<'_> {}

impl MietteDiagnostic for Finding<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(format!("{} {}", self.d.code(), self.d.name())))
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }
    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.d
            .help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.source)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(self.labels.iter().cloned()))
    }
    fn related<'b>(&'b self) -> Option<Box<dyn Iterator<Item = &'b dyn MietteDiagnostic> + 'b>> {
        if self.related.is_empty() {
            None
        } else {
            Some(Box::new(
                self.related.iter().map(|r| r as &dyn MietteDiagnostic),
            ))
        }
    }
}

impl fmt::Debug for Related {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.message)
    }
}
impl fmt::Display for Related {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.message)
    }
}
impl std::error::Error for Related {}

impl MietteDiagnostic for Related {
    /// miette heads a related diagnostic with its severity and code; without a code the
    /// heading line would be an empty `Advice:`.
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new("related location"))
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(miette::Severity::Advice)
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.source)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(std::iter::once(self.label.clone())))
    }
}

fn finding<'a>(set: &ConfigSet, d: &'a Diagnostic) -> Finding<'a> {
    let mut labels = vec![LabeledSpan::new_primary_with_span(
        Some(d.label.clone().unwrap_or_else(|| d.message.clone())),
        span(d.span),
    )];
    let mut related = Vec::new();
    // A related place in the same file shares the snippet when it is near; a far one gets a
    // snippet of its own after the finding's, so the finding's location is always shown first.
    let near = |r: &crate::lint::Related| {
        let src = &set.files[d.file].source;
        let a = src.line_col(d.span.start as usize).line;
        let b = src.line_col(r.span.start as usize).line;
        r.file == d.file && a.abs_diff(b) <= 3
    };
    for r in &d.related {
        if near(r) {
            labels.push(LabeledSpan::new_with_span(
                Some(r.message.clone()),
                span(r.span),
            ));
        } else {
            related.push(Related {
                message: format!("{} ({})", r.message, set.files[r.file].name()),
                source: named(set, r.file),
                label: LabeledSpan::new_with_span(Some(r.message.clone()), span(r.span)),
            });
        }
    }
    Finding {
        d,
        source: named(set, d.file),
        labels,
        related,
    }
}

/// Render every finding, then the summary line. `color` picks a coloured theme.
pub fn render(linted: &[Linted], color: bool) -> String {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme).with_width(100);
    let mut out = String::new();
    for l in linted {
        for d in l.diagnostics {
            let f = finding(l.set, d);
            let _ = handler.render_report(&mut out, &f);
            out.push('\n');
        }
    }
    out.push_str(&Summary::of(linted).line());
    out.push('\n');
    out
}
