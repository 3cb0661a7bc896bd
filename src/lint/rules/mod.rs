//! The rules, one folder per group. Each rule file defines its rules (`RuleInfo` constants
//! named after the rules) and the `check` that reports them; the table of
//! [`registry`](crate::lint::registry) lists every one.

pub mod common;
pub mod dispatcher;
pub mod files;
pub mod imta;
pub mod job_controller;
pub mod keywords;
pub mod logging;
pub mod options;
pub mod routing;
pub mod suppressions;

pub use crate::lint::context::Context;
pub use crate::lint::suggest::{Suggester, did_you_mean};
