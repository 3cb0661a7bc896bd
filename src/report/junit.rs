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
use crate::xml::escape;

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

/// The test cases of one linted set, one per file reported on, in order.
fn cases<'a>(l: &'a super::Linted<'a>, fail_on: Severity) -> Vec<Case<'a>> {
    let mut position = vec![usize::MAX; l.set.files.len()];
    let mut cases: Vec<Case> = l
        .files()
        .into_iter()
        .enumerate()
        .map(|(k, i)| {
            position[i] = k;
            Case { name: l.set.files[i].name(), failing: Vec::new(), other: Vec::new() }
        })
        .collect();
    for d in l.diagnostics {
        let Some(case) = position.get(d.file.index()).and_then(|&k| cases.get_mut(k)) else {
            continue;
        };
        if d.severity >= fail_on {
            case.failing.push(d);
        } else {
            case.other.push(d);
        }
    }
    cases
}

/// Write the report, with a final newline: the counts first (one pass over the findings),
/// then the cases one set at a time.
pub fn write(report: &Report, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let (mut tests, mut failures) = (0, 0);
    for l in report.linted {
        for c in cases(l, report.fail_on) {
            tests += 1;
            failures += usize::from(!c.failing.is_empty());
        }
    }
    let errors = report.errors.len();
    tests += errors;
    write!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"imtacfg\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\">\n  <testsuite name=\"imtacfg lint\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\" skipped=\"0\">\n"
    )?;
    let mut body = String::new();
    for l in report.linted {
        for c in cases(l, report.fail_on) {
            out.write_all(body.as_bytes())?;
            body.clear();
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
            if let Some(worst) = c.failing.iter().map(|d| d.severity).max() {
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
    out.write_all(body.as_bytes())?;
    for e in report.errors {
        writeln!(
            out,
            "    <testcase name=\"{}\" classname=\"imtacfg.lint\" file=\"{}\">\n      <error message=\"{}\" type=\"input-error\">{}</error>\n    </testcase>",
            escape(&e.file),
            escape(&e.file),
            escape(&e.message),
            escape(&format!("{}: {}", e.place(), e.message))
        )?;
    }
    out.write_all(b"  </testsuite>\n</testsuites>\n")
}
