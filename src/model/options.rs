//! The meaning of option files (option.dat, `<channel>_option`, imta_tailor): settings.
//!
//! The `setting` shape is shared with the dispatcher family, so `OptionSetting` is too.

use serde::Serialize;
use thin_vec::ThinVec;

use super::{Comment, Include, Span, Spans};
use crate::syntax::{self, Child, Kind, NodeId, ParseError, Rule, Sink, SyntaxTree};

/// One `NAME=value` setting, possibly continued over several physical lines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OptionSetting {
    /// From the first character of the first line to the end of the last line that belongs
    /// to the setting (terminator excluded); comment lines inside a continued value included.
    pub span: Span,
    /// The name as written.
    pub name: Span,
    /// The name in upper case (option names are case-insensitive).
    pub normalized: String,
    /// The `=` between name and value.
    pub equals: Span,
    /// The value text of each physical line, without the continuation `\`.
    pub value_parts: Spans,
    /// The continuation `\` marks, in order.
    pub cont_marks: Spans,
    /// Comment lines that sit inside the continued value (they do not end it, and the
    /// text on them is not part of the value). Thin: almost every setting has none, and a
    /// large file has millions of settings.
    pub inner_comments: ThinVec<Comment>,
    /// The value as the product reads it: the parts joined, continuation marks removed.
    pub value: String,
    /// The last line ends in `\` but a blank line or the end of the file follows: the
    /// value was cut there.
    pub dangling_continuation: Option<Span>,
}

// Option files and the dispatcher family hold a setting per line: keep it this small.
#[cfg(target_pointer_width = "64")]
const _: () = assert!(size_of::<OptionSetting>() == 128);

impl OptionSetting {
    /// Blanks before the name: what lies between the start of the setting and its name.
    pub fn indent(&self) -> Option<Span> {
        self.span.leading(self.name)
    }

    /// The span of the whole value (all parts), for diagnostics and in-place edits.
    pub fn value_span(&self) -> Span {
        match (self.value_parts.first(), self.value_parts.last()) {
            (Some(a), Some(b)) => a.cover(*b),
            _ => Span::new(self.equals.end as usize, self.equals.end as usize),
        }
    }

    /// The value without surrounding blanks.
    pub fn value_trimmed(&self) -> &str {
        self.value.trim_matches([' ', '\t'])
    }

    /// True when the value spans more than one physical line.
    pub fn is_continued(&self) -> bool {
        self.value_parts.len() > 1
    }
}

/// A line that is neither a setting, a comment nor blank.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct BadLine {
    /// The line without its terminator.
    pub span: Span,
}

/// The model of one option-family file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct OptionModel {
    /// The settings, in file order.
    pub settings: Vec<OptionSetting>,
    /// Comment lines between settings (those inside a continued value are in the
    /// setting's `inner_comments`).
    pub comments: Vec<Comment>,
    /// `<file` lines: not supported in option files, kept so the linter can say so.
    pub includes: Vec<Include>,
    /// Lines that are neither a setting, a comment, an include nor blank.
    pub bad_lines: Vec<BadLine>,
    /// Blank lines (and lines of blanks only), terminators included.
    pub blank_lines: Vec<Span>,
}

impl OptionModel {
    /// The setting that wins for a name (the last one), case-insensitively.
    pub fn get(&self, name: &str) -> Option<&OptionSetting> {
        let upper = name.to_ascii_uppercase();
        self.settings.iter().rev().find(|s| s.normalized == upper)
    }
}

/// Build the model of an option-family tree.
pub fn build(tree: &SyntaxTree, text: &str) -> OptionModel {
    let mut m = OptionModel::default();
    if let Some(root) = tree.root() {
        for child in tree.children(root) {
            if let Child::Node(c) = child {
                item(tree, text, c, &mut m);
            }
        }
    }
    m.shrink();
    m
}

/// Parse an option-family text and build its model piece by piece: each piece's tree
/// becomes a fragment of the model on the thread that parsed it and is dropped at once,
/// so the tree of the whole file never exists. The model is the one [`build`] makes of
/// the whole tree.
pub fn parse(text: &str, kind: Kind) -> Result<OptionModel, ParseError> {
    parse_with_chunk(text, kind, syntax::CHUNK)
}

/// [`parse`] with a chosen piece size (tests use tiny pieces to exercise every cut).
pub fn parse_with_chunk(text: &str, kind: Kind, chunk: usize) -> Result<OptionModel, ParseError> {
    let map = |_: Rule, tree: &mut SyntaxTree| {
        let mut m = OptionModel::default();
        // The piece's items are its top-level nodes.
        for n in tree.top_nodes() {
            item(tree, text, n, &mut m);
        }
        m
    };
    let mut m = OptionModel::default();
    syntax::parse_map(text, kind, chunk, &map, &mut m)?;
    m.shrink();
    Ok(m)
}

/// Add one file-level item (a setting, a comment, an include, a bad or blank line).
fn item(tree: &SyntaxTree, text: &str, c: NodeId, m: &mut OptionModel) {
    match tree.nodes[c].rule {
        Rule::setting => m.settings.push(setting(tree, text, c)),
        Rule::comment_line => m.comments.push(comment(tree, c)),
        Rule::include_line => m.includes.push(include(tree, text, c)),
        Rule::bad_line => m.bad_lines.push(BadLine { span: line_span(tree, c) }),
        Rule::blank_line | Rule::ws_line => {
            let r = tree.range(c);
            m.blank_lines.push(Span::new(r.start, r.end));
        }
        _ => {}
    }
}

/// The model is the sink of a parse in pieces: fragments are appended in text order.
impl Sink<OptionModel> for OptionModel {
    fn push(&mut self, frag: OptionModel) {
        join(&mut self.settings, frag.settings);
        join(&mut self.comments, frag.comments);
        join(&mut self.includes, frag.includes);
        join(&mut self.bad_lines, frag.bad_lines);
        join(&mut self.blank_lines, frag.blank_lines);
    }
}

impl OptionModel {
    /// Exact sizes: the model lives as long as the run.
    fn shrink(&mut self) {
        self.settings.shrink_to_fit();
        self.comments.shrink_to_fit();
        self.includes.shrink_to_fit();
        self.bad_lines.shrink_to_fit();
        self.blank_lines.shrink_to_fit();
    }
}

/// Append the items of a fragment (moved whole when `to` is still empty).
pub(crate) fn join<T>(to: &mut Vec<T>, mut from: Vec<T>) {
    if to.is_empty() {
        *to = from;
    } else {
        to.append(&mut from);
    }
}

/// A node's range without its line terminator.
pub(crate) fn line_span(tree: &SyntaxTree, n: NodeId) -> Span {
    let toks = tree.tokens_of(n);
    let start = toks.first().map_or(0, |t| t.start);
    let end = toks.iter().rev().find(|t| t.rule != Rule::eol).map_or(start, |t| t.end);
    Span { start, end }
}

pub(crate) fn comment(tree: &SyntaxTree, n: NodeId) -> Comment {
    Comment { span: line_span(tree, n) }
}

pub(crate) fn include(tree: &SyntaxTree, text: &str, n: NodeId) -> Include {
    let line = line_span(tree, n);
    let path = tree
        .child_tokens(n, Rule::include_path)
        .next()
        .map(|t| Span::from(t).trim_end(text))
        .unwrap_or(Span::new(line.end as usize, line.end as usize));
    Include { line, path }
}

/// Read one `setting` node.
pub(crate) fn setting(tree: &SyntaxTree, text: &str, n: NodeId) -> OptionSetting {
    let mut s = OptionSetting {
        span: line_span(tree, n),
        name: Span::default(),
        normalized: String::new(),
        equals: Span::default(),
        value_parts: Spans::new(),
        cont_marks: Spans::new(),
        inner_comments: ThinVec::new(),
        value: String::new(),
        dangling_continuation: None,
    };
    let mut last_significant = None;
    for child in tree.children(n) {
        match child {
            Child::Token(t) => {
                let tok = tree.tokens[t];
                match tok.rule {
                    Rule::option_name => s.name = tok.into(),
                    Rule::equals => s.equals = tok.into(),
                    Rule::value_text => s.value_parts.push(tok.into()),
                    Rule::cont_mark => s.cont_marks.push(tok.into()),
                    _ => {}
                }
                if tok.rule != Rule::eol {
                    last_significant = Some(tok.rule);
                }
            }
            Child::Node(c) => match tree.nodes[c].rule {
                Rule::comment_line => s.inner_comments.push(comment(tree, c)),
                Rule::cont_line => {
                    // A continuation line of only a `\` has an empty value part.
                    let part = tree
                        .child_tokens(c, Rule::value_text)
                        .next()
                        .map(Span::from)
                        .unwrap_or_else(|| {
                            let r = tree.range(c);
                            Span::new(r.start, r.start)
                        });
                    s.value_parts.push(part);
                    last_significant = Some(Rule::value_text);
                }
                _ => {}
            },
        }
    }
    // The first line's value may be empty (`NAME=`): then there is no value_text token.
    if s.value_parts.is_empty()
        || s.value_parts[0].start > s.cont_marks.first().map_or(u32::MAX, |m| m.start)
    {
        let at = s.equals.end as usize;
        let after_blanks =
            at + text[at..].bytes().take_while(|b| *b == b' ' || *b == b'\t').count();
        s.value_parts.insert(0, Span::new(after_blanks, after_blanks));
    }
    if last_significant == Some(Rule::cont_mark) {
        s.dangling_continuation = s.cont_marks.last().copied();
    }
    s.normalized = s.name.text(text).to_ascii_uppercase();
    s.value = s.value_parts.iter().map(|p| p.text(text)).collect();
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::{Kind, parse};

    fn model(text: &str) -> OptionModel {
        build(&parse(text, Kind::Option).unwrap(), text)
    }

    #[test]
    fn indent_is_the_blanks_before_the_name() {
        let text = "  \tA=1\nB=2\n";
        let m = model(text);
        assert_eq!(m.settings[0].indent().map(|s| s.text(text)), Some("  \t"));
        assert_eq!(m.settings[1].indent(), None);
    }

    #[test]
    fn spaces_around_equals_and_case() {
        let text = "MAX_NOTIFYS = 2\nfilter_debug=1\n522_PERMANENT_ERROR_STRING=x|y\nEMPTY=\n";
        let m = model(text);
        assert_eq!(m.settings.len(), 4);
        assert_eq!(m.settings[0].normalized, "MAX_NOTIFYS");
        assert_eq!(m.settings[0].value, "2");
        assert_eq!(m.settings[1].normalized, "FILTER_DEBUG");
        assert_eq!(m.settings[2].name.text(text), "522_PERMANENT_ERROR_STRING");
        assert_eq!(m.settings[3].value, "");
        assert!(m.get("max_notifys").is_some());
    }

    #[test]
    fn comment_in_column_one_stays_a_comment_inside_a_continuation() {
        let text = "DELIVERY_OPTIONS=\\\n  #*mailbox=a,\\\n#forward=**,\\\n  #program=b\nNEXT=1\n";
        let m = model(text);
        assert_eq!(m.settings.len(), 2);
        let d = &m.settings[0];
        assert_eq!(d.value, "  #*mailbox=a,  #program=b");
        assert_eq!(d.inner_comments.len(), 1);
        assert_eq!(d.inner_comments[0].span.text(text), "#forward=**,\\");
        assert!(d.dangling_continuation.is_none());
        assert_eq!(m.settings[1].normalized, "NEXT");
    }

    #[test]
    fn file_ending_inside_a_continuation() {
        let text = "A=x,\\\n  y,\\\n!#gone";
        let m = model(text);
        assert_eq!(m.settings.len(), 1);
        assert_eq!(m.settings[0].value, "x,  y,");
        assert!(m.settings[0].dangling_continuation.is_some());
        assert_eq!(m.comments.len(), 1);
    }

    #[test]
    fn duplicates_last_one_wins() {
        let m = model("A=1\na=2\n");
        assert_eq!(m.get("A").unwrap().value, "2");
    }
}
