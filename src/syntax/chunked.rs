//! Parsing large files piece by piece with the grammar's own entry points.
//!
//! pest keeps every token of a parse in memory until the parse ends (about 100 bytes per
//! token), which for a 100 MB file is gigabytes. The file-level rules are repetitions of
//! self-contained items, so the driver runs those repetitions over slices that end where
//! no item can continue, and synthesises the few file-level nodes itself.

use pest::Parser;

use super::tree::{self, SyntaxTree};
use super::{CnfParser, Kind, ParseError, Rule};

pub(super) fn parse(text: &str, kind: Kind, chunk: usize) -> Result<SyntaxTree, ParseError> {
    let mut tree = SyntaxTree::with_capacity(text.len());
    let root = tree.open_node(kind.top_rule());
    match kind {
        Kind::Imta => {
            let section = tree.open_node(Rule::rewrite_section);
            let at = run(&mut tree, text, 0, Rule::rewrite_lines, chunk, Cut::AnyLine)?;
            close_or_drop(&mut tree, section);
            if at < text.len() {
                let section = tree.open_node(Rule::channel_section);
                let at = once(&mut tree, text, at, Rule::section_break)?;
                run(
                    &mut tree,
                    text,
                    at,
                    Rule::channel_items,
                    chunk,
                    Cut::AfterBlank,
                )?;
                close_or_drop(&mut tree, section);
            }
        }
        Kind::ImtaChannels => {
            run(
                &mut tree,
                text,
                0,
                Rule::channel_items,
                chunk,
                Cut::AfterBlank,
            )?;
        }
        Kind::Option | Kind::ChannelOption | Kind::Tailor => {
            run(&mut tree, text, 0, Rule::option_items, chunk, Cut::ItemEnd)?;
        }
        Kind::Dispatcher | Kind::JobController => {
            let globals = tree.open_node(Rule::globals);
            let mut at = run(
                &mut tree,
                text,
                0,
                Rule::dispatcher_lines,
                chunk,
                Cut::ItemEnd,
            )?;
            close_or_drop(&mut tree, globals);
            // One pest run per section (header and lines together), over at most a chunk;
            // a section longer than that goes on with its lines, chunk by chunk.
            while at < text.len() {
                let end = cut_after(text, at + chunk, Cut::ItemEnd);
                let section = tree.nodes.len();
                let Ok(pairs) = CnfParser::parse(Rule::section, &text[at..end]) else {
                    break;
                };
                tree::build_into(&mut tree, pairs, at);
                let reached = tree.covered().max(at);
                if reached == at {
                    break;
                }
                at = reached;
                if reached == end && end < text.len() {
                    at = run(
                        &mut tree,
                        text,
                        end,
                        Rule::dispatcher_lines,
                        chunk,
                        Cut::ItemEnd,
                    )?;
                    tree.close_node(section);
                }
            }
        }
    }
    let covered = tree.covered();
    tree.push_gap(Rule::bad_text, covered, text.len());
    close_or_drop(&mut tree, root);
    Ok(tree)
}

/// Close a synthesised node, or remove it when nothing was added under it (a whole-file
/// parse makes no node for an empty rule either).
fn close_or_drop(tree: &mut SyntaxTree, id: usize) {
    let first = tree.nodes[id].first_token as usize;
    if tree.tokens.len() == first {
        tree.nodes.truncate(id);
    } else {
        tree.close_node(id);
    }
}

/// Where a chunk of a repetition may end.
#[derive(Clone, Copy)]
enum Cut {
    /// After any line (rewrite rules are one line each).
    AnyLine,
    /// After a blank or blanks-only line (channel blocks).
    AfterBlank,
    /// After a line that is not a comment and does not end in `\` (such a line ends every
    /// option setting, continued or not).
    ItemEnd,
}

/// Parse one occurrence of a rule at `at`; returns where it ended.
fn once(tree: &mut SyntaxTree, text: &str, at: usize, rule: Rule) -> Result<usize, ParseError> {
    match CnfParser::parse(rule, &text[at..]) {
        Ok(pairs) => {
            tree::build_into(tree, pairs, at);
            Ok(tree.covered().max(at))
        }
        Err(_) => Ok(at),
    }
}

/// Run a repetition rule over `text[at..]` chunk by chunk; returns where it stopped.
fn run(
    tree: &mut SyntaxTree,
    text: &str,
    mut at: usize,
    rule: Rule,
    chunk: usize,
    cut: Cut,
) -> Result<usize, ParseError> {
    while at < text.len() {
        let end = cut_after(text, at + chunk, cut);
        let pairs =
            CnfParser::parse(rule, &text[at..end]).map_err(|e| ParseError::grammar(e, at))?;
        tree::build_into(tree, pairs, at);
        let reached = tree.covered().max(at);
        if reached < end {
            return Ok(reached);
        }
        at = end;
    }
    Ok(at)
}

/// The first safe cut at or after `from` (the end of the text if there is none).
fn cut_after(text: &str, from: usize, cut: Cut) -> usize {
    let bytes = text.as_bytes();
    if from >= bytes.len() {
        return bytes.len();
    }
    // Start at the beginning of the line that holds `from`.
    let mut line_start = memchr::memrchr(b'\n', &bytes[..from]).map_or(0, |p| p + 1);
    loop {
        let Some(nl) = memchr::memchr(b'\n', &bytes[line_start..]) else {
            return bytes.len();
        };
        let line_end = line_start + nl + 1;
        let line = &bytes[line_start..line_start + nl];
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line_end > from {
            let ok = match cut {
                Cut::AnyLine => true,
                Cut::AfterBlank => line.iter().all(|b| *b == b' ' || *b == b'\t'),
                Cut::ItemEnd => {
                    !matches!(line.first(), Some(b'!' | b'#' | b';')) && line.last() != Some(&b'\\')
                }
            };
            if ok {
                return line_end;
            }
        }
        line_start = line_end;
    }
}
