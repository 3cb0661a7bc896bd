//! A flat, compact lossless tree built from pest's pairs.
//!
//! Tokens are kept in one vector in text order and cover the input without gaps or
//! overlaps; nodes are kept in pre-order, each knowing its token range and where its
//! descendants end. Twelve to sixteen bytes per item keep large files affordable.

use pest::iterators::Pairs;

use super::Rule;

/// Index of a node in `SyntaxTree::nodes`.
pub type NodeId = usize;

/// A leaf: a run of text produced by one grammar rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// The grammar rule that produced the text (a name, a value, a line end, ...).
    pub rule: Rule,
    /// Byte offset where the token starts.
    pub start: u32,
    /// Byte offset just past its end.
    pub end: u32,
}

impl Token {
    /// The token as a range for slicing the text.
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
    /// The token's text within `text`, the text the tree was built from.
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        &text[self.range()]
    }
}

/// An inner node: a grammar rule with children.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Node {
    /// The grammar rule the node stands for (a setting, a section header, a block, ...).
    pub rule: Rule,
    /// First token of this node.
    pub first_token: u32,
    /// One past the last token of this node.
    pub end_token: u32,
    /// One past the last descendant node (pre-order).
    pub end_node: u32,
}

/// A direct child of a node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Child {
    /// A token, by index into `SyntaxTree::tokens`.
    Token(usize),
    /// A node, by index into `SyntaxTree::nodes`.
    Node(NodeId),
}

/// The lossless tree of one file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyntaxTree {
    /// Every token, in text order; together they cover the text exactly.
    pub tokens: Vec<Token>,
    /// Every node, in pre-order (a parent before its descendants).
    pub nodes: Vec<Node>,
    /// Text the grammar matched without a token of its own (must stay 0).
    gaps: usize,
}

impl SyntaxTree {
    /// Print the tree back: the concatenation of all tokens.
    pub fn print(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        for t in &self.tokens {
            out.push_str(t.text(text));
        }
        out
    }

    /// Check that the tokens cover `0..len` exactly once, in order.
    pub fn check_coverage(&self, len: usize) -> Result<(), super::ParseError> {
        if self.gaps != 0 {
            return Err(super::ParseError::Coverage(format!(
                "{} stretches of text have no token",
                self.gaps
            )));
        }
        let mut pos = 0u32;
        for t in &self.tokens {
            if t.start != pos || t.end <= t.start {
                return Err(super::ParseError::Coverage(format!(
                    "token {:?} at {}..{} does not continue at {pos}",
                    t.rule, t.start, t.end
                )));
            }
            pos = t.end;
        }
        if pos as usize != len {
            return Err(super::ParseError::Coverage(format!("tokens end at {pos}, text at {len}")));
        }
        Ok(())
    }

    /// The root node (the whole file), if the file is not empty of nodes.
    pub fn root(&self) -> Option<NodeId> {
        (!self.nodes.is_empty()).then_some(0)
    }

    /// The nodes that have no parent, in text order (each node's descendants follow it):
    /// the items of a piece parsed with a repetition rule, or the root of a whole file.
    pub fn top_nodes(&self) -> impl Iterator<Item = NodeId> + '_ {
        let next = |n: usize| (n < self.nodes.len()).then_some(n);
        std::iter::successors(next(0), move |&n| next(self.nodes[n].end_node as usize))
    }

    /// Direct children of a node, tokens and nodes in text order.
    pub fn children(&self, id: NodeId) -> Children<'_> {
        let node = self.nodes[id];
        Children {
            tree: self,
            token: node.first_token as usize,
            end_token: node.end_token as usize,
            next_node: id + 1,
            end_node: node.end_node as usize,
        }
    }

    /// Direct child nodes of `id` with the given rule.
    pub fn child_nodes(&self, id: NodeId, rule: Rule) -> impl Iterator<Item = NodeId> + '_ {
        self.children(id).filter_map(move |c| match c {
            Child::Node(n) if self.nodes[n].rule == rule => Some(n),
            _ => None,
        })
    }

    /// Direct child tokens of `id` with the given rule.
    pub fn child_tokens(&self, id: NodeId, rule: Rule) -> impl Iterator<Item = Token> + '_ {
        self.children(id).filter_map(move |c| match c {
            Child::Token(t) if self.tokens[t].rule == rule => Some(self.tokens[t]),
            _ => None,
        })
    }

    /// All tokens under a node (at any depth), in order.
    pub fn tokens_of(&self, id: NodeId) -> &[Token] {
        let n = self.nodes[id];
        &self.tokens[n.first_token as usize..n.end_token as usize]
    }

    /// Byte range covered by a node.
    pub fn range(&self, id: NodeId) -> std::ops::Range<usize> {
        let toks = self.tokens_of(id);
        match (toks.first(), toks.last()) {
            (Some(a), Some(b)) => a.start as usize..b.end as usize,
            _ => 0..0,
        }
    }
}

/// Iterator over the direct children of a node.
pub struct Children<'a> {
    tree: &'a SyntaxTree,
    token: usize,
    end_token: usize,
    next_node: usize,
    end_node: usize,
}

impl Iterator for Children<'_> {
    type Item = Child;

    fn next(&mut self) -> Option<Child> {
        if self.token >= self.end_token {
            return None;
        }
        if self.next_node < self.end_node {
            let n = self.tree.nodes[self.next_node];
            if n.first_token as usize == self.token && n.end_token > n.first_token {
                let id = self.next_node;
                self.token = n.end_token as usize;
                self.next_node = n.end_node as usize;
                return Some(Child::Node(id));
            }
            if n.end_token == n.first_token {
                // An empty node (matched nothing): skip it.
                self.next_node = n.end_node as usize;
                return self.next();
            }
        }
        let t = self.token;
        self.token += 1;
        Some(Child::Token(t))
    }
}

/// Build the tree from the pairs of a successful parse, `base` being the offset of the
/// parsed text in the file (non-zero when a file is parsed in chunks).
///
/// Walks pest's flat start/end token stream with an explicit stack rather than
/// recursing through `Pair::into_inner`, which allocates per node.
///
/// `text` is the text that was parsed (the chunk, for a chunk): a `setting_head` token is
/// cut into its parts here (see [`push_setting_head`]).
pub(super) fn build_into(tree: &mut SyntaxTree, pairs: Pairs<'_, Rule>, text: &str, base: usize) {
    use pest::Token as T;
    struct Open {
        rule: Rule,
        start: usize,
        /// Index of this pair's node, once a child shows it is not a leaf.
        node: Option<usize>,
    }
    let mut stack: Vec<Open> = Vec::with_capacity(16);
    let mut pos = tree.tokens.last().map_or(base, |t| t.end as usize);
    for token in pairs.tokens() {
        match token {
            T::Start { rule, pos: p } => {
                if rule == Rule::EOI {
                    continue;
                }
                let start = base + p.pos();
                if let Some(parent) = stack.last_mut() {
                    if parent.node.is_none() {
                        parent.node = Some(tree.open_node(parent.rule));
                    }
                    if start > pos {
                        tree.push_gap(parent.rule, pos, start);
                        pos = start;
                    }
                }
                stack.push(Open { rule, start, node: None });
            }
            T::End { rule, pos: p } => {
                if rule == Rule::EOI {
                    continue;
                }
                let Some(open) = stack.pop() else { continue };
                let end = base + p.pos();
                match open.node {
                    None => {
                        if open.rule == Rule::setting_head {
                            push_setting_head(
                                tree,
                                &text[open.start - base..end - base],
                                open.start,
                            );
                            pos = end;
                        } else if end > open.start {
                            tree.tokens.push(Token {
                                rule: open.rule,
                                start: open.start as u32,
                                end: end as u32,
                            });
                            pos = end;
                        }
                    }
                    Some(id) => {
                        if end > pos {
                            tree.push_gap(open.rule, pos, end);
                            pos = end;
                        }
                        if tree.tokens.len() == tree.nodes[id].first_token as usize {
                            // Only empty children: no node, as for an empty leaf.
                            tree.nodes.truncate(id);
                            continue;
                        }
                        tree.close_node(id);
                    }
                }
            }
        }
    }
}

/// Push the tokens of a setting's first line, matched as one `setting_head` starting at
/// `start`: the name (up to a blank or `=`), the blanks before `=`, `=`, the blanks after
/// it and the value text, each only when not empty — what `option_name ~ space? ~ equals
/// ~ space? ~ value_text` gives. The grammar guarantees a name and an `=`.
fn push_setting_head(tree: &mut SyntaxTree, head: &str, start: usize) {
    let bytes = head.as_bytes();
    let blank = |b: &u8| *b == b' ' || *b == b'\t';
    let name = bytes.iter().position(|b| blank(b) || *b == b'=').unwrap_or(bytes.len());
    let equals = name + bytes[name..].iter().take_while(|b| blank(b)).count();
    let after = (equals + 1).min(bytes.len());
    let value = after + bytes[after..].iter().take_while(|b| blank(b)).count();
    let cuts = [
        (Rule::option_name, 0, name),
        (Rule::space, name, equals),
        (Rule::equals, equals, after),
        (Rule::space, after, value),
        (Rule::value_text, value, bytes.len()),
    ];
    for (rule, from, to) in cuts {
        if to > from {
            tree.tokens.push(Token {
                rule,
                start: (start + from) as u32,
                end: (start + to) as u32,
            });
        }
    }
}

impl SyntaxTree {
    /// An empty tree with room for a text of `len` bytes.
    ///
    /// Generous on purpose: pages of a vector that are never written cost no memory, while
    /// growing a vector by doubling copies it and briefly holds both copies.
    pub(super) fn with_capacity(len: usize) -> SyntaxTree {
        SyntaxTree {
            tokens: Vec::with_capacity(len / 2 + 1),
            nodes: Vec::with_capacity(len / 8 + 1),
            gaps: 0,
        }
    }

    /// Empty the tree for a piece of `len` bytes, keeping its vectors (a thread parsing
    /// piece after piece reuses them instead of faulting in fresh pages each time).
    pub(super) fn clear(&mut self, len: usize) {
        self.tokens.clear();
        self.nodes.clear();
        self.gaps = 0;
        self.tokens.reserve(len / 2 + 1);
        self.nodes.reserve(len / 8 + 1);
    }

    /// A tree of one `bad_text` token over `0..len` and no node: the fallback when a text
    /// that parsed before does not parse again.
    pub(crate) fn unparsed(len: usize) -> SyntaxTree {
        let mut tree = SyntaxTree::default();
        tree.push_gap(Rule::bad_text, 0, len);
        tree
    }

    /// Record text that no grammar rule matched (never expected; checked by tests).
    pub(super) fn push_gap(&mut self, rule: Rule, start: usize, end: usize) {
        if end > start {
            self.gaps += 1;
            self.tokens.push(Token { rule, start: start as u32, end: end as u32 });
        }
    }

    /// Open a node (for a pair with children, or one the driver synthesises around chunks
    /// parsed separately).
    pub(super) fn open_node(&mut self, rule: Rule) -> usize {
        self.nodes.push(Node {
            rule,
            first_token: self.tokens.len() as u32,
            end_token: 0,
            end_node: 0,
        });
        self.nodes.len() - 1
    }

    /// Close a node opened with `open_node`: it spans what was pushed since.
    pub(super) fn close_node(&mut self, id: usize) {
        let (end_token, end_node) = (self.tokens.len() as u32, self.nodes.len() as u32);
        let node = &mut self.nodes[id];
        node.end_token = end_token;
        node.end_node = end_node;
    }

    /// Append a fragment parsed separately from the text that follows this tree's last
    /// token (its offsets are already those of the whole text).
    pub(super) fn append(&mut self, frag: SyntaxTree) {
        let (tokens, nodes) = (self.tokens.len() as u32, self.nodes.len() as u32);
        self.tokens.extend_from_slice(&frag.tokens);
        self.nodes.extend(frag.nodes.iter().map(|n| Node {
            rule: n.rule,
            first_token: n.first_token + tokens,
            end_token: n.end_token + tokens,
            end_node: n.end_node + nodes,
        }));
        self.gaps += frag.gaps;
    }

    /// End of the text covered so far.
    pub(super) fn covered(&self) -> usize {
        self.tokens.last().map_or(0, |t| t.end as usize)
    }
}
