//! The rule table: every rule's code, name, default severity and texts, written as data in
//! `src/lint/rules.toml` and turned into the constants below by `build.rs`, together with
//! [`RULES`], the rows that pair each rule file's `check` with the rules it reports. A rule
//! is added by one `[[rule]]` row and its file; nothing else lists it.

use super::registry::Rule;
use super::{RuleInfo, Severity, rules};

include!(concat!(env!("OUT_DIR"), "/rule_table.rs"));
