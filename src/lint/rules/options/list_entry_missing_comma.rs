//! OPT413: a line of a continued comma list ends without a comma although the next line
//! starts a new entry.

use super::OptionFile;
use crate::lint::table::LIST_ENTRY_MISSING_COMMA;
use crate::lint::{Context, Diagnostic};
use crate::model::Span;

/// Report a line of a continued comma list that ends without the comma before the next
/// entry.
pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for file in super::files(ctx) {
        check_file(&file, out);
    }
}

fn check_file(file: &OptionFile, out: &mut Vec<Diagnostic>) {
    let (fi, text) = (file.fi, file.text);
    for s in file.m.settings.iter().filter(|s| s.is_continued()) {
        let is_list = file
            .table
            .get_folded(&s.normalized)
            .is_some_and(|o| o.ty == crate::knowledge::ValueType::List);
        if !is_list {
            continue;
        }
        let parts: Vec<&str> = s.value_parts.iter().map(|p| p.text(text)).collect();
        for (i, w) in parts.windows(2).enumerate() {
            let ends = w[0].trim_end_matches([' ', '\t']);
            if !ends.is_empty() && !ends.ends_with(',') && starts_entry(ends) && starts_entry(w[1])
            {
                let part = s.value_parts[i].trim_end(text);
                let lead = w[0].len() - w[0].trim_start_matches([' ', '\t']).len();
                let span = Span::new(part.start as usize + lead, part.end as usize);
                out.push(
                    Diagnostic::new(
                        &LIST_ENTRY_MISSING_COMMA,
                        fi,
                        span,
                        format!(
                            "no comma after this {} entry: the next line's entry is glued onto it",
                            s.normalized
                        ),
                    )
                    .help("end the line with `,` before the `\\`"),
                );
            }
        }
    }
}

/// Does a continuation line start a new `name=template` entry of a comma list (after the
/// entry prefixes of DELIVERY_OPTIONS such as `#`, `*`, `&`, `@`)?
fn starts_entry(part: &str) -> bool {
    let t = part.trim_start_matches([' ', '\t']);
    let t = t.trim_start_matches(['#', '*', '&', '@', '$', '^', '%', '/', '!']);
    let word =
        t.len() - t.trim_start_matches(|c: char| c.is_ascii_alphanumeric() || c == '_').len();
    word > 0 && t[word..].starts_with('=')
}
