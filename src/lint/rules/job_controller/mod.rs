//! job_controller.cnf: option names, sections, unreadable lines, and the pools that
//! imta.cnf channels name (spec/dispatcher-cnf.md §6). What it shares with dispatcher.cnf
//! is in [`common::sections`](super::common::sections).

pub mod jc_commented_out_section_header;
pub mod jc_duplicate_option;
pub mod jc_duplicate_section;
pub mod jc_not_an_option_line;
pub mod jc_unknown_option;
pub mod pool_undefined;

use super::common::sections::{self, SectionedFile};
use crate::lint::Context;
use crate::syntax::Kind;

/// Section kinds of job_controller.cnf (QUEUE in older releases).
pub const KINDS: &[&str] = &["POOL", "CHANNEL", "QUEUE", "PERIODIC_JOB"];

/// Every job_controller.cnf file of the set.
pub fn files<'a>(ctx: &'a Context<'a>) -> impl Iterator<Item = SectionedFile<'a>> + 'a {
    sections::files(ctx, Kind::JobController, &ctx.catalog.job_controller)
}

#[cfg(test)]
pub(super) mod tests {
    use crate::lint::rules::testing::codes;

    pub fn dsp(files: &[(&str, &str)]) -> Vec<(&'static str, String, usize)> {
        codes(files)
            .into_iter()
            .filter(|(c, _, _)| c.starts_with("DSP2"))
            .map(|(c, n, l)| (c, n.rsplit('/').next().unwrap_or(&n).to_string(), l))
            .collect()
    }

    pub fn jc(text: &str) -> Vec<(&'static str, usize)> {
        dsp(&[("job_controller.cnf", text)])
            .into_iter()
            .map(|(c, _, l)| (c, l))
            .collect()
    }

    pub const OK: &str = "tcp_port=27442\nsecret=never mind\n[POOL=DEFAULT]\njob_limit=10\n[CHANNEL=tcp_*]\nmaster_command=IMTA_BIN:tcp_smtp_client\n";

    #[test]
    fn quiet_on_clean_files() {
        assert_eq!(jc(OK), vec![]);
        assert_eq!(
            jc(
                "TCP_PORT=27442\n[QUEUE=DEFAULT]\nJOB_LIMIT=5\n[PERIODIC_JOB=return_job]\ncommand=IMTA_BIN:return.sh\ntime=00:30\n[CHANNEL=tcp_*]\nargs=\"\"\n"
            ),
            vec![]
        );
    }
}
