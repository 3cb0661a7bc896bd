//! DSP201: job_controller.cnf sets an option the Job Controller does not know.

use crate::lint::{Context, Diagnostic, RuleInfo, Severity};

/// DSP201 `jc-unknown-option` (warning by default): job_controller.cnf sets an option the
/// Job Controller does not know.
pub const JC_UNKNOWN_OPTION: RuleInfo = RuleInfo {
    code: "DSP201",
    name: "jc-unknown-option",
    severity: Severity::Warning,
    summary: "job_controller.cnf sets an option the Job Controller does not know.",
    why: "An unrecognised name has no effect. It is usually a typo, and the setting that was meant (a pool's job limit, a channel's command) silently stays at its default.",
    example: "[POOL=SMTP_POOL]\njob_limits=10",
    fix: "Correct the name (the suggestion shows the closest known option) or delete the line. If the option is genuine but imtacfg's catalog lacks it, declare it in imtacfg's settings.",
};

/// Report every job_controller.cnf option name the catalog does not know, with the closest
/// known name when there is one.
pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for file in super::files(ctx) {
        file.unknown_options(&JC_UNKNOWN_OPTION, "the Job Controller", out);
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{OK, jc};
    use crate::lint::rules::testing::lint_files;

    #[test]
    fn dsp201_unknown_option() {
        let found = lint_files(&[("job_controller.cnf", &format!("{OK}job_limits=3\n"))]);
        let d: Vec<_> = found
            .iter()
            .filter(|(_, _, d)| d.code() == "DSP201")
            .collect();
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].1, 7);
        assert!(d[0].2.help.as_deref().unwrap().contains("JOB_LIMIT"));
        assert_eq!(
            jc(&format!("{OK}SLAVE_COMMAND=NULL\nmax_life_conns=10\n")),
            vec![]
        );
    }
}
