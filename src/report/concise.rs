//! `path:line:col: severity CODE message`, one finding per line; inputs that could not be
//! checked as `path[:line:col]: error: message`; then the summary line when anything was
//! reported (a clean run prints nothing).

use super::{Linted, Report, range};

/// The finding lines only (no errors, no summary): what embedding programs compare.
pub fn render(linted: &[Linted]) -> String {
    let mut out = String::new();
    findings(linted, &mut out);
    out
}

fn findings(linted: &[Linted], out: &mut String) {
    for l in linted {
        for d in l.diagnostics {
            let (a, _) = range(l.set, d.file, d.span);
            out.push_str(&format!(
                "{}:{}:{}: {} {} {}\n",
                l.set.files[d.file].name(),
                a.line,
                a.column,
                d.severity.as_str(),
                d.code(),
                d.message
            ));
        }
    }
}

/// The whole report: findings, errors, and the closing lines unless the run was clean.
pub fn render_report(report: &Report) -> String {
    let mut out = String::new();
    findings(report.linted, &mut out);
    for e in report.errors {
        out.push_str(&format!("{}: error: {}\n", e.place(), e.message));
    }
    if !out.is_empty() || report.baseline_hidden > 0 {
        out.push_str(&super::closing_lines(report));
    }
    out
}
