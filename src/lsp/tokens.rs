//! Semantic tokens: every token of the syntax tree given a type, so that an editor
//! colours these files without a grammar of its own. Channel line words are told apart
//! with the model: keyword names are keywords, their arguments parameters.

use lsp_types::{
    SemanticToken, SemanticTokenModifier, SemanticTokenType, SemanticTokens, SemanticTokensLegend,
};

use super::position::Encoding;
use crate::model::config_set::ConfigFile;
use crate::syntax::Rule;

/// Declares the legend's token types (a token's type is its index in `TYPES`) and a `u32`
/// constant of the same name for each, its index.
macro_rules! token_types {
    ($($name:ident),* $(,)?) => {
        const TYPES: &[SemanticTokenType] = &[$(SemanticTokenType::$name),*];
        #[allow(non_camel_case_types, clippy::upper_case_acronyms)]
        #[repr(u32)]
        enum Index { $($name),* }
        $(const $name: u32 = Index::$name as u32;)*
    };
}

token_types![
    COMMENT, KEYWORD, PARAMETER, NAMESPACE, VARIABLE, PROPERTY, STRING, NUMBER, OPERATOR, REGEXP,
    TYPE,
];

/// Bit 0 of the modifiers: the token declares the name (a channel line's channel name, a
/// section name).
const DECLARATION: u32 = 1;

/// The legend sent in the server's capabilities.
pub fn legend() -> SemanticTokensLegend {
    SemanticTokensLegend {
        token_types: TYPES.to_vec(),
        token_modifiers: vec![SemanticTokenModifier::DECLARATION],
    }
}

/// The semantic tokens of a file, in the protocol's relative encoding.
pub fn tokens(f: &ConfigFile, enc: Encoding) -> SemanticTokens {
    let text = f.source.text.as_str();
    // imta.cnf line parts are one token each (a rule's text, a channel line's words, a host
    // line's names); the model says what is inside them.
    let parts = imta_parts(f, text);
    let mut next = 0;
    let mut out = Writer::new(text, enc);
    for t in &f.syntax_tree().tokens {
        let (start, end) = (t.start, t.end);
        let ty = match t.rule {
            Rule::comment_text | Rule::imta_comment_text => COMMENT,
            Rule::include_mark
            | Rule::equals
            | Rule::cont_mark
            | Rule::lbracket
            | Rule::rbracket => OPERATOR,
            Rule::include_path => STRING,
            Rule::option_name => PROPERTY,
            Rule::value_text => {
                let v = &text[t.range()];
                if crate::model::radix::parse_int(v).is_ok() { NUMBER } else { STRING }
            }
            Rule::section_kind => TYPE,
            Rule::section_name | Rule::channel_name => {
                out.push(start, end, NAMESPACE, DECLARATION);
                continue;
            }
            Rule::rule_text | Rule::words | Rule::host_names => {
                while next < parts.len() && parts[next].0 < start {
                    next += 1;
                }
                while next < parts.len() && parts[next].0 < end {
                    let (s, e, ty) = parts[next];
                    out.push(s, e, ty, 0);
                    next += 1;
                }
                continue;
            }
            _ => continue,
        };
        out.push(start, end, ty, 0);
    }
    SemanticTokens { result_id: None, data: out.data }
}

/// The typed pieces of an imta.cnf's rewrite rules, channel lines and host lines, in text
/// order: (start, end, token type).
fn imta_parts(f: &ConfigFile, text: &str) -> Vec<(u32, u32, u32)> {
    let Some(m) = f.imta() else {
        return Vec::new();
    };
    let mut parts = Vec::new();
    for r in &m.rewrite_rules {
        parts.push((r.pattern.start, r.pattern.end, REGEXP));
        if let Some(t) = r.template {
            match r.channel_tag {
                Some(tag) => {
                    parts.push((t.start, tag.start, STRING));
                    parts.push((tag.start, tag.end, NAMESPACE));
                    parts.push((tag.end, t.end, STRING));
                }
                None => parts.push((t.start, t.end, STRING)),
            }
        }
    }
    for b in &m.blocks {
        for k in b.head.iter().flat_map(|h| &h.keywords) {
            parts.push((k.name.start, k.name.end, KEYWORD));
            for a in &k.args {
                let number = a.text(text).bytes().all(|c| c.is_ascii_digit());
                parts.push((a.start, a.end, if number { NUMBER } else { PARAMETER }));
            }
        }
        for n in b.hosts.iter().flat_map(|h| &h.names) {
            parts.push((n.start, n.end, VARIABLE));
        }
    }
    parts.sort_unstable_by_key(|p| p.0);
    parts
}

/// Builds the relative encoding, walking the text once.
struct Writer<'t> {
    text: &'t str,
    enc: Encoding,
    data: Vec<SemanticToken>,
    /// Line and line start of `pos`.
    line: u32,
    line_start: usize,
    pos: usize,
    /// Line and column (in units) of the previous token's start.
    last_line: u32,
    last_col: u32,
}

impl<'t> Writer<'t> {
    fn new(text: &'t str, enc: Encoding) -> Self {
        Writer {
            text,
            enc,
            data: Vec::new(),
            line: 0,
            line_start: 0,
            pos: 0,
            last_line: 0,
            last_col: 0,
        }
    }

    fn units(&self, s: &str) -> u32 {
        match self.enc {
            Encoding::Utf8 => s.len() as u32,
            Encoding::Utf16 => s.encode_utf16().count() as u32,
        }
    }

    /// Add a token for `start..end` (trailing line breaks and blanks left out; an empty
    /// or multi-line token is skipped).
    fn push(&mut self, start: u32, end: u32, ty: u32, modifiers: u32) {
        let (start, end) = (start as usize, end as usize);
        if start < self.pos || end > self.text.len() || start >= end {
            return;
        }
        let piece = self.text[start..end].trim_end_matches(['\r', '\n', ' ', '\t']);
        if piece.is_empty() || piece.contains('\n') {
            return;
        }
        for nl in memchr::memchr_iter(b'\n', &self.text.as_bytes()[self.pos..start]) {
            self.line += 1;
            self.line_start = self.pos + nl + 1;
        }
        self.pos = start;
        let col = self.units(&self.text[self.line_start..start]);
        let delta_line = self.line - self.last_line;
        let delta_start = if delta_line == 0 { col - self.last_col } else { col };
        self.data.push(SemanticToken {
            delta_line,
            delta_start,
            length: self.units(piece),
            token_type: ty,
            token_modifiers_bitset: modifiers,
        });
        self.last_line = self.line;
        self.last_col = col;
    }
}
