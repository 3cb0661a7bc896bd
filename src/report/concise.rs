//! `path:line:col: severity CODE message`, one finding per line.

use super::{Linted, range};

pub fn render(linted: &[Linted]) -> String {
    let mut out = String::new();
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
    out
}
