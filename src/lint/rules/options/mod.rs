//! Rules for the option-file family: `option.dat`, `<channel>_option` files and `imta_tailor`.
//!
//! Names are looked up in the catalog table of the file's own kind (a name known there is
//! fine, whatever its provenance); values are checked against the catalog's value type.
//! Rules that relate several logging options to each other, or option.dat to imta.cnf,
//! are in `logging/`.

pub mod comment_character_not_honoured;
pub mod comment_inside_continued_value;
pub mod dangling_continuation;
pub mod duplicate_option;
pub mod include_in_option_file;
pub mod invalid_option_value;
pub mod list_entry_missing_comma;
pub mod not_an_option_line;
pub mod option_file_for_unknown_channel;
pub mod option_in_wrong_file;
pub mod unknown_option;
pub mod value_too_long;
pub mod whitespace_around_equals;

use crate::knowledge::OptionInfo;
use crate::knowledge::catalog::Table;
use crate::lint::Context;
use crate::model::config_set::ConfigFile;
use crate::model::options::OptionModel;
use crate::syntax::Kind;

const OPTION_KINDS: &[Kind] = &[Kind::Option, Kind::ChannelOption, Kind::Tailor];

/// One option file, with what every check needs.
pub struct OptionFile<'a> {
    /// Index of the file in `ConfigSet::files`.
    pub fi: usize,
    /// The file: path, kind and source.
    pub f: &'a ConfigFile,
    /// Its settings, comments and odd lines.
    pub m: &'a OptionModel,
    /// Its decoded text, which the spans of `m` index.
    pub text: &'a str,
    /// The file's name without its directory (`tcp_local_option`).
    pub file: String,
    /// The catalog table of the options this kind of file reads.
    pub table: &'a Table<OptionInfo>,
}

/// Every option file of the set.
pub fn files<'a>(ctx: &'a Context<'a>) -> impl Iterator<Item = OptionFile<'a>> + 'a {
    ctx.files_of(OPTION_KINDS).filter_map(|(fi, f)| {
        Some(OptionFile {
            fi,
            f,
            m: f.options()?,
            text: ctx.text(fi),
            file: base_name(f),
            table: ctx.option_table(f.kind),
        })
    })
}

/// Can the name of a setting be an option name (letters, digits and `_`)? Names that
/// cannot are reported by OPT109 and not looked up.
pub fn is_option_name(name: &str) -> bool {
    name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// The file's name without its directory (`tcp_local_option`).
fn base_name(f: &ConfigFile) -> String {
    f.path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| f.name().to_string())
}

/// Can a line of an option file start a comment with this character (`!`, `#`, `;`)?
pub fn is_comment_char(c: char) -> bool {
    matches!(c, '!' | '#' | ';')
}
