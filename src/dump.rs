//! `imtacfg dump`: the model as versioned JSON, or the text re-emitted from the tree.
//!
//! The JSON shape is an API (version 2, documented in the README). It is serialized
//! straight from the model as it is written out: a dump can be many times the size of
//! its input, so it is never built in memory first, neither as a `serde_json::Value`
//! tree nor as one string.
//!
//! Layer: uses `model`, `source`.

use std::collections::BTreeMap;
use std::io::Write;

use serde::Serialize;
use serde::ser::{SerializeMap, SerializeStruct, Serializer};

use crate::model::Span;
use crate::model::config_set::{ConfigFile, ConfigSet, Document, IncludeEdge, IncludeStatus};
use crate::model::dispatcher::{DispatcherModel, Section, ValueSource};
use crate::model::imta::{BlankLine, Block, ImtaInclude, ImtaModel, Keyword, RewriteRule};
use crate::model::options::{BadLine, OptionModel, OptionSetting};
use crate::model::{Comment, Include};
use crate::source::{Encoding, SourceFile, WriteError, write_encoded};

/// The JSON format version. Version 2 replaced version 1: spans are arrays, located text
/// is `{"text", "span"}`, and `normalized` appears only where it differs from the text.
pub const VERSION: u32 = 2;

/// The dump of a whole set; serializing it writes the JSON.
pub struct Dump<'a> {
    set: &'a ConfigSet,
}

/// The JSON dump of a set, ready to be serialized.
pub fn json(set: &ConfigSet) -> Dump<'_> {
    Dump { set }
}

/// Write the JSON dump of a set, compact (no added blanks or newlines): indented, it
/// would be more than three times as large (every span number on a line of its own), and
/// `jq` shows it indented when someone wants to read it.
pub fn write_json<W: Write>(set: &ConfigSet, out: W) -> serde_json::Result<()> {
    serde_json::to_writer(out, &json(set))
}

/// A sequence serialized from a fresh iterator as it is written, never collected.
struct Seq<F>(F);

impl<F, I> Serialize for Seq<F>
where
    F: Fn() -> I,
    I: IntoIterator,
    I::Item: Serialize,
{
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq((self.0)())
    }
}

/// A location: `[line, column, end_line, end_column]`, 1-based, character columns, end
/// exclusive.
struct Loc<'a> {
    src: &'a SourceFile,
    span: Span,
}

impl Serialize for Loc<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let a = self.src.line_col(self.span.start as usize);
        let b = self.src.line_col(self.span.end as usize);
        [a.line, a.column, b.line, b.column].serialize(s)
    }
}

/// A piece of text and where it is: `{"text", "span"}`.
struct Text<'a> {
    src: &'a SourceFile,
    span: Span,
}

impl Serialize for Text<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Text", 2)?;
        st.serialize_field("text", self.span.text(&self.src.text))?;
        st.serialize_field("span", &loc(self.src, self.span))?;
        st.end()
    }
}

fn loc(src: &SourceFile, span: Span) -> Loc<'_> {
    Loc { src, span }
}

fn text(src: &SourceFile, span: Span) -> Text<'_> {
    Text { src, span }
}

fn line_of(src: &SourceFile, span: Span) -> usize {
    src.line_col(span.start as usize).line
}

/// The line numbers of comment lines.
fn comment_lines<'a>(src: &'a SourceFile, comments: &'a [Comment]) -> impl Serialize + 'a {
    Seq(move || comments.iter().map(move |c| line_of(src, c.span)))
}

/// The include lines of an option or dispatcher file: their paths.
fn include_paths<'a>(src: &'a SourceFile, includes: &'a [Include]) -> impl Serialize + 'a {
    Seq(move || includes.iter().map(move |i| text(src, i.path)))
}

fn bad_lines<'a>(src: &'a SourceFile, bad: &'a [BadLine]) -> impl Serialize + 'a {
    Seq(move || bad.iter().map(move |b| text(src, b.span)))
}

impl Serialize for Dump<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let set = self.set;
        let mut st = s.serialize_struct("Dump", 4)?;
        st.serialize_field("version", &VERSION)?;
        st.serialize_field("files", &Seq(|| set.files.iter().map(|f| FileJson(f))))?;
        st.serialize_field("includes", &Seq(|| set.includes.iter().map(|e| EdgeJson { set, e })))?;
        st.serialize_field(
            "errors",
            &Seq(|| set.errors.iter().map(|e| ErrorJson { file: &e.name, message: e.to_string() })),
        )?;
        st.end()
    }
}

#[derive(Serialize)]
struct ErrorJson<'a> {
    file: &'a str,
    message: String,
}

struct EdgeJson<'a> {
    set: &'a ConfigSet,
    e: &'a IncludeEdge,
}

impl Serialize for EdgeJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (set, e) = (self.set, self.e);
        let from = &set.files[e.from];
        let line = from.include_line(e.index).map(|(inc, _)| line_of(&from.source, inc.line));
        let (status, target) = match &e.status {
            IncludeStatus::Read { file } => ("read", Some(set.files[*file].name())),
            IncludeStatus::Missing => ("missing", None),
            IncludeStatus::Cycle => ("cycle", None),
            IncludeStatus::TooDeep => ("too-deep", None),
            IncludeStatus::Outside => ("outside", None),
            IncludeStatus::Unreadable { .. } => ("unreadable", None),
        };
        let mut st = s.serialize_struct("Include", 7)?;
        st.serialize_field("from", from.name())?;
        st.serialize_field("line", &line)?;
        st.serialize_field("spec", &e.spec)?;
        st.serialize_field("resolved", &e.resolved.as_ref().map(|p| p.display().to_string()))?;
        st.serialize_field("depth", &e.depth)?;
        st.serialize_field("status", status)?;
        st.serialize_field("file", &target)?;
        st.end()
    }
}

/// Facts about a file's bytes that matter for printing it back.
fn line_endings(text: &str) -> &'static str {
    let bytes = text.as_bytes();
    let mut lf = 0usize;
    let mut crlf = 0usize;
    for p in memchr::memchr_iter(b'\n', bytes) {
        lf += 1;
        if p > 0 && bytes[p - 1] == b'\r' {
            crlf += 1;
        }
    }
    match (lf, crlf) {
        (0, _) => "none",
        (n, c) if c == n => "crlf",
        (_, 0) => "lf",
        _ => "mixed",
    }
}

struct FileJson<'a>(&'a ConfigFile);

impl Serialize for FileJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let f = self.0;
        let src = &f.source;
        let mut st = s.serialize_struct("File", 8)?;
        st.serialize_field("path", f.name())?;
        st.serialize_field("kind", f.kind.as_str())?;
        st.serialize_field(
            "encoding",
            match src.encoding {
                Encoding::Utf8 => "utf-8",
                Encoding::Latin1 => "latin-1",
            },
        )?;
        st.serialize_field("line_endings", line_endings(&src.text))?;
        st.serialize_field("final_newline", &src.text.ends_with('\n'))?;
        st.serialize_field("lines", &src.line_count())?;
        st.serialize_field("include_depth", &f.depth)?;
        match &f.doc {
            Document::Imta(m) => st.serialize_field("model", &ImtaJson { src, m })?,
            Document::Options(m) => st.serialize_field("model", &OptionsJson { src, m })?,
            Document::Dispatcher(m) => st.serialize_field("model", &DispatcherJson { src, m })?,
        }
        st.end()
    }
}

fn blank_json(src: &SourceFile, b: &BlankLine) -> BlankJson {
    BlankJson { line: line_of(src, b.span), whitespace_only: b.whitespace_only }
}

#[derive(Serialize)]
struct BlankJson {
    line: usize,
    whitespace_only: bool,
}

struct ImtaJson<'a> {
    src: &'a SourceFile,
    m: &'a ImtaModel,
}

impl Serialize for ImtaJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (src, m) = (self.src, self.m);
        let mut st = s.serialize_struct("Imta", 6)?;
        st.serialize_field(
            "rewrite_rules",
            &Seq(|| m.rewrite_rules.iter().map(|r| RuleJson { src, r })),
        )?;
        st.serialize_field("rule_comments", &m.rule_comments.len())?;
        st.serialize_field(
            "includes",
            &Seq(|| m.includes.iter().map(|i| ImtaIncludeJson { src, i })),
        )?;
        st.serialize_field("section_break", &m.section_break.as_ref().map(|b| blank_json(src, b)))?;
        st.serialize_field("separators", &Seq(|| m.separators.iter().map(|b| blank_json(src, b))))?;
        st.serialize_field("blocks", &Seq(|| m.blocks.iter().map(|b| BlockJson { src, b })))?;
        st.end()
    }
}

struct RuleJson<'a> {
    src: &'a SourceFile,
    r: &'a RewriteRule,
}

impl Serialize for RuleJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (src, r) = (self.src, self.r);
        let mut st = s.serialize_struct("RewriteRule", 6)?;
        st.serialize_field("line", &line_of(src, r.line))?;
        st.serialize_field("indented", &r.indent().is_some())?;
        st.serialize_field("pattern", &text(src, r.pattern))?;
        st.serialize_field("template", &r.template.map(|t| text(src, t)))?;
        st.serialize_field("channel_tag", &r.channel_tag.map(|t| text(src, t)))?;
        st.serialize_field("computed_route", &r.computed_route)?;
        st.end()
    }
}

struct ImtaIncludeJson<'a> {
    src: &'a SourceFile,
    i: &'a ImtaInclude,
}

impl Serialize for ImtaIncludeJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (src, i) = (self.src, self.i);
        let mut st = s.serialize_struct("ImtaInclude", 3)?;
        st.serialize_field("line", &line_of(src, i.include.line))?;
        st.serialize_field("part", &i.part)?;
        st.serialize_field("path", &text(src, i.include.path))?;
        st.end()
    }
}

struct BlockJson<'a> {
    src: &'a SourceFile,
    b: &'a Block,
}

impl Serialize for BlockJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (src, b) = (self.src, self.b);
        let head = b.head.as_ref();
        let keywords: &[Keyword] = head.map_or(&[], |h| &h.keywords);
        let mut st = s.serialize_struct("Block", 9)?;
        st.serialize_field("kind", &b.kind)?;
        st.serialize_field("span", &loc(src, b.span))?;
        st.serialize_field("name", &head.filter(|h| !h.malformed).map(|h| text(src, h.name)))?;
        st.serialize_field("indented", &head.is_some_and(|h| h.indent().is_some()))?;
        st.serialize_field("physical_lines", &head.map_or(0, |h| h.physical_lines.len()))?;
        st.serialize_field(
            "dangling_continuation",
            &head.and_then(|h| h.dangling_continuation).map(|d| loc(src, d)),
        )?;
        st.serialize_field("keywords", &Seq(|| keywords.iter().map(|k| KeywordJson { src, k })))?;
        st.serialize_field(
            "hosts",
            &Seq(|| b.hosts.iter().map(|h| Seq(|| h.names.iter().map(|n| text(src, *n))))),
        )?;
        st.serialize_field("comment_lines", &comment_lines(src, &b.comments))?;
        st.end()
    }
}

struct KeywordJson<'a> {
    src: &'a SourceFile,
    k: &'a Keyword,
}

impl Serialize for KeywordJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (src, k) = (self.src, self.k);
        let name = k.name.text(&src.text);
        let mut st = s.serialize_struct("Keyword", 5)?;
        st.serialize_field("name", &text(src, k.name))?;
        // Keywords are case-insensitive; most are written in lower case already.
        if name.bytes().any(|b| b.is_ascii_uppercase()) {
            st.serialize_field("normalized", &name.to_ascii_lowercase())?;
        } else {
            st.skip_field("normalized")?;
        }
        st.serialize_field("known", &k.known)?;
        st.serialize_field("args", &Seq(|| k.args.iter().map(|a| text(src, *a))))?;
        st.serialize_field("missing_args", &k.missing_args)?;
        st.end()
    }
}

struct SettingJson<'a> {
    src: &'a SourceFile,
    s: &'a OptionSetting,
}

impl Serialize for SettingJson<'_> {
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        let (src, s) = (self.src, self.s);
        let mut st = ser.serialize_struct("Setting", 8)?;
        st.serialize_field("name", &text(src, s.name))?;
        if s.name.text(&src.text) != s.normalized {
            st.serialize_field("normalized", &s.normalized)?;
        } else {
            st.skip_field("normalized")?;
        }
        st.serialize_field("value", &s.value)?;
        st.serialize_field("value_span", &loc(src, s.value_span()))?;
        st.serialize_field("span", &loc(src, s.span))?;
        st.serialize_field("physical_lines", &s.value_parts.len())?;
        st.serialize_field("inner_comment_lines", &comment_lines(src, &s.inner_comments))?;
        st.serialize_field("dangling_continuation", &s.dangling_continuation.map(|d| loc(src, d)))?;
        st.end()
    }
}

struct OptionsJson<'a> {
    src: &'a SourceFile,
    m: &'a OptionModel,
}

impl Serialize for OptionsJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (src, m) = (self.src, self.m);
        let mut st = s.serialize_struct("Options", 5)?;
        st.serialize_field("settings", &Seq(|| m.settings.iter().map(|s| SettingJson { src, s })))?;
        st.serialize_field("comment_lines", &comment_lines(src, &m.comments))?;
        st.serialize_field("blank_lines", &Seq(|| m.blank_lines.iter().map(|b| line_of(src, *b))))?;
        st.serialize_field("includes", &include_paths(src, &m.includes))?;
        st.serialize_field("bad_lines", &bad_lines(src, &m.bad_lines))?;
        st.end()
    }
}

struct DispatcherJson<'a> {
    src: &'a SourceFile,
    m: &'a DispatcherModel,
}

/// The last setting of each name among `indexes`, by name (sorted).
fn last_by_name<'a>(m: &'a DispatcherModel, indexes: &[usize]) -> BTreeMap<&'a str, usize> {
    indexes.iter().map(|&i| (m.settings[i].normalized.as_str(), i)).collect()
}

impl Serialize for DispatcherJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (src, m) = (self.src, self.m);
        // The globals by name once, not once per section.
        let globals = last_by_name(m, &m.globals);
        let mut st = s.serialize_struct("Dispatcher", 6)?;
        st.serialize_field(
            "globals",
            &Seq(|| m.globals.iter().map(|&k| SettingJson { src, s: &m.settings[k] })),
        )?;
        st.serialize_field(
            "sections",
            &Seq(|| m.sections.iter().map(|sec| SectionJson { src, m, sec, globals: &globals })),
        )?;
        st.serialize_field(
            "commented_headers",
            &Seq(|| {
                m.commented_headers.iter().map(|h| CommentedHeaderJson {
                    line: line_of(src, h.comment.span),
                    header: &h.header,
                    options_stay_in: h.in_section.map(|i| {
                        let s = &m.sections[i];
                        format!("{}={}", s.kind_normalized, s.name.text(&src.text))
                    }),
                })
            }),
        )?;
        st.serialize_field("comment_lines", &comment_lines(src, &m.comments))?;
        st.serialize_field("includes", &include_paths(src, &m.includes))?;
        st.serialize_field("bad_lines", &bad_lines(src, &m.bad_lines))?;
        st.end()
    }
}

#[derive(Serialize)]
struct CommentedHeaderJson<'a> {
    line: usize,
    header: &'a str,
    options_stay_in: Option<String>,
}

struct SectionJson<'a> {
    src: &'a SourceFile,
    m: &'a DispatcherModel,
    sec: &'a Section,
    globals: &'a BTreeMap<&'a str, usize>,
}

impl Serialize for SectionJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (src, m, sec) = (self.src, self.m, self.sec);
        let mut st = s.serialize_struct("Section", 5)?;
        st.serialize_field("kind", &sec.kind_normalized)?;
        st.serialize_field("name", &text(src, sec.name))?;
        st.serialize_field("header", &loc(src, sec.header))?;
        st.serialize_field(
            "settings",
            &Seq(|| sec.settings.iter().map(|&k| SettingJson { src, s: &m.settings[k] })),
        )?;
        st.serialize_field("effective", &Effective { src, m, sec, globals: self.globals })?;
        st.end()
    }
}

/// Effective values of a section: every option named globally or in the section, the
/// section's own (last) value first, else the last global one (as
/// [`DispatcherModel::effective`] decides).
struct Effective<'a> {
    src: &'a SourceFile,
    m: &'a DispatcherModel,
    sec: &'a Section,
    globals: &'a BTreeMap<&'a str, usize>,
}

impl Serialize for Effective<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (src, m) = (self.src, self.m);
        let mut values: BTreeMap<&str, (usize, ValueSource)> =
            self.globals.iter().map(|(&n, &i)| (n, (i, ValueSource::Global))).collect();
        for (n, i) in last_by_name(m, &self.sec.settings) {
            values.insert(n, (i, ValueSource::Section));
        }
        let mut map = s.serialize_map(Some(values.len()))?;
        for (name, (i, from)) in values {
            let set = &m.settings[i];
            map.serialize_entry(
                name,
                &EffectiveJson { value: set.value_trimmed(), from, line: line_of(src, set.span) },
            )?;
        }
        map.end()
    }
}

#[derive(Serialize)]
struct EffectiveJson<'a> {
    value: &'a str,
    from: ValueSource,
    line: usize,
}

/// Write a file's text as read (what its syntax tree prints back), in the file's
/// encoding; with `expand`, included files are spliced in place of their include lines
/// (see [`write_expanded`]). Nothing is copied on the way but Latin-1 through a small buffer.
pub fn write_source<W: Write + ?Sized>(
    set: &ConfigSet,
    file: usize,
    expand: bool,
    out: &mut W,
) -> Result<(), WriteError> {
    if expand {
        return write_expanded(set, file, out);
    }
    let f = &set.files[file];
    let text = &f.source.text;
    // The tokens of the parse cover the text exactly, in order, so printing the tree
    // back is writing the text.
    write_encoded(text, f.source.encoding, out)?;
    Ok(())
}

/// Write the bytes of a file as read, with included files spliced in place of their
/// include lines, each marked by comment lines (like `nginx -T`). Every file keeps its own
/// bytes (a Latin-1 include stays Latin-1 inside a UTF-8 imta.cnf); the marker lines are
/// ASCII. Includes that were not read stay as written, followed by a comment saying why.
pub fn write_expanded<W: Write + ?Sized>(
    set: &ConfigSet,
    file: usize,
    out: &mut W,
) -> Result<(), WriteError> {
    expand_into(set, file, &mut LastByte { out, last: None })
}

/// A writer that remembers the last byte written: a spliced file that does not end with
/// a newline gets one before the end marker, without keeping the output to look at.
struct LastByte<'a, W: ?Sized> {
    out: &'a mut W,
    last: Option<u8>,
}

impl<W: Write + ?Sized> Write for LastByte<'_, W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.out.write(buf)?;
        if n > 0 {
            self.last = Some(buf[n - 1]);
        }
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

impl<W: Write + ?Sized> LastByte<'_, W> {
    fn end_line(&mut self, eol: &str) -> std::io::Result<()> {
        if self.last != Some(b'\n') {
            self.write_all(eol.as_bytes())?;
        }
        Ok(())
    }
}

fn expand_into<W: Write + ?Sized>(
    set: &ConfigSet,
    file: usize,
    out: &mut LastByte<'_, W>,
) -> Result<(), WriteError> {
    let f = &set.files[file];
    let text = &f.source.text;
    let encoding = f.source.encoding;
    let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let mut pos = 0usize;
    for edge in file_edges(set, file) {
        let Some((inc, _)) = f.include_line(edge.index) else {
            continue;
        };
        let line_start = inc.line.start as usize;
        let line_end = line_end_after(text, inc.line.end as usize);
        write_encoded(&text[pos..line_start], encoding, out)?;
        let why = match &edge.status {
            IncludeStatus::Read { file: target } => {
                let t = &set.files[*target];
                let begin = format!(
                    "! imtacfg: begin {} ({}){eol}",
                    inc.line.text(text).trim_end(),
                    t.name()
                );
                write_encoded(&begin, encoding, out)?;
                expand_into(set, target.index(), out)?;
                out.end_line(eol)?;
                write_encoded(&format!("! imtacfg: end {}{eol}", t.name()), encoding, out)?;
                None
            }
            other => other.why_not_read(),
        };
        if let Some(why) = why {
            write_encoded(&text[line_start..line_end], encoding, out)?;
            out.end_line(eol)?;
            write_encoded(&format!("! imtacfg: not included: {why}{eol}"), encoding, out)?;
        }
        pos = line_end;
    }
    write_encoded(&text[pos..], encoding, out)?;
    Ok(())
}

/// The edges of one file's include lines, in line order. The edges are sorted by (file,
/// line index), so two binary searches find them: a file included many times is expanded
/// at the cost of its own lines each time, not of every include line of the set.
fn file_edges(set: &ConfigSet, file: usize) -> &[IncludeEdge] {
    let all = &set.includes;
    let start = all.partition_point(|e| e.from < file.into());
    let len = all[start..].partition_point(|e| e.from == file.into());
    &all[start..start + len]
}

/// The offset just past the line terminator that follows `at` (or the end of the text).
fn line_end_after(text: &str, at: usize) -> usize {
    memchr::memchr(b'\n', &text.as_bytes()[at..]).map_or(text.len(), |p| at + p + 1)
}
