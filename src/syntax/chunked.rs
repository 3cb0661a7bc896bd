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

/// What the driver does with what it parses. The pieces of a repetition are parsed on
/// several threads; each piece's tree is handed to `map` on the thread that parsed it,
/// and what `map` returns reaches the [`Sink`] on the calling thread, in text order.
/// `map` may keep the tree (`std::mem::take`) or read it and leave it: the thread then
/// reuses its vectors for its next piece.
pub(crate) type Map<'m, P> = dyn Fn(Rule, &mut SyntaxTree) -> P + Sync + 'm;

/// The receiving side of a parse in pieces (see [`Map`]).
pub(crate) trait Sink<P> {
    /// A node the driver synthesises around pieces parsed separately opens; returns an id
    /// for [`Sink::close`].
    fn open(&mut self, _rule: Rule) -> usize {
        0
    }
    /// The node opened as `id` ends (a sink that keeps a tree drops it if it holds nothing).
    fn close(&mut self, _id: usize) {}
    /// What `map` made of the next piece, in text order.
    fn push(&mut self, piece: P);
    /// Text no rule matched (never expected; the tree records it so that tests see it).
    fn gap(&mut self, _start: usize, _end: usize) {}
}

/// The sink of a whole-file tree: pieces are fragments appended in order.
impl Sink<SyntaxTree> for SyntaxTree {
    fn open(&mut self, rule: Rule) -> usize {
        self.open_node(rule)
    }
    fn close(&mut self, id: usize) {
        close_or_drop(self, id);
    }
    fn push(&mut self, piece: SyntaxTree) {
        self.append(piece);
    }
    fn gap(&mut self, start: usize, end: usize) {
        self.push_gap(Rule::bad_text, start, end);
    }
}

pub(super) fn parse(text: &str, kind: Kind, chunk: usize) -> Result<SyntaxTree, ParseError> {
    let mut tree = SyntaxTree::with_capacity(text.len());
    drive(text, kind, chunk, &|_, t| std::mem::take(t), &mut tree)?;
    Ok(tree)
}

/// Parse in pieces of about `chunk` bytes without building the whole tree: each piece's
/// tree goes to `map` on the thread that parsed it, and what `map` makes of it to `sink`
/// in text order (see [`Map`]). The pieces are the repetitions of the file-level rule, and
/// the nodes around them are those of [`parse`]: a sink that appends the trees gets the
/// tree of the whole file. The model builders of every family use this (as
/// `syntax::parse_map`) so that a large file's tree never exists whole, and the model is
/// built on all cores.
pub(crate) fn drive<P: Send>(
    text: &str,
    kind: Kind,
    chunk: usize,
    map: &Map<'_, P>,
    sink: &mut dyn Sink<P>,
) -> Result<(), ParseError> {
    let chunk = chunk.max(1);
    let root = sink.open(kind.top_rule());
    let mut out = Out { text, chunk, map, sink };
    let covered = match kind {
        Kind::Imta => {
            let section = out.sink.open(Rule::rewrite_section);
            let at = out.run(0, Rule::rewrite_lines, Cut::AnyLine, rewrite_end(text))?;
            out.sink.close(section);
            if at < text.len() {
                let section = out.sink.open(Rule::channel_section);
                let at = out.once(at, Rule::section_break)?;
                let at = out.run(at, Rule::channel_items, Cut::AfterBlank, text.len())?;
                out.sink.close(section);
                at
            } else {
                at
            }
        }
        Kind::ImtaChannels => out.run(0, Rule::channel_items, Cut::AfterBlank, text.len())?,
        Kind::Dispatcher | Kind::JobController => {
            // The globals end at the first header, which is not known before the parse:
            // one piece at a time. The sections are cut before headers.
            let globals = out.sink.open(Rule::globals);
            let at = out.run(0, Rule::dispatcher_lines, Cut::ItemEnd, 0)?;
            out.sink.close(globals);
            out.run(at, Rule::dispatcher_sections, Cut::BeforeHeader, text.len())?
        }
        _ => out.run(0, Rule::option_items, Cut::ItemEnd, text.len())?,
    };
    sink.gap(covered, text.len());
    sink.close(root);
    Ok(())
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
    /// Before a section header line that no setting can take as its continuation: the
    /// last line before it that is not a comment does not end in `\\`. (A section runs
    /// to the next header, so a piece of whole sections ends there.)
    BeforeHeader,
}

/// The text, the piece size, and where the parsed pieces go.
struct Out<'a, 'm, P> {
    text: &'a str,
    chunk: usize,
    map: &'a Map<'m, P>,
    sink: &'a mut dyn Sink<P>,
}

impl<P: Send> Out<'_, '_, P> {
    /// Parse one occurrence of a rule at `at` (a one-line rule: only that line is given to
    /// pest); returns where it ended.
    fn once(&mut self, at: usize, rule: Rule) -> Result<usize, ParseError> {
        let end = memchr::memchr(b'\n', &self.text.as_bytes()[at..])
            .map_or(self.text.len(), |p| at + p + 1);
        let mut scratch = SyntaxTree::default();
        match piece(self.text, rule, at..end, &mut scratch, self.map) {
            Ok((reached, p)) => {
                self.sink.push(p);
                Ok(reached)
            }
            Err(_) => Ok(at),
        }
    }

    /// Run a repetition rule over `text[at..]` chunk by chunk; returns where it stopped.
    ///
    /// The pieces are cut first and parsed on all cores (see [`Map`]). A piece that the
    /// rule does not cover to its end is where the repetition stops: later pieces are
    /// dropped (the grammar would never have reached them). `hint` is where the repetition
    /// is expected to stop; pieces are cut only up to it, and the rest is parsed one piece
    /// at a time as before, so a wrong hint costs time, never a different result.
    fn run(&mut self, at: usize, rule: Rule, cut: Cut, hint: usize) -> Result<usize, ParseError> {
        let text = self.text;
        let mut pieces = Vec::new();
        let mut from = at;
        while from < hint.min(text.len()) {
            let end = cut_after(text, from + self.chunk, cut);
            pieces.push(from..end);
            from = end;
        }
        let mut at = match self.parse_pieces(rule, &pieces)? {
            Some(reached) => return Ok(reached),
            None => from.max(at),
        };
        let mut scratch = SyntaxTree::default();
        while at < text.len() {
            let end = cut_after(text, at + self.chunk, cut);
            let (reached, p) = piece(text, rule, at..end, &mut scratch, self.map)?;
            self.sink.push(p);
            if reached < end {
                return Ok(reached);
            }
            at = end;
        }
        Ok(at)
    }

    /// Parse `pieces` (consecutive ranges) in parallel and push what `map` makes of them
    /// in order. Returns where the repetition stopped if a piece was not covered to its
    /// end, `None` if every piece was.
    fn parse_pieces(
        &mut self,
        rule: Rule,
        pieces: &[Range<usize>],
    ) -> Result<Option<usize>, ParseError> {
        let (text, map) = (self.text, self.map);
        let sink = &mut *self.sink;
        // Pushes a piece; true when the repetition goes on after it.
        let mut join = |range: &Range<usize>, (reached, p): (usize, P)| {
            sink.push(p);
            (reached == range.end).then_some(()).ok_or(reached)
        };
        let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).min(pieces.len());
        if workers <= 1 {
            let mut scratch = SyntaxTree::default();
            for range in pieces {
                if let Err(reached) =
                    join(range, piece(text, rule, range.clone(), &mut scratch, map)?)
                {
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
                let spawned = std::thread::Builder::new().stack_size(8 << 20).spawn_scoped(
                    scope,
                    move || {
                        // One tree per thread, its vectors reused from piece to piece.
                        let mut scratch = SyntaxTree::default();
                        while !stop.load(Ordering::Relaxed) {
                            let i = next.fetch_add(1, Ordering::Relaxed);
                            let Some(range) = pieces.get(i) else { break };
                            let done = piece(text, rule, range.clone(), &mut scratch, map);
                            if send.send((i, done)).is_err() {
                                break;
                            }
                        }
                    },
                );
                if spawned.is_err() {
                    // No thread: the pieces it would have taken go to the others, or (if
                    // none started) to the loop below on this thread.
                    continue;
                }
            }
            drop(send);
            // Pieces arrive in any order; each is pushed once all before it are.
            let mut waiting = std::collections::BTreeMap::new();
            let mut want = 0;
            let mut result = Ok(None);
            let mut received = receive.iter();
            let mut scratch = SyntaxTree::default();
            while want < pieces.len() {
                let done = match waiting.remove(&want) {
                    Some(f) => f,
                    None => match received.next() {
                        Some((i, f)) if i != want => {
                            waiting.insert(i, f);
                            continue;
                        }
                        Some((_, f)) => f,
                        // Every worker gone (or none started): parse the rest here.
                        None => piece(text, rule, pieces[want].clone(), &mut scratch, map),
                    },
                };
                match done.map(|d| join(&pieces[want], d)) {
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
}

/// Parse one piece into `scratch` (offsets are those of the whole text) and map it;
/// returns where the piece's tokens end (its start if it has none) and what `map` made.
fn piece<P>(
    text: &str,
    rule: Rule,
    range: Range<usize>,
    scratch: &mut SyntaxTree,
    map: &Map<'_, P>,
) -> Result<(usize, P), ParseError> {
    let pairs = CnfParser::parse(rule, &text[range.clone()])
        .map_err(|e| ParseError::grammar(e, range.start))?;
    scratch.clear(range.len());
    tree::build_into(scratch, pairs, &text[range.clone()], range.start);
    let reached = scratch.covered().max(range.start);
    Ok((reached, map(rule, scratch)))
}

/// The first safe cut at or after `from` (the end of the text if there is none).
fn cut_after(text: &str, from: usize, cut: Cut) -> usize {
    let bytes = text.as_bytes();
    if from >= bytes.len() {
        return bytes.len();
    }
    if let Cut::BeforeHeader = cut {
        return before_header(bytes, from);
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
                Cut::ItemEnd | Cut::BeforeHeader => {
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

/// The first start of a header line at or after `from` that a whole-file parse also
/// reads as a header (the end of the text if there is none). The lines before `from` on
/// its own line are not looked at, so the first line counts as possibly continued: a
/// missed cut only makes a piece longer.
fn before_header(bytes: &[u8], from: usize) -> usize {
    let mut line_start = memchr::memrchr(b'\n', &bytes[..from]).map_or(0, |p| p + 1);
    let mut continued = true;
    while line_start < bytes.len() {
        let line_end =
            memchr::memchr(b'\n', &bytes[line_start..]).map_or(bytes.len(), |p| line_start + p + 1);
        let line =
            bytes[line_start..line_end].strip_suffix(b"\n").unwrap_or(&bytes[line_start..line_end]);
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if !continued && line_start >= from && is_header(line) {
            return line_start;
        }
        if !matches!(line.first(), Some(b'!' | b'#' | b';')) {
            continued = line.last() == Some(&b'\\');
        }
        line_start = line_end;
    }
    bytes.len()
}

/// Does a line (without its terminator) fit `section_header`: blanks, `[`, a kind of
/// at least one byte up to `=`, a name up to `]`, anything after?
fn is_header(line: &[u8]) -> bool {
    let body = &line[line.iter().take_while(|b| matches!(b, b' ' | b'\t')).count()..];
    let Some(inner) = body.strip_prefix(b"[") else {
        return false;
    };
    match inner.iter().position(|b| matches!(b, b'=' | b']')) {
        Some(k) if k > 0 && inner[k] == b'=' => inner[k + 1..].contains(&b']'),
        _ => false,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_of_sections_start_only_at_headers_a_whole_parse_reads_as_headers() {
        let text = "G=1\n[A=1]\nX=1\\\n!c\n[B=2]\nY=2\n! [C=3]\n  [D=4] tail\n[=5]\n[E]\n[F=6]\n";
        let at = |s: &str| text.find(s).unwrap();
        // `[B=2]` continues `X=1\`, over the comment; `[=5]` and `[E]` are no headers.
        assert_eq!(before_header(text.as_bytes(), at("X=1")), at("  [D=4]"));
        assert_eq!(before_header(text.as_bytes(), at("[=5]")), at("[F=6]"));
        // The line holding `from` counts as possibly continued.
        assert_eq!(before_header(text.as_bytes(), at("[A=1]")), at("  [D=4]"));
        assert_eq!(before_header(text.as_bytes(), at("[F=6]") + 1), text.len());
        for chunk in 1..text.len() {
            let pieces = parse(text, Kind::Dispatcher, chunk).unwrap();
            assert_eq!(pieces, super::super::parse_unchunked(text, Kind::Dispatcher).unwrap());
        }
    }
}
