//! OPT101: an option name that the catalog of the file's kind does not know, and that no
//! other file reads either (those are OPT107).

use super::OptionFile;
use crate::lint::Edit;
use crate::lint::keys::FastSet;
use crate::lint::suggest::Suggester;
use crate::lint::table::UNKNOWN_OPTION;
use crate::lint::{Applicability, Context, Diagnostic};

/// Report every option name that no catalog knows for its file (names other files read are
/// left to OPT107), with the closest known name when there is one.
pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for file in super::files(ctx) {
        check_file(ctx, &file, out);
    }
}

fn check_file(ctx: &Context, file: &OptionFile, out: &mut Vec<Diagnostic>) {
    let (fi, text, table) = (file.fi, file.text, file.table);
    let mut suggester = Suggester::of_table(table);
    // The names the file sets, built on the first suggestion only.
    let mut set_names: Option<FastSet<&str>> = None;
    for s in &file.m.settings {
        let name = s.name.text(text);
        if !super::is_option_name(name)
            || table.get_folded(&s.normalized).is_some()
            || ctx.catalog.home_elsewhere(file.f.kind, &s.normalized).is_some()
        {
            continue;
        }
        let mut d = Diagnostic::new(
            &UNKNOWN_OPTION,
            fi,
            s.name,
            format!(
                "`{name}` is not an option known for {}; the MTA most likely ignores it",
                file.f.kind.label()
            ),
        );
        match suggester.suggest(&s.normalized) {
            Some(sugg) => {
                // Renamed to a name the file sets already, the setting would be a
                // duplicate of it: only a suggestion then.
                let taken = set_names
                    .get_or_insert_with(|| {
                        file.m.settings.iter().map(|o| o.normalized.as_str()).collect()
                    })
                    .contains(sugg);
                d = d.help(format!("did you mean `{sugg}`?")).fix(
                    if taken { Applicability::DisplayOnly } else { Applicability::Unsafe },
                    format!("rename to {sugg}"),
                    vec![Edit { file: fi.into(), span: s.name, replacement: sugg.to_string() }],
                );
            }
            None => {
                d = d.help("check the spelling; if the option is genuine but missing from imtacfg's catalog, suppress this finding with a comment saying so");
            }
        }
        out.push(d);
    }
}
