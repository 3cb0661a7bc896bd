//! DSP117: a dispatcher.cnf line that is not an option, a header, a comment or an include.

use crate::lint::{Context, Diagnostic, RuleInfo, Severity};

/// DSP117 `dispatcher-not-an-option-line` (warning by default): a dispatcher.cnf line is
/// not NAME=value, a [SERVICE=...] header, a ! comment or an include.
pub const DISPATCHER_NOT_AN_OPTION_LINE: RuleInfo = RuleInfo {
    code: "DSP117",
    name: "dispatcher-not-an-option-line",
    severity: Severity::Warning,
    summary: "A dispatcher.cnf line is not NAME=value, a [SERVICE=...] header, a ! comment or an include.",
    why: "The Dispatcher cannot make sense of such a line. A header without its closing bracket is the worst case: it is not a header, so the lines under it stay in the section above.",
    example: "[SERVICE=SMTP\nPORT=25",
    fix: "Write the line as NAME=value, close the header with ], or turn the line into a comment with ! in column 1.",
};

/// Report every dispatcher.cnf line that is not a setting, a `[SERVICE=...]` header, a
/// comment, an include or blank.
pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for file in super::files(ctx) {
        file.not_option_lines(&DISPATCHER_NOT_AN_OPTION_LINE, &["SERVICE"], out);
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{OK, disp};
    use crate::lint::rules::testing::lint_files;

    #[test]
    fn dsp117_not_an_option_line() {
        let found = lint_files(&[(
            "dispatcher.cnf",
            &format!("{OK}[SERVICE=LMTP\nPORT=225\njust words\n[SERVICES=X]\nPORT=1\nIMAGE=a\n"),
        )]);
        let d: Vec<_> = found
            .iter()
            .filter(|(_, _, d)| d.code().starts_with("DSP"))
            .map(|(_, l, d)| (d.code(), *l))
            .collect();
        assert_eq!(
            d,
            vec![("DSP117", 4), ("DSP104", 5), ("DSP117", 6), ("DSP117", 7)]
        );
        let fix = found
            .iter()
            .find(|(_, _, d)| d.code() == "DSP117")
            .unwrap()
            .2
            .fix
            .clone()
            .unwrap();
        assert_eq!(fix.edits[0].replacement, "]");
        assert_eq!(disp(&format!("{OK}  \n\n! [not a header\n")), vec![]);
    }
}
