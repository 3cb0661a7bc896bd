//! OPT103: an option set twice in one file.

use super::OptionFile;
use crate::lint::keys::FastMap;
use crate::lint::rules::common::whole_lines;
use crate::lint::table::DUPLICATE_OPTION;
use crate::lint::{Applicability, Context, Diagnostic, Edit};
use crate::model::options::OptionSetting;

/// Report every option set again in the same option file (in practice the last setting
/// wins).
pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for file in super::files(ctx) {
        check_file(&file, out);
    }
}

fn check_file(file: &OptionFile, out: &mut Vec<Diagnostic>) {
    let mut first_seen: FastMap<&str, &OptionSetting> = FastMap::default();
    for s in &file.m.settings {
        let name = s.name.text(file.text);
        if let Some(earlier) = first_seen.get(s.normalized.as_str()) {
            let line = file.f.source.line_col(earlier.name.start as usize).line;
            out.push(
                Diagnostic::new(
                    &DUPLICATE_OPTION,
                    file.fi,
                    s.name,
                    format!("`{name}` is set again (earlier on line {line}); normally this later line is the one that counts"),
                )
                .related(file.fi, earlier.name, "earlier setting, overridden")
                .help("delete the line you do not want, so that the file says only one thing")
                .fix(
                    // The same value twice: the earlier line changes nothing. Otherwise the
                    // later one normally counts, which is not documented for every option.
                    if earlier.value_trimmed() == s.value_trimmed() {
                        Applicability::Safe
                    } else {
                        Applicability::Unsafe
                    },
                    format!("remove the earlier `{name}` line"),
                    vec![Edit {
                        file: file.fi.into(),
                        span: whole_lines(file.text, earlier.span),
                        replacement: String::new(),
                    }],
                ),
            );
        }
        first_seen.insert(s.normalized.as_str(), s);
    }
}
