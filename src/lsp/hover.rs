//! Hover: what the catalog knows of the channel keyword or option name under the cursor.

use serde::Serialize;

use crate::knowledge::{Catalog, Confidence, Provenance};
use crate::syntax::Kind;

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
    let end = text[at..]
        .char_indices()
        .find(|&(_, c)| !is_word(c))
        .map_or(text.len(), |(i, _)| at + i);
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
            let table = match kind {
                Kind::Option => &catalog.options,
                Kind::ChannelOption => &catalog.channel_options,
                _ => &catalog.tailor,
            };
            let o = table.get_folded(&upper)?;
            Some(option_text(
                &o.name,
                &o.summary,
                &type_name(&o.ty),
                o.default.as_deref(),
                &o.provenance,
            ))
        }
        Kind::Dispatcher | Kind::JobController => {
            let table = if kind == Kind::Dispatcher {
                &catalog.dispatcher
            } else {
                &catalog.job_controller
            };
            let o = table.get_folded(&upper)?;
            Some(option_text(
                &o.name,
                &o.summary,
                &type_name(&o.ty),
                o.default.as_deref(),
                &o.provenance,
            ))
        }
    }
}

fn option_text(
    name: &str,
    summary: &str,
    ty: &str,
    default: Option<&str>,
    p: &Provenance,
) -> String {
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
