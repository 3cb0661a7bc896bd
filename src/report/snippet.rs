//! Snippets of files for errors that are not findings: a bad key of the settings file, the
//! line of a binary file with its NUL byte. Drawn by miette like the human report, plain
//! (these go to standard error, often a CI log), without miette's own message line (the
//! caller prints the message).
//!
//! Layer: uses `settings` and `source`.

use crate::settings::SettingsError;
use crate::source::{Excerpt, NamedText};

/// The lines of a settings file around its bad key or value; empty without a snippet.
pub fn settings(e: &SettingsError, ascii: bool) -> String {
    draw(&SnippetOnly(e), ascii)
}

/// The line `line` of file `name` holding its first NUL byte, the byte marked.
pub fn binary_line(name: &str, line: usize, excerpt: &Excerpt, ascii: bool) -> String {
    let d = BinaryLine {
        source: NamedText {
            name: name.to_string(),
            text: excerpt.text.as_str().into(),
            first_line: line,
        },
        at: excerpt.at,
    };
    draw(&d, ascii)
}

/// A snippet drawn by miette (plain, no colour: standard error is often a CI log; ASCII
/// under TERM=dumb), without miette's own message line.
fn draw(d: &dyn miette::Diagnostic, ascii: bool) -> String {
    let theme = miette::GraphicalTheme {
        characters: if ascii {
            miette::ThemeCharacters::ascii()
        } else {
            miette::ThemeCharacters::unicode()
        },
        styles: miette::ThemeStyles::none(),
    };
    let handler = miette::GraphicalReportHandler::new_themed(theme).with_context_lines(1);
    let mut out = String::new();
    if handler.render_report(&mut out, d).is_err() {
        return String::new();
    }
    // miette opens with the (empty) message line; the line above already says it.
    let body: Vec<&str> = out.lines().skip_while(|l| l.trim().chars().count() <= 1).collect();
    let mut s = body.join("\n");
    s.push('\n');
    s
}

/// A settings error with its message left out, so that miette draws only the snippet.
#[derive(Debug)]
struct SnippetOnly<'a>(&'a SettingsError);

impl std::fmt::Display for SnippetOnly<'_> {
    fn fmt(&self, _: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        Ok(())
    }
}

impl std::error::Error for SnippetOnly<'_> {}

impl miette::Diagnostic for SnippetOnly<'_> {
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        miette::Diagnostic::source_code(self.0)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        miette::Diagnostic::labels(self.0)
    }
}

/// The line of a binary file that holds its first NUL byte, with the byte marked.
#[derive(Debug)]
struct BinaryLine {
    source: NamedText,
    /// Byte offset of the NUL in the shown text.
    at: usize,
}

impl std::fmt::Display for BinaryLine {
    fn fmt(&self, _: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        Ok(())
    }
}

impl std::error::Error for BinaryLine {}

impl miette::Diagnostic for BinaryLine {
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        let width = '\u{2400}'.len_utf8();
        let label =
            miette::LabeledSpan::new_with_span(Some("NUL byte".into()), self.at..self.at + width);
        Some(Box::new(std::iter::once(label)))
    }
}
