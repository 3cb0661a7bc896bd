//! OPT110: an include line in an option file.

use super::OptionFile;
use crate::lint::rules::common::quote;
use crate::lint::{Context, Diagnostic, RuleInfo, Severity};

/// OPT110 `include-in-option-file` (warning by default): an option file has a `<file`
/// include line.
pub const INCLUDE_IN_OPTION_FILE: RuleInfo = RuleInfo {
    code: "OPT110",
    name: "include-in-option-file",
    severity: Severity::Warning,
    summary: "An option file has a `<file` include line.",
    why: "imta.cnf and dispatcher.cnf can pull in other files with `<`; nothing says that option files can. The settings of the named file are most likely never read.",
    example: "<IMTA_TABLE:more_options.dat",
    fix: "Copy the settings into the option file itself.",
};

/// Report every `<file` line of an option file, which does not read includes.
pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for file in super::files(ctx) {
        check_file(&file, out);
    }
}

fn check_file(file: &OptionFile, out: &mut Vec<Diagnostic>) {
    let (fi, text) = (file.fi, file.text);
    for inc in &file.m.includes {
        out.push(
            Diagnostic::new(
                &INCLUDE_IN_OPTION_FILE,
                fi,
                inc.line,
                format!(
                    "`{}` is an include line; option files are not known to support includes",
                    quote(inc.line.text(text))
                ),
            )
            .help(format!(
                "copy the settings of `{}` into {}; `<` includes are documented only for imta.cnf and dispatcher.cnf",
                quote(inc.path.text(text)),
                file.file
            )),
        );
    }
}
