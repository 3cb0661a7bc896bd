//! Hover: what the catalog knows of the channel keyword or option name under the cursor;
//! the decoded bits of a `DEBUG=` or other bit-valued setting; the heap sum of
//! dispatcher.cnf on `STACKSIZE` and `MAX_CONNS`; the channel block a rewrite rule's tag
//! routes to.

use serde::Serialize;

use super::navigate::{Thing, blocks_with_host, thing_at};
use super::touches;
use crate::knowledge::{Catalog, Confidence, Provenance};
use crate::model::Span;
use crate::model::config_set::{ConfigSet, FileId};
use crate::model::options::OptionSetting;
use crate::syntax::Kind;

/// What to show at byte `at` of file `file`, and the span it is about.
pub fn hover(
    catalog: &Catalog,
    set: &ConfigSet,
    file: FileId,
    at: usize,
) -> Option<(Span, String)> {
    let f = &set.files[file];
    let text = &f.source.text;
    if let Some((span, Thing::Host(tag))) = thing_at(set, file, at) {
        let blocks = blocks_with_host(set, &tag);
        let mut s = format!("**`{tag}`** routes to ");
        if blocks.is_empty() {
            s += "no channel: no host line carries this name";
        }
        for (fi, bi) in blocks {
            let g = &set.files[fi];
            let Some(b) = g.imta().and_then(|m| m.blocks.get(bi)) else {
                continue;
            };
            let line = g.source.line_col(b.span.start as usize).line;
            let shown: String =
                b.span.text(&g.source.text).lines().take(4).collect::<Vec<_>>().join("\n");
            s += &format!(
                "channel `{}` ({}:{line})\n\n```\n{shown}\n```\n",
                b.name(&g.source.text).unwrap_or("?"),
                g.name()
            );
        }
        return Some((span, s));
    }
    let settings: &[OptionSetting] = match (f.options(), f.dispatcher()) {
        (Some(m), _) => &m.settings,
        (_, Some(m)) => &m.settings,
        _ => &[],
    };
    if let Some(s) =
        settings.iter().find(|s| touches(s.value_span(), at) && at > s.equals.start as usize)
        && let Some(bits) = bits_text(catalog, f.kind, s)
    {
        return Some((s.value_span().trim_end(text), bits));
    }
    let (start, word) = word_at(text, at)?;
    let mut value = describe(catalog, f.kind, word)?;
    let upper = word.to_ascii_uppercase();
    if f.kind == Kind::Dispatcher
        && (upper == "STACKSIZE" || upper == "MAX_CONNS")
        && let Some(m) = f.dispatcher()
    {
        value += &heap_text(&crate::model::heap::heap_requirement(m, text));
    }
    Some((Span::new(start, start + word.len()), value))
}

/// The set bits of a bit-valued setting, with what each means.
fn bits_text(catalog: &Catalog, kind: Kind, s: &OptionSetting) -> Option<String> {
    let raw = s.value_trimmed();
    if kind == Kind::Dispatcher && s.normalized == "DEBUG" {
        let value = crate::debug_mask::parse_value(raw, false).ok()?;
        let d = crate::debug_mask::decode_value(raw, value);
        let mut out = format!("**`DEBUG={raw}`** = `{}`\n\n", d.hex);
        if d.bits.is_empty() {
            out += "No bit set: no debug output.\n";
        }
        for b in d.bits {
            let name = if b.name.is_empty() { String::new() } else { format!(" `{}`", b.name) };
            out += &format!("- bit {} ({}){name}: {}\n", b.bit, b.hex, b.meaning);
        }
        return Some(out);
    }
    if !matches!(kind, Kind::Option | Kind::ChannelOption | Kind::Tailor) {
        return None;
    }
    let info = catalog.option_table(kind).get_folded(&s.normalized)?;
    if info.bits.is_empty() {
        return None;
    }
    let value = crate::model::radix::parse_int(raw).ok()?;
    let mut out = format!("**`{}={raw}`**\n\n", info.name);
    let set: Vec<u8> = (0u8..63).filter(|b| value >> b & 1 == 1).collect();
    if set.is_empty() {
        out += "No bit set.\n";
    }
    for b in set {
        let meaning =
            info.bits.iter().find(|i| i.bit == b).map_or("not documented", |i| i.meaning.as_str());
        out += &format!("- bit {b} (value {}): {meaning}\n", 1u64 << b);
    }
    let unset: Vec<String> = info
        .bits
        .iter()
        .filter(|i| value >> i.bit & 1 == 0)
        .map(|i| format!("- bit {} (value {}): {}", i.bit, 1u64 << i.bit, i.meaning))
        .collect();
    if !unset.is_empty() {
        out += &format!("\nNot set:\n{}\n", unset.join("\n"));
    }
    Some(out)
}

/// The heap rule's figures for a dispatcher.cnf.
fn heap_text(r: &crate::model::heap::HeapReport) -> String {
    let mut s = String::from("\n\n**Heap** (STACKSIZE × MAX_CONNS per service):\n");
    for sv in &r.services {
        match sv.product {
            Some(p) => s += &format!("- `{}`: {p}\n", sv.service),
            None => s += &format!("- `{}`: unknown (STACKSIZE or MAX_CONNS unset)\n", sv.service),
        }
    }
    s += &format!(
        "\nSum {}; the data segment must hold at least twice that: {} bytes.",
        r.sum, r.required
    );
    s
}

/// The word around byte `at` (letters, digits, `_`, `-`, `#`) and where it starts.
pub fn word_at(text: &str, at: usize) -> Option<(usize, &str)> {
    let is_word = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '#');
    let at = at.min(text.len());
    let start = text[..at]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| is_word(c))
        .last()
        .map_or(at, |(i, _)| i);
    let end =
        text[at..].char_indices().find(|&(_, c)| !is_word(c)).map_or(text.len(), |(i, _)| at + i);
    (start < end).then(|| (start, &text[start..end]))
}

/// Markdown describing `word` in a file of this kind, if the catalog knows it.
pub fn describe(catalog: &Catalog, kind: Kind, word: &str) -> Option<String> {
    let upper = word.to_ascii_uppercase();
    match kind {
        Kind::Imta | Kind::ImtaChannels => {
            let k = catalog.keyword(word)?;
            let mut s = format!("**`{}`** — channel keyword\n\n{}\n\n", k.name, k.summary);
            s += &format!("Arguments: {}  \n", arity(&k.arity));
            if let Some(g) = &k.group {
                s += &format!(
                    "Group: `{g}`{}  \n",
                    if k.is_default { " (the default)" } else { "" }
                );
            }
            s += &provenance(&k.provenance);
            Some(s)
        }
        Kind::Option | Kind::ChannelOption | Kind::Tailor => {
            let o = catalog.option_table(kind).get_folded(&upper)?;
            Some(option_text(&o.name, &o.summary, &o.ty, o.default.as_deref(), &o.provenance))
        }
        Kind::Dispatcher | Kind::JobController => {
            let o = catalog.section_table(kind).get_folded(&upper)?;
            Some(option_text(&o.name, &o.summary, &o.ty, o.default.as_deref(), &o.provenance))
        }
    }
}

fn option_text(
    name: &str,
    summary: &str,
    ty: &impl Serialize,
    default: Option<&str>,
    p: &Provenance,
) -> String {
    let ty = type_name(ty);
    let mut s = format!("**`{name}`** — option\n\n{summary}\n\nType: {ty}  \n");
    if let Some(d) = default {
        s += &format!("Default: `{d}`  \n");
    }
    s + &provenance(p)
}

fn provenance(p: &Provenance) -> String {
    let how = match p.confidence {
        Confidence::Documented => "documented",
        Confidence::SeenInRealFiles => "seen in real files (not documented)",
        Confidence::Unverified => "unverified",
    };
    format!("Source: {how} ({})", p.source)
}

/// A serialised enum's name (`integer`, `flag`); for tagged ones, its `kind`.
fn type_name(v: &impl Serialize) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(serde_json::Value::Object(m)) => match m.get("kind") {
            Some(serde_json::Value::String(s)) => s.clone(),
            _ => serde_json::Value::Object(m).to_string(),
        },
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}

fn arity(a: &crate::knowledge::types::Arity) -> String {
    use crate::knowledge::types::Arity;
    match a {
        Arity::Flag => "none (a flag)".into(),
        Arity::One { ty } => format!("one {}", type_name(ty)),
        Arity::List { ty, min, max } => format!("{min} to {max} of {}", type_name(ty)),
    }
}
