//! Findings as LSP diagnostics, and the `publishDiagnostics` notification built from them.
//!
//! A check of a file with tens of thousands of findings spends more on this than on the
//! lint if it is done naively (issue 13: 38k findings of a 1 MB option.dat): so the link
//! of each rule code and the URI of each file are worked out once per publication, not
//! per finding, positions come from the file's line index, and the findings are turned
//! into JSON on all cores, each straight after its conversion (the JSON tree of a
//! diagnostic is a few dozen small allocations: building them in parallel is what pays).

use std::collections::HashMap;

use lsp_server::Notification;
use lsp_types as lt;
use lsp_types::notification::Notification as _;
use serde_json::Value;

use super::position::{Encoding, range_of};
use crate::lint::{Diagnostic, Severity};
use crate::model::config_set::{ConfigSet, FileId};

/// Below this many findings, one thread converts them all.
const PARALLEL_FROM: usize = 2048;

/// What turns the findings of one reading of a configuration into LSP diagnostics of one
/// document (`doc`, named `uri` by the client).
pub(super) struct Converter<'a> {
    set: &'a ConfigSet,
    enc: Encoding,
    /// The URI of each file of the set: the document's as the client wrote it, the others'
    /// from their paths.
    uris: Vec<Option<lt::Uri>>,
    /// The documentation link of each rule code met.
    links: HashMap<&'static str, Option<lt::Uri>>,
}

impl<'a> Converter<'a> {
    /// A converter for `findings` (their codes' links are looked up once here).
    pub fn new(
        set: &'a ConfigSet,
        uri: &lt::Uri,
        doc: FileId,
        enc: Encoding,
        findings: &[&Diagnostic],
    ) -> Converter<'a> {
        let uris =
            (0..set.files.len()).map(|i| super::file_uri(set, uri, doc, FileId::from(i))).collect();
        let mut links = HashMap::new();
        for d in findings {
            links.entry(d.code()).or_insert_with(|| link(d.code()));
        }
        Converter { set, enc, uris, links }
    }

    fn uri(&self, file: FileId) -> Option<lt::Uri> {
        self.uris.get(file.index()).cloned().flatten()
    }

    /// A finding as an LSP diagnostic: its range, severity as `lint` gives it, code with a
    /// link to the rule's documentation, related places, and the help after the message.
    pub fn diagnostic(&self, d: &Diagnostic) -> lt::Diagnostic {
        let related: Vec<lt::DiagnosticRelatedInformation> = d
            .related
            .iter()
            .filter_map(|r| {
                Some(lt::DiagnosticRelatedInformation {
                    location: lt::Location {
                        uri: self.uri(r.file)?,
                        range: range_of(&self.set.files[r.file].source, r.span, self.enc),
                    },
                    message: r.message.clone(),
                })
            })
            .collect();
        let message = match &d.help {
            Some(help) => format!("{}\nhelp: {help}", d.message),
            None => d.message.clone(),
        };
        let href = match self.links.get(d.code()) {
            Some(l) => l.clone(),
            None => link(d.code()),
        };
        lt::Diagnostic {
            range: range_of(&self.set.files[d.file].source, d.span, self.enc),
            severity: Some(match d.severity {
                Severity::Error => lt::DiagnosticSeverity::ERROR,
                Severity::Warning => lt::DiagnosticSeverity::WARNING,
                Severity::Info => lt::DiagnosticSeverity::INFORMATION,
            }),
            code: Some(lt::NumberOrString::String(d.code().into())),
            code_description: href.map(|href| lt::CodeDescription { href }),
            source: Some("imtacfg".into()),
            message,
            related_information: (!related.is_empty()).then_some(related),
            ..Default::default()
        }
    }

    /// The findings as the JSON of LSP diagnostics, in their order; converted on all
    /// cores when there are many.
    pub fn json(&self, findings: &[&Diagnostic]) -> Vec<Value> {
        let one = |d: &&Diagnostic| super::json(self.diagnostic(d));
        let threads = std::thread::available_parallelism().map_or(1, usize::from);
        let pieces = threads.min(findings.len() / PARALLEL_FROM).max(1);
        if pieces == 1 {
            return findings.iter().map(one).collect();
        }
        let size = findings.len().div_ceil(pieces);
        let parts: Vec<Vec<Value>> = std::thread::scope(|s| {
            let handles: Vec<_> = findings
                .chunks(size)
                .map(|chunk| s.spawn(move || chunk.iter().map(one).collect::<Vec<Value>>()))
                .collect();
            // A conversion does not panic; were a thread to, its findings are left out
            // rather than the server stopped.
            handles.into_iter().map(|h| h.join().unwrap_or_default()).collect()
        });
        let mut out = Vec::with_capacity(findings.len());
        for p in parts {
            out.extend(p);
        }
        out
    }
}

/// The documentation link of a rule code.
fn link(code: &str) -> Option<lt::Uri> {
    crate::report::sarif::help_uri(code).parse().ok()
}

/// The `publishDiagnostics` notification for a document, with diagnostics already in
/// JSON (see [`Converter::json`]); `version` is the document's version they are for.
pub(super) fn publish(uri: lt::Uri, diagnostics: Vec<Value>, version: Option<i32>) -> Notification {
    let mut params =
        super::json(lt::PublishDiagnosticsParams { uri, diagnostics: Vec::new(), version });
    if let Some(map) = params.as_object_mut() {
        map.insert("diagnostics".into(), Value::Array(diagnostics));
    }
    // Not `Notification::new`, which would copy the tree through `to_value`.
    Notification { method: lt::notification::PublishDiagnostics::METHOD.into(), params }
}
