//! Parsing large files piece by piece with the grammar's own entry points.
//!
//! pest keeps every token of a parse in memory until the parse ends (about 100 bytes per
//! token), which for a 100 MB file is gigabytes. The file-level rules are repetitions of
//! self-contained items, so the driver runs those repetitions over slices that end where
//! no item can continue, and synthesises the few file-level nodes itself.

use std::ops::Range;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;

use pest::Parser;

use super::tree::{self, SyntaxTree};
use super::{CnfParser, Kind, ParseError, Rule};

pub(super) fn parse(text: &str, kind: Kind, chunk: usize) -> Result<SyntaxTree, ParseError> {
    let mut tree = SyntaxTree::with_capacity(text.len());
    let root = tree.open_node(kind.top_rule());
    match kind {
        Kind::Imta => {
            let section = tree.open_node(Rule::rewrite_section);
            let at = run(
                &mut tree,
                text,
                0,
                Rule::rewrite_lines,
                chunk,
                Cut::AnyLine,
                rewrite_end(text),
            )?;
            close_or_drop(&mut tree, section);
            if at < text.len() {
                let section = tree.open_node(Rule::channel_section);
                let at = once(&mut tree, text, at, Rule::section_break)?;
                run(&mut tree, text, at, Rule::channel_items, chunk, Cut::AfterBlank, text.len())?;
                close_or_drop(&mut tree, section);
            }
        }
        Kind::ImtaChannels => {
            run(&mut tree, text, 0, Rule::channel_items, chunk, Cut::AfterBlank, text.len())?;
        }
        Kind::Option | Kind::ChannelOption | Kind::Tailor => {
            run(&mut tree, text, 0, Rule::option_items, chunk, Cut::ItemEnd, text.len())?;
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
                // The globals end at the first header: one piece at a time.
                0,
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
                    at = run(&mut tree, text, end, Rule::dispatcher_lines, chunk, Cut::ItemEnd, 0)?;
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
///
/// The pieces are cut first and parsed on all cores, each into a fragment of its own;
/// the fragments are appended in text order. A piece that the rule does not cover to its
/// end is where the repetition stops: later fragments are dropped (the grammar would
/// never have reached them). `hint` is where the repetition is expected to stop; pieces
/// are cut only up to it, and the rest is parsed one piece at a time as before, so a wrong
/// hint costs time, never a different tree.
fn run(
    tree: &mut SyntaxTree,
    text: &str,
    at: usize,
    rule: Rule,
    chunk: usize,
    cut: Cut,
    hint: usize,
) -> Result<usize, ParseError> {
    let mut pieces = Vec::new();
    let mut from = at;
    while from < hint.min(text.len()) {
        let end = cut_after(text, from + chunk, cut);
        pieces.push(from..end);
        from = end;
    }
    let mut at = match parse_pieces(tree, text, rule, &pieces)? {
        Some(reached) => return Ok(reached),
        None => from.max(at),
    };
    while at < text.len() {
        let end = cut_after(text, at + chunk, cut);
        tree.append(piece(text, rule, at..end)?);
        let reached = tree.covered().max(at);
        if reached < end {
            return Ok(reached);
        }
        at = end;
    }
    Ok(at)
}

/// Parse one piece into a fragment of its own (offsets are those of the whole text).
fn piece(text: &str, rule: Rule, range: Range<usize>) -> Result<SyntaxTree, ParseError> {
    let pairs = CnfParser::parse(rule, &text[range.clone()])
        .map_err(|e| ParseError::grammar(e, range.start))?;
    let mut frag = SyntaxTree::with_capacity(range.len());
    tree::build_into(&mut frag, pairs, range.start);
    Ok(frag)
}

/// Parse `pieces` (consecutive ranges) in parallel and append their fragments to `tree`
/// in order. Returns where the repetition stopped if a piece was not covered to its end,
/// `None` if every piece was.
fn parse_pieces(
    tree: &mut SyntaxTree,
    text: &str,
    rule: Rule,
    pieces: &[Range<usize>],
) -> Result<Option<usize>, ParseError> {
    // Appends a fragment; true when the repetition goes on after it.
    let join = |tree: &mut SyntaxTree, range: &Range<usize>, frag| {
        tree.append(frag);
        let reached = tree.covered().max(range.start);
        (reached == range.end).then_some(()).ok_or(reached)
    };
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).min(pieces.len());
    if workers <= 1 {
        for range in pieces {
            if let Err(reached) = join(tree, range, piece(text, rule, range.clone())?) {
                return Ok(Some(reached));
            }
        }
        return Ok(None);
    }
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    std::thread::scope(|scope| {
        let (send, receive) = mpsc::channel();
        for _ in 0..workers {
            let send = send.clone();
            let (next, stop) = (&next, &stop);
            // The main thread's stack size: a long continued item is one piece.
            let spawned =
                std::thread::Builder::new().stack_size(8 << 20).spawn_scoped(scope, move || {
                    while !stop.load(Ordering::Relaxed) {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(range) = pieces.get(i) else { break };
                        if send.send((i, piece(text, rule, range.clone()))).is_err() {
                            break;
                        }
                    }
                });
            if spawned.is_err() {
                // No thread: the pieces it would have taken go to the others, or (if none
                // started) to the loop below on this thread.
                continue;
            }
        }
        drop(send);
        // Fragments arrive in any order; each is appended once all before it are.
        let mut waiting = std::collections::BTreeMap::new();
        let mut want = 0;
        let mut result = Ok(None);
        let mut received = receive.iter();
        while want < pieces.len() {
            let frag = match waiting.remove(&want) {
                Some(f) => f,
                None => match received.next() {
                    Some((i, f)) if i != want => {
                        waiting.insert(i, f);
                        continue;
                    }
                    Some((_, f)) => f,
                    // Every worker gone (or none started): parse the rest here.
                    None => piece(text, rule, pieces[want].clone()),
                },
            };
            let outcome = frag.map(|f| join(tree, &pieces[want], f));
            match outcome {
                Ok(Ok(())) => want += 1,
                Ok(Err(reached)) => {
                    result = Ok(Some(reached));
                    break;
                }
                Err(e) => {
                    result = Err(e);
                    break;
                }
            }
        }
        stop.store(true, Ordering::Relaxed);
        result
    })
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

/// Where the rewrite rules of an imta.cnf probably end: at the first line of blanks only
/// (the only kind of line that no rule of `rewrite_lines` takes). Only a hint for cutting
/// pieces to parse in parallel; the grammar decides.
fn rewrite_end(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut start = 0;
    for nl in memchr::memchr_iter(b'\n', bytes) {
        let line = &bytes[start..nl];
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.iter().all(|b| *b == b' ' || *b == b'\t') {
            return start;
        }
        start = nl + 1;
    }
    bytes.len()
}
