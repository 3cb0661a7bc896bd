//! DSP115: a dispatcher.cnf value does not have the form or the range its option needs
//! (integers, switches, DEBUG masks).

use super::DispatcherFile;
use crate::knowledge::{ServiceOptionInfo, ValueType};
use crate::lint::table::DISPATCHER_INVALID_OPTION_VALUE;
use crate::lint::{Context, Diagnostic, Severity};
use crate::model::Span;
use crate::model::options::OptionSetting;
use crate::model::radix::parse_int;

/// Check every dispatcher.cnf value against the value type of its catalog option.
pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for file in super::files(ctx) {
        check_file(&file, out);
    }
}

/// DSP112, DSP113 and DSP115.
fn check_file(file: &DispatcherFile, out: &mut Vec<Diagnostic>) {
    for (s, info) in file.known_settings() {
        let value = s.value_trimmed();
        let span = s.value_span().trim_end(file.text);
        let name = file.name(s);
        match info.ty {
            ValueType::Int { min, max } => {
                let problem = match parse_int(value) {
                    Err(e) => Some(format!("`{name}` needs an integer: {e}")),
                    Ok(v) if min.is_some_and(|m| v < m) => Some(format!(
                        "`{name}={value}` is below the smallest allowed value, {}",
                        min.unwrap_or_default()
                    )),
                    Ok(v) if max.is_some_and(|m| v > m) => Some(format!(
                        "`{name}={value}` is above the largest allowed value, {}",
                        max.unwrap_or_default()
                    )),
                    Ok(_) => None,
                };
                if let Some(message) = problem {
                    out.push(
                        Diagnostic::new(&DISPATCHER_INVALID_OPTION_VALUE, file.fi, span, message)
                            .help("write a whole number in decimal, or in radix form such as 16%FF")
                            .evidence(&info.provenance),
                    );
                }
            }
            ValueType::Bool if !matches!(parse_int(value), Ok(0 | 1)) => {
                let mut d = Diagnostic::new(
                    &DISPATCHER_INVALID_OPTION_VALUE,
                    file.fi,
                    span,
                    format!("`{name}` is a switch: it takes 0 or 1, not `{value}`"),
                )
                .help("write 0 (off) or 1 (on)")
                .evidence(&info.provenance);
                d.severity = d.severity.min(Severity::Warning);
                out.push(d);
            }
            ValueType::Bits => invalid_mask(file, s, info, span, out),
            _ => {}
        }
    }
}

/// A DEBUG mask that is not an integer or does not fit in 32 bits.
fn invalid_mask(
    file: &DispatcherFile,
    s: &OptionSetting,
    info: &ServiceOptionInfo,
    span: Span,
    out: &mut Vec<Diagnostic>,
) {
    let name = file.name(s);
    let value = s.value_trimmed();
    let v = match parse_int(value) {
        Err(e) => {
            let mut help =
                "write the mask in decimal, in radix form (16%FFFF), or -1 for everything"
                    .to_string();
            if !value.is_empty() && value.bytes().all(|b| b.is_ascii_hexdigit()) {
                help = format!("for a hexadecimal mask write 16%{value}");
            }
            out.push(
                Diagnostic::new(
                    &DISPATCHER_INVALID_OPTION_VALUE,
                    file.fi,
                    span,
                    format!("`{name}` needs an integer mask: {e}"),
                )
                .help(help)
                .evidence(&info.provenance),
            );
            return;
        }
        Ok(v) => v,
    };
    if !super::fits_mask(v) {
        out.push(
            Diagnostic::new(
                &DISPATCHER_INVALID_OPTION_VALUE,
                file.fi,
                span,
                format!("`{name}={value}` does not fit in the 32-bit debug mask"),
            )
            .help("use -1 to switch on every bit")
            .evidence(&info.provenance),
        );
    }
}
