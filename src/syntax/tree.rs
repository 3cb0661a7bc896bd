//! A flat, compact lossless tree built from pest's pairs.
//!
//! Tokens are kept in one vector in text order and cover the input without gaps or
//! overlaps; nodes are kept in pre-order, each knowing its token range and where its
//! descendants end. Twelve to sixteen bytes per item keep large files affordable.

use pest::iterators::{Pair, Pairs};

use super::Rule;

/// Index of a node in `SyntaxTree::nodes`.
pub type NodeId = usize;

/// A leaf: a run of text produced by one grammar rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub rule: Rule,
    pub start: u32,
    pub end: u32,
}

impl Token {
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        &text[self.range()]
    }
}

/// An inner node: a grammar rule with children.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Node {
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
    Token(usize),
    Node(NodeId),
}

/// The lossless tree of one file.
#[derive(Debug, Clone, Default)]
pub struct SyntaxTree {
    pub tokens: Vec<Token>,
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
    pub fn check_coverage(&self, len: usize) -> Result<(), String> {
        if self.gaps != 0 {
            return Err(format!("{} stretches of text have no token", self.gaps));
        }
        let mut pos = 0u32;
        for t in &self.tokens {
            if t.start != pos || t.end <= t.start {
                return Err(format!(
                    "token {:?} at {}..{} does not continue at {pos}",
                    t.rule, t.start, t.end
                ));
            }
            pos = t.end;
        }
        if pos as usize != len {
            return Err(format!("tokens end at {pos}, text at {len}"));
        }
        Ok(())
    }

    /// The root node (the whole file), if the file is not empty of nodes.
    pub fn root(&self) -> Option<NodeId> {
        (!self.nodes.is_empty()).then_some(0)
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

/// Build the tree from the top-level pairs of a successful parse.
pub(super) fn build(text: &str, pairs: Pairs<'_, Rule>) -> SyntaxTree {
    let mut tree = SyntaxTree {
        tokens: Vec::with_capacity(text.len() / 8 + 1),
        nodes: Vec::with_capacity(text.len() / 40 + 1),
        gaps: 0,
    };
    let mut pos = 0usize;
    for pair in pairs {
        if pair.as_rule() == Rule::EOI {
            continue;
        }
        add(&mut tree, pair, &mut pos);
    }
    if pos < text.len() {
        // Cannot happen with grammars anchored at EOI; keep the text anyway.
        tree.gaps += 1;
        tree.tokens.push(Token {
            rule: Rule::bad_text,
            start: pos as u32,
            end: text.len() as u32,
        });
    }
    tree
}

fn add(tree: &mut SyntaxTree, pair: Pair<'_, Rule>, pos: &mut usize) {
    let span = pair.as_span();
    let (start, end) = (span.start(), span.end());
    let rule = pair.as_rule();
    if rule == Rule::EOI {
        return;
    }
    let mut inner = pair.into_inner().peekable();
    if inner.peek().is_none() {
        if end > start {
            tree.tokens.push(Token {
                rule,
                start: start as u32,
                end: end as u32,
            });
            *pos = end;
        }
        return;
    }
    let id = tree.nodes.len();
    tree.nodes.push(Node {
        rule,
        first_token: tree.tokens.len() as u32,
        end_token: 0,
        end_node: 0,
    });
    for child in inner {
        if child.as_rule() == Rule::EOI {
            continue;
        }
        let child_start = child.as_span().start();
        if child_start > *pos {
            fill_gap(tree, rule, *pos, child_start);
            *pos = child_start;
        }
        add(tree, child, pos);
    }
    if end > *pos {
        fill_gap(tree, rule, *pos, end);
        *pos = end;
    }
    let (end_token, end_node) = (tree.tokens.len() as u32, tree.nodes.len() as u32);
    let node = &mut tree.nodes[id];
    node.end_token = end_token;
    node.end_node = end_node;
}

fn fill_gap(tree: &mut SyntaxTree, rule: Rule, start: usize, end: usize) {
    tree.gaps += 1;
    tree.tokens.push(Token {
        rule,
        start: start as u32,
        end: end as u32,
    });
}
