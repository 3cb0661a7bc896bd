//! OPT110: an include line in an option file.

use super::OptionFile;
use crate::lint::rules::common::quote;
use crate::lint::table::INCLUDE_IN_OPTION_FILE;
use crate::lint::{Context, Diagnostic};

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
