//! The meaning of an imta.cnf: rewrite rules, then channel blocks.
//!
//! Keyword arguments cannot be told from keywords without knowing each keyword's arity
//! (unknown words are legal: the product takes them for UNIX group ids), so grouping
//! words into keywords consults the keyword catalog.

use serde::Serialize;
use thin_vec::ThinVec;

use super::options::join;
use super::template::{self, Route};
use super::{Comment, Include, Span, Spans, split_words};
use crate::knowledge::{ArgType, Arity, Catalog, KeywordInfo};
use crate::syntax::{self, Child, Kind, NodeId, ParseError, Rule, Sink, SyntaxTree};

/// Where in imta.cnf a line sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Part {
    /// Before the first blank line: the rewrite rules.
    RewriteRules,
    /// From the first blank line on: the channel blocks.
    Channels,
}

/// One rewrite rule: `pattern template`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RewriteRule {
    /// The whole line without its terminator.
    pub line: Span,
    /// The pattern the rule matches host/domain parts against (the first word).
    pub pattern: Span,
    /// The template without trailing blanks; `None` when the line has only a pattern.
    pub template: Option<Span>,
    /// The literal channel tag the rule routes to, if it has one.
    pub channel_tag: Option<Span>,
    /// True when the routing part is computed (`@$H`) and cannot be checked.
    pub computed_route: bool,
}

impl RewriteRule {
    /// Blanks before the pattern (the product expects the pattern in column 1): what lies
    /// between the start of the line and the pattern. Worked out rather than kept, since a
    /// large imta.cnf has a million rules.
    pub fn indent(&self) -> Option<Span> {
        self.line.leading(self.pattern)
    }
}

/// A blank line (or a line of blanks only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct BlankLine {
    /// The line including its terminator.
    pub span: Span,
    /// True when the line holds spaces or tabs (read as blank by the product).
    pub whitespace_only: bool,
}

/// A channel keyword with the arguments that belong to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Keyword {
    /// The keyword as written (any case).
    pub name: Span,
    /// The words taken as its arguments, as many as the catalog's arity allows.
    pub args: Spans,
    /// Whether the catalog knows the keyword.
    pub known: bool,
    /// Arguments the catalog says are required but the line lacks.
    pub missing_args: u8,
    /// Where the catalog that built the model has the keyword ([`NO_ENTRY`] if nowhere,
    /// or past what 16 bits hold), and which contents its keyword table had then: the
    /// lint rules ask for every keyword's entry several times.
    #[serde(skip)]
    entry: u16,
    #[serde(skip)]
    table: u32,
}

// A large imta.cnf holds a million keywords and hundreds of thousands of blocks: keep them
// this small (the lists inside are thin or inline, see `Spans`).
#[cfg(target_pointer_width = "64")]
const _: () = assert!(size_of::<Keyword>() == 32 && size_of::<Block>() == 104);
#[cfg(target_pointer_width = "64")]
const _: () = assert!(size_of::<RewriteRule>() == 44 && size_of::<HostLine>() == 24);

/// [`Keyword`] position of a keyword the catalog does not know.
const NO_ENTRY: u16 = u16::MAX;

impl Keyword {
    /// The lower-case name (keywords are case-insensitive).
    pub fn normalized(&self, text: &str) -> String {
        self.name.text(text).to_ascii_lowercase()
    }

    /// The catalog's entry for the keyword: the one found when the model was built if
    /// `catalog`'s keyword table is still the one it was found in (so another catalog, or
    /// one with keywords added since, gives its own answer); otherwise looked up.
    pub fn info<'c>(&self, text: &str, catalog: &'c Catalog) -> Option<&'c KeywordInfo> {
        if self.entry != NO_ENTRY
            && let Some(info) = catalog.keywords.at(self.table, self.entry as usize)
        {
            return Some(info);
        }
        catalog.keyword(self.name.text(text))
    }

    /// From the start of the name to the end of the last argument.
    pub fn span(&self) -> Span {
        self.args.last().map_or(self.name, |a| self.name.cover(*a))
    }
}

/// A host line: the official host name (channel tag) and an optional local host alias,
/// or an additional host name on the third and later lines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HostLine {
    /// The whole line without its terminator.
    pub line: Span,
    /// The host names on the line, in order: official host name and local host alias
    /// on a block's first host line, further host names on later ones.
    pub names: Spans,
}

impl HostLine {
    /// Blanks before the first name.
    pub fn indent(&self) -> Option<Span> {
        self.line.leading(*self.names.first()?)
    }
}

/// What a block of the channel part is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum BlockKind {
    /// `defaults keyword...`: keywords inherited by the channels after it.
    Defaults,
    /// `nodefaults`: cancels every earlier `defaults`.
    Nodefaults,
    /// A channel definition.
    Channel,
    /// Comments and includes only (for example a commented-out channel).
    Comments,
}

/// The first (logical) line of a block: name and keywords.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChannelLine {
    /// Channel name (or `defaults` / `nodefaults`).
    pub name: Span,
    /// Every physical line of the logical line, without terminators (comment lines in
    /// between excluded).
    pub physical_lines: Spans,
    /// From the name to the end of the last physical line.
    pub span: Span,
    /// The keywords of the line in order, each with its arguments.
    pub keywords: ThinVec<Keyword>,
    /// The line ends in `\` but nothing continues it (blank line or end of file follows).
    pub dangling_continuation: Option<Span>,
    /// The line does not start with a usable name (it starts with a lone `\`).
    pub malformed: bool,
}

impl ChannelLine {
    /// Blanks before the name (the first physical line starts with them).
    pub fn indent(&self) -> Option<Span> {
        self.physical_lines.first()?.leading(self.name)
    }
}

/// One block of the channel part: lines between blank lines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Block {
    /// Channel, `defaults`, `nodefaults` or comments only.
    pub kind: BlockKind,
    /// The block's lines, terminator of the last line excluded.
    pub span: Span,
    /// The channel line; `None` for a block of comments and includes only.
    pub head: Option<ChannelLine>,
    /// The host lines after the channel line; the first holds the official host name.
    pub hosts: ThinVec<HostLine>,
    /// Comment lines anywhere in the block.
    pub comments: ThinVec<Comment>,
    /// Indexes into `ImtaModel::includes`.
    pub includes: ThinVec<usize>,
    /// What [`rule_like`] says, worked out once when the block is built (many lint rules
    /// ask it of every block; the answer needs the keywords, which sit elsewhere in memory).
    #[serde(skip)]
    looks_like_rule: bool,
    /// Index in the channel line's keywords of its last `logging` or `nologging`, found
    /// once when the block is built (every edit's gate works out the logging of every
    /// channel twice; the keywords sit elsewhere in memory).
    #[serde(skip)]
    logging_keyword: Option<u32>,
}

impl Block {
    /// The channel name, for channel blocks.
    pub fn name<'t>(&self, text: &'t str) -> Option<&'t str> {
        self.head.as_ref().map(|h| h.name.text(text))
    }

    /// The last `logging` or `nologging` keyword of the channel line, and whether it is
    /// `logging`.
    pub fn logging_keyword(&self) -> Option<(bool, &Keyword)> {
        let k = self.head.as_ref()?.keywords.get(self.logging_keyword? as usize)?;
        Some((k.name.len() == "logging".len(), k))
    }

    /// The official host name (channel tag): the first name of the first host line.
    pub fn official_host(&self) -> Option<Span> {
        self.hosts.first().and_then(|h| h.names.first().copied())
    }
}

/// An include line and the part of the file it sits in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ImtaInclude {
    /// The include line and its path.
    pub include: Include,
    /// Whether it sits among the rewrite rules or in the channel part.
    pub part: Part,
}

/// The model of one imta.cnf (or of a file included into it).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImtaModel {
    /// The rewrite rules, in file order.
    pub rewrite_rules: Vec<RewriteRule>,
    /// Every include line of the file, in order (blocks refer to them by index).
    pub includes: Vec<ImtaInclude>,
    /// Comments among the rewrite rules.
    pub rule_comments: Vec<Comment>,
    /// The blank line that ended the rewrite rules, if any.
    pub section_break: Option<BlankLine>,
    /// Blank lines of the channel part after the section break.
    pub separators: Vec<BlankLine>,
    /// The blocks of the channel part, in file order.
    pub blocks: Vec<Block>,
}

impl ImtaModel {
    /// Channel blocks (not defaults, nodefaults or comment blocks).
    pub fn channels(&self) -> impl Iterator<Item = &Block> {
        self.blocks.iter().filter(|b| b.kind == BlockKind::Channel)
    }
}

/// Build the model of an imta.cnf (`Kind::Imta`) or channel-part include
/// (`Kind::ImtaChannels`) tree.
pub fn build(tree: &SyntaxTree, text: &str, catalog: &Catalog) -> ImtaModel {
    let mut m = ImtaModel::default();
    let Some(root) = tree.root() else {
        return m;
    };
    let mut b = Builder { tree, text, catalog, words: Default::default() };
    match tree.nodes[root].rule {
        Rule::imta_file => {
            for child in tree.children(root) {
                let Child::Node(n) = child else { continue };
                match tree.nodes[n].rule {
                    Rule::rewrite_section => {
                        for c in tree.children(n) {
                            if let Child::Node(c) = c {
                                b.rewrite_item(c, &mut m);
                            }
                        }
                    }
                    Rule::channel_section => b.channel_items(n, &mut m),
                    _ => {}
                }
            }
        }
        Rule::imta_channel_file => b.channel_items(root, &mut m),
        _ => {}
    }
    m.shrink();
    m
}

/// Parse `text` (an imta.cnf or a channel-part include) and build its model, piece by
/// piece: each piece's tree becomes a fragment of the model on the thread that parsed
/// it and is dropped at once, so the tree of the whole file never exists, and the model
/// is built on all cores. The model is the one [`build`] makes of the whole tree.
pub fn parse(text: &str, kind: Kind, catalog: &Catalog) -> Result<ImtaModel, ParseError> {
    parse_with_chunk(text, kind, catalog, syntax::CHUNK)
}

/// [`parse`] with a chosen piece size (tests use tiny pieces to exercise every cut).
pub fn parse_with_chunk(
    text: &str,
    kind: Kind,
    catalog: &Catalog,
    chunk: usize,
) -> Result<ImtaModel, ParseError> {
    let map = |rule: Rule, tree: &mut SyntaxTree| {
        let mut m = ImtaModel::default();
        let mut b = Builder { tree, text, catalog, words: Default::default() };
        // The piece's items: its top-level nodes.
        for n in tree.top_nodes() {
            match rule {
                Rule::rewrite_lines => b.rewrite_item(n, &mut m),
                _ => b.channel_item(n, &mut m),
            }
        }
        m
    };
    let mut m = ImtaModel::default();
    syntax::parse_map(text, kind, chunk, &map, &mut m)?;
    m.shrink();
    Ok(m)
}

/// The model is the sink of a parse in pieces: fragments are appended in text order.
impl Sink<ImtaModel> for ImtaModel {
    fn push(&mut self, mut frag: ImtaModel) {
        let shift = self.includes.len();
        if shift > 0 {
            for i in frag.blocks.iter_mut().flat_map(|b| b.includes.iter_mut()) {
                *i += shift;
            }
        }
        join(&mut self.rewrite_rules, frag.rewrite_rules);
        join(&mut self.includes, frag.includes);
        join(&mut self.rule_comments, frag.rule_comments);
        join(&mut self.separators, frag.separators);
        join(&mut self.blocks, frag.blocks);
        if frag.section_break.is_some() {
            self.section_break = frag.section_break;
        }
    }
}

impl ImtaModel {
    /// Exact sizes for the vectors a large file fills.
    fn shrink(&mut self) {
        self.rewrite_rules.shrink_to_fit();
        self.rule_comments.shrink_to_fit();
        self.separators.shrink_to_fit();
        self.blocks.shrink_to_fit();
    }
}

struct Builder<'a> {
    tree: &'a SyntaxTree,
    text: &'a str,
    catalog: &'a Catalog,
    /// Scratch space for the words of a channel line.
    words: std::cell::Cell<Vec<Span>>,
}

impl Builder<'_> {
    /// The node's range without its line terminator.
    fn line_span(&self, n: NodeId) -> Span {
        let toks = self.tree.tokens_of(n);
        let start = toks.first().map_or(0, |t| t.start);
        let end = toks.iter().rev().find(|t| t.rule != Rule::eol).map_or(start, |t| t.end);
        Span { start, end }
    }

    fn comment(&self, n: NodeId) -> Comment {
        Comment { span: self.line_span(n) }
    }

    fn include(&self, n: NodeId) -> Include {
        let path = self
            .tree
            .child_tokens(n, Rule::include_path)
            .next()
            .map(|t| Span::from(t).trim_end(self.text))
            .unwrap_or_else(|| {
                let l = self.line_span(n);
                Span::new(l.end as usize, l.end as usize)
            });
        Include { line: self.line_span(n), path }
    }

    fn blank(&self, n: NodeId) -> BlankLine {
        // A separator or section break holds one blank_line or ws_line node.
        let inner = match self.tree.children(n).next() {
            Some(Child::Node(i)) => i,
            _ => n,
        };
        let r = self.tree.range(inner);
        BlankLine {
            span: Span::new(r.start, r.end),
            whitespace_only: self.tree.nodes[inner].rule == Rule::ws_line,
        }
    }

    /// One item of the rewrite-rule part: a rule, a comment or an include line.
    fn rewrite_item(&mut self, c: NodeId, m: &mut ImtaModel) {
        match self.tree.nodes[c].rule {
            Rule::imta_comment => m.rule_comments.push(self.comment(c)),
            Rule::include_line => {
                m.includes.push(ImtaInclude { include: self.include(c), part: Part::RewriteRules })
            }
            Rule::rule_line => m.rewrite_rules.push(self.rule(c)),
            _ => {}
        }
    }

    fn rule(&self, n: NodeId) -> RewriteRule {
        let mut rule = RewriteRule {
            line: self.line_span(n),
            pattern: Span::default(),
            template: None,
            channel_tag: None,
            computed_route: false,
        };
        for child in self.tree.children(n) {
            let Child::Token(t) = child else { continue };
            let tok = self.tree.tokens[t];
            if tok.rule != Rule::rule_text {
                continue;
            }
            // The pattern is the first word; after the blanks that follow it, the
            // rest of the line (trailing blanks removed) is the template.
            let line = Span::from(tok);
            let b = line.text(self.text).as_bytes();
            let cut = memchr::memchr2(b' ', b'\t', b).unwrap_or(b.len());
            let at = line.start as usize;
            rule.pattern = Span::new(at, at + cut);
            let from = cut + b[cut..].iter().take_while(|c| matches!(c, b' ' | b'\t')).count();
            let span = Span::new(at + from, line.end as usize).trim_end(self.text);
            if span.is_empty() {
                continue;
            }
            rule.template = Some(span);
            match template::route(span.text(self.text)) {
                Route::Tag(s, e) => {
                    rule.channel_tag =
                        Some(Span::new(span.start as usize + s, span.start as usize + e))
                }
                Route::Computed => rule.computed_route = true,
                Route::None => {}
            }
        }
        rule
    }

    fn channel_items(&mut self, n: NodeId, m: &mut ImtaModel) {
        for child in self.tree.children(n) {
            if let Child::Node(c) = child {
                self.channel_item(c, m);
            }
        }
    }

    /// One item of the channel part: the section break, a separator or a block.
    fn channel_item(&mut self, c: NodeId, m: &mut ImtaModel) {
        match self.tree.nodes[c].rule {
            Rule::section_break => m.section_break = Some(self.blank(c)),
            Rule::separator => m.separators.push(self.blank(c)),
            Rule::block => {
                let block = self.block(c, m);
                m.blocks.push(block);
            }
            _ => {}
        }
    }

    fn block(&self, n: NodeId, m: &mut ImtaModel) -> Block {
        let mut block = Block {
            kind: BlockKind::Comments,
            span: self.line_span(n),
            head: None,
            hosts: ThinVec::new(),
            comments: ThinVec::new(),
            includes: ThinVec::new(),
            looks_like_rule: false,
            logging_keyword: None,
        };
        for child in self.tree.children(n) {
            let Child::Node(c) = child else { continue };
            match self.tree.nodes[c].rule {
                Rule::imta_comment => block.comments.push(self.comment(c)),
                Rule::include_line => {
                    block.includes.push(m.includes.len());
                    m.includes.push(ImtaInclude { include: self.include(c), part: Part::Channels });
                }
                Rule::channel_head => block.head = Some(self.channel_line(c, &mut block.comments)),
                Rule::odd_head => {
                    let span = self.line_span(c);
                    block.head = Some(ChannelLine {
                        name: Span::new(span.start as usize, span.start as usize),
                        physical_lines: Spans::one(span),
                        span,
                        keywords: ThinVec::new(),
                        dangling_continuation: None,
                        malformed: true,
                    });
                }
                Rule::host_line => block.hosts.push(self.host_line(c)),
                _ => {}
            }
        }
        if let Some(head) = &block.head {
            let name = head.name.text(self.text);
            block.kind = if head.malformed {
                BlockKind::Channel
            } else if name.eq_ignore_ascii_case("defaults") {
                BlockKind::Defaults
            } else if name.eq_ignore_ascii_case("nodefaults") {
                BlockKind::Nodefaults
            } else {
                BlockKind::Channel
            };
            block.logging_keyword = head
                .keywords
                .iter()
                .rposition(|k| {
                    let t = k.name.text(self.text);
                    t.eq_ignore_ascii_case("logging") || t.eq_ignore_ascii_case("nologging")
                })
                .map(|i| i as u32);
        }
        block.looks_like_rule = looks_like_rule(&block, self.text);
        // Exact sizes: a model of a large file holds hundreds of thousands of these.
        block.hosts.shrink_to_fit();
        block.comments.shrink_to_fit();
        block.includes.shrink_to_fit();
        block
    }

    fn host_line(&self, n: NodeId) -> HostLine {
        HostLine {
            line: self.line_span(n),
            names: {
                let mut names = Spans::new();
                for t in self.tree.child_tokens(n, Rule::host_names) {
                    split_words(self.text, t.into(), &mut names);
                }
                names
            },
        }
    }

    fn channel_line(&self, n: NodeId, comments: &mut ThinVec<Comment>) -> ChannelLine {
        // Comment lines between the physical lines belong to the block; the other tokens
        // under the head are its own and those of its continuation lines, in order.
        for c in self.tree.child_nodes(n, Rule::imta_comment) {
            comments.push(self.comment(c));
        }
        let tokens = self.tree.tokens_of(n).iter().filter(|t| t.rule != Rule::imta_comment_text);
        let mut name = Span::default();
        // One buffer for the words of every channel line.
        let mut words = self.words.take();
        words.clear();
        let mut physical_lines = Spans::new();
        let mut line: Option<Span> = None;
        let mut last = None;
        for &tok in tokens {
            if tok.rule == Rule::eol {
                // (The terminator of a comment line comes when `line` is already taken.)
                physical_lines.extend(line.take());
                continue;
            }
            match tok.rule {
                Rule::channel_name => name = tok.into(),
                Rule::words => split_words(self.text, tok.into(), &mut words),
                _ => {}
            }
            line = Some(line.map_or(tok.into(), |l| l.cover(tok.into())));
            last = Some(tok);
        }
        physical_lines.extend(line.take());
        let dangling_continuation = last.filter(|t| t.rule == Rule::cont_mark).map(Span::from);
        let span = match (physical_lines.first(), physical_lines.last()) {
            (Some(a), Some(b)) => a.cover(*b),
            _ => name,
        };
        let keywords = group_keywords(&words, self.text, self.catalog);
        self.words.set(words);
        ChannelLine {
            name,
            keywords,
            physical_lines: {
                physical_lines.shrink_to_fit();
                physical_lines
            },
            span,
            dangling_continuation,
            malformed: false,
        }
    }
}

/// Group the words after a channel name into keywords with their arguments.
///
/// Known keywords take as many following words as their arity says: exactly one for a
/// one-argument keyword (whatever it looks like: `maxjobs seven` keeps `seven` as a bad
/// argument rather than inventing a keyword), and for list keywords as many as look like
/// the list's type, up to its maximum. Unknown words stand alone: the product takes them
/// for UNIX group ids.
pub fn group_keywords(words: &[Span], text: &str, catalog: &Catalog) -> ThinVec<Keyword> {
    let mut out = ThinVec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        let name = words[i];
        i += 1;
        let found = catalog.keyword_entry(name.text(text));
        let (entry, info) = (found.map(|(i, _)| i), found.map(|(_, k)| k));
        let mut kw = Keyword {
            name,
            args: Spans::new(),
            known: info.is_some(),
            missing_args: 0,
            entry: entry.and_then(|i| u16::try_from(i).ok()).unwrap_or(NO_ENTRY),
            table: catalog.keywords.version(),
        };
        match info.map(|k| k.arity) {
            None | Some(Arity::Flag) => {}
            Some(Arity::One { .. }) => {
                if i < words.len() {
                    kw.args.push(words[i]);
                    i += 1;
                } else {
                    kw.missing_args = 1;
                }
            }
            Some(Arity::List { ty, min, max }) => {
                while i < words.len()
                    && kw.args.len() < max as usize
                    && looks_like(ty, words[i].text(text), catalog)
                {
                    kw.args.push(words[i]);
                    i += 1;
                }
                kw.missing_args = min.saturating_sub(kw.args.len() as u8);
            }
        }
        kw.args.shrink_to_fit();
        out.push(kw);
    }
    out.shrink_to_fit();
    out
}

/// Does a word look like an argument of this type (used to find where a list ends)?
fn looks_like(ty: ArgType, word: &str, catalog: &Catalog) -> bool {
    let unquoted = word.trim_matches('"');
    match ty {
        ArgType::Int => !unquoted.is_empty() && unquoted.bytes().all(|b| b.is_ascii_digit()),
        ArgType::Duration => is_duration(unquoted),
        ArgType::Ip => {
            !unquoted.is_empty()
                && unquoted.bytes().all(|b| b.is_ascii_hexdigit() || b == b'.' || b == b':')
                && (unquoted.contains('.') || unquoted.contains(':'))
        }
        // Host lists (`defaulthost a b`): anything that is not itself a keyword.
        _ => catalog.keyword(word).is_none(),
    }
}

/// An ISO 8601 duration as the `backoff` keywords take it: `P[nY][nM][nW][nD][T[nH][nM][nS]]`,
/// any case.
pub fn is_duration(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 2 || !b[0].eq_ignore_ascii_case(&b'p') {
        return false;
    }
    let mut i = 1;
    let mut in_time = false;
    let mut any = false;
    while i < b.len() {
        if b[i].eq_ignore_ascii_case(&b't') && !in_time {
            in_time = true;
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == start || i >= b.len() {
            return false;
        }
        let unit = b[i].to_ascii_lowercase();
        let ok = if in_time {
            matches!(unit, b'h' | b'm' | b's')
        } else {
            matches!(unit, b'y' | b'm' | b'w' | b'd')
        };
        if !ok {
            return false;
        }
        any = true;
        i += 1;
    }
    any
}

/// Does a channel block look like a rewrite rule read as a channel (after a stray blank
/// line)? Its "keywords" then hold a template: `$`, `@` or `%` sequences.
///
/// `text` must be the text the block was built from (the answer was worked out then).
pub fn rule_like(block: &Block, _text: &str) -> bool {
    block.looks_like_rule
}

fn looks_like_rule(block: &Block, text: &str) -> bool {
    let Some(head) = &block.head else {
        return false;
    };
    let templ = |s: &str| s.contains('@') || s.contains('%') || s.starts_with('$');
    head.keywords.first().is_some_and(|k| templ(k.name.text(text)))
        || (head.keywords.is_empty()
            && block
                .hosts
                .first()
                .and_then(|h| h.names.get(1))
                .is_some_and(|n| templ(n.text(text))))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::parse;

    fn model(text: &str) -> ImtaModel {
        let tree = parse(text, Kind::Imta).unwrap();
        build(&tree, text, &Catalog::builtin())
    }

    /// The indents worked out from the lines are the blanks before their first word, and
    /// none where the line starts in column 1.
    #[test]
    fn indents_are_the_leading_blanks() {
        let text = " \t.a.example $U@tcp\nb.example $U@tcp\n\n  tcp smtp\n\t tcp-daemon other\n\nl\nl-host\n";
        let m = model(text);
        let t = |s: Option<Span>| s.map(|s| s.text(text));
        assert_eq!(t(m.rewrite_rules[0].indent()), Some(" \t"));
        assert_eq!(t(m.rewrite_rules[1].indent()), None);
        let head = m.blocks[0].head.as_ref().unwrap();
        assert_eq!(t(head.indent()), Some("  "));
        assert_eq!(t(m.blocks[0].hosts[0].indent()), Some("\t "));
        assert_eq!(t(m.blocks[1].head.as_ref().unwrap().indent()), None);
        assert_eq!(t(m.blocks[1].hosts[0].indent()), None);
    }

    /// A keyword remembers where the catalog that built the model has it; a catalog changed
    /// since (here: `maxjobs` redefined, a site keyword added) answers for itself.
    #[test]
    fn keyword_entries_follow_the_catalog_asked() {
        use crate::knowledge::types::unverified;
        let text = "a b\n\ntcp_local percents smtp maxjobs 7 sitekeyword destinationspamfilter2optin x\ntcp-daemon\n";
        let built = Catalog::builtin();
        let tree = parse(text, Kind::Imta).unwrap();
        let m = build(&tree, text, &built);
        let kws = &m.blocks[0].head.as_ref().unwrap().keywords;
        let info = |k: &Keyword, c: &Catalog| k.info(text, c).map(|i| (i.name.clone(), i.arity));
        let by_name = |k: &Keyword, c: &Catalog| {
            c.keyword(k.name.text(text)).map(|i| (i.name.clone(), i.arity))
        };
        let keyword = |name: &str, ty| KeywordInfo {
            name: name.into(),
            arity: Arity::One { ty },
            group: None,
            is_default: false,
            summary: "changed".into(),
            provenance: unverified("test"),
        };
        let mut changed = built.clone();
        changed.add_keyword(keyword("maxjobs", ArgType::Str));
        changed.add_keyword(keyword("sitekeyword", ArgType::Int));
        // The same names at other places (`percents` is second in the built-in table, so a
        // remembered position would find `maxjobs` there).
        let reordered = Catalog::with_keywords(vec![
            keyword("sitekeyword", ArgType::Int),
            keyword("maxjobs", ArgType::Int),
            keyword("smtp", ArgType::Str),
            keyword("percents", ArgType::Str),
        ]);
        for k in kws.iter() {
            for c in [&built, &built.clone(), &changed, &Catalog::builtin(), &reordered] {
                assert_eq!(info(k, c), by_name(k, c), "{}", k.name.text(text));
            }
        }
        let maxjobs = kws.iter().find(|k| k.name.text(text) == "maxjobs").unwrap();
        assert_eq!(info(maxjobs, &changed).unwrap().1, Arity::One { ty: ArgType::Str });
        assert!(
            kws.iter().any(|k| k.name.text(text) == "sitekeyword" && info(k, &changed).is_some())
        );
    }

    #[test]
    fn durations() {
        for ok in ["pt5m", "PT10M", "p1d", "P1DT2H", "pt1h30m"] {
            assert!(is_duration(ok), "{ok}");
        }
        for bad in ["p", "pt", "5m", "ptm", "pt5x", "p5h"] {
            assert!(!is_duration(bad), "{bad}");
        }
    }

    #[test]
    fn keyword_arguments_follow_the_catalog() {
        let text = "a $U@a-daemon\n\ndefaults logging notices 1 2 4 7 maxjobs 7 defaulthost example.com example.com backoff \"pt5m\" \"pt10m\" groupid\n";
        let m = model(text);
        let head = m.blocks[0].head.as_ref().unwrap();
        let kws: Vec<(&str, Vec<&str>)> = head
            .keywords
            .iter()
            .map(|k| (k.name.text(text), k.args.iter().map(|a| a.text(text)).collect()))
            .collect();
        assert_eq!(
            kws,
            vec![
                ("logging", vec![]),
                ("notices", vec!["1", "2", "4", "7"]),
                ("maxjobs", vec!["7"]),
                ("defaulthost", vec!["example.com", "example.com"]),
                ("backoff", vec!["\"pt5m\"", "\"pt10m\""]),
                ("groupid", vec![]),
            ]
        );
        assert!(!head.keywords[5].known);
        assert_eq!(m.blocks[0].kind, BlockKind::Defaults);
    }

    #[test]
    fn blank_line_after_opening_comments_ends_the_rules() {
        let text = "! opening\n\n.example.com $U%$D@tcp-daemon\n.example.com $E$U%$D@tcp-daemon\n";
        let m = model(text);
        assert!(m.rewrite_rules.is_empty());
        assert!(m.section_break.is_some());
        assert_eq!(m.blocks.len(), 1);
        let b = &m.blocks[0];
        assert_eq!(b.name(text), Some(".example.com"));
        assert_eq!(b.hosts.len(), 1);
        assert_eq!(b.hosts[0].names[0].text(text), ".example.com");
    }

    #[test]
    fn continuation_comments_and_tags() {
        let text = "x.example.com $U%$D@TCP-DAEMON\n\ntcp_local smtp \\\n! inside\n   maxjobs 7\n! between\nTCP-DAEMON\n";
        let m = model(text);
        assert_eq!(m.rewrite_rules[0].channel_tag.unwrap().text(text), "TCP-DAEMON");
        let b = &m.blocks[0];
        let head = b.head.as_ref().unwrap();
        assert_eq!(head.physical_lines.len(), 2);
        assert_eq!(head.keywords.len(), 2);
        assert_eq!(head.keywords[1].args[0].text(text), "7");
        assert_eq!(b.comments.len(), 2);
        assert_eq!(b.official_host().unwrap().text(text), "TCP-DAEMON");
        assert!(head.dangling_continuation.is_none());
    }

    #[test]
    fn dangling_continuation_is_recorded() {
        let text = "\nl maxjobs \\\n\nb\nb-daemon";
        let m = model(text);
        let head = m.blocks[0].head.as_ref().unwrap();
        assert!(head.dangling_continuation.is_some());
        assert_eq!(head.keywords[0].missing_args, 1);
        assert_eq!(m.blocks[1].official_host().unwrap().text(text), "b-daemon");
    }

    #[test]
    fn whitespace_only_separator_is_distinct() {
        let text = "r $U@r\n  \na\na-daemon\n \nb\nb-daemon\n";
        let m = model(text);
        assert!(m.section_break.unwrap().whitespace_only);
        assert!(m.separators[0].whitespace_only);
        assert_eq!(m.blocks.len(), 2);
    }
}
