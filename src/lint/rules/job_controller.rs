//! (placeholder: rules of this group are being written)

use super::Context;
use crate::lint::{Diagnostic, RuleInfo};

pub static RULES: &[&RuleInfo] = &[];

pub fn check(_ctx: &Context, _out: &mut Vec<Diagnostic>) {}
