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
