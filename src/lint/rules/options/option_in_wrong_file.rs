//! OPT107: an option that the file does not read but another file does (option.dat, a
//! channel option file, imta_tailor, dispatcher.cnf, job_controller.cnf).

use super::OptionFile;
use crate::knowledge::Home;
use crate::lint::table::OPTION_IN_WRONG_FILE;
use crate::lint::{Context, Diagnostic};
use crate::model::options::OptionSetting;

/// Report options that the file's own catalog does not know but another file reads
/// (such as a channel option in option.dat).
pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for file in super::files(ctx) {
        check_file(ctx, &file, out);
    }
}

fn check_file(ctx: &Context, file: &OptionFile, out: &mut Vec<Diagnostic>) {
    for s in &file.m.settings {
        let name = s.name.text(file.text);
        if !super::is_option_name(name) || file.table.get_folded(&s.normalized).is_some() {
            continue;
        }
        if let Some(home) = ctx.catalog.home_elsewhere(file.f.kind, &s.normalized) {
            out.push(wrong_file(file.fi, s, name, &file.file, home));
        }
    }
}

/// Where an option that the file's own table does not know belongs instead.
fn wrong_file(fi: usize, s: &OptionSetting, name: &str, file: &str, home: Home) -> Diagnostic {
    let (what, help) = (home.what(), home.help());
    Diagnostic::new(
        &OPTION_IN_WRONG_FILE,
        fi,
        s.name,
        format!("`{name}` is {what}; {file} does not read it"),
    )
    .help(help)
    .evidence(home.provenance())
}
