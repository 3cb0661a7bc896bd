//! The lossless syntax tree.
//!
//! The pest grammars in `grammar/` describe each file family. Parsing turns the text into
//! a flat, compact tree: a list of tokens that covers every byte exactly once, and a list
//! of nodes (in pre-order) that group tokens into lines, settings, blocks and sections.
//! Printing the tokens back gives the input, byte for byte.
//!
//! Cost: pest's time goes per rule entered, so the grammars call few rules per line: a
//! line part that holds many words is one token whose run pest skips with memchr (the
//! model splits the words; the tree builder cuts a setting's first line into its parts),
//! and a line's first character sends it straight to the one alternative that can match.
//! pest's per-rule stack probe is turned off by the stand-in `pest_stack_guard` in
//! `vendor/` (the grammars are not recursive). Large files are cut into pieces parsed on
//! all cores (see `chunked`).
//!
//! Layer: uses nothing of the crate.

mod chunked;
mod tree;

pub(crate) use chunked::{Sink, drive as parse_map};
pub use tree::{Child, Node, NodeId, SyntaxTree, Token};

use pest::Parser;
use serde::Serialize;

pub use generated::{CnfParser, Rule};

/// The pest_derive output, in a module of its own only so that its undocumented
/// `Rule::all_rules` can be exempted from `missing_docs`; both names are re-exported above.
mod generated {
    #![allow(missing_docs)]

    /// The generated parser for all grammars (they share `common.pest`).
    #[derive(pest_derive::Parser)]
    #[grammar = "../grammar/common.pest"]
    #[grammar = "../grammar/imta.pest"]
    #[grammar = "../grammar/option.pest"]
    #[grammar = "../grammar/dispatcher.pest"]
    pub struct CnfParser;
}

/// The file families imtacfg knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// imta.cnf, and files it includes from its rewrite-rule part.
    Imta,
    /// A file included from the channel part of imta.cnf (channel blocks only).
    ImtaChannels,
    /// option.dat.
    Option,
    /// `<channel>_option`.
    ChannelOption,
    /// imta_tailor.
    Tailor,
    /// dispatcher.cnf.
    Dispatcher,
    /// job_controller.cnf.
    JobController,
}

impl Kind {
    /// What messages call a file of this family, whatever the file is named
    /// (`option.dat` also for an `opt.backup` read with `--kind option`).
    pub fn label(self) -> &'static str {
        match self {
            Kind::Imta | Kind::ImtaChannels => "imta.cnf",
            Kind::Option => "option.dat",
            Kind::ChannelOption => "a channel option file",
            Kind::Tailor => "imta_tailor",
            Kind::Dispatcher => "dispatcher.cnf",
            Kind::JobController => "job_controller.cnf",
        }
    }

    /// Guess the family from a file name, as the product names its files.
    pub fn from_file_name(name: &str) -> Option<Kind> {
        let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
        match base {
            "imta.cnf" => Some(Kind::Imta),
            "option.dat" => Some(Kind::Option),
            "imta_tailor" => Some(Kind::Tailor),
            "dispatcher.cnf" => Some(Kind::Dispatcher),
            "job_controller.cnf" => Some(Kind::JobController),
            _ if base.ends_with("_option") && base.len() > "_option".len() => {
                Some(Kind::ChannelOption)
            }
            _ => None,
        }
    }

    /// The name used on the command line (`--kind`) and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Imta => "imta",
            Kind::ImtaChannels => "imta-channels",
            Kind::Option => "option",
            Kind::ChannelOption => "channel-option",
            Kind::Tailor => "tailor",
            Kind::Dispatcher => "dispatcher",
            Kind::JobController => "job-controller",
        }
    }

    /// Parse a `--kind` value.
    pub fn parse(s: &str) -> Option<Kind> {
        Some(match s {
            "imta" => Kind::Imta,
            "imta-channels" => Kind::ImtaChannels,
            "option" => Kind::Option,
            "channel-option" => Kind::ChannelOption,
            "tailor" => Kind::Tailor,
            "dispatcher" => Kind::Dispatcher,
            "job-controller" => Kind::JobController,
            _ => return None,
        })
    }

    pub(crate) fn top_rule(self) -> Rule {
        match self {
            Kind::Imta => Rule::imta_file,
            Kind::ImtaChannels => Rule::imta_channel_file,
            Kind::Option | Kind::ChannelOption | Kind::Tailor => Rule::option_file,
            Kind::Dispatcher | Kind::JobController => Rule::dispatcher_file,
        }
    }
}

/// Parse `text` as a file of the given family.
///
/// Large files are parsed in chunks of about [`CHUNK`] bytes, cut only where the grammar
/// is between two items (after a line that ends every item, see `safe_cut`), so that
/// pest's token queue stays small; the tree is the same as a parse of the whole text in
/// one go (`parse_unchunked`, compared by tests).
///
/// The grammars accept every input (lines that fit no form become `bad_line` tokens), so
/// an error here is a bug in a grammar; it is still reported, never a panic.
pub fn parse(text: &str, kind: Kind) -> Result<SyntaxTree, ParseError> {
    chunked::parse(text, kind, CHUNK)
}

/// Why a text has no syntax tree. The grammars accept every input, so either is a bug in
/// a grammar or in the tree builder; it is reported rather than a panic.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    /// pest stopped: where (1-based, within the piece that began at byte `offset`) and why.
    #[error(
        "the grammar stopped at line {line}, column {column} of the piece at byte {offset}: {message}"
    )]
    Grammar {
        /// Byte offset of the parsed piece in the file.
        offset: usize,
        /// Line within the piece.
        line: usize,
        /// Column within the piece.
        column: usize,
        /// pest's own description.
        message: String,
    },
    /// The tokens do not cover the text exactly once, in order.
    #[error("the syntax tree does not cover the text: {0}")]
    Coverage(String),
}

impl ParseError {
    pub(crate) fn grammar(e: pest::error::Error<Rule>, offset: usize) -> ParseError {
        let (line, column) = match e.line_col {
            pest::error::LineColLocation::Pos(p) | pest::error::LineColLocation::Span(p, _) => p,
        };
        ParseError::Grammar { offset, line, column, message: e.variant.message().into_owned() }
    }
}

/// Target size of one parse chunk.
///
/// 256 KiB: pieces small enough to keep both cores busy to the end and pest's token queue
/// in cache, large enough that starting pest per piece costs nothing (64 KiB to 1 MiB were
/// measured; see benches/parse.rs).
pub const CHUNK: usize = 256 << 10;

/// Parse with the file-level rule in one go (the reference for the chunked parser).
pub fn parse_unchunked(text: &str, kind: Kind) -> Result<SyntaxTree, ParseError> {
    let pairs = CnfParser::parse(kind.top_rule(), text).map_err(|e| ParseError::grammar(e, 0))?;
    let mut tree = SyntaxTree::with_capacity(text.len());
    tree::build_into(&mut tree, pairs, text, 0);
    Ok(tree)
}

/// Parse with a chosen chunk size (tests use tiny chunks to exercise every cut).
pub fn parse_with_chunk(text: &str, kind: Kind, chunk: usize) -> Result<SyntaxTree, ParseError> {
    chunked::parse(text, kind, chunk.max(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(text: &str, kind: Kind) -> SyntaxTree {
        let tree = parse(text, kind).unwrap();
        tree.check_coverage(text.len()).unwrap();
        assert_eq!(tree.print(text), text);
        tree
    }

    #[test]
    fn every_family_prints_back_its_input() {
        for kind in [Kind::Imta, Kind::ImtaChannels, Kind::Option, Kind::Dispatcher] {
            for text in [
                "", "\n", "  \n", "a b\r\n\nc d \\\n  e\n",
                "! c\n<x\nX=1\\\n!c\n y\n[SERVICE=A]\nB = 2", "\\", "=\n[\n]\n<\n",
            ] {
                round_trip(text, kind);
            }
        }
    }

    /// The tokens of a setting's first line are cut from one `setting_head` by the tree
    /// builder; they must be those the rules `option_name ~ space? ~ equals ~ space? ~
    /// value_text` would give, in both families that have settings.
    #[test]
    fn a_setting_head_is_cut_into_name_blanks_equals_and_value() {
        use Rule::*;
        let cases: &[(&str, &[(Rule, &str)])] = &[
            ("A=1\n", &[(option_name, "A"), (equals, "="), (value_text, "1"), (eol, "\n")]),
            ("B=\n", &[(option_name, "B"), (equals, "="), (eol, "\n")]),
            (
                "  Ü_1 \t=  x y \\\n z\n",
                &[
                    (indent, "  "),
                    (option_name, "Ü_1"),
                    (space, " \t"),
                    (equals, "="),
                    (space, "  "),
                    (value_text, "x y "),
                    (cont_mark, "\\"),
                    (eol, "\n"),
                    (value_text, " z"),
                    (eol, "\n"),
                ],
            ),
            ("C= \\", &[(option_name, "C"), (equals, "="), (space, " "), (cont_mark, "\\")]),
            ("D=a\\b=c", &[(option_name, "D"), (equals, "="), (value_text, "a\\b=c")]),
        ];
        for kind in [Kind::Option, Kind::Dispatcher] {
            for (text, want) in cases {
                let tree = round_trip(text, kind);
                let got: Vec<(Rule, &str)> =
                    tree.tokens.iter().map(|t| (t.rule, t.text(text))).collect();
                assert_eq!(&got, want, "{kind:?} {text:?}");
            }
        }
    }

    #[test]
    fn kind_from_file_name() {
        assert_eq!(Kind::from_file_name("conf/imta.cnf"), Some(Kind::Imta));
        assert_eq!(Kind::from_file_name("tcp_local_option"), Some(Kind::ChannelOption));
        assert_eq!(Kind::from_file_name("_option"), None);
        assert_eq!(Kind::from_file_name("notes.txt"), None);
    }
}
