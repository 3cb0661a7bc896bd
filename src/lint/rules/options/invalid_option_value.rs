//! OPT102: a value that does not have the catalog type of its option.

use super::OptionFile;
use crate::knowledge::{OptionInfo, ValueType};
use crate::lint::Edit;
use crate::lint::rules::common::{quote, value_span};
use crate::lint::table::INVALID_OPTION_VALUE;
use crate::lint::{Applicability, Context, Diagnostic, Severity};
use crate::model::Span;
use crate::model::options::OptionSetting;
use crate::model::radix::{IntError, parse_int};
use crate::syntax::Kind;

/// Check every option value against the value type and bounds of its catalog option.
pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for file in super::files(ctx) {
        check_file(&file, out);
    }
}

fn check_file(file: &OptionFile, out: &mut Vec<Diagnostic>) {
    for s in &file.m.settings {
        if !super::is_option_name(s.name.text(file.text)) {
            continue;
        }
        if let Some(info) = file.table.get_folded(&s.normalized)
            && let Some(d) = check_value(file.fi, file.f.kind, s, file.text, info)
        {
            out.push(d);
        }
    }
}

/// Check a value against the catalog type. One finding at most.
fn check_value(
    fi: usize,
    kind: Kind,
    s: &OptionSetting,
    text: &str,
    info: &OptionInfo,
) -> Option<Diagnostic> {
    let name = s.name.text(text);
    let value = s.value_trimmed();
    let span = value_span(s, text);
    let mut warning = false;
    // The nearest value in range, for an integer out of it.
    let mut nearest = None;
    let (msg, help): (String, String) = match info.ty {
        ValueType::Int { min, max } => match parse_int(value) {
            Err(e) => {
                warning = matches!(e, IntError::HexPrefix | IntError::Empty);
                (format!("`{name}={}` is not valid: {e}", quote(value)), int_help(min, max))
            }
            Ok(v) => {
                let below = min.is_some_and(|lo| v < lo);
                let above = max.is_some_and(|hi| v > hi);
                if !below && !above {
                    return None;
                }
                nearest = if below { min } else { max };
                let range = match (min, max) {
                    (Some(lo), Some(hi)) => format!("out of range {lo}..{hi}"),
                    (Some(lo), None) => format!("below the minimum {lo}"),
                    (None, Some(hi)) => format!("above the maximum {hi}"),
                    (None, None) => unreachable!(),
                };
                (format!("{name}={value} is {range}"), int_help(min, max))
            }
        },
        ValueType::Bool => match parse_int(value) {
            Ok(0 | 1) => return None,
            _ => {
                warning = true;
                (
                    format!("{name}={} is not 0 or 1", quote(value)),
                    format!("`{name}` is a switch: write 0 (off) or 1 (on)"),
                )
            }
        },
        ValueType::Bits => match parse_int(value) {
            Ok(v) if v >= 0 => return None,
            Ok(v) => {
                warning = true;
                (
                    format!("{name}={v} is a negative bit mask"),
                    "a negative number sets every high bit; add up the values of the bits you want instead".to_string(),
                )
            }
            Err(e) => {
                warning = matches!(e, IntError::HexPrefix | IntError::Empty);
                (
                    format!("`{name}={}` is not a valid bit mask: {e}", quote(value)),
                    "write the sum of the bit values in decimal (for example 3 for bits 0 and 1), or in b%v form (2%11)".to_string(),
                )
            }
        },
        ValueType::IntList { .. } => {
            // The number of items and their order are checked in logging.rs (OPT408).
            let bad = value
                .split(',')
                .map(str::trim)
                .find_map(|item| parse_int(item).err().map(|e| (item, e)))?;
            (
                if bad.0.is_empty() {
                    format!("`{name}={}` has an empty item", quote(value))
                } else {
                    format!("`{}` in `{name}` is not an integer: {}", quote(bad.0), bad.1)
                },
                "write a comma-separated list of integers, for example 60,600,6000".to_string(),
            )
        }
        ValueType::Port => {
            let bad = value
                .split([',', ' ', '\t'])
                .filter(|p| !p.is_empty())
                .find(|p| !matches!(parse_int(p), Ok(1..=65535)));
            let bad = match (bad, value.is_empty()) {
                (Some(b), _) => b,
                (None, true) => "",
                (None, false) => return None,
            };
            (
                format!(
                    "`{name}={}`: `{}` is not a TCP port number (1..65535)",
                    quote(value),
                    quote(bad)
                ),
                "write a port number from 1 to 65535".to_string(),
            )
        }
        ValueType::DirPrefix => {
            if value.ends_with('/') {
                return None;
            }
            let fix_span = Span::new(span.end as usize, span.end as usize);
            return Some(
                Diagnostic::new(
                    &INVALID_OPTION_VALUE,
                    fi,
                    span,
                    format!("{name}={} is a directory prefix and must end with `/`", quote(value)),
                )
                .help("values of directory entries are glued to file names as they are; add the final `/`")
                .fix(
                    Applicability::Unsafe,
                    "add the final `/`",
                    vec![Edit {
                        file: fi.into(),
                        span: fix_span,
                        replacement: "/".to_string(),
                    }],
                )
                .evidence(&info.provenance),
            );
        }
        ValueType::Path if kind == Kind::Tailor => {
            if !value.ends_with('/') || value.is_empty() {
                return None;
            }
            (
                format!("{name}={} names a file, so it must not end with `/`", quote(value)),
                "remove the final `/` and give the file name".to_string(),
            )
        }
        ValueType::LdapAttr => {
            let ok = value.is_empty()
                || (value.starts_with(|c: char| c.is_ascii_alphabetic())
                    && value.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'));
            if ok {
                return None;
            }
            warning = true;
            (
                format!("{name}={} is not an LDAP attribute name", quote(value)),
                "write a single attribute name: a letter followed by letters, digits or `-`"
                    .to_string(),
            )
        }
        _ => return None,
    };
    let mut d =
        Diagnostic::new(&INVALID_OPTION_VALUE, fi, span, msg).help(help).evidence(&info.provenance);
    if let Some(n) = nearest
        && !s.is_continued()
    {
        // Only a suggestion: the limit is the nearest valid value, not necessarily the
        // one meant.
        d = d.fix(
            Applicability::DisplayOnly,
            format!("use the limit {n}"),
            vec![Edit { file: fi.into(), span, replacement: n.to_string() }],
        );
    }
    if warning && d.severity > Severity::Warning {
        d.severity = Severity::Warning;
    }
    Some(d)
}

fn int_help(min: Option<i64>, max: Option<i64>) -> String {
    match (min, max) {
        (Some(lo), Some(hi)) => format!("write an integer from {lo} to {hi}"),
        (Some(lo), None) => format!("write an integer of at least {lo}, in decimal or b%v form"),
        (None, Some(hi)) => format!("write an integer of at most {hi}, in decimal or b%v form"),
        (None, None) => "write an integer in decimal, or in b%v form such as 16%FF".to_string(),
    }
}
