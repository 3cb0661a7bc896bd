//! JUnit XML, for CI test-report views (GitLab's `artifacts:reports:junit`, Jenkins'
//! JUnit plugin).
//!
//! One `<testsuite name="imtacfg lint">`, one `<testcase>` per file checked: a file with
//! findings at or above the fail level has one `<failure>` whose text lists them, one per
//! line (`line:col: severity CODE message`), so the views count failing files and show
//! every finding of a file together; lesser findings are the `<system-out>` of a passing
//! case. An input that could not be checked is a case with an `<error>`.

use std::fmt::Write as _;

use super::{Report, range};
use crate::lint::{Diagnostic, Severity};

/// Text for XML content or an attribute value: the five special characters escaped,
/// characters XML 1.0 cannot hold (control characters, U+FFFE, U+FFFF) replaced by U+FFFD.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// One test case: a file and its findings.
struct Case<'a> {
    name: &'a str,
    failing: Vec<&'a Diagnostic>,
    other: Vec<&'a Diagnostic>,
}

fn lines(set: &crate::model::config_set::ConfigSet, ds: &[&Diagnostic]) -> String {
    let mut s = String::new();
    for d in ds {
        let (a, _) = range(set, d.file, d.span);
        let _ = writeln!(
            s,
            "{}:{}: {} {} {}",
            a.line,
            a.column,
            d.severity.as_str(),
            d.code(),
            d.message
        );
    }
    s
}

/// Write the report, with a final newline.
pub fn write(report: &Report, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut tests = 0;
    let mut failures = 0;
    let mut body = String::new();
    for l in report.linted {
        let files = l.files();
        let mut position = vec![usize::MAX; l.set.files.len()];
        let mut cases: Vec<Case> = files
            .iter()
            .enumerate()
            .map(|(k, &i)| {
                position[i] = k;
                Case {
                    name: l.set.files[i].name(),
                    failing: Vec::new(),
                    other: Vec::new(),
                }
            })
            .collect();
        for d in l.diagnostics {
            let Some(case) = cases.get_mut(position[d.file]) else {
                continue;
            };
            if d.severity >= report.fail_on {
                case.failing.push(d);
            } else {
                case.other.push(d);
            }
        }
        for c in cases {
            tests += 1;
            let _ = write!(
                body,
                "    <testcase name=\"{}\" classname=\"imtacfg.lint\" file=\"{}\"",
                escape(c.name),
                escape(c.name)
            );
            if c.failing.is_empty() && c.other.is_empty() {
                body.push_str("/>\n");
                continue;
            }
            body.push_str(">\n");
            if !c.failing.is_empty() {
                failures += 1;
                let worst = c
                    .failing
                    .iter()
                    .map(|d| d.severity)
                    .max()
                    .unwrap_or(Severity::Error);
                let n = c.failing.len();
                let _ = writeln!(
                    body,
                    "      <failure message=\"{n} finding{}\" type=\"{}\">{}</failure>",
                    if n == 1 { "" } else { "s" },
                    worst.as_str(),
                    escape(&lines(l.set, &c.failing))
                );
            }
            if !c.other.is_empty() {
                let _ = writeln!(
                    body,
                    "      <system-out>{}</system-out>",
                    escape(&lines(l.set, &c.other))
                );
            }
            body.push_str("    </testcase>\n");
        }
    }
    for e in report.errors {
        tests += 1;
        let _ = writeln!(
            body,
            "    <testcase name=\"{}\" classname=\"imtacfg.lint\" file=\"{}\">\n      <error message=\"{}\" type=\"input-error\">{}</error>\n    </testcase>",
            escape(&e.file),
            escape(&e.file),
            escape(&e.message),
            escape(&format!("{}: {}", e.place(), e.message))
        );
    }
    let errors = report.errors.len();
    let head = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"imtacfg\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\">\n  <testsuite name=\"imtacfg lint\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\" skipped=\"0\">\n"
    );
    out.write_all(head.as_bytes())?;
    out.write_all(body.as_bytes())?;
    out.write_all(b"  </testsuite>\n</testsuites>\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(
            escape("a<b>&\"c'\u{1}\td"),
            "a&lt;b&gt;&amp;&quot;c&apos;\u{FFFD}\td"
        );
    }
}
