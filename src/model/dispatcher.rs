//! The meaning of dispatcher.cnf and job_controller.cnf: global options, then sections.
//!
//! A commented-out section header (`![SERVICE=LMTPSS]`) does not start a section: the
//! option lines after it stay in the section before it. The model records such headers
//! with the section they fall into, so the linter can point that out.

use serde::Serialize;

use super::options::{self, BadLine, OptionSetting, join};
use super::setting_index::{NameKey, SettingIndex};
use super::{Comment, Include, Span};
use crate::syntax::{self, Child, Kind, NodeId, ParseError, Rule, Sink, SyntaxTree};

/// A `[KIND=name]` section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Section {
    /// The header line without its terminator.
    pub header: Span,
    /// The section kind as written, before the `=` (`SERVICE`, `POOL`, ...).
    pub kind: Span,
    /// The section name as written, after the `=` (`SMTP`, `DEFAULT`, ...).
    pub name: Span,
    /// Upper-case kind (`SERVICE`, `POOL`, `CHANNEL`, `QUEUE`, `PERIODIC_JOB`).
    pub kind_normalized: String,
    /// Upper-case name.
    pub name_normalized: String,
    /// Text after `]` other than blanks, if any.
    pub tail: Option<Span>,
    /// From the header to the end of the section's last line (terminator excluded).
    pub span: Span,
    /// Indexes into `DispatcherModel::settings`.
    pub settings: Vec<usize>,
}

/// A comment line that looks like a section header (`![SERVICE=X]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CommentedHeader {
    /// The comment line, which the product skips like any other comment.
    pub comment: Comment,
    /// The header text inside the comment, e.g. `SERVICE=LMTPSS`.
    pub header: String,
    /// The section the following option lines really belong to (`None`: the globals).
    pub in_section: Option<usize>,
}

/// Where an effective value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ValueSource {
    /// Set in the section itself.
    Section,
    /// Inherited from the global options.
    Global,
}

/// The model of one dispatcher-family file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DispatcherModel {
    /// Every setting in file order (globals and sections).
    pub settings: Vec<OptionSetting>,
    /// Indexes of the global settings.
    pub globals: Vec<usize>,
    /// The sections, in file order.
    pub sections: Vec<Section>,
    /// Comment lines between settings and sections, commented-out headers included.
    pub comments: Vec<Comment>,
    /// Comment lines that look like a section header; they start no section.
    pub commented_headers: Vec<CommentedHeader>,
    /// Include lines (`<file`).
    pub includes: Vec<Include>,
    /// Lines that are neither a setting, a header, a comment, an include nor blank.
    pub bad_lines: Vec<BadLine>,
    /// Names, scopes and kinds in dense arrays (made by [`build`]).
    #[serde(skip)]
    index: Box<SettingIndex>,
}

impl DispatcherModel {
    /// The effective value of an option for a section: the section's own (last) value,
    /// else the last global value.
    pub fn effective(&self, section: usize, name: &str) -> Option<(&OptionSetting, ValueSource)> {
        self.own(section, name)
            .map(|s| (s, ValueSource::Section))
            .or_else(|| self.global(name).map(|s| (s, ValueSource::Global)))
    }

    /// The section's own (last) setting of an option, not counting the globals.
    pub fn own(&self, section: usize, name: &str) -> Option<&OptionSetting> {
        self.own_key(section, self.index.name_key(name)?)
    }

    /// [`DispatcherModel::own`] for a name already looked up (a caller asking for every
    /// section looks the name up once).
    pub fn own_key(&self, section: usize, key: NameKey) -> Option<&OptionSetting> {
        self.own_index(section, key).map(|i| &self.settings[i])
    }

    /// Where in [`DispatcherModel::settings`] the section's own (last) setting of a name is.
    pub fn own_index(&self, section: usize, key: NameKey) -> Option<usize> {
        if section >= self.sections.len() {
            return None;
        }
        let scope = self.index.scope(Some(section));
        let keys = &self.index.name_keys()[scope.clone()];
        keys.iter().rposition(|&k| k == key).map(|i| scope.start + i)
    }

    /// The dense look-up arrays of the settings and sections.
    pub fn index(&self) -> &SettingIndex {
        &self.index
    }

    /// The last global setting of a name.
    pub fn global(&self, name: &str) -> Option<&OptionSetting> {
        self.global_index(name).map(|i| &self.settings[i])
    }

    /// Where in [`DispatcherModel::settings`] the last global setting of a name is.
    pub fn global_index(&self, name: &str) -> Option<usize> {
        self.index.last_global(self.index.name_key(name)?)
    }

    /// Sections of a kind (`SERVICE`), any case.
    pub fn sections_of<'a>(&'a self, kind: &'a str) -> impl Iterator<Item = (usize, &'a Section)> {
        let key = self.index.kind_key(kind);
        let keys = self.index.kind_keys();
        (0..self.sections.len())
            .filter(move |&i| Some(keys[i]) == key)
            .map(|i| (i, &self.sections[i]))
    }
}

/// Build the model of a dispatcher-family tree.
pub fn build(tree: &SyntaxTree, text: &str) -> DispatcherModel {
    let mut m = DispatcherModel::default();
    if let Some(root) = tree.root() {
        for child in tree.children(root) {
            let Child::Node(c) = child else { continue };
            match tree.nodes[c].rule {
                Rule::globals => lines(tree, text, line_nodes(tree, c), None, &mut m),
                Rule::section => section(tree, text, c, &mut m),
                _ => {}
            }
        }
    }
    m.finish();
    m
}

/// Parse a dispatcher-family text and build its model piece by piece: each piece's tree
/// becomes a fragment of the model on the thread that parsed it and is dropped at once,
/// so the tree of the whole file never exists (it was a fifth of the peak memory of a
/// large job_controller.cnf). The model is the one [`build`] makes of the whole tree.
pub fn parse(text: &str, kind: Kind) -> Result<DispatcherModel, ParseError> {
    parse_with_chunk(text, kind, syntax::CHUNK)
}

/// [`parse`] with a chosen piece size (tests use tiny pieces to exercise every cut).
pub fn parse_with_chunk(
    text: &str,
    kind: Kind,
    chunk: usize,
) -> Result<DispatcherModel, ParseError> {
    let map = |rule: Rule, tree: &mut SyntaxTree| {
        let mut m = DispatcherModel::default();
        // The piece's items are its top-level nodes: lines of the globals, or sections.
        let items = tree.top_nodes();
        match rule {
            Rule::dispatcher_sections => {
                for n in items.filter(|&n| tree.nodes[n].rule == Rule::section) {
                    section(tree, text, n, &mut m);
                }
            }
            _ => lines(tree, text, items, None, &mut m),
        }
        m
    };
    let mut m = DispatcherModel::default();
    syntax::parse_map(text, kind, chunk, &map, &mut m)?;
    m.finish();
    Ok(m)
}

/// The child nodes of a node that holds lines (the globals or a section).
fn line_nodes(tree: &SyntaxTree, n: NodeId) -> impl Iterator<Item = NodeId> + '_ {
    tree.children(n).filter_map(|c| match c {
        Child::Node(c) => Some(c),
        Child::Token(_) => None,
    })
}

/// The model is the sink of a parse in pieces: fragments are appended in text order,
/// their indexes shifted past what came before.
impl Sink<DispatcherModel> for DispatcherModel {
    fn push(&mut self, mut frag: DispatcherModel) {
        let (settings, sections) = (self.settings.len(), self.sections.len());
        if settings > 0 {
            frag.globals.iter_mut().for_each(|i| *i += settings);
            for i in frag.sections.iter_mut().flat_map(|s| s.settings.iter_mut()) {
                *i += settings;
            }
        }
        if sections > 0 {
            frag.commented_headers
                .iter_mut()
                .filter_map(|c| c.in_section.as_mut())
                .for_each(|s| *s += sections);
        }
        join(&mut self.settings, frag.settings);
        join(&mut self.globals, frag.globals);
        join(&mut self.sections, frag.sections);
        join(&mut self.comments, frag.comments);
        join(&mut self.commented_headers, frag.commented_headers);
        join(&mut self.includes, frag.includes);
        join(&mut self.bad_lines, frag.bad_lines);
    }
}

impl DispatcherModel {
    /// What the builder adds once every line is in: the global look-up, the index, and
    /// exact sizes (the model lives as long as the run).
    fn finish(&mut self) {
        let m = self;
        m.settings.shrink_to_fit();
        m.globals.shrink_to_fit();
        m.sections.shrink_to_fit();
        for s in &mut m.sections {
            s.settings.shrink_to_fit();
        }
        // The index keeps each scope as a range: the settings of one scope are
        // consecutive, the globals first (the builder pushes them that way).
        debug_assert!(m.globals.iter().copied().eq(0..m.globals.len()));
        debug_assert!(
            m.sections
                .iter()
                .flat_map(|s| s.settings.iter().copied())
                .eq(m.globals.len()..m.settings.len())
        );
        let sections =
            m.sections.iter().map(|s| (&*s.kind_normalized, &*s.name_normalized, s.settings.len()));
        *m.index = SettingIndex::new(&m.settings, m.globals.len(), sections);
        m.comments.shrink_to_fit();
        m.commented_headers.shrink_to_fit();
        m.includes.shrink_to_fit();
        m.bad_lines.shrink_to_fit();
    }
}

fn section(tree: &SyntaxTree, text: &str, n: NodeId, m: &mut DispatcherModel) {
    let Some(header) = tree.child_nodes(n, Rule::section_header).next() else {
        return;
    };
    let token = |rule| tree.child_tokens(header, rule).next().map(Span::from);
    let kind = token(Rule::section_kind).unwrap_or_default();
    let name = token(Rule::section_name).unwrap_or_else(|| {
        let k = kind.end as usize + 1;
        Span::new(k, k)
    });
    let tail = token(Rule::header_tail).filter(|t| !t.text(text).trim().is_empty());
    let idx = m.sections.len();
    m.sections.push(Section {
        header: options::line_span(tree, header),
        kind,
        name,
        kind_normalized: kind.text(text).trim().to_ascii_uppercase(),
        name_normalized: name.text(text).trim().to_ascii_uppercase(),
        tail,
        span: options::line_span(tree, n),
        settings: Vec::new(),
    });
    lines(tree, text, line_nodes(tree, n), Some(idx), m);
}

/// Add the settings, comments, includes and bad lines among `nodes` to the globals
/// (`section` `None`) or to a section.
fn lines(
    tree: &SyntaxTree,
    text: &str,
    nodes: impl Iterator<Item = NodeId>,
    section: Option<usize>,
    m: &mut DispatcherModel,
) {
    for c in nodes {
        match tree.nodes[c].rule {
            Rule::setting => {
                let idx = m.settings.len();
                m.settings.push(options::setting(tree, text, c));
                match section {
                    Some(s) => m.sections[s].settings.push(idx),
                    None => m.globals.push(idx),
                }
            }
            Rule::comment_line => {
                let comment = options::comment(tree, c);
                if let Some(header) = commented_header(comment.span.text(text)) {
                    m.commented_headers.push(CommentedHeader {
                        comment,
                        header,
                        in_section: section,
                    });
                }
                m.comments.push(comment);
            }
            Rule::include_line => m.includes.push(options::include(tree, text, c)),
            Rule::bad_line => m.bad_lines.push(BadLine { span: options::line_span(tree, c) }),
            _ => {}
        }
    }
}

/// `![SERVICE=X]` (blanks allowed after the comment character) → `SERVICE=X`.
fn commented_header(comment: &str) -> Option<String> {
    let body = comment[1..].trim();
    let inner = body.strip_prefix('[')?.strip_suffix(']')?;
    let (kind, _) = inner.split_once('=')?;
    let kind = kind.trim();
    (!kind.is_empty() && kind.bytes().all(|b| b.is_ascii_alphabetic() || b == b'_'))
        .then(|| inner.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::{Kind, parse};

    fn model(text: &str) -> DispatcherModel {
        build(&parse(text, Kind::Dispatcher).unwrap(), text)
    }

    #[test]
    fn globals_sections_and_effective_values() {
        let text = "MAX_CONNS=20\nSTACKSIZE=1\n[SERVICE=SMTP]\nPORT=25\nSTACKSIZE=2048000\n[service=SMTP_SUBMIT]\nPORT=587\n";
        let m = model(text);
        assert_eq!(m.globals.len(), 2);
        assert_eq!(m.sections.len(), 2);
        assert_eq!(m.sections[1].kind_normalized, "SERVICE");
        assert_eq!(m.sections[1].name_normalized, "SMTP_SUBMIT");
        let (s, from) = m.effective(0, "stacksize").unwrap();
        assert_eq!((s.value.as_str(), from), ("2048000", ValueSource::Section));
        let (s, from) = m.effective(1, "MAX_CONNS").unwrap();
        assert_eq!((s.value.as_str(), from), ("20", ValueSource::Global));
        assert!(m.effective(1, "IMAGE").is_none());
    }

    #[test]
    fn commented_out_header_leaves_options_in_the_previous_section() {
        let text = "[SERVICE=SMTP]\nPORT=25\n![SERVICE=LMTPSS]\nPORT=225\n";
        let m = model(text);
        assert_eq!(m.sections.len(), 1);
        assert_eq!(m.sections[0].settings.len(), 2);
        assert_eq!(m.commented_headers.len(), 1);
        assert_eq!(m.commented_headers[0].header, "SERVICE=LMTPSS");
        assert_eq!(m.commented_headers[0].in_section, Some(0));
    }

    #[test]
    fn the_index_keeps_scopes_names_and_kinds() {
        let text = "port=1\n[SERVICE=A]\nPort=2\nIMAGE=x\nPORT=3\n[pool=B]\n[Service=C]\nimage=y\n";
        let m = model(text);
        let ix = m.index();
        assert_eq!(
            [ix.scope(None), ix.scope(Some(0)), ix.scope(Some(1)), ix.scope(Some(2))],
            [0..1, 1..4, 4..4, 4..5]
        );
        let (port, image) = (ix.name_key("pOrT").unwrap(), ix.name_key("IMAGE").unwrap());
        assert_eq!(ix.name_keys(), [port, port, image, port, image]);
        assert_eq!((ix.name(port), ix.name_count()), ("PORT", 2));
        assert!(ix.name_key("MAX_CONNS").is_none());
        assert_eq!(m.own_index(0, port), Some(3), "the last setting of the name");
        assert_eq!(m.own(2, "Image").map(|s| s.value.as_str()), Some("y"));
        assert!(m.own(1, "PORT").is_none() && m.own(3, "PORT").is_none());
        let kinds: Vec<&str> = ix.kind_keys().iter().map(|&k| ix.kind(k)).collect();
        assert_eq!(kinds, ["SERVICE", "POOL", "SERVICE"]);
        assert_eq!(m.sections_of("service").map(|(i, _)| i).collect::<Vec<_>>(), [0, 2]);
        let h = ix.section_hashes();
        assert!(h[0] != h[2] && h[0] != h[1]);
        assert_eq!(
            model("[service=a]\n[SERVICE=A]\n").index().section_hashes()[..1],
            model("[SERVICE=A]\n").index().section_hashes()[..1]
        );
    }

    #[test]
    fn the_last_global_setting_of_a_name_is_found_in_any_case() {
        let m = model("PORT=1\nimage=a\nport=2\n[SERVICE=S]\nPORT=3\n");
        assert_eq!(m.global_index("Port"), Some(2));
        assert_eq!(m.global("IMAGE").map(|s| s.value.as_str()), Some("a"));
        assert_eq!(m.global_index("MAX_CONNS"), None);
        let only_in_a_section = model("A=1\n[SERVICE=S]\nPORT=3\n");
        assert_eq!(only_in_a_section.global_index("PORT"), None);
    }

    #[test]
    fn the_index_lists_the_continued_settings() {
        let m = model("A=1\nB=2 \\\n  3\n[SERVICE=S]\nC=4\\\nD=5\nE=6\n");
        let continued: Vec<&str> =
            m.index().continued().map(|i| m.settings[i].normalized.as_str()).collect();
        assert_eq!(continued, ["B", "C"]);
    }

    proptest::proptest! {
        /// A section's own value found through the index is the one a scan of the
        /// section's settings, any case, finds.
        #[test]
        fn own_agrees_with_a_scan_of_the_section(
            lines in proptest::collection::vec((0usize..5, 0usize..3), 0..30),
            asked in 0usize..4,
        ) {
            let names = ["PORT", "port", "Image", "IMAGE", "[SERVICE=X"];
            let mut text = String::from("MAX_CONNS=1\n");
            for (k, (n, v)) in lines.iter().enumerate() {
                match (k % 7, *n) {
                    (0, _) => text.push_str(&format!("[SERVICE=S{v}]\n")),
                    _ => text.push_str(&format!("{}={v}\n", names[*n])),
                }
            }
            let m = model(&text);
            let name = ["port", "IMAGE", "max_conns", "none"][asked];
            for sec in 0..m.sections.len() + 1 {
                let scan = m.sections.get(sec).and_then(|s| {
                    s.settings.iter().rev().map(|&i| &m.settings[i]).find(|s| s.normalized.eq_ignore_ascii_case(name))
                });
                proptest::prop_assert_eq!(m.own(sec, name), scan);
            }
        }
    }

    #[test]
    fn option_appended_after_last_section_belongs_to_it() {
        let text = "[SERVICE=SMTP]\nPORT=25\n\n[SERVICE=LAST]\nDEBUG=-1";
        let m = model(text);
        assert_eq!(m.globals.len(), 0);
        assert_eq!(m.sections[1].settings.len(), 1);
    }
}
