//! `imtacfg debug decode|encode|show|set`: Dispatcher DEBUG masks.

use super::error::CliError;
use std::path::Path;

use clap::{Args, Subcommand};

use super::dispatcher::{ServiceTarget, dispatcher_file};
use super::editing::{self, EditFlags, fail, load, looks_like_path};
use super::output::{TableOrJson, document};
use super::{exit, output};
use imtacfg::debug_mask::{self, Decoded};
use imtacfg::edit;
use imtacfg::model::config_set::{ConfigFile, ConfigSet};
use imtacfg::report::documents;
use imtacfg::syntax::Kind;
use imtacfg::workspace::Workspace;

#[derive(Debug, Subcommand)]
pub enum DebugCommand {
    /// Decode a DEBUG mask: decimal, -1, b%v (16%FF), 0x…, or with --hex bare hexadecimal
    /// as IMTA_DISPATCHER_DEBUG is written (FFFFFFFF).
    #[command(after_long_help = super::help::with_debug_bits(super::help::DEBUG_DECODE))]
    Decode {
        /// The mask: decimal, -1 (every bit), b%v (16%1010), 0x… (with --hex: bare
        /// hexadecimal).
        #[arg(allow_hyphen_values = true)]
        value: String,
        /// Read VALUE as bare hexadecimal, the way the environment variable is written.
        #[arg(long)]
        hex: bool,
        /// Output: `table` for people, `json` for tools (a versioned document, see the README).
        #[arg(long, value_enum, default_value = "table")]
        format: TableOrJson,
    },
    /// Build a mask from bit numbers (0–31) or names of documented bits (listed in
    /// --help).
    #[command(after_long_help = super::help::with_debug_bits(super::help::DEBUG_ENCODE))]
    Encode {
        /// Bit numbers (0–31) or names of documented bits, e.g. `4 worker-basic`.
        #[arg(required = true, value_name = "BIT|NAME")]
        bits: Vec<String>,
        /// Output: `table` for people, `json` for tools (a versioned document, see the README).
        #[arg(long, value_enum, default_value = "table")]
        format: TableOrJson,
    },
    /// Set DEBUG in dispatcher.cnf (globally, or in one service with --service), through
    /// the editing pipeline: diff first, --write to apply.
    #[command(after_long_help = super::help::with_debug_bits(super::help::DEBUG_SET))]
    Set(DebugSetArgs),
    /// Show and decode the DEBUG settings of a dispatcher.cnf (globals and sections).
    #[command(after_long_help = super::help::DEBUG_SHOW)]
    Show {
        /// dispatcher.cnf, or the configuration directory holding it (default: `.`).
        path: Option<String>,
        /// Output: `table` for people, `json` for tools (a versioned document, see the README).
        #[arg(long, value_enum, default_value = "table")]
        format: TableOrJson,
    },
}

pub fn debug(cmd: DebugCommand) -> i32 {
    let result = match cmd {
        DebugCommand::Decode { value, hex, format } => debug_mask::parse_value(&value, hex)
            .map(|v| render_decoded(&debug_mask::decode_value(&value, v), format)),
        DebugCommand::Encode { bits, format } => debug_mask::encode(&bits).map(|mask| {
            let decoded = debug_mask::decode_value(&bits.join(" "), mask);
            match format {
                TableOrJson::Json => document(&documents::DebugEncoded {
                    version: documents::VERSION,
                    value: mask,
                    hex: &decoded.hex,
                    debug: debug_mask::option_value(mask),
                    env: debug_mask::env_value(mask),
                    bits: documents::bits(&decoded),
                }),
                TableOrJson::Table => format!(
                    "DEBUG={}\nIMTA_DISPATCHER_DEBUG={}\n\n{}",
                    debug_mask::option_value(mask),
                    debug_mask::env_value(mask),
                    bit_table(&decoded)
                ),
            }
        }),
        DebugCommand::Show { path, format } => {
            return match show(path.as_deref().unwrap_or("."), format) {
                // Every setting is shown; a value that cannot be decoded is also an error.
                Ok((text, bad)) => {
                    let code = finish(Ok(text));
                    for b in &bad {
                        output::error(b);
                    }
                    if bad.is_empty() { code } else { exit::ERROR }
                }
                Err(e) => finish(Err(e)),
            };
        }
        DebugCommand::Set(args) => return debug_set(args),
    };
    finish(result.map_err(CliError::from))
}

fn finish(result: Result<String, CliError>) -> i32 {
    output::finish(result.map(|text| (text, exit::OK)))
}

fn bit_table(d: &Decoded) -> String {
    if d.bits.is_empty() {
        return "no bits set\n".into();
    }
    // The name column is as wide as the longest name shown (`encode` takes these names).
    let width = d.bits.iter().map(|b| b.name.len()).max().unwrap_or(0).max(4);
    let mut s = format!(
        "{:>3}  {:<10}  {:>10}  {:<width$}  {:<12}  meaning\n",
        "bit", "hex", "decimal", "name", "status"
    );
    for b in &d.bits {
        let name = if b.name.is_empty() { "-" } else { b.name };
        s.push_str(&format!(
            "{:>3}  {:<10}  {:>10}  {:<width$}  {:<12}  {}\n",
            b.bit, b.hex, b.decimal, name, b.status, b.meaning
        ));
    }
    s
}

fn render_decoded(d: &Decoded, format: TableOrJson) -> String {
    match format {
        TableOrJson::Json => document(&documents::DebugDecoded {
            version: documents::VERSION,
            mask: documents::mask(d),
        }),
        TableOrJson::Table => format!("{} = {} ({})\n\n{}", d.input, d.value, d.hex, bit_table(d)),
    }
}

/// Load the dispatcher.cnf of a path (a file, or a directory holding one), with the
/// workspace it was read in.
pub(super) fn load_dispatcher(
    path: &str,
    config: Option<&Path>,
) -> Result<(Workspace, ConfigSet, usize), CliError> {
    let mut o = super::load::overrides(config)?;
    // A file given by itself is a dispatcher.cnf whatever its name.
    o.kind = (!Path::new(path).is_dir()).then_some(Kind::Dispatcher);
    let ws = super::load::workspace(path, &o)?;
    let set = ws.open_complete(path)?;
    let idx = set
        .file_of(Kind::Dispatcher)
        .map(|(i, _)| i)
        .ok_or_else(|| format!("{path}: no dispatcher.cnf here"))?;
    Ok((ws, set, idx))
}

/// The decoded DEBUG settings of a dispatcher.cnf, and a message for each value that
/// cannot be decoded.
fn show(path: &str, format: TableOrJson) -> Result<(String, Vec<String>), CliError> {
    let (_, set, idx) = load_dispatcher(path, None)?;
    let f: &ConfigFile = &set.files[idx];
    let m = f.dispatcher().ok_or("not a dispatcher file")?;
    let text = &f.source.text;
    let mut found = Vec::new();
    for (i, s) in m.settings.iter().enumerate() {
        if s.normalized != "DEBUG" {
            continue;
        }
        let scope = m
            .sections
            .iter()
            .find(|sec| sec.settings.contains(&i))
            .map_or("global".to_string(), |sec| {
                format!("[{}={}]", sec.kind.text(text), sec.name.text(text))
            });
        let line = f.source.line_col(s.span.start as usize).line;
        let value = s.value_trimmed().to_string();
        let decoded = debug_mask::parse_value(&value, false)
            .map(|v| debug_mask::decode_value(&value, v))
            .map_err(|e| e.to_string());
        found.push((scope, line, value, decoded));
    }
    let bad: Vec<String> = found
        .iter()
        .filter_map(|(_, line, _, d)| {
            d.as_ref().err().map(|e| format!("{}:{line}: DEBUG {e}", f.name()))
        })
        .collect();
    let text = match format {
        TableOrJson::Json => document(&documents::DebugShow {
            version: documents::VERSION,
            file: f.name(),
            settings: found
                .iter()
                .map(|(scope, line, value, d)| documents::DebugSetting {
                    scope,
                    line: *line,
                    value,
                    decoded: d.as_ref().ok().map(documents::mask),
                    error: d.as_ref().err().map(String::as_str),
                })
                .collect(),
        }),
        TableOrJson::Table => {
            if found.is_empty() {
                return Ok((format!("{}: DEBUG is not set\n", f.name()), bad));
            }
            let mut s = String::new();
            for (scope, line, value, d) in &found {
                s.push_str(&format!("{}:{line}: {scope} DEBUG={value}\n", f.name()));
                match d {
                    Ok(d) => s.push_str(&format!(
                        "  = {} ({})\n{}\n",
                        d.value,
                        d.hex,
                        indent(&bit_table(d))
                    )),
                    Err(e) => s.push_str(&format!("  cannot decode: {e}\n\n")),
                }
            }
            s
        }
    };
    Ok((text, bad))
}

fn indent(s: &str) -> String {
    s.lines().map(|l| format!("  {l}\n")).collect()
}

// ---- debug set ----

#[derive(Debug, Args)]
pub struct DebugSetArgs {
    /// The mask (decimal, -1, b%v, 0x…), then optionally the configuration PATH.
    #[arg(allow_negative_numbers = true)]
    words: Vec<String>,
    /// Build the mask from bit numbers or names instead of VALUE:
    /// `--bits worker-basic 4` or `--bits worker-basic,4`.
    #[arg(long, value_delimiter = ',', num_args = 1..)]
    bits: Vec<String>,
    #[command(flatten)]
    target: ServiceTarget,
    #[command(flatten)]
    flags: EditFlags,
}

pub fn debug_set(a: DebugSetArgs) -> i32 {
    let mut words = a.words.clone();
    let mut bits = a.bits.clone();
    // `--bits 4 12 conf`: the PATH ends up among the bits.
    if words.is_empty() && a.flags.dir.is_none() && bits.last().is_some_and(|b| looks_like_path(b))
    {
        words.extend(bits.pop());
    }
    let a = DebugSetArgs { bits, ..a };
    let path = if let Some(p) = &a.flags.dir {
        p.clone()
    } else if words.last().is_some_and(|w| Path::new(w).exists())
        && (words.len() > 1 || !a.bits.is_empty())
    {
        words.pop().unwrap_or_default()
    } else {
        ".".into()
    };
    let mask = match (words.as_slice(), a.bits.is_empty()) {
        ([v], true) => imtacfg::debug_mask::parse_value(v, false).map_err(CliError::from),
        ([], false) => imtacfg::debug_mask::encode(&a.bits).map_err(CliError::from),
        _ => Err("give either one VALUE or --bits BIT…".into()),
    };
    let mask = match mask {
        Ok(m) => m,
        Err(e) => return fail(e),
    };
    let ctx = match load(&path, &a.flags) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let set = &ctx.set;
    let fi = match dispatcher_file(set, &path) {
        Ok(i) => i,
        Err(e) => return fail(e),
    };
    let service = match a.target.checked(&set.files[fi]) {
        Ok(s) => s,
        Err(e) => return fail(e),
    };
    let value = imtacfg::debug_mask::option_value(mask);
    match edit::dispatcher::set(set, fi, service, &[("DEBUG".to_string(), value)]) {
        Ok(p) => editing::finish(&ctx, p, &a.flags),
        Err(e) => fail(e),
    }
}
