//! Document symbols: the rewrite rules and channels of imta.cnf, the options of an option file, the
//! sections and options of dispatcher.cnf and job_controller.cnf.

use lsp_types::{DocumentSymbol, SymbolKind};

use super::position::{Encoding, range_of};
use crate::model::Span;
use crate::model::config_set::ConfigFile;
use crate::model::imta::BlockKind;
use crate::model::options::OptionSetting;
use crate::source::SourceFile;

/// The outline of one file.
pub fn symbols(f: &ConfigFile, enc: Encoding) -> Vec<DocumentSymbol> {
    let text = &f.source.text;
    let cx = (&f.source, enc);
    if let Some(m) = f.imta() {
        let rules = m.rewrite_rules.iter().map(|r| {
            symbol(
                cx,
                slice(text, r.pattern),
                r.template.map(|t| slice(text, t)),
                SymbolKind::FUNCTION,
                r.line,
                r.pattern,
                Vec::new(),
            )
        });
        return rules
            .chain(m.blocks.iter().filter(|b| b.kind == BlockKind::Channel).filter_map(|b| {
                let head = b.head.as_ref()?;
                Some(symbol(
                    cx,
                    slice(text, head.name),
                    None,
                    SymbolKind::MODULE,
                    b.span,
                    head.name,
                    Vec::new(),
                ))
            }))
            .collect();
    }
    if let Some(m) = f.options() {
        return m.settings.iter().map(|s| setting(cx, s)).collect();
    }
    if let Some(m) = f.dispatcher() {
        let mut out: Vec<DocumentSymbol> =
            m.globals.iter().filter_map(|&i| m.settings.get(i)).map(|s| setting(cx, s)).collect();
        for sec in &m.sections {
            let children = sec
                .settings
                .iter()
                .filter_map(|&i| m.settings.get(i))
                .map(|s| setting(cx, s))
                .collect();
            out.push(symbol(
                cx,
                slice(text, sec.header).trim().to_string(),
                None,
                SymbolKind::NAMESPACE,
                sec.span,
                sec.header,
                children,
            ));
        }
        return out;
    }
    Vec::new()
}

fn setting(cx: (&SourceFile, Encoding), s: &OptionSetting) -> DocumentSymbol {
    symbol(
        cx,
        s.normalized.clone(),
        Some(s.value.clone()),
        SymbolKind::PROPERTY,
        s.span,
        s.name,
        Vec::new(),
    )
}

fn slice(text: &str, span: Span) -> String {
    text.get(span.start as usize..span.end as usize).unwrap_or_default().to_string()
}

#[allow(deprecated)] // `DocumentSymbol::deprecated` must be written, as `None`.
fn symbol(
    (src, enc): (&SourceFile, Encoding),
    name: impl Into<String>,
    detail: Option<String>,
    kind: SymbolKind,
    span: Span,
    selection: Span,
    children: Vec<DocumentSymbol>,
) -> DocumentSymbol {
    let mut name = name.into();
    if name.is_empty() {
        // LSP clients reject an empty name.
        name = "?".into();
    }
    DocumentSymbol {
        name,
        detail,
        kind,
        tags: None,
        deprecated: None,
        range: range_of(src, span, enc),
        selection_range: range_of(src, selection, enc),
        children: (!children.is_empty()).then_some(children),
    }
}
