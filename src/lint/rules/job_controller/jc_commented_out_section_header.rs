//! DSP206: a commented-out job_controller.cnf header with active option lines below it.

use crate::lint::{Context, Diagnostic, RuleInfo, Severity};

/// DSP206 `jc-commented-out-section-header` (warning by default): a job_controller.cnf
/// section header is commented out, but option lines below it are still active.
pub const JC_COMMENTED_OUT_SECTION_HEADER: RuleInfo = RuleInfo {
    code: "DSP206",
    name: "jc-commented-out-section-header",
    severity: Severity::Warning,
    summary: "A job_controller.cnf section header is commented out, but option lines below it are still active.",
    why: "Without the header, the lines below join the section above (or the global part) and quietly change it: a periodic job's command ends up in a pool section, for example.",
    example: "[POOL=DEFAULT]\njob_limit=10\n![PERIODIC_JOB=purge]\ncommand=IMTA_BIN:purge.sh",
    fix: "Comment out the option lines as well, or put the header back.",
};

/// Report every commented-out section header of job_controller.cnf that has active option
/// lines after it.
pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for file in super::files(ctx) {
        file.commented_headers(&JC_COMMENTED_OUT_SECTION_HEADER, out);
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{OK, jc};

    #[test]
    fn dsp206_commented_out_section_header() {
        let text =
            format!("{OK}![PERIODIC_JOB=purge_job]\ncommand=IMTA_BIN:purge.sh\ntime=/04:00\n");
        assert_eq!(jc(&text), vec![("DSP206", 7)]);
        assert_eq!(
            jc(&format!(
                "{OK}![PERIODIC_JOB=purge_job]\n!command=IMTA_BIN:purge.sh\n"
            )),
            vec![]
        );
    }
}
