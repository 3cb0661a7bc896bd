//! The built-in catalogs: the TOML files under `src/knowledge/data/`, compiled into the
//! binary.
//!
//! A run reads only what it uses: building the [`Catalog`](super::Catalog) splits the
//! files into rows and indexes their names, and a row is deserialized the first time it is
//! looked up (see [`super::reader`]). [`parse`] reads everything at once, for the
//! tests and the benchmark.

use std::sync::LazyLock;

use serde::de::DeserializeOwned;

use super::reader::{self, Row};
use super::rows::*;
use super::types::*;

/// Every data file: name and text.
pub const FILES: [(&str, &str); 8] = [
    ("keywords.toml", include_str!("data/keywords.toml")),
    ("options.toml", include_str!("data/options.toml")),
    ("channel_options.toml", include_str!("data/channel_options.toml")),
    ("tailor.toml", include_str!("data/tailor.toml")),
    ("dispatcher.toml", include_str!("data/dispatcher.toml")),
    ("job_controller.toml", include_str!("data/job_controller.toml")),
    ("debug_bits.toml", include_str!("data/debug_bits.toml")),
    ("log_codes.toml", include_str!("data/log_codes.toml")),
];

/// Which data file, as an index into [`FILES`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DataFile {
    /// `keywords.toml`: the channel keywords of imta.cnf.
    Keywords,
    /// `options.toml`: the options of option.dat and the meanings of their bits.
    Options,
    /// `channel_options.toml`: the options of `<channel>_option` files.
    ChannelOptions,
    /// `tailor.toml`: the settings of imta_tailor.
    Tailor,
    /// `dispatcher.toml`: the options of dispatcher.cnf.
    Dispatcher,
    /// `job_controller.toml`: the options of job_controller.cnf.
    JobController,
    /// `debug_bits.toml`: the bits of the Dispatcher DEBUG mask.
    DebugBits,
    /// `log_codes.toml`: the entry codes of the mail.log records.
    LogCodes,
}

/// The rows of one data file, each checked only as far as its name. Panics on a file
/// that is not in the layout of the data files (the tests read every file).
pub fn rows(file: DataFile) -> Vec<Row<'static>> {
    let (name, text) = FILES[file as usize];
    reader::rows(name, text).unwrap_or_else(|e| panic!("built-in knowledge data: {e}"))
}

/// The rows of one array of a data file (`keyword`, `option`, `bit`, `code`); rows of any
/// other array are an error.
fn array(file: DataFile, array: &str, also: &[&str]) -> Result<Vec<Row<'static>>, String> {
    let all = rows(file);
    if let Some(r) = all.iter().find(|r| r.array != array && !also.contains(&r.array)) {
        return Err(format!(
            "{}:{}: unknown array `{}` (expected `{array}`)",
            r.file, r.line, r.array
        ));
    }
    Ok(all.into_iter().filter(|r| r.array == array).collect())
}

fn read<T: DeserializeOwned>(row: &Row<'static>) -> Result<T, String> {
    reader::from_row(row.text).map_err(|e| row.locate(&e))
}

/// A row's own name must be the name it is indexed under.
fn named(row: &Row, name: &str) -> Result<(), String> {
    if name == row.name {
        Ok(())
    } else {
        Err(format!(
            "{}:{}: the name `{}` is not written as the catalog writes it (`{name}`)",
            row.file, row.line, row.name
        ))
    }
}

/// Read one keyword row.
pub fn keyword(row: &Row<'static>) -> Result<KeywordInfo, String> {
    let k = read::<KeywordRow>(row)?
        .into_info(Origin::Builtin)
        .map_err(|m| format!("{}:{}: {m}", row.file, row.line))?;
    named(row, &k.name)?;
    Ok(k)
}

/// Read one option row of the file `own`, with the bit meanings of bit options.
pub fn option(row: &Row<'static>, own: FileName) -> Result<AnyOption, String> {
    let raw: OptionRow = read(row)?;
    if raw.file.is_some_and(|f| f != own) {
        return Err(format!("{}:{}: the row names another file", row.file, row.line));
    }
    let mut o = raw
        .into_info(own, Origin::Builtin)
        .map_err(|m| format!("{}:{}: {m}", row.file, row.line))?;
    let name = match &mut o {
        AnyOption::Option(o) => {
            if o.ty == ValueType::Bits
                && matches!(o.file, OptionFile::OptionDat | OptionFile::ChannelOption)
            {
                o.bits = bits(&o.name)?;
            }
            &o.name
        }
        AnyOption::Service(o) => &o.name,
    };
    named(row, name)?;
    Ok(o)
}

/// The `bit` rows of options.toml: the bit meanings of the bit options of option.dat.
/// An option of the same name in a channel option file has the same bits.
fn bits(option: &str) -> Result<Vec<BitInfo>, String> {
    static BITS: LazyLock<Vec<Row<'static>>> = LazyLock::new(|| {
        let rows = rows(DataFile::Options);
        rows.into_iter().filter(|r| r.array == "bit").collect()
    });
    let mut out = Vec::new();
    for row in BITS.iter().filter(|r| r.name == option) {
        out.push(read::<BitRow>(row)?.into_info());
    }
    Ok(out)
}

/// The option rows of one file.
fn options(file: DataFile, own: FileName) -> Result<Vec<AnyOption>, String> {
    let also: &[&str] = if file == DataFile::Options { &["bit"] } else { &[] };
    array(file, "option", also)?.iter().map(|r| option(r, own)).collect()
}

/// Read a whole file of one array.
fn all<T: DeserializeOwned>(file: DataFile, name: &str) -> Result<Vec<T>, String> {
    array(file, name, &[])?.iter().map(read).collect()
}

/// The Dispatcher DEBUG bits, read once.
pub fn debug_bits() -> &'static [DebugBit] {
    static BITS: LazyLock<Vec<DebugBit>> = LazyLock::new(|| {
        let rows = all::<DebugBitRow>(DataFile::DebugBits, "bit");
        let rows = rows.unwrap_or_else(|e| panic!("built-in knowledge data: {e}"));
        rows.into_iter().map(DebugBit::from).collect()
    });
    &BITS
}

/// The mail.log entry codes, read once.
pub fn log_codes() -> &'static [LogEntryCode] {
    static CODES: LazyLock<Vec<LogEntryCode>> = LazyLock::new(|| {
        let rows = all::<LogCodeRow>(DataFile::LogCodes, "code");
        let rows = rows.unwrap_or_else(|e| panic!("built-in knowledge data: {e}"));
        rows.into_iter().map(LogEntryCode::from).collect()
    });
    &CODES
}

/// Every built-in row, in file order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Builtin {
    /// Channel keywords, from keywords.toml.
    pub keywords: Vec<KeywordInfo>,
    /// option.dat options with their bit meanings, from options.toml.
    pub options: Vec<OptionInfo>,
    /// `<channel>_option` options with their bit meanings, from channel_options.toml.
    pub channel_options: Vec<OptionInfo>,
    /// imta_tailor settings, from tailor.toml.
    pub tailor: Vec<OptionInfo>,
    /// dispatcher.cnf options, from dispatcher.toml.
    pub dispatcher: Vec<ServiceOptionInfo>,
    /// job_controller.cnf options, from job_controller.toml.
    pub job_controller: Vec<ServiceOptionInfo>,
    /// Dispatcher DEBUG bits, from debug_bits.toml.
    pub debug_bits: Vec<DebugBit>,
    /// mail.log entry codes, from log_codes.toml.
    pub log_codes: Vec<LogEntryCode>,
}

fn plain(rows: Vec<AnyOption>) -> Vec<OptionInfo> {
    let plain = |o| match o {
        AnyOption::Option(o) => Some(o),
        AnyOption::Service(_) => None,
    };
    rows.into_iter().filter_map(plain).collect()
}

fn service(rows: Vec<AnyOption>) -> Vec<ServiceOptionInfo> {
    let service = |o| match o {
        AnyOption::Service(o) => Some(o),
        AnyOption::Option(_) => None,
    };
    rows.into_iter().filter_map(service).collect()
}

/// Read every row of every data file and check what holds across rows: every `bit` row
/// belongs to a bit option of option.dat.
pub fn parse() -> Result<Builtin, String> {
    let keywords = array(DataFile::Keywords, "keyword", &[])?;
    let b = Builtin {
        keywords: keywords.iter().map(keyword).collect::<Result<_, _>>()?,
        options: plain(options(DataFile::Options, FileName::OptionDat)?),
        channel_options: plain(options(DataFile::ChannelOptions, FileName::Channel)?),
        tailor: plain(options(DataFile::Tailor, FileName::Tailor)?),
        dispatcher: service(options(DataFile::Dispatcher, FileName::Dispatcher)?),
        job_controller: service(options(DataFile::JobController, FileName::JobController)?),
        debug_bits: all::<DebugBitRow>(DataFile::DebugBits, "bit")?
            .into_iter()
            .map(DebugBit::from)
            .collect(),
        log_codes: all::<LogCodeRow>(DataFile::LogCodes, "code")?
            .into_iter()
            .map(LogEntryCode::from)
            .collect(),
    };
    for row in array(DataFile::Options, "bit", &["option"])? {
        read::<BitRow>(&row)?;
        if !b.options.iter().any(|o| o.name == row.name && o.ty == ValueType::Bits) {
            return Err(format!(
                "{}:{}: no option of type \"bits\" is called {}",
                row.file, row.line, row.name
            ));
        }
    }
    Ok(b)
}
