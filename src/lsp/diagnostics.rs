//! Findings as LSP diagnostics, and the `publishDiagnostics` notification built from them.
//!
//! A check of a file with tens of thousands of findings spends more on this than on the
//! lint if it is done naively (issue 13: 38k findings of a 1 MB option.dat): so the link
//! of each rule code and the URI of each file are worked out once per publication, not
//! per finding, positions come from the file's line index, and the findings are
//! written as JSON text on all cores, each straight after its conversion, without a tree
//! of JSON values between (a few dozen small allocations per diagnostic, which cost
//! several times the lint when there are tens of thousands).

use std::borrow::Cow;
use std::collections::HashMap;

use lsp_types as lt;
use lsp_types::notification::Notification as _;

use super::link::Outgoing;
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

    /// A finding as the protocol writes a diagnostic: its range, severity as `lint` gives
    /// it, code with a link to the rule's documentation, related places, and the help
    /// after the message. Borrowed from the finding wherever it can be.
    fn wire<'d>(&'d self, d: &'d Diagnostic) -> Wire<'d> {
        let related = d
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
        let href = match self.links.get(d.code()) {
            Some(l) => l.as_ref().map(Cow::Borrowed),
            None => link(d.code()).map(Cow::Owned),
        };
        Wire {
            range: range_of(&self.set.files[d.file].source, d.span, self.enc),
            severity: match d.severity {
                Severity::Error => lt::DiagnosticSeverity::ERROR,
                Severity::Warning => lt::DiagnosticSeverity::WARNING,
                Severity::Info => lt::DiagnosticSeverity::INFORMATION,
            },
            code: d.code(),
            code_description: href.map(|href| Href { href }),
            source: "imtacfg",
            message: Message { text: &d.message, help: d.help.as_deref() },
            related_information: related,
        }
    }

    /// A finding as an LSP diagnostic (for a code action that names it): read back from
    /// the JSON it is published as, so the two cannot differ.
    pub fn diagnostic(&self, d: &Diagnostic) -> lt::Diagnostic {
        serde_json::to_vec(&self.wire(d))
            .and_then(|json| serde_json::from_slice(&json))
            .unwrap_or_default()
    }

    /// Append the findings to `out` as the JSON text of an array of LSP diagnostics, in
    /// their order; written on all cores when there are many (this thread writes the
    /// first share straight into `out`, the others are appended).
    pub fn json(&self, findings: &[&Diagnostic], out: &mut Vec<u8>) {
        let write = |chunk: &[&Diagnostic], out: &mut Vec<u8>| {
            out.reserve(chunk.len() * BYTES_PER_DIAGNOSTIC);
            for d in chunk {
                push_element(out, &self.wire(d));
            }
        };
        let start = out.len();
        let threads = std::thread::available_parallelism().map_or(1, usize::from);
        let pieces = threads.min(findings.len() / PARALLEL_FROM).max(1);
        let size = findings.len().div_ceil(pieces).max(1);
        let mut chunks = findings.chunks(size);
        let first = chunks.next().unwrap_or_default();
        let rest: Vec<Vec<u8>> = std::thread::scope(|s| {
            let handles: Vec<_> = chunks
                .map(|chunk| {
                    s.spawn(move || {
                        let mut part = Vec::new();
                        write(chunk, &mut part);
                        part
                    })
                })
                .collect();
            write(first, out);
            // A conversion does not panic; were a thread to, its findings are left out
            // rather than the server stopped.
            handles.into_iter().map(|h| h.join().unwrap_or_default()).collect()
        });
        for part in rest {
            out.extend_from_slice(&part);
        }
        close_array(out, start);
    }
}

/// Roughly what one diagnostic takes as JSON text, to reserve room for it.
const BYTES_PER_DIAGNOSTIC: usize = 320;

/// The fields of an LSP diagnostic, in the order and with the names the protocol's types
/// write them (`lsp_types::Diagnostic`), but borrowing the finding's text.
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct Wire<'a> {
    range: lt::Range,
    severity: lt::DiagnosticSeverity,
    code: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    code_description: Option<Href<'a>>,
    source: &'static str,
    message: Message<'a>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_information: Vec<lt::DiagnosticRelatedInformation>,
}

/// `codeDescription`: the rule's documentation.
#[derive(serde::Serialize)]
struct Href<'a> {
    href: Cow<'a, lt::Uri>,
}

/// A finding's message with its help on a line of its own, written as one JSON string
/// without joining them first.
struct Message<'a> {
    text: &'a str,
    help: Option<&'a str>,
}

impl serde::Serialize for Message<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.help {
            Some(help) => s.collect_str(&format_args!("{}\nhelp: {help}", self.text)),
            None => s.serialize_str(self.text),
        }
    }
}

/// Append `item` to `out` as one more element of a JSON array being written (a comma
/// before it, dropped by [`close_array`] for the first); an item that cannot be written
/// leaves `out` as it was.
fn push_element(out: &mut Vec<u8>, item: &impl serde::Serialize) {
    let before = out.len();
    out.push(b',');
    if serde_json::to_writer(&mut *out, item).is_err() {
        out.truncate(before);
    }
}

/// Make the elements pushed since `start` a JSON array: the first one's comma becomes the
/// opening bracket (or one is added when there are none), and the closing one is added.
fn close_array(out: &mut Vec<u8>, start: usize) {
    if out.len() > start {
        out[start] = b'[';
    } else {
        out.push(b'[');
    }
    out.push(b']');
}

/// Append diagnostics that are not findings (a problem reading the document) to `out` as
/// the JSON text of an array.
pub(super) fn json_of(diagnostics: &[lt::Diagnostic], out: &mut Vec<u8>) {
    let start = out.len();
    for d in diagnostics {
        push_element(out, d);
    }
    close_array(out, start);
}

/// The documentation link of a rule code.
fn link(code: &str) -> Option<lt::Uri> {
    crate::report::sarif::help_uri(code).parse().ok()
}

/// A `publishDiagnostics` notification being written as JSON text: its diagnostics are
/// written straight into it ([`Converter::json`], [`json_of`]), between [`start`] and
/// [`finish`].
///
/// [`start`]: Publication::start
/// [`finish`]: Publication::finish
pub(super) struct Publication(Vec<u8>);

impl Publication {
    /// The notification for document `uri` up to its diagnostics; `version` is the
    /// document's version they are for.
    pub fn start(uri: &lt::Uri, version: Option<i32>) -> Publication {
        let mut out = Vec::with_capacity(256);
        out.extend_from_slice(br#"{"jsonrpc":"2.0","method":""#);
        out.extend_from_slice(lt::notification::PublishDiagnostics::METHOD.as_bytes());
        out.extend_from_slice(br#"","params":{"uri":"#);
        // A URI always serialises (it is a string).
        let _ = serde_json::to_writer(&mut out, uri);
        if let Some(v) = version {
            out.extend_from_slice(format!(r#","version":{v}"#).as_bytes());
        }
        out.extend_from_slice(br#","diagnostics":"#);
        Publication(out)
    }

    /// Where the diagnostics are written (one JSON array).
    pub fn diagnostics(&mut self) -> &mut Vec<u8> {
        &mut self.0
    }

    /// The whole notification.
    pub fn finish(mut self) -> Outgoing {
        self.0.extend_from_slice(b"}}");
        Outgoing::Json(self.0)
    }

    /// The notification that clears the document's diagnostics.
    pub fn empty(uri: &lt::Uri, version: Option<i32>) -> Outgoing {
        let mut p = Publication::start(uri, version);
        json_of(&[], p.diagnostics());
        p.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::{Overrides, Workspace};

    /// What the findings of `examples/mistakes` are published as, `times` over: the
    /// JSON values of the array written after a few bytes already in the buffer.
    fn published(times: usize) -> (Vec<Diagnostic>, Vec<serde_json::Value>, Vec<lt::Diagnostic>) {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/mistakes");
        let ws = Workspace::new(dir, &Overrides::default()).unwrap();
        let set = ws.open_non_empty(dir).unwrap();
        let all = ws.lint(&set);
        let findings: Vec<&Diagnostic> = all.iter().collect::<Vec<_>>().repeat(times);
        let uri: lt::Uri = "file:///etc/imta/imta.cnf".parse().unwrap();
        let conv = Converter::new(&set, &uri, FileId::from(0), Encoding::Utf16, &findings);
        let mut out = b"head".to_vec();
        conv.json(&findings, &mut out);
        assert_eq!(&out[..4], b"head");
        let values: Vec<serde_json::Value> = serde_json::from_slice(&out[4..]).unwrap();
        let read_back = findings.iter().map(|d| conv.diagnostic(d)).collect();
        (all, values, read_back)
    }

    /// Each finding is published as an LSP diagnostic with nothing misnamed or lost: it
    /// reads as `lsp_types::Diagnostic` and writes back to the same JSON, and the help
    /// follows the message on its own line.
    #[test]
    fn findings_are_published_as_lsp_diagnostics() {
        let (all, values, read_back) = published(1);
        assert_eq!(values.len(), all.len());
        assert!(all.iter().any(|d| d.help.is_some()));
        assert!(all.iter().any(|d| !d.related.is_empty()));
        for ((v, d), back) in values.iter().zip(&all).zip(&read_back) {
            let read: lt::Diagnostic = serde_json::from_value(v.clone()).unwrap();
            assert_eq!(&serde_json::to_value(&read).unwrap(), v);
            assert_eq!(&read, back);
            assert_eq!(v["code"], d.code());
            assert_eq!(v["source"], "imtacfg");
            let message = match &d.help {
                Some(h) => format!("{}\nhelp: {h}", d.message),
                None => d.message.clone(),
            };
            assert_eq!(v["message"], message);
            assert_eq!(v.get("relatedInformation").is_some(), !d.related.is_empty());
            assert_eq!(v["codeDescription"]["href"], crate::report::sarif::help_uri(d.code()));
        }
    }

    /// Many findings are written on all cores: the same array, in the same order.
    #[test]
    fn many_findings_are_written_in_order() {
        let (all, one, _) = published(1);
        let times = 2 * PARALLEL_FROM / all.len() + 2;
        let (_, many, _) = published(times);
        assert_eq!(many.len(), one.len() * times);
        for (i, v) in many.iter().enumerate() {
            assert_eq!(v, &one[i % one.len()], "element {i}");
        }
    }
}
