//! DSP104: an option set twice in one scope of dispatcher.cnf.

use crate::lint::{Context, Diagnostic, RuleInfo, Severity};

/// DSP104 `dispatcher-duplicate-option` (warning by default): an option is set twice in the
/// global defaults or in one section of dispatcher.cnf.
pub const DISPATCHER_DUPLICATE_OPTION: RuleInfo = RuleInfo {
    code: "DSP104",
    name: "dispatcher-duplicate-option",
    severity: Severity::Warning,
    summary: "An option is set twice in the global defaults or in one section of dispatcher.cnf.",
    why: "Only one of the values can be in force (most likely the later one). The other line is dead weight that misleads the next person reading the file.",
    example: "[SERVICE=SMTP]\nPORT=25\nPORT=2525",
    fix: "Keep the line with the value you want and delete the other one.",
};

/// Report every option set twice in the globals or in one section of dispatcher.cnf,
/// unless the catalog lets it repeat.
pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for file in super::files(ctx) {
        file.duplicate_options(&DISPATCHER_DUPLICATE_OPTION, out);
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::disp;
    use crate::lint::rules::testing::lint_files;

    #[test]
    fn dsp104_duplicate_option() {
        let found = lint_files(&[(
            "dispatcher.cnf",
            "MAX_CONNS=1\nmax_conns=2\n[SERVICE=SMTP]\nPORT=25\nIMAGE=a\nIMAGE=b\n",
        )]);
        let d: Vec<_> = found
            .iter()
            .filter(|(_, _, d)| d.code() == "DSP104")
            .map(|(_, l, d)| (*l, d.related[0].span.start))
            .collect();
        assert_eq!(d, vec![(2, 0), (6, 47)]);
        // Repeatable options, and the same option in two scopes.
        assert_eq!(
            disp(
                "MAX_CONNS=1\n[SERVICE=SMTP]\nPORT=25\nIMAGE=a\nMAX_CONNS=2\nPARAMETER=A=1\nPARAMETER=B=2\nDNS_VERIFY_DOMAIN=a\nDNS_VERIFY_DOMAIN=b\n"
            ),
            vec![]
        );
    }
}
