//! The rule table: every rule's code, name, default severity and texts, written as data in
//! `src/lint/rules.toml` and turned into the constants below by `build.rs`. The rows that
//! pair each rule file's `check` with its rules are made from the same table and live in
//! [`super::registry`]; this module uses nothing but [`RuleInfo`], so rule files can name
//! their constants without a cycle. A rule is added by one `[[rule]]` row and its file;
//! nothing else lists it.

use super::{RuleInfo, Severity};

include!(concat!(env!("OUT_DIR"), "/rule_table.rs"));
