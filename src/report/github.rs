//! GitHub Actions workflow commands: one `::error …::message` annotation per finding.

use super::{Linted, Report, range};
use crate::lint::Severity;

/// Escape the message part of a workflow command.
fn data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escape a property value of a workflow command.
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

/// One workflow command per finding (`::error`, `::warning`, or `::notice` for info),
/// with its file, start and end line and column, and `CODE (name)` as the title; a help
/// text follows the message on its own line.
pub fn render(linted: &[Linted]) -> String {
    let mut out = String::new();
    for l in linted {
        for d in l.diagnostics {
            let (a, b) = range(l.set, d.file, d.span);
            let level = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let mut message = d.message.clone();
            if let Some(h) = &d.help {
                message.push_str(&format!("\nhelp: {h}"));
            }
            out.push_str(&format!(
                "::{level} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
                property(l.set.files[d.file].name()),
                a.line,
                a.column,
                b.line,
                b.column,
                property(&format!("{} ({})", d.code(), d.name())),
                data(&message)
            ));
        }
    }
    out
}

/// The findings, then one `::error` annotation per input that could not be checked
/// (with its line and column when known).
pub fn render_report(report: &Report) -> String {
    let mut out = render(report.linted);
    for e in report.errors {
        let mut props = format!("file={}", property(&e.file));
        if let Some(l) = e.line {
            props.push_str(&format!(",line={l}"));
        }
        if let Some(c) = e.column {
            props.push_str(&format!(",col={c}"));
        }
        out.push_str(&format!(
            "::error {props},title={}::{}\n",
            property("imtacfg: input not checked"),
            data(&e.message)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(data("50%\nnext"), "50%25%0Anext");
        assert_eq!(property("a:b,c"), "a%3Ab%2Cc");
    }
}
