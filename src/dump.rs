//! `imtacfg dump`: the model as versioned JSON, or the text re-emitted from the tree.
//!
//! The JSON shape is an API (version 1): documented in the README, only ever extended.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::model::Span;
use crate::model::config_set::{ConfigFile, ConfigSet, Document, IncludeStatus};
use crate::model::dispatcher::{DispatcherModel, ValueSource};
use crate::model::imta::{BlankLine, Block, ImtaModel};
use crate::model::options::{OptionModel, OptionSetting};
use crate::source::{Encoding, SourceFile};

/// The JSON format version.
pub const VERSION: u32 = 1;

/// The whole set as JSON.
pub fn to_json(set: &ConfigSet) -> Value {
    let files: Vec<Value> = set.files.iter().map(file_json).collect();
    let includes: Vec<Value> = set
        .includes
        .iter()
        .map(|e| {
            let from = &set.files[e.from];
            let line = from
                .include_lines()
                .get(e.index)
                .map(|(inc, _)| from.source.line_col(inc.line.start as usize).line);
            let (status, target) = match &e.status {
                IncludeStatus::Read { file } => ("read", Some(set.files[*file].name())),
                IncludeStatus::Missing => ("missing", None),
                IncludeStatus::Cycle => ("cycle", None),
                IncludeStatus::TooDeep => ("too-deep", None),
                IncludeStatus::Outside => ("outside", None),
                IncludeStatus::Unreadable { .. } => ("unreadable", None),
            };
            json!({
                "from": from.name(),
                "line": line,
                "spec": e.spec,
                "resolved": e.resolved.as_ref().map(|p| p.display().to_string()),
                "depth": e.depth,
                "status": status,
                "file": target,
            })
        })
        .collect();
    let errors: Vec<Value> = set
        .errors
        .iter()
        .map(|e| json!({"file": e.name, "message": e.message}))
        .collect();
    json!({
        "version": VERSION,
        "files": files,
        "includes": includes,
        "errors": errors,
    })
}

/// Facts about a file's bytes that matter for printing it back.
fn line_endings(text: &str) -> &'static str {
    let lf = memchr::memchr_iter(b'\n', text.as_bytes()).count();
    let crlf = text.matches("\r\n").count();
    match (lf, crlf) {
        (0, _) => "none",
        (n, c) if c == n => "crlf",
        (_, 0) => "lf",
        _ => "mixed",
    }
}

fn file_json(f: &ConfigFile) -> Value {
    let src = &f.source;
    let model = match &f.doc {
        Document::Imta(m) => imta_json(src, m),
        Document::Options(m) => options_json(src, m),
        Document::Dispatcher(m) => dispatcher_json(src, m),
    };
    json!({
        "path": f.name(),
        "kind": f.kind.as_str(),
        "encoding": match src.encoding { Encoding::Utf8 => "utf-8", Encoding::Latin1 => "latin-1" },
        "line_endings": line_endings(&src.text),
        "final_newline": src.text.ends_with('\n'),
        "lines": src.line_count(),
        "include_depth": f.depth,
        "model": model,
    })
}

/// A location: 1-based lines and character columns, end exclusive.
fn loc(src: &SourceFile, span: Span) -> Value {
    let a = src.line_col(span.start as usize);
    let b = src.line_col(span.end as usize);
    json!({"line": a.line, "column": a.column, "end_line": b.line, "end_column": b.column})
}

/// A piece of text and where it is.
fn item(src: &SourceFile, span: Span) -> Value {
    let mut v = loc(src, span);
    v["text"] = Value::String(span.text(&src.text).to_string());
    v
}

fn line_of(src: &SourceFile, span: Span) -> usize {
    src.line_col(span.start as usize).line
}

fn blank_json(src: &SourceFile, b: &BlankLine) -> Value {
    json!({"line": line_of(src, b.span), "whitespace_only": b.whitespace_only})
}

fn imta_json(src: &SourceFile, m: &ImtaModel) -> Value {
    let rules: Vec<Value> = m
        .rewrite_rules
        .iter()
        .map(|r| {
            json!({
                "line": line_of(src, r.line),
                "indented": r.indent.is_some(),
                "pattern": item(src, r.pattern),
                "template": r.template.map(|t| item(src, t)),
                "channel_tag": r.channel_tag.map(|t| item(src, t)),
                "computed_route": r.computed_route,
            })
        })
        .collect();
    let includes: Vec<Value> = m
        .includes
        .iter()
        .map(|i| {
            json!({
                "line": line_of(src, i.include.line),
                "part": i.part,
                "path": item(src, i.include.path),
            })
        })
        .collect();
    json!({
        "rewrite_rules": rules,
        "rule_comments": m.rule_comments.len(),
        "includes": includes,
        "section_break": m.section_break.as_ref().map(|b| blank_json(src, b)),
        "separators": m.separators.iter().map(|b| blank_json(src, b)).collect::<Vec<_>>(),
        "blocks": m.blocks.iter().map(|b| block_json(src, b)).collect::<Vec<_>>(),
    })
}

fn block_json(src: &SourceFile, b: &Block) -> Value {
    let head = b.head.as_ref();
    json!({
        "kind": b.kind,
        "span": loc(src, b.span),
        "name": head.filter(|h| !h.malformed).map(|h| item(src, h.name)),
        "indented": head.is_some_and(|h| h.indent.is_some()),
        "physical_lines": head.map_or(0, |h| h.physical_lines.len()),
        "dangling_continuation": head.and_then(|h| h.dangling_continuation).map(|s| loc(src, s)),
        "keywords": head.map(|h| h.keywords.iter().map(|k| json!({
            "name": item(src, k.name),
            "normalized": k.normalized(&src.text),
            "known": k.known,
            "args": k.args.iter().map(|a| item(src, *a)).collect::<Vec<_>>(),
            "missing_args": k.missing_args,
        })).collect::<Vec<_>>()).unwrap_or_default(),
        "hosts": b.hosts.iter().map(|h| h.names.iter().map(|n| item(src, *n)).collect::<Vec<_>>()).collect::<Vec<_>>(),
        "comment_lines": b.comments.iter().map(|c| line_of(src, c.span)).collect::<Vec<_>>(),
    })
}

fn setting_json(src: &SourceFile, s: &OptionSetting) -> Value {
    json!({
        "name": item(src, s.name),
        "normalized": s.normalized,
        "value": s.value,
        "value_span": loc(src, s.value_span()),
        "span": loc(src, s.span),
        "physical_lines": s.value_parts.len(),
        "inner_comment_lines": s.inner_comments.iter().map(|c| line_of(src, c.span)).collect::<Vec<_>>(),
        "dangling_continuation": s.dangling_continuation.map(|d| loc(src, d)),
    })
}

fn options_json(src: &SourceFile, m: &OptionModel) -> Value {
    json!({
        "settings": m.settings.iter().map(|s| setting_json(src, s)).collect::<Vec<_>>(),
        "comment_lines": m.comments.iter().map(|c| line_of(src, c.span)).collect::<Vec<_>>(),
        "blank_lines": m.blank_lines.iter().map(|b| line_of(src, *b)).collect::<Vec<_>>(),
        "includes": m.includes.iter().map(|i| item(src, i.path)).collect::<Vec<_>>(),
        "bad_lines": m.bad_lines.iter().map(|b| item(src, b.span)).collect::<Vec<_>>(),
    })
}

fn dispatcher_json(src: &SourceFile, m: &DispatcherModel) -> Value {
    let sections: Vec<Value> = m
        .sections
        .iter()
        .enumerate()
        .map(|(i, s)| {
            // Effective values: every option named globally or in the section.
            let mut names: BTreeMap<&str, ()> = BTreeMap::new();
            for &g in m.globals.iter().chain(&s.settings) {
                names.insert(&m.settings[g].normalized, ());
            }
            let effective: serde_json::Map<String, Value> = names
                .keys()
                .filter_map(|n| {
                    let (set, from) = m.effective(i, n)?;
                    Some((
                        n.to_string(),
                        json!({
                            "value": set.value_trimmed(),
                            "from": match from { ValueSource::Section => "section", ValueSource::Global => "global" },
                            "line": line_of(src, set.span),
                        }),
                    ))
                })
                .collect();
            json!({
                "kind": s.kind_normalized,
                "name": item(src, s.name),
                "header": loc(src, s.header),
                "settings": s.settings.iter().map(|&k| setting_json(src, &m.settings[k])).collect::<Vec<_>>(),
                "effective": effective,
            })
        })
        .collect();
    json!({
        "globals": m.globals.iter().map(|&k| setting_json(src, &m.settings[k])).collect::<Vec<_>>(),
        "sections": sections,
        "commented_headers": m.commented_headers.iter().map(|h| json!({
            "line": line_of(src, h.comment.span),
            "header": h.header,
            "options_stay_in": h.in_section.map(|i| {
                let s = &m.sections[i];
                format!("{}={}", s.kind_normalized, s.name.text(&src.text))
            }),
        })).collect::<Vec<_>>(),
        "comment_lines": m.comments.iter().map(|c| line_of(src, c.span)).collect::<Vec<_>>(),
        "includes": m.includes.iter().map(|i| item(src, i.path)).collect::<Vec<_>>(),
        "bad_lines": m.bad_lines.iter().map(|b| item(src, b.span)).collect::<Vec<_>>(),
    })
}

/// The bytes of a file as read, with included files spliced in place of their include
/// lines, each marked by comment lines (like `nginx -T`). Every file keeps its own bytes
/// (a Latin-1 include stays Latin-1 inside a UTF-8 imta.cnf); the marker lines are ASCII.
/// Includes that were not read stay as written, followed by a comment saying why.
pub fn expanded_source(
    set: &ConfigSet,
    file: usize,
) -> Result<Vec<u8>, crate::source::EncodeError> {
    let mut out = Vec::new();
    expand_into(set, file, &mut out)?;
    Ok(out)
}

fn expand_into(
    set: &ConfigSet,
    file: usize,
    out: &mut Vec<u8>,
) -> Result<(), crate::source::EncodeError> {
    let f = &set.files[file];
    let text = &f.source.text;
    let enc = |s: &str| crate::source::encode(s, f.source.encoding);
    let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let mut pos = 0usize;
    for (index, (inc, _)) in f.include_lines().into_iter().enumerate() {
        let Some(edge) = set.includes_from(file).find(|e| e.index == index) else {
            continue;
        };
        let line_start = inc.line.start as usize;
        let line_end = line_end_after(text, inc.line.end as usize);
        out.extend(enc(&text[pos..line_start])?);
        let why = match &edge.status {
            IncludeStatus::Read { file: target } => {
                let t = &set.files[*target];
                out.extend(enc(&format!(
                    "! imtacfg: begin {} ({}){eol}",
                    inc.line.text(text).trim_end(),
                    t.name()
                ))?);
                expand_into(set, *target, out)?;
                if !out.ends_with(b"\n") {
                    out.extend(eol.as_bytes());
                }
                out.extend(enc(&format!("! imtacfg: end {}{eol}", t.name()))?);
                None
            }
            IncludeStatus::Missing => Some("no such file".to_string()),
            IncludeStatus::Cycle => Some("it would include itself".to_string()),
            IncludeStatus::TooDeep => Some("nested more than 3 levels deep".to_string()),
            IncludeStatus::Outside => Some("outside the configuration directory".to_string()),
            IncludeStatus::Unreadable { reason } => Some(reason.clone()),
        };
        if let Some(why) = why {
            out.extend(enc(&text[line_start..line_end])?);
            if !out.ends_with(b"\n") {
                out.extend(eol.as_bytes());
            }
            out.extend(enc(&format!("! imtacfg: not included: {why}{eol}"))?);
        }
        pos = line_end;
    }
    out.extend(enc(&text[pos..])?);
    Ok(())
}

/// The offset just past the line terminator that follows `at` (or the end of the text).
fn line_end_after(text: &str, at: usize) -> usize {
    memchr::memchr(b'\n', &text.as_bytes()[at..]).map_or(text.len(), |p| at + p + 1)
}
