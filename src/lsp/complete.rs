//! Completion from the catalog: channel keywords on channel lines (with a snippet for
//! their arguments), pool names after `pool`, channel tags after the last `@` of a
//! rewrite template, option names (in dispatcher.cnf and job_controller.cnf those allowed
//! where the cursor is), enumerated values after `=`, channel names after
//! `PARAMETER=CHANNEL=`, section kinds after `[`.

use lsp_types::{
    CompletionItem, CompletionItemKind, Documentation, InsertTextFormat, MarkupContent, MarkupKind,
};

use super::touches;
use crate::knowledge::types::{ArgType, Arity, BitInfo, Scope, ValueType};
use crate::knowledge::{Catalog, Provenance};
use crate::model::config_set::{ConfigSet, FileId};
use crate::model::imta::BlockKind;
use crate::syntax::Kind;

/// Where completion was asked: the file, the byte, the text of its line before it, and
/// whether the client takes snippets.
#[derive(Clone, Copy)]
struct Cursor<'a> {
    catalog: &'a Catalog,
    set: &'a ConfigSet,
    file: FileId,
    at: usize,
    before: &'a str,
    snippets: bool,
}

/// The completions at byte `at` of file `file`. `snippets`: the client takes snippets.
pub fn complete(
    catalog: &Catalog,
    set: &ConfigSet,
    file: FileId,
    at: usize,
    snippets: bool,
) -> Vec<CompletionItem> {
    let f = &set.files[file];
    let text = &f.source.text;
    let at = super::position::floor_boundary(text, at);
    let line_start = memchr::memrchr(b'\n', &text.as_bytes()[..at]).map_or(0, |i| i + 1);
    let before = &text[line_start..at];
    let cursor = Cursor { catalog, set, file, at, before, snippets };
    match f.kind {
        Kind::Imta | Kind::ImtaChannels => imta(&cursor),
        Kind::Option | Kind::ChannelOption | Kind::Tailor => {
            let table = catalog.option_table(f.kind);
            match before.split_once('=') {
                None if !before.trim_start().starts_with(['!', '#', ';', '<']) => table
                    .names()
                    .filter_map(|n| table.get_folded(n).map(|o| (n, o)))
                    .map(|(n, o)| {
                        name_item(
                            n,
                            &o.summary,
                            &o.provenance,
                            CompletionItemKind::PROPERTY,
                            snippets,
                        )
                    })
                    .collect(),
                None => Vec::new(),
                Some((name, _)) => table
                    .get_folded(&name.trim().to_ascii_uppercase())
                    .map(|o| values(&o.ty, o.default.as_deref(), &o.bits))
                    .unwrap_or_default(),
            }
        }
        Kind::Dispatcher | Kind::JobController => service(&cursor),
    }
}

fn imta(cursor: &Cursor) -> Vec<CompletionItem> {
    let Cursor { catalog, set, file, at, before, snippets } = *cursor;
    let f = &set.files[file];
    let Some(m) = f.imta() else {
        return Vec::new();
    };
    if before.starts_with('!') {
        return Vec::new();
    }
    let in_rules =
        f.kind == Kind::Imta && m.section_break.is_none_or(|b| at < b.span.start as usize);
    if in_rules {
        // In a template, after its last `@`: the channel tags.
        let trimmed = before.trim_start();
        let Some((_, template)) = trimmed.split_once([' ', '\t']) else {
            return Vec::new();
        };
        let Some((_, tag)) = template.rsplit_once('@') else {
            return Vec::new();
        };
        if tag.contains('$') {
            return Vec::new();
        }
        return hosts(set);
    }
    // On a channel line after its name: keywords, or pool names after `pool`.
    let on_head = m.blocks.iter().filter(|b| b.kind == BlockKind::Channel).find_map(|b| {
        let h = b.head.as_ref()?;
        let on = h.physical_lines.iter().any(|l| touches(*l, at));
        (on && at > h.name.end as usize).then_some(h)
    });
    let Some(_) = on_head else {
        return Vec::new();
    };
    let previous = before.split_whitespace().rev().nth(usize::from(!before.ends_with([' ', '\t'])));
    if previous.is_some_and(|w| w.eq_ignore_ascii_case("pool")) {
        return pools(set);
    }
    catalog
        .keywords
        .names()
        .filter_map(|n| catalog.keyword(&n.replace('#', "1")).map(|k| (n, k)))
        .map(|(n, k)| {
            let mut item =
                name_item(n, &k.summary, &k.provenance, CompletionItemKind::KEYWORD, snippets);
            let arg = match k.arity {
                Arity::Flag => None,
                Arity::One { ty } | Arity::List { ty, .. } => Some(ty),
            };
            item.detail = Some(match (&k.group, arg) {
                (_, Some(ty)) => format!("takes {}", arg_name(ty)),
                (Some(g), None) => format!("flag, group {g}"),
                (None, None) => "flag".into(),
            });
            if let Some(ty) = arg {
                let base = item.insert_text.clone().unwrap_or_else(|| n.to_string());
                if snippets {
                    let shift = base.matches("${").count() + 1;
                    item.insert_text = Some(format!("{base} ${{{shift}:{}}}", arg_name(ty)));
                    item.insert_text_format = Some(InsertTextFormat::SNIPPET);
                } else {
                    item.insert_text = Some(format!("{base} "));
                }
            }
            item
        })
        .collect()
}

fn arg_name(ty: ArgType) -> &'static str {
    match ty {
        ArgType::Int => "integer",
        ArgType::Str => "word",
        ArgType::Host => "host",
        ArgType::Channel => "channel",
        ArgType::Url => "url",
        ArgType::Template => "template",
        ArgType::Duration => "duration",
        ArgType::Ip => "address",
    }
}

/// An item for a keyword or option name; a `#` in the name (digits) becomes a
/// placeholder (or `1` without snippets).
fn name_item(
    name: &str,
    summary: &str,
    provenance: &Provenance,
    kind: CompletionItemKind,
    snippets: bool,
) -> CompletionItem {
    let plain = name.replace("#?", "").replace('#', "1");
    let (insert, format) = if name.contains('#') && snippets {
        let mut out = String::new();
        let mut n = 0;
        let mut rest = name;
        while let Some(i) = rest.find('#') {
            n += 1;
            out += &rest[..i];
            let skip = if rest[i..].starts_with("#?") { 2 } else { 1 };
            out += &format!("${{{n}:1}}");
            rest = &rest[i + skip..];
        }
        out += rest;
        (out, Some(InsertTextFormat::SNIPPET))
    } else {
        (plain.clone(), None)
    };
    CompletionItem {
        label: name.to_string(),
        kind: Some(kind),
        documentation: Some(Documentation::MarkupContent(MarkupContent {
            kind: MarkupKind::Markdown,
            value: format!("{summary}\n\n_{}_", provenance.source),
        })),
        filter_text: Some(plain),
        insert_text: Some(insert),
        insert_text_format: format,
        ..Default::default()
    }
}

fn plain_item(label: String, detail: Option<String>, kind: CompletionItemKind) -> CompletionItem {
    CompletionItem { label, detail, kind: Some(kind), ..Default::default() }
}

/// Host names of every channel block (rewrite templates route to them).
fn hosts(set: &ConfigSet) -> Vec<CompletionItem> {
    let mut out: Vec<CompletionItem> = Vec::new();
    for f in set.files.iter() {
        let Some(m) = f.imta() else { continue };
        let text = &f.source.text;
        for b in m.blocks.iter().filter(|b| b.kind == BlockKind::Channel) {
            let channel = b.name(text).unwrap_or_default();
            for n in b.hosts.iter().flat_map(|h| &h.names) {
                let label = n.text(text).to_string();
                if !out.iter().any(|i| i.label == label) {
                    out.push(plain_item(
                        label,
                        Some(format!("channel {channel}")),
                        CompletionItemKind::MODULE,
                    ));
                }
            }
        }
    }
    out
}

/// Channel names of imta.cnf and its included channel files.
fn channels(set: &ConfigSet) -> Vec<CompletionItem> {
    let mut out: Vec<CompletionItem> = Vec::new();
    for f in set.files.iter() {
        let Some(m) = f.imta() else { continue };
        let text = &f.source.text;
        for name in m.channels().filter_map(|b| b.name(text)) {
            if !out.iter().any(|i| i.label == name) {
                out.push(plain_item(
                    name.to_string(),
                    Some("channel".into()),
                    CompletionItemKind::MODULE,
                ));
            }
        }
    }
    out
}

/// Pools of job_controller.cnf.
fn pools(set: &ConfigSet) -> Vec<CompletionItem> {
    let mut out: Vec<CompletionItem> = Vec::new();
    for f in set.files.iter().filter(|f| f.kind == Kind::JobController) {
        let Some(m) = f.dispatcher() else { continue };
        for s in
            m.sections.iter().filter(|s| matches!(s.kind_normalized.as_str(), "POOL" | "QUEUE"))
        {
            let name = s.name.text(&f.source.text).trim().to_string();
            if !name.is_empty() && !out.iter().any(|i| i.label == name) {
                out.push(plain_item(
                    name,
                    Some(format!("[{}=…]", s.kind_normalized)),
                    CompletionItemKind::ENUM_MEMBER,
                ));
            }
        }
    }
    out
}

/// The values an option's type enumerates: 0 and 1 for a flag, the bits of a bit mask,
/// and the documented default.
fn values(ty: &ValueType, default: Option<&str>, bits: &[BitInfo]) -> Vec<CompletionItem> {
    let mut out = Vec::new();
    if *ty == ValueType::Bool {
        out.push(plain_item("0".into(), Some("off".into()), CompletionItemKind::VALUE));
        out.push(plain_item("1".into(), Some("on".into()), CompletionItemKind::VALUE));
    }
    for b in bits {
        out.push(plain_item(
            (1u64 << b.bit).to_string(),
            Some(format!("bit {}: {}", b.bit, b.meaning)),
            CompletionItemKind::VALUE,
        ));
    }
    if let Some(d) = default {
        match out.iter_mut().find(|i| i.label == d) {
            Some(i) => {
                i.detail = Some(format!("{} (the default)", i.detail.clone().unwrap_or_default()))
            }
            None => out.push(plain_item(
                d.to_string(),
                Some("the default".into()),
                CompletionItemKind::VALUE,
            )),
        }
    }
    out
}

fn service(cursor: &Cursor) -> Vec<CompletionItem> {
    let Cursor { catalog, set, file, at, before, snippets } = *cursor;
    let f = &set.files[file];
    let text = &f.source.text;
    let dispatcher = f.kind == Kind::Dispatcher;
    let trimmed = before.trim_start();
    if trimmed.starts_with(['!', '#', ';', '<']) {
        return Vec::new();
    }
    if let Some(rest) = trimmed.strip_prefix('[') {
        if rest.contains('=') {
            return Vec::new();
        }
        let kinds: &[&str] =
            if dispatcher { &["SERVICE"] } else { crate::lint::rules::job_controller::KINDS };
        return kinds
            .iter()
            .map(|k| {
                plain_item(k.to_string(), Some("section kind".into()), CompletionItemKind::STRUCT)
            })
            .collect();
    }
    let table = catalog.section_table(f.kind);
    match trimmed.split_once('=') {
        None => {
            // Where the cursor is: before any section, in [SERVICE=DISPATCHER], or in a
            // section.
            let section = f
                .dispatcher()
                .and_then(|m| m.sections.iter().rev().find(|s| (s.header.start as usize) < at));
            let allowed = |s: &Scope| match section {
                None => s.global,
                Some(sec)
                    if dispatcher
                        && sec.kind_normalized == "SERVICE"
                        && sec.name.text(text).trim().eq_ignore_ascii_case("DISPATCHER") =>
                {
                    s.dispatcher
                }
                Some(_) => s.section,
            };
            table
                .names()
                .filter_map(|n| table.get_folded(n).map(|o| (n, o)))
                .filter(|(_, o)| allowed(&o.scope))
                .map(|(n, o)| {
                    name_item(n, &o.summary, &o.provenance, CompletionItemKind::PROPERTY, snippets)
                })
                .collect()
        }
        Some((name, value)) => {
            let name = name.trim().to_ascii_uppercase();
            if name == "PARAMETER" {
                return match value.split_once('=') {
                    Some((key, _)) if key.trim().eq_ignore_ascii_case("CHANNEL") => channels(set),
                    Some(_) => Vec::new(),
                    None => vec![plain_item(
                        "CHANNEL=".into(),
                        Some("the channel that serves this service".into()),
                        CompletionItemKind::KEYWORD,
                    )],
                };
            }
            if dispatcher && name == "DEBUG" {
                return crate::knowledge::catalog::debug_bits()
                    .iter()
                    .filter(|b| b.status == crate::knowledge::BitStatus::Documented)
                    .map(|b| {
                        plain_item(
                            (1u64 << b.bit).to_string(),
                            Some(format!("bit {} {}: {}", b.bit, b.name, b.meaning)),
                            CompletionItemKind::VALUE,
                        )
                    })
                    .collect();
            }
            table
                .get_folded(&name)
                .map(|o| values(&o.ty, o.default.as_deref(), &[]))
                .unwrap_or_default()
        }
    }
}
