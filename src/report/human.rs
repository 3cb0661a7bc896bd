//! Human-readable findings: miette's graphical rendering with the source snippet, labels
//! (a secondary label in the other file for cross-file findings), help, and a summary line.
//!
//! Rendering stays linear in the number of findings: snippets are read from the file's
//! text in place (no copy per finding, no scan from the start of the file), and a storm of
//! findings of one rule in one file is cut short after [`MAX_PER_RULE_AND_FILE`] of them,
//! with a line saying how many more there are. Only this format is capped.

use std::cell::OnceCell;
use std::collections::HashMap;
use std::fmt;

use miette::{
    Diagnostic as MietteDiagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan,
    MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents,
};

use super::{Linted, Report};
use crate::lint::{Diagnostic, Severity};
use crate::model::Span;
use crate::model::config_set::ConfigSet;
use crate::source::SourceFile;

/// Findings of one rule in one file shown in full; the rest are counted in one line.
/// Nobody reads hundreds of identical snippets, and the other formats list them all.
pub const MAX_PER_RULE_AND_FILE: usize = 50;

/// A file's text as miette reads it, borrowed.
///
/// miette's own `SourceCode` for text finds a span by scanning from the first byte, which
/// makes every snippet cost the size of the file. This one starts the same scan at a line
/// start just before the span (found with the file's line index) and shifts the result
/// back, so the snippet is exactly what miette would show.
#[derive(Clone, Copy)]
struct FileSource<'a> {
    name: &'a str,
    source: &'a SourceFile,
    /// A lone CR counts as a line break for miette but not for the line index; such rare
    /// files are read miette's way, from the start.
    lone_cr: bool,
}

impl<'a> FileSource<'a> {
    fn new(set: &'a ConfigSet, file: usize) -> FileSource<'a> {
        let f = &set.files[file];
        let bytes = f.source.text.as_bytes();
        let lone_cr = memchr::memchr_iter(b'\r', bytes).any(|p| bytes.get(p + 1) != Some(&b'\n'));
        FileSource { name: f.name(), source: &f.source, lone_cr }
    }
}

impl SourceCode for FileSource<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let text = self.source.text.as_bytes();
        // 0-based line to start from: one more line than the context needs, so that the
        // scan sees the context lines exactly as a scan from the start would.
        let base_line = if self.lone_cr || span.offset() > text.len() {
            0
        } else {
            let line = self.source.line_col(span.offset()).line - 1;
            line.saturating_sub(context_lines_before + 1)
        };
        let base = self.source.line_start(base_line + 1).min(text.len());
        let shifted = SourceSpan::new((span.offset() - base).into(), span.len());
        let inner = text[base..].read_span(&shifted, context_lines_before, context_lines_after)?;
        let found = *inner.span();
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.to_string(),
            inner.data(),
            SourceSpan::new((found.offset() + base).into(), found.len()),
            inner.line() + base_line,
            inner.column(),
            inner.line_count() + base_line,
        )))
    }
}

/// One finding adapted to miette.
struct Finding<'a> {
    d: &'a Diagnostic,
    source: FileSource<'a>,
    labels: Vec<LabeledSpan>,
    related: Vec<Related<'a>>,
}

/// A secondary location in another file (or far away in the same one): a snippet of its
/// own with the location's label, shown under the finding's snippet.
struct Related<'a> {
    message: String,
    source: FileSource<'a>,
    label: LabeledSpan,
}

fn span(s: Span) -> SourceSpan {
    SourceSpan::new((s.start as usize).into(), s.len())
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
    /// The heading says the severity in words, then the rule: `warning IMTA201
    /// unknown-keyword` (the glyph before the message is not all a reader can go by).
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(format!("{} {} {}", self.d.severity.as_str(), self.d.code(), self.d.name())))
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }
    /// The help, then the fix when there is one: `fix available (safe): remove the blanks`.
    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        let fix =
            self.d.fix.as_ref().map(|f| {
                format!("fix available ({}): {}", f.applicability.as_str(), f.description)
            });
        match (&self.d.help, fix) {
            (Some(h), Some(f)) => Some(Box::new(format!("{h}\n{f}"))),
            (Some(h), None) => Some(Box::new(h)),
            (None, Some(f)) => Some(Box::new(f)),
            (None, None) => None,
        }
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.source)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(self.labels.iter().cloned()))
    }
}

impl fmt::Debug for Related<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.message)
    }
}
impl fmt::Display for Related<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.message)
    }
}
impl std::error::Error for Related<'_> {}

/// Rendered on its own only for its snippet: the heading miette draws above it is cut off
/// (see [`snippet_only`]).
impl MietteDiagnostic for Related<'_> {
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.source)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(std::iter::once(self.label.clone())))
    }
}

/// The sources of one set's files, each made when first needed: looking for a lone CR
/// reads the whole file, which must happen once per file, not once per finding.
struct Sources<'a> {
    set: &'a ConfigSet,
    files: Vec<OnceCell<FileSource<'a>>>,
}

impl<'a> Sources<'a> {
    fn new(set: &'a ConfigSet) -> Sources<'a> {
        Sources { set, files: (0..set.files.len()).map(|_| OnceCell::new()).collect() }
    }

    fn get(&self, file: usize) -> FileSource<'a> {
        *self.files[file].get_or_init(|| FileSource::new(self.set, file))
    }
}

fn finding<'a>(sources: &Sources<'a>, d: &'a Diagnostic) -> Finding<'a> {
    let set = sources.set;
    // The message is the heading already: the span gets a label only when the rule gives
    // one that says something else.
    let mut labels = vec![LabeledSpan::new_primary_with_span(
        d.label.clone().filter(|l| *l != d.message),
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
            labels.push(LabeledSpan::new_with_span(Some(r.message.clone()), span(r.span)));
        } else {
            related.push(Related {
                message: r.message.clone(),
                source: sources.get(r.file.index()),
                label: LabeledSpan::new_with_span(Some(r.message.clone()), span(r.span)),
            });
        }
    }
    // Among other labels, an unlabelled span would not say which is the finding's.
    if labels.len() > 1 && labels[0].label().is_none() {
        labels[0] = LabeledSpan::new_primary_with_span(Some("here".into()), span(d.span));
    }
    Finding { d, source: sources.get(d.file.index()), labels, related }
}

/// Text without ANSI escape sequences (to recognise the lines miette drew).
fn plain(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            // CSI: ESC [ parameters final-byte
            if chars.next() == Some('[') {
                for c in chars.by_ref() {
                    if ('@'..='~').contains(&c) {
                        break;
                    }
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The snippet of a rendered related location: from its frame's first line on (miette
/// draws a heading and a message above it, which repeat what the label says).
fn snippet_only(rendered: &str) -> &str {
    let mut at = 0;
    for line in rendered.split_inclusive('\n') {
        let p = plain(line);
        let t = p.trim_start();
        if t.starts_with("╭─[") || t.starts_with(",-[") {
            return &rendered[at..];
        }
        at += line.len();
    }
    ""
}

/// One finding: miette's rendering, with the snippets of the related locations put between
/// the finding's own snippet and its help.
fn render_finding(handler: &GraphicalReportHandler, f: &Finding, out: &mut String) {
    let mut main = String::new();
    let _ = handler.render_report(&mut main, f);
    if f.related.is_empty() {
        out.push_str(&main);
        return;
    }
    let mut snippets = String::new();
    for r in &f.related {
        let mut one = String::new();
        let _ = handler.render_report(&mut one, r);
        snippets.push_str(snippet_only(&one));
    }
    // The help is the last part of miette's rendering: its first line starts `  help:`.
    let mut help_at = main.len();
    let mut at = 0;
    for line in main.split_inclusive('\n') {
        if plain(line).starts_with("  help:") {
            help_at = at;
        }
        at += line.len();
    }
    out.push_str(&main[..help_at]);
    out.push_str(&snippets);
    out.push_str(&main[help_at..]);
}

/// How to draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Colours (ANSI escapes).
    pub color: bool,
    /// Box-drawing characters; ASCII otherwise.
    pub unicode: bool,
    /// The width to wrap at.
    pub width: usize,
}

impl Default for Options {
    fn default() -> Options {
        Options { color: false, unicode: true, width: 100 }
    }
}

/// Render every finding, then the summary line. `color` picks a coloured theme.
///
/// Past [`MAX_PER_RULE_AND_FILE`] findings of one rule in one file, the first one left out
/// is replaced by a line counting all those left out; the summary still counts them all.
pub fn render(linted: &[Linted], color: bool) -> String {
    render_report(&Report::new(linted), &Options { color, ..Options::default() })
}

/// Render a report: the findings, the inputs that could not be checked, the summary line
/// (and how many findings the baseline hid).
pub fn render_report(report: &Report, options: &Options) -> String {
    let theme = match (options.unicode, options.color) {
        (true, true) => GraphicalTheme::unicode(),
        (true, false) => GraphicalTheme::unicode_nocolor(),
        (false, true) => GraphicalTheme::ascii(),
        (false, false) => GraphicalTheme::none(),
    };
    let handler = GraphicalReportHandler::new_themed(theme).with_width(options.width);
    let mut out = String::new();
    for l in report.linted {
        let mut total: HashMap<(&str, usize), usize> = HashMap::new();
        for d in l.diagnostics {
            *total.entry((d.code(), d.file.index())).or_default() += 1;
        }
        let mut shown: HashMap<(&str, usize), usize> = HashMap::new();
        let sources = Sources::new(l.set);
        for d in l.diagnostics {
            let n = shown.entry((d.code(), d.file.index())).or_default();
            *n += 1;
            if *n <= MAX_PER_RULE_AND_FILE {
                let f = finding(&sources, d);
                render_finding(&handler, &f, &mut out);
                out.push('\n');
            } else if *n == MAX_PER_RULE_AND_FILE + 1 {
                let more = total[&(d.code(), d.file.index())] - MAX_PER_RULE_AND_FILE;
                out.push_str(&format!(
                    "{} and {more} more {} finding{} in {} (see --format concise or json for all)\n\n",
                    if options.unicode { "…" } else { "..." },
                    d.code(),
                    if more == 1 { "" } else { "s" },
                    l.set.files[d.file].name()
                ));
            }
        }
    }
    let error = if options.color { "\x1b[1;31merror\x1b[0m" } else { "error" };
    for e in report.errors {
        out.push_str(&format!("{error}: {}: {}\n", e.place(), e.message));
        if let (Some(x), Some(line)) = (&e.excerpt, e.line) {
            out.push_str(&super::snippet::binary_line(&e.file, line, x, !options.unicode));
        }
        out.push('\n');
    }
    out.push_str(&super::closing_lines(report));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Encoding;

    /// What miette's own text source reads: the reference for `FileSource`.
    fn reference(
        text: &str,
        span: SourceSpan,
        before: usize,
        after: usize,
    ) -> Option<(Vec<u8>, SourceSpan, usize, usize, usize)> {
        let c = text.read_span(&span, before, after).ok()?;
        Some((c.data().to_vec(), *c.span(), c.line(), c.column(), c.line_count()))
    }

    #[test]
    fn borrowed_source_reads_what_miette_reads() {
        let texts = [
            "a\nbb\nccc\n\ndddd\neeeee\nf".to_string(),
            "x\r\ny\r\n\r\nzz\r\nw\r\n".to_string(),
            "one\rlone cr\nnext\n".to_string(),
            "caf\u{e9}\n\u{20ac}uro line\n\u{e9}\n".repeat(5),
            String::new(),
            "\n\n\n".to_string(),
        ];
        for text in texts {
            let source = SourceFile::from_text("t", text.clone(), Encoding::Utf8);
            let bytes = text.as_bytes();
            let view = FileSource {
                name: "t",
                source: &source,
                lone_cr: memchr::memchr_iter(b'\r', bytes)
                    .any(|p| bytes.get(p + 1) != Some(&b'\n')),
            };
            let boundaries: Vec<usize> =
                text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
            for &start in &boundaries {
                for &end in boundaries.iter().filter(|&&e| e >= start).take(12) {
                    for ctx in [0, 1, 2] {
                        let span = SourceSpan::new(start.into(), end - start);
                        let ours = view.read_span(&span, ctx, ctx).ok().map(|c| {
                            assert_eq!(c.name(), Some("t"));
                            (c.data().to_vec(), *c.span(), c.line(), c.column(), c.line_count())
                        });
                        assert_eq!(
                            ours,
                            reference(&text, span, ctx, ctx),
                            "{text:?} {start}..{end} context {ctx}"
                        );
                    }
                }
            }
        }
    }
}
