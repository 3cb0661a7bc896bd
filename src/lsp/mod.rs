//! The language server (`imtacfg lsp`): diagnostics, hover, quick fixes and document
//! symbols for an editor,
//! over any [`lsp_server::Connection`] (the binary gives it standard input and output).
//!
//! Documents are linted as `imtacfg lint FILE` lints them: in the context of their
//! configuration directory, through [`Workspace`], with the text of every open document
//! read instead of its file on disk ([`Workspace::set_overlay`]: the access rules still
//! apply). Text sync is full; every change is linted at once (no debounce yet), and so
//! are the other open documents of its directory.
//!
//! Layer: uses [`workspace`](crate::workspace), [`report`](crate::report) and the
//! catalog; writes only to the connection, never prints.

mod hover;
pub mod position;
mod symbols;

use std::collections::HashMap;
use std::path::PathBuf;

use lsp_server::{Connection, Message, Notification, Request, Response};
use lsp_types as lt;
use lsp_types::notification::Notification as _;
use lsp_types::request::Request as _;

use crate::lint::{Applicability, Diagnostic, Severity};
use crate::model::config_set::{ConfigSet, FileId};
use crate::syntax::Kind;
use crate::workspace::{Overrides, Workspace};

/// What the server can do, sent in the `initialize` response.
pub fn capabilities() -> lt::ServerCapabilities {
    lt::ServerCapabilities {
        text_document_sync: Some(lt::TextDocumentSyncCapability::Options(
            lt::TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(lt::TextDocumentSyncKind::FULL),
                save: Some(lt::TextDocumentSyncSaveOptions::Supported(true)),
                ..Default::default()
            },
        )),
        hover_provider: Some(lt::HoverProviderCapability::Simple(true)),
        document_symbol_provider: Some(lt::OneOf::Left(true)),
        code_action_provider: Some(lt::CodeActionProviderCapability::Options(
            lt::CodeActionOptions {
                code_action_kinds: Some(vec![lt::CodeActionKind::QUICKFIX]),
                ..Default::default()
            },
        )),
        ..Default::default()
    }
}

/// An error that ends the server (the connection broke or the client broke the protocol).
pub type Error = Box<dyn std::error::Error + Send + Sync>;

/// Answer `initialize`, then serve until `shutdown` and `exit`.
pub fn serve(conn: &Connection, overrides: Overrides) -> Result<(), Error> {
    let init = lt::InitializeResult {
        capabilities: capabilities(),
        server_info: Some(lt::ServerInfo {
            name: "imtacfg".into(),
            version: Some(env!("CARGO_PKG_VERSION").into()),
        }),
    };
    let (id, _params) = conn.initialize_start()?;
    conn.initialize_finish(id, serde_json::to_value(init)?)?;
    let mut server = Server {
        overrides,
        docs: HashMap::new(),
    };
    for msg in &conn.receiver {
        match msg {
            Message::Request(req) => {
                if conn.handle_shutdown(&req)? {
                    return Ok(());
                }
                let resp = server.request(req);
                conn.sender.send(Message::Response(resp))?;
            }
            Message::Notification(n) => {
                for out in server.notification(n) {
                    conn.sender.send(Message::Notification(out))?;
                }
            }
            Message::Response(_) => {}
        }
    }
    Ok(())
}

/// One open document.
struct Doc {
    path: PathBuf,
    text: String,
}

/// The server's state: the open documents.
struct Server {
    overrides: Overrides,
    docs: HashMap<lt::Uri, Doc>,
}

/// A document linted in its configuration.
struct Linted {
    set: ConfigSet,
    file: FileId,
    findings: Vec<Diagnostic>,
}

impl Server {
    fn request(&mut self, req: Request) -> Response {
        let id = req.id.clone();
        let result = match req.method.as_str() {
            lt::request::HoverRequest::METHOD => {
                parse(req).map(|p: lt::HoverParams| json(self.hover(&p)))
            }
            lt::request::CodeActionRequest::METHOD => {
                parse(req).map(|p: lt::CodeActionParams| json(self.code_actions(&p)))
            }
            lt::request::DocumentSymbolRequest::METHOD => {
                parse(req).map(|p: lt::DocumentSymbolParams| {
                    json(self.lint(&p.text_document.uri).ok().map(|l| {
                        lt::DocumentSymbolResponse::Nested(symbols::symbols(&l.set.files[l.file]))
                    }))
                })
            }
            _ => Err((
                lsp_server::ErrorCode::MethodNotFound as i32,
                format!("not supported: {}", req.method),
            )),
        };
        match result {
            Ok(v) => Response::new_ok(id, v),
            Err((code, message)) => Response::new_err(id, code, message),
        }
    }

    fn notification(&mut self, n: Notification) -> Vec<Notification> {
        let uri = match n.method.as_str() {
            lt::notification::DidOpenTextDocument::METHOD => {
                let Ok(p) = params::<lt::DidOpenTextDocumentParams>(&n) else {
                    return Vec::new();
                };
                let Some(path) = uri_path(&p.text_document.uri) else {
                    return Vec::new();
                };
                let uri = p.text_document.uri;
                self.docs.insert(
                    uri.clone(),
                    Doc {
                        path,
                        text: p.text_document.text,
                    },
                );
                uri
            }
            lt::notification::DidChangeTextDocument::METHOD => {
                let Ok(p) = params::<lt::DidChangeTextDocumentParams>(&n) else {
                    return Vec::new();
                };
                let uri = p.text_document.uri;
                // Full sync: the last change holds the whole text.
                if let (Some(doc), Some(change)) = (
                    self.docs.get_mut(&uri),
                    p.content_changes.into_iter().last(),
                ) {
                    doc.text = change.text;
                }
                uri
            }
            lt::notification::DidSaveTextDocument::METHOD => {
                let Ok(p) = params::<lt::DidSaveTextDocumentParams>(&n) else {
                    return Vec::new();
                };
                if let (Some(doc), Some(text)) = (self.docs.get_mut(&p.text_document.uri), p.text) {
                    doc.text = text;
                }
                p.text_document.uri
            }
            lt::notification::DidCloseTextDocument::METHOD => {
                let Ok(p) = params::<lt::DidCloseTextDocumentParams>(&n) else {
                    return Vec::new();
                };
                let Some(closed) = self.docs.remove(&p.text_document.uri) else {
                    return Vec::new();
                };
                let mut out = self.republish(closed.path.parent(), None);
                out.push(publish(p.text_document.uri, Vec::new()));
                return out;
            }
            _ => return Vec::new(),
        };
        let dir = self
            .docs
            .get(&uri)
            .and_then(|d| d.path.parent().map(PathBuf::from));
        self.republish(dir.as_deref(), Some(uri))
    }

    /// Diagnostics for every open document of the directory `dir` (a change to one file
    /// can change what is found in another), `changed` last.
    fn republish(
        &self,
        dir: Option<&std::path::Path>,
        changed: Option<lt::Uri>,
    ) -> Vec<Notification> {
        let mut uris: Vec<lt::Uri> = self
            .docs
            .iter()
            .filter(|(u, d)| {
                Some(*u) != changed.as_ref() && dir.is_some() && d.path.parent() == dir
            })
            .map(|(u, _)| u.clone())
            .collect();
        uris.sort_by(|a, b| a.as_str().cmp(b.as_str()));
        uris.extend(changed);
        uris.into_iter()
            .map(|u| {
                let diagnostics = self.diagnostics(&u);
                publish(u, diagnostics)
            })
            .collect()
    }

    /// Lint the document in its configuration directory, every open document read from
    /// memory. An error is what to tell the user instead (bad settings, a file that could
    /// not be read or decoded), `None` when there is nothing to say.
    fn lint(&self, uri: &lt::Uri) -> Result<Linted, Option<Box<lt::Diagnostic>>> {
        let doc = self.docs.get(uri).ok_or(None)?;
        let path = doc.path.to_string_lossy().into_owned();
        let mut ws = Workspace::new(&path, &self.overrides).map_err(|e| problem(&e, None))?;
        ws.set_overlay(
            self.docs
                .values()
                .map(|d| (d.path.clone(), d.text.clone().into_bytes())),
        );
        let (_, target) = ws
            .open_targets(&[path.as_str()])
            .into_iter()
            .next()
            .ok_or(None)?;
        let target = target.map_err(|e| problem(&e, None))?;
        let Some(file) = target.set.file_index_of_path(&doc.path) else {
            let real = std::fs::canonicalize(&doc.path).ok();
            let failed = target.errors.iter().chain(&target.set.errors).find(|e| {
                e.path == doc.path
                    || (real.is_some() && std::fs::canonicalize(&e.path).ok() == real)
            });
            return Err(failed.map(|e| problem(&e.error.reason(), e.error.line_col())));
        };
        let file = FileId::from(file);
        let findings = ws
            .lint_target(&target)
            .into_iter()
            .filter(|d| d.file == file)
            .collect();
        Ok(Linted {
            set: target.set,
            file,
            findings,
        })
    }

    fn diagnostics(&self, uri: &lt::Uri) -> Vec<lt::Diagnostic> {
        match self.lint(uri) {
            Ok(l) => l
                .findings
                .iter()
                .map(|d| to_lsp(&l.set, uri, l.file, d))
                .collect(),
            Err(problem) => problem.into_iter().map(|d| *d).collect(),
        }
    }

    fn hover(&self, p: &lt::HoverParams) -> Option<lt::Hover> {
        let doc = self
            .docs
            .get(&p.text_document_position_params.text_document.uri)?;
        let kind = Kind::from_file_name(&doc.path.to_string_lossy())?;
        let ws = Workspace::new(&doc.path.to_string_lossy(), &self.overrides).ok()?;
        let at = position::offset(&doc.text, p.text_document_position_params.position);
        let (start, word) = hover::word_at(&doc.text, at)?;
        let value = hover::describe(&ws.catalog, kind, word)?;
        Some(lt::Hover {
            contents: lt::HoverContents::Markup(lt::MarkupContent {
                kind: lt::MarkupKind::Markdown,
                value,
            }),
            range: Some(lt::Range::new(
                position::position(&doc.text, start),
                position::position(&doc.text, start + word.len()),
            )),
        })
    }

    /// Every fix of a finding that touches the requested range, as a quick fix.
    // `WorkspaceEdit::changes` is keyed by `Uri`, whose lazily computed parts clippy takes
    // for interior mutability; the key's hash and equality are those of its text.
    #[allow(clippy::mutable_key_type)]
    fn code_actions(&self, p: &lt::CodeActionParams) -> Vec<lt::CodeActionOrCommand> {
        let Ok(l) = self.lint(&p.text_document.uri) else {
            return Vec::new();
        };
        let text = &l.set.files[l.file].source.text;
        let mut out = Vec::new();
        for d in &l.findings {
            let Some(fix) = &d.fix else { continue };
            let r = position::range(text, d.span);
            if r.end < p.range.start || p.range.end < r.start {
                continue;
            }
            let mut changes: HashMap<lt::Uri, Vec<lt::TextEdit>> = HashMap::new();
            for e in &fix.edits {
                let Some(uri) = file_uri(&l.set, &p.text_document.uri, l.file, e.file) else {
                    continue;
                };
                changes.entry(uri).or_default().push(lt::TextEdit {
                    range: position::range(&l.set.files[e.file].source.text, e.span),
                    new_text: e.replacement.clone(),
                });
            }
            let title = match fix.applicability {
                Applicability::Safe => fix.description.clone(),
                Applicability::Unsafe => format!("{} (changes behaviour)", fix.description),
                Applicability::DisplayOnly => format!("{} (suggestion)", fix.description),
            };
            out.push(lt::CodeActionOrCommand::CodeAction(lt::CodeAction {
                title,
                kind: Some(lt::CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![to_lsp(&l.set, &p.text_document.uri, l.file, d)]),
                edit: Some(lt::WorkspaceEdit {
                    changes: Some(changes),
                    ..Default::default()
                }),
                is_preferred: Some(fix.applicability == Applicability::Safe),
                ..Default::default()
            }));
        }
        out
    }
}

/// A finding as an LSP diagnostic (`doc` is the file `uri` names).
fn to_lsp(set: &ConfigSet, uri: &lt::Uri, doc: FileId, d: &Diagnostic) -> lt::Diagnostic {
    let related: Vec<lt::DiagnosticRelatedInformation> = d
        .related
        .iter()
        .filter_map(|r| {
            Some(lt::DiagnosticRelatedInformation {
                location: lt::Location {
                    uri: file_uri(set, uri, doc, r.file)?,
                    range: position::range(&set.files[r.file].source.text, r.span),
                },
                message: r.message.clone(),
            })
        })
        .collect();
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message = format!("{message}\nhelp: {help}");
    }
    lt::Diagnostic {
        range: position::range(&set.files[d.file].source.text, d.span),
        severity: Some(match d.severity {
            Severity::Error => lt::DiagnosticSeverity::ERROR,
            Severity::Warning => lt::DiagnosticSeverity::WARNING,
            Severity::Info => lt::DiagnosticSeverity::INFORMATION,
        }),
        code: Some(lt::NumberOrString::String(d.code().into())),
        code_description: crate::report::sarif::help_uri(d.code())
            .parse()
            .ok()
            .map(|href| lt::CodeDescription { href }),
        source: Some("imtacfg".into()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        ..Default::default()
    }
}

/// The URI of a file of the set: the document's own as the client wrote it, another's
/// from its path.
fn file_uri(set: &ConfigSet, uri: &lt::Uri, doc: FileId, file: FileId) -> Option<lt::Uri> {
    if file == doc {
        return Some(uri.clone());
    }
    let f = &set.files[file];
    let abs = std::path::absolute(&f.path).ok()?;
    crate::report::uri::file_uri(&abs, false).parse().ok()
}

/// Why a document could not be linted, as an error at the start of the file (or at the
/// 1-based line and column the error names).
fn problem(message: &impl std::fmt::Display, at: Option<(usize, usize)>) -> Box<lt::Diagnostic> {
    let (line, column) = at.unwrap_or((1, 1));
    let pos = lt::Position::new(
        line.saturating_sub(1) as u32,
        column.saturating_sub(1) as u32,
    );
    Box::new(lt::Diagnostic {
        range: lt::Range::new(pos, pos),
        severity: Some(lt::DiagnosticSeverity::ERROR),
        source: Some("imtacfg".into()),
        message: format!("not linted: {message}"),
        ..Default::default()
    })
}

fn publish(uri: lt::Uri, diagnostics: Vec<lt::Diagnostic>) -> Notification {
    Notification::new(
        lt::notification::PublishDiagnostics::METHOD.into(),
        lt::PublishDiagnosticsParams {
            uri,
            diagnostics,
            version: None,
        },
    )
}

fn parse<P: serde::de::DeserializeOwned>(req: Request) -> Result<P, (i32, String)> {
    serde_json::from_value(req.params)
        .map_err(|e| (lsp_server::ErrorCode::InvalidParams as i32, e.to_string()))
}

fn json(v: impl serde::Serialize) -> serde_json::Value {
    serde_json::to_value(v).unwrap_or(serde_json::Value::Null)
}

/// The local path of a `file://` URI (percent-decoded); `None` for any other scheme.
pub fn uri_path(uri: &lt::Uri) -> Option<PathBuf> {
    let rest = uri.as_str().strip_prefix("file://")?;
    // `file://host/path`: only an empty host (or localhost) is local.
    let rest = rest.strip_prefix("localhost").unwrap_or(rest);
    if !rest.starts_with('/') {
        return None;
    }
    let bytes = rest.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(b) = bytes
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    Some(crate::model::config_set::bytes_path(&out))
}

fn params<P: serde::de::DeserializeOwned>(n: &Notification) -> Result<P, serde_json::Error> {
    P::deserialize(&n.params)
}
