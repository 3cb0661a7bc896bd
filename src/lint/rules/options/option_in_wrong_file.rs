//! OPT107: an option that the file does not read but another file does (option.dat, a
//! channel option file, imta_tailor, dispatcher.cnf, job_controller.cnf).

use super::OptionFile;
use crate::knowledge::Home;
use crate::lint::{Context, Diagnostic, RuleInfo, Severity};
use crate::model::options::OptionSetting;

/// OPT107 `option-in-wrong-file` (warning by default): an option sits in a file that does
/// not read it.
pub const OPTION_IN_WRONG_FILE: RuleInfo = RuleInfo {
    code: "OPT107",
    name: "option-in-wrong-file",
    severity: Severity::Warning,
    summary: "An option sits in a file that does not read it.",
    why: "Global MTA options, TCP/IP channel options, imta_tailor entries and Dispatcher options are each read from their own file. In any other file the line is ignored, so the setting has no effect.",
    example: "MAX_B_ENTRIES=20    (in option.dat; it is a TCP/IP channel option)",
    fix: "Move the line to the file named in the message: option.dat, the channel's `<channel>_option` file, imta_tailor, or the right section of dispatcher.cnf.",
};

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
