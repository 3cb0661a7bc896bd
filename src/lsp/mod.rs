//! The language server (`imtacfg lsp`): diagnostics, hover, completion, navigation,
//! quick fixes and logging actions, document symbols and semantic tokens for an editor,
//! over a [`Link`] (the binary gives it standard input and output).
//!
//! Documents are linted as `imtacfg lint FILE` lints them: in the context of their
//! configuration directory, through [`Workspace`], with the text of every open document
//! read instead of its file on disk ([`Workspace::set_overlay`]: the access rules still
//! apply). A buffer whose file does not exist yet (never saved, or not a `file:` URI) is
//! linted alone, its family told by its name or its `languageId`. Text sync is
//! incremental (a keystroke sends its range, not the whole file).
//! Diagnostics are published at once on open and save, and after a quiet time
//! ([`Config::debounce`]) on change, always for the text as it is when they are computed
//! (with its version), so a document changed faster than it is checked never gets the
//! findings of an older text; the other open documents of its directory are re-published
//! with it, from the same reading and lint of the directory. The settings (imtacfg.toml) are read at each check, and every open document is
//! re-checked when the client reports that a settings file changed or was saved.
//!
//! Layer: uses [`workspace`](crate::workspace), [`edit`](crate::edit), the models and the
//! catalog; writes only to the connection, never prints.

mod actions;
mod complete;
mod diagnostics;
mod hover;
pub mod link;
mod navigate;
pub mod position;
mod symbols;
pub mod tokens;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use lsp_server::{Message, Notification, Request, RequestId, Response};
use lsp_types as lt;
use lsp_types::notification::Notification as _;
use lsp_types::request::Request as _;

use crate::lint::{Applicability, Diagnostic};
use crate::model::Span;
use crate::model::config_set::{ConfigSet, FileId};
use crate::syntax::Kind;
use crate::workspace::{Overrides, Target, Workspace};
use diagnostics::Publication;
pub use link::{Link, Outgoing};
use position::Encoding;

/// How long a document must stay unchanged before it is checked, unless the client says
/// otherwise (`initializationOptions.debounceMs`).
pub const DEFAULT_DEBOUNCE: Duration = Duration::from_millis(150);

/// The name of the settings file whose changes re-check every open document.
const SETTINGS_FILE: &str = "imtacfg.toml";

/// What the server can do, sent in the `initialize` response (`enc`: the position
/// encoding agreed with the client).
pub fn capabilities(enc: Encoding) -> lt::ServerCapabilities {
    lt::ServerCapabilities {
        position_encoding: Some(match enc {
            Encoding::Utf8 => lt::PositionEncodingKind::UTF8,
            Encoding::Utf16 => lt::PositionEncodingKind::UTF16,
        }),
        text_document_sync: Some(lt::TextDocumentSyncCapability::Options(
            lt::TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(lt::TextDocumentSyncKind::INCREMENTAL),
                save: Some(lt::TextDocumentSyncSaveOptions::SaveOptions(lt::SaveOptions {
                    include_text: Some(true),
                })),
                ..Default::default()
            },
        )),
        hover_provider: Some(lt::HoverProviderCapability::Simple(true)),
        completion_provider: Some(lt::CompletionOptions {
            trigger_characters: Some(vec!["[".into(), "=".into(), "@".into(), " ".into()]),
            ..Default::default()
        }),
        definition_provider: Some(lt::OneOf::Left(true)),
        references_provider: Some(lt::OneOf::Left(true)),
        document_symbol_provider: Some(lt::OneOf::Left(true)),
        code_action_provider: Some(lt::CodeActionProviderCapability::Options(
            lt::CodeActionOptions {
                code_action_kinds: Some(vec![
                    lt::CodeActionKind::QUICKFIX,
                    lt::CodeActionKind::REFACTOR_REWRITE,
                    lt::CodeActionKind::SOURCE,
                ]),
                ..Default::default()
            },
        )),
        semantic_tokens_provider: Some(
            lt::SemanticTokensServerCapabilities::SemanticTokensOptions(
                lt::SemanticTokensOptions {
                    legend: tokens::legend(),
                    full: Some(lt::SemanticTokensFullOptions::Bool(true)),
                    ..Default::default()
                },
            ),
        ),
        ..Default::default()
    }
}

/// An error that ends the server (the connection broke or the client broke the protocol).
pub type Error = Box<dyn std::error::Error + Send + Sync>;

/// What the client asked for in `initialize` that changes how the server works.
#[derive(Debug, Clone)]
pub struct Config {
    /// Column counting agreed with the client.
    pub encoding: Encoding,
    /// Quiet time after a change before the document is checked.
    pub debounce: Duration,
    /// Completion items may be snippets (`maxjobs ${1:int}`).
    pub snippets: bool,
    /// The workspace folder, where buffers without a file look for settings.
    pub root: Option<PathBuf>,
}

impl Config {
    /// Read from the `initialize` parameters (anything unreadable leaves the defaults).
    pub fn from_initialize(params: &serde_json::Value) -> Config {
        let p: lt::InitializeParams = serde_json::from_value(params.clone()).unwrap_or_default();
        let offered = p.capabilities.general.as_ref().and_then(|g| g.position_encodings.as_ref());
        let encoding = if offered.is_some_and(|o| o.contains(&lt::PositionEncodingKind::UTF8)) {
            Encoding::Utf8
        } else {
            Encoding::Utf16
        };
        let debounce = params["initializationOptions"]["debounceMs"]
            .as_u64()
            .map_or(DEFAULT_DEBOUNCE, |ms| Duration::from_millis(ms.min(10_000)));
        let snippets = p
            .capabilities
            .text_document
            .as_ref()
            .and_then(|t| t.completion.as_ref())
            .and_then(|c| c.completion_item.as_ref())
            .and_then(|i| i.snippet_support)
            .unwrap_or(false);
        #[allow(deprecated)] // `rootUri` is what older clients send.
        let root = p
            .workspace_folders
            .as_ref()
            .and_then(|f| f.first())
            .map(|f| &f.uri)
            .or(p.root_uri.as_ref())
            .and_then(uri_path);
        Config { encoding, debounce, snippets, root }
    }
}

/// Does the client let the server register a file watcher for the settings?
fn watches_files(params: &serde_json::Value) -> bool {
    params["capabilities"]["workspace"]["didChangeWatchedFiles"]["dynamicRegistration"]
        .as_bool()
        .unwrap_or(false)
}

/// Answer `initialize`, then serve until `shutdown` and `exit` (or until the connection
/// closes).
pub fn serve(conn: &Link, overrides: Overrides) -> Result<(), Error> {
    let (id, params) = conn.initialize_start()?;
    let config = Config::from_initialize(&params);
    let init = lt::InitializeResult {
        capabilities: capabilities(config.encoding),
        server_info: Some(lt::ServerInfo {
            name: "imtacfg".into(),
            version: Some(env!("CARGO_PKG_VERSION").into()),
        }),
    };
    conn.initialize_finish(id, serde_json::to_value(init)?)?;
    if watches_files(&params) {
        let reg = lt::RegistrationParams {
            registrations: vec![lt::Registration {
                id: "imtacfg-settings".into(),
                method: lt::notification::DidChangeWatchedFiles::METHOD.into(),
                register_options: serde_json::to_value(
                    lt::DidChangeWatchedFilesRegistrationOptions {
                        watchers: vec![lt::FileSystemWatcher {
                            glob_pattern: lt::GlobPattern::String(format!("**/{SETTINGS_FILE}")),
                            kind: None,
                        }],
                    },
                )
                .ok(),
            }],
        };
        conn.send(Message::Request(Request::new(
            RequestId::from("imtacfg-watch".to_string()),
            lt::request::RegisterCapability::METHOD.into(),
            reg,
        )))?;
    }
    let mut server = Server::new(overrides, config);
    loop {
        let msg = match server.next_due() {
            Some(at) => {
                match conn.receiver.recv_timeout(at.saturating_duration_since(Instant::now())) {
                    Ok(m) => Some(m),
                    Err(crossbeam_channel::RecvTimeoutError::Timeout) => None,
                    Err(crossbeam_channel::RecvTimeoutError::Disconnected) => break,
                }
            }
            None => match conn.receiver.recv() {
                Ok(m) => Some(m),
                Err(_) => break,
            },
        };
        match msg {
            Some(Message::Request(req)) => {
                if conn.handle_shutdown(&req)? {
                    return Ok(());
                }
                let resp = server.request(req);
                conn.send(resp)?;
            }
            Some(Message::Notification(n)) => {
                if n.method == lt::notification::Exit::METHOD {
                    // Exit without shutdown: the protocol's error exit.
                    return Err("exit before shutdown".into());
                }
                for out in server.notification(n) {
                    conn.send(out)?;
                }
            }
            Some(Message::Response(_)) | None => {}
        }
        for out in server.due(Instant::now()) {
            conn.send(out)?;
        }
    }
    Ok(())
}

/// One open document.
struct Doc {
    /// The local file, for a `file:` URI.
    path: Option<PathBuf>,
    /// The family told by the client's `languageId`, if it names one.
    language: Option<Kind>,
    text: String,
    version: i32,
}

impl Doc {
    /// The family of the document: by its file name, else by its `languageId`.
    fn kind(&self) -> Option<Kind> {
        self.path
            .as_deref()
            .and_then(|p| Kind::from_file_name(&p.to_string_lossy()))
            .or(self.language)
    }
}

/// The family a `languageId` names: a `--kind` name (`imta`, `option`, `dispatcher`,
/// `job-controller`, ...), optionally prefixed with `imtacfg-`.
pub fn language_kind(id: &str) -> Option<Kind> {
    Kind::parse(id.strip_prefix("imtacfg-").unwrap_or(id))
}

/// The server's state: the open documents and the checks waiting for a quiet time.
pub struct Server {
    overrides: Overrides,
    config: Config,
    docs: HashMap<lt::Uri, Doc>,
    /// Documents changed and not checked since, with when to check them.
    pending: HashMap<lt::Uri, Instant>,
}

/// A document read in its configuration.
struct Loaded {
    ws: Workspace,
    target: Target,
    file: FileId,
}

impl Loaded {
    fn set(&self) -> &ConfigSet {
        &self.target.set
    }
    fn text(&self) -> &str {
        &self.target.set.files[self.file].source.text
    }
    fn kind(&self) -> Kind {
        self.target.set.files[self.file].kind
    }
}

/// A place the server points to: a file of the set and a span of it.
type Place = (FileId, Span);

impl Server {
    /// A server with no open document.
    pub fn new(overrides: Overrides, config: Config) -> Server {
        Server { overrides, config, docs: HashMap::new(), pending: HashMap::new() }
    }

    /// When the next waiting check is due.
    pub fn next_due(&self) -> Option<Instant> {
        self.pending.values().min().copied()
    }

    /// Check the documents whose quiet time is over at `now`.
    pub fn due(&mut self, now: Instant) -> Vec<Outgoing> {
        let mut ready: Vec<lt::Uri> =
            self.pending.iter().filter(|(_, at)| **at <= now).map(|(u, _)| u.clone()).collect();
        ready.sort_by(|a, b| a.as_str().cmp(b.as_str()));
        let mut out = Vec::new();
        for uri in ready {
            self.pending.remove(&uri);
            let dir = self.dir_of(&uri);
            out.extend(self.republish(dir.as_deref(), Some(uri)));
        }
        out
    }

    /// Answer one request.
    pub fn request(&mut self, req: Request) -> Response {
        let id = req.id.clone();
        let result = match req.method.as_str() {
            lt::request::HoverRequest::METHOD => {
                parse(req).map(|p: lt::HoverParams| json(self.hover(&p)))
            }
            lt::request::Completion::METHOD => parse(req)
                .map(|p: lt::CompletionParams| json(self.completion(&p.text_document_position))),
            lt::request::GotoDefinition::METHOD => parse(req).map(|p: lt::GotoDefinitionParams| {
                json(self.definition(&p.text_document_position_params))
            }),
            lt::request::References::METHOD => {
                parse(req).map(|p: lt::ReferenceParams| json(self.references(&p)))
            }
            lt::request::CodeActionRequest::METHOD => {
                parse(req).map(|p: lt::CodeActionParams| json(self.code_actions(&p)))
            }
            lt::request::DocumentSymbolRequest::METHOD => {
                parse(req).map(|p: lt::DocumentSymbolParams| {
                    json(self.load(&p.text_document.uri).ok().map(|l| {
                        lt::DocumentSymbolResponse::Nested(symbols::symbols(
                            &l.set().files[l.file],
                            self.config.encoding,
                        ))
                    }))
                })
            }
            lt::request::SemanticTokensFullRequest::METHOD => {
                parse(req).map(|p: lt::SemanticTokensParams| {
                    json(self.load(&p.text_document.uri).ok().map(|l| {
                        lt::SemanticTokensResult::Tokens(tokens::tokens(
                            &l.set().files[l.file],
                            self.config.encoding,
                        ))
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

    /// Take one notification; what to send back (diagnostics).
    pub fn notification(&mut self, n: Notification) -> Vec<Outgoing> {
        match n.method.as_str() {
            lt::notification::DidOpenTextDocument::METHOD => {
                let Ok(p) = params::<lt::DidOpenTextDocumentParams>(&n) else {
                    return Vec::new();
                };
                let td = p.text_document;
                let doc = Doc {
                    path: uri_path(&td.uri),
                    language: language_kind(&td.language_id),
                    text: td.text,
                    version: td.version,
                };
                let settings = doc.path.as_deref().is_some_and(is_settings);
                self.docs.insert(td.uri.clone(), doc);
                if settings {
                    return Vec::new();
                }
                self.pending.remove(&td.uri);
                let dir = self.dir_of(&td.uri);
                self.republish(dir.as_deref(), Some(td.uri))
            }
            lt::notification::DidChangeTextDocument::METHOD => {
                let Ok(p) = params::<lt::DidChangeTextDocumentParams>(&n) else {
                    return Vec::new();
                };
                let uri = p.text_document.uri;
                let Some(doc) = self.docs.get_mut(&uri) else {
                    return Vec::new();
                };
                // Incremental sync: each change replaces a range of the text as the
                // changes before it left it; one without a range is the whole text.
                for change in p.content_changes {
                    position::apply_change(
                        &mut doc.text, change.range, &change.text, self.config.encoding,
                    );
                }
                doc.version = p.text_document.version;
                if !doc.path.as_deref().is_some_and(is_settings) {
                    self.pending.insert(uri, Instant::now() + self.config.debounce);
                }
                Vec::new()
            }
            lt::notification::DidSaveTextDocument::METHOD => {
                let Ok(p) = params::<lt::DidSaveTextDocumentParams>(&n) else {
                    return Vec::new();
                };
                let uri = p.text_document.uri;
                if let (Some(doc), Some(text)) = (self.docs.get_mut(&uri), p.text) {
                    doc.text = text;
                }
                if uri_path(&uri).as_deref().is_some_and(is_settings) {
                    return self.recheck_all();
                }
                self.pending.remove(&uri);
                let dir = self.dir_of(&uri);
                self.republish(dir.as_deref(), Some(uri))
            }
            lt::notification::DidCloseTextDocument::METHOD => {
                let Ok(p) = params::<lt::DidCloseTextDocumentParams>(&n) else {
                    return Vec::new();
                };
                self.pending.remove(&p.text_document.uri);
                let Some(closed) = self.docs.remove(&p.text_document.uri) else {
                    return Vec::new();
                };
                let dir = closed.path.as_deref().and_then(Path::parent);
                let mut out = self.republish(dir, None);
                out.push(Publication::empty(&p.text_document.uri, None));
                out
            }
            lt::notification::DidChangeWatchedFiles::METHOD => {
                let Ok(p) = params::<lt::DidChangeWatchedFilesParams>(&n) else {
                    return Vec::new();
                };
                if p.changes.iter().any(|c| uri_path(&c.uri).as_deref().is_some_and(is_settings)) {
                    return self.recheck_all();
                }
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    /// Diagnostics for every open document (the settings changed).
    fn recheck_all(&mut self) -> Vec<Outgoing> {
        self.pending.clear();
        let mut uris: Vec<lt::Uri> = self
            .docs
            .iter()
            .filter(|(_, d)| !d.path.as_deref().is_some_and(is_settings))
            .map(|(u, _)| u.clone())
            .collect();
        uris.sort_by(|a, b| a.as_str().cmp(b.as_str()));
        uris.into_iter().map(|u| self.publish_for(u)).collect()
    }

    fn dir_of(&self, uri: &lt::Uri) -> Option<PathBuf> {
        self.docs.get(uri).and_then(|d| d.path.as_deref()?.parent().map(PathBuf::from))
    }

    /// Diagnostics for every open document of the directory `dir` (a change to one file
    /// can change what is found in another), `changed` last.
    fn republish(&self, dir: Option<&Path>, changed: Option<lt::Uri>) -> Vec<Outgoing> {
        let mut uris: Vec<lt::Uri> = self
            .docs
            .iter()
            .filter(|(u, d)| {
                Some(*u) != changed.as_ref()
                    && dir.is_some()
                    && d.path.as_deref().and_then(Path::parent) == dir
                    && !d.path.as_deref().is_some_and(is_settings)
            })
            .map(|(u, _)| u.clone())
            .collect();
        uris.sort_by(|a, b| a.as_str().cmp(b.as_str()));
        // The directory is read and linted once, through the changed document; the findings
        // of every other open file of that reading are the ones `lint` gives it, since a
        // file's target differs from the directory's only by the scope its findings are
        // kept to. A document outside that reading is checked on its own.
        let shared = changed.as_ref().and_then(|u| {
            let l = self.load(u).ok()?;
            let all = l.ws.lint(l.set());
            Some((l, all))
        });
        uris.extend(changed);
        let out = uris
            .into_iter()
            .map(|u| {
                let version = self.docs.get(&u).map(|d| d.version);
                let mut p = Publication::start(&u, version);
                let from_shared = shared.as_ref().is_some_and(|(l, all)| {
                    self.shared_diagnostics(l, all, &u, p.diagnostics()).is_some()
                });
                if !from_shared {
                    self.diagnostics(&u, p.diagnostics());
                }
                p.finish()
            })
            .collect();
        drop_aside(shared);
        out
    }

    /// Write the findings of document `uri` among those of a directory's reading to
    /// `out` (a JSON array), if that reading holds the document's file on disk.
    fn shared_diagnostics(
        &self,
        l: &Loaded,
        all: &[Diagnostic],
        uri: &lt::Uri,
        out: &mut Vec<u8>,
    ) -> Option<()> {
        let path = self.docs.get(uri)?.path.as_deref().filter(|p| p.is_file())?;
        let file = FileId::from(l.set().file_index_of_path(path)?);
        let mine: Vec<&Diagnostic> = all.iter().filter(|d| d.file == file).collect();
        self.converter(l.set(), uri, file, &mine).json(&mine, out);
        Some(())
    }

    fn publish_for(&self, uri: lt::Uri) -> Outgoing {
        let version = self.docs.get(&uri).map(|d| d.version);
        let mut p = Publication::start(&uri, version);
        self.diagnostics(&uri, p.diagnostics());
        p.finish()
    }

    /// Read the document in its configuration directory, every open document read from
    /// memory; a buffer without a file on disk alone. An error is what to tell the user
    /// instead (bad settings, a file that could not be read or decoded), `None` when there
    /// is nothing to say.
    fn load(&self, uri: &lt::Uri) -> Result<Loaded, Option<Box<lt::Diagnostic>>> {
        let doc = self.docs.get(uri).ok_or(None)?;
        let on_disk = doc.path.as_deref().filter(|p| p.is_file());
        let Some(disk) = on_disk else {
            return self.load_buffer(doc);
        };
        let path = disk.to_string_lossy().into_owned();
        let overrides = &self.overrides;
        let mut ws = Workspace::new(&path, overrides).map_err(|e| problem(&e, None))?;
        ws.set_overlay(
            self.docs.values().filter_map(|d| Some((d.path.clone()?, d.text.clone().into_bytes()))),
        );
        let (_, target) = ws.open_targets(&[path.as_str()]).into_iter().next().ok_or(None)?;
        let target = match target {
            Ok(t) => t,
            Err(e) => {
                if let Some(kind) = doc.language {
                    // The name does not tell the family, the editor does.
                    let mut o = overrides.clone();
                    o.kind = Some(kind);
                    let mut ws = Workspace::new(&path, &o).map_err(|e| problem(&e, None))?;
                    ws.set_overlay(std::iter::once((
                        disk.to_path_buf(),
                        doc.text.clone().into_bytes(),
                    )));
                    let set = ws.open_non_empty(&path).map_err(|e| problem(&e, None))?;
                    return self.loaded(ws, Target::whole(set), disk);
                }
                return Err(Some(problem(&e, None)));
            }
        };
        self.loaded(ws, target, disk)
    }

    fn loaded(
        &self,
        ws: Workspace,
        target: Target,
        path: &Path,
    ) -> Result<Loaded, Option<Box<lt::Diagnostic>>> {
        let Some(file) = target.set.file_index_of_path(path) else {
            let real = std::fs::canonicalize(path).ok();
            let failed = target.errors.iter().chain(&target.set.errors).find(|e| {
                e.path == path || (real.is_some() && std::fs::canonicalize(&e.path).ok() == real)
            });
            return Err(failed.map(|e| problem(&e.error.reason(), e.error.line_col())));
        };
        Ok(Loaded { ws, target, file: FileId::from(file) })
    }

    /// A buffer with no file behind it, read alone.
    fn load_buffer(&self, doc: &Doc) -> Result<Loaded, Option<Box<lt::Diagnostic>>> {
        let kind = doc.kind().ok_or(None)?;
        let start = doc
            .path
            .as_deref()
            .and_then(Path::parent)
            .filter(|p| p.is_dir())
            .or(self.config.root.as_deref())
            .map_or_else(|| ".".to_string(), |p| p.to_string_lossy().into_owned());
        let mut o = self.overrides.clone();
        o.kind = Some(kind);
        let ws = Workspace::new(&start, &o).map_err(|e| problem(&e, None))?;
        let name = doc
            .path
            .as_deref()
            .map_or_else(|| kind.label().to_string(), |p| p.to_string_lossy().into_owned());
        let set =
            ws.open_bytes(&name, doc.text.clone().into_bytes()).map_err(|e| problem(&e, None))?;
        if set.files.is_empty() {
            let e = set.errors.first().ok_or(None)?;
            return Err(Some(problem(&e.error.reason(), e.error.line_col())));
        }
        Ok(Loaded { ws, target: Target::whole(set), file: FileId::from(0usize) })
    }

    /// The document's findings, as `lint` would give them.
    fn lint(
        &self,
        uri: &lt::Uri,
    ) -> Result<(Loaded, Vec<Diagnostic>), Option<Box<lt::Diagnostic>>> {
        let l = self.load(uri)?;
        let findings =
            l.ws.lint_target(&l.target).into_iter().filter(|d| d.file == l.file).collect();
        Ok((l, findings))
    }

    /// Write the diagnostics of document `uri` to `out`, as the JSON text of their array.
    fn diagnostics(&self, uri: &lt::Uri, out: &mut Vec<u8>) {
        match self.lint(uri) {
            Ok((l, findings)) => {
                let findings: Vec<&Diagnostic> = findings.iter().collect();
                self.converter(l.set(), uri, l.file, &findings).json(&findings, out);
            }
            Err(problem) => diagnostics::json_of(
                problem.as_deref().map(std::slice::from_ref).unwrap_or_default(),
                out,
            ),
        }
    }

    /// What converts findings of `set` to diagnostics of document `doc` (named `uri`).
    fn converter<'a>(
        &self,
        set: &'a ConfigSet,
        uri: &lt::Uri,
        doc: FileId,
        findings: &[&Diagnostic],
    ) -> diagnostics::Converter<'a> {
        diagnostics::Converter::new(set, uri, doc, self.config.encoding, findings)
    }

    /// The document and the byte offset of a position in it.
    fn at(&self, p: &lt::TextDocumentPositionParams) -> Option<(Loaded, usize)> {
        let l = self.load(&p.text_document.uri).ok()?;
        let at = position::offset_in(l.text(), p.position, self.config.encoding);
        Some((l, at))
    }

    fn range(&self, src: &crate::source::SourceFile, span: Span) -> lt::Range {
        position::range_of(src, span, self.config.encoding)
    }

    fn location(&self, l: &Loaded, uri: &lt::Uri, (file, span): Place) -> Option<lt::Location> {
        Some(lt::Location {
            uri: file_uri(l.set(), uri, l.file, file)?,
            range: self.range(&l.set().files[file].source, span),
        })
    }

    fn hover(&self, p: &lt::HoverParams) -> Option<lt::Hover> {
        let (l, at) = self.at(&p.text_document_position_params)?;
        let (span, value) = hover::hover(&l.ws.catalog, l.set(), l.file, at)?;
        Some(lt::Hover {
            contents: lt::HoverContents::Markup(lt::MarkupContent {
                kind: lt::MarkupKind::Markdown,
                value,
            }),
            range: Some(self.range(&l.set().files[l.file].source, span)),
        })
    }

    fn completion(&self, p: &lt::TextDocumentPositionParams) -> Option<lt::CompletionResponse> {
        let (l, at) = self.at(p)?;
        let items = complete::complete(&l.ws.catalog, l.set(), l.file, at, self.config.snippets);
        Some(lt::CompletionResponse::Array(items))
    }

    fn definition(&self, p: &lt::TextDocumentPositionParams) -> Option<lt::GotoDefinitionResponse> {
        let (l, at) = self.at(p)?;
        let uri = &p.text_document.uri;
        let targets = navigate::definition(l.set(), l.file, at);
        let mut locations: Vec<lt::Location> =
            targets.places.into_iter().filter_map(|place| self.location(&l, uri, place)).collect();
        for path in targets.files {
            let abs = std::path::absolute(&path).ok()?;
            if let Ok(uri) = crate::report::uri::file_uri(&abs, false).parse() {
                locations.push(lt::Location { uri, range: lt::Range::default() });
            }
        }
        (!locations.is_empty()).then_some(lt::GotoDefinitionResponse::Array(locations))
    }

    fn references(&self, p: &lt::ReferenceParams) -> Option<Vec<lt::Location>> {
        let (l, at) = self.at(&p.text_document_position)?;
        let uri = &p.text_document_position.text_document.uri;
        let places = navigate::references(l.set(), l.file, at, p.context.include_declaration)?;
        Some(places.into_iter().filter_map(|place| self.location(&l, uri, place)).collect())
    }

    /// Every fix of a finding that touches the requested range, as a quick fix; in
    /// imta.cnf, turning logging on for the channel under the cursor or for all.
    fn code_actions(&self, p: &lt::CodeActionParams) -> Vec<lt::CodeActionOrCommand> {
        let Ok((l, findings)) = self.lint(&p.text_document.uri) else {
            return Vec::new();
        };
        let uri = &p.text_document.uri;
        let text = l.text();
        let mut out = Vec::new();
        let convert = self.converter(l.set(), uri, l.file, &[]);
        for d in &findings {
            let Some(fix) = &d.fix else { continue };
            let r = self.range(&l.set().files[l.file].source, d.span);
            if r.end < p.range.start || p.range.end < r.start {
                continue;
            }
            let title = match fix.applicability {
                Applicability::Safe => fix.description.clone(),
                Applicability::Unsafe => format!("{} (changes behaviour)", fix.description),
                Applicability::DisplayOnly => format!("{} (suggestion)", fix.description),
            };
            let edits: Vec<&crate::model::edit::Edit> = fix.edits.iter().collect();
            out.push(lt::CodeActionOrCommand::CodeAction(lt::CodeAction {
                title,
                kind: Some(lt::CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![convert.diagnostic(d)]),
                edit: Some(self.workspace_edit(&l, uri, &edits)),
                is_preferred: Some(fix.applicability == Applicability::Safe),
                ..Default::default()
            }));
        }
        if l.kind() == Kind::Imta || l.kind() == Kind::ImtaChannels {
            let at = position::offset_in(text, p.range.start, self.config.encoding);
            for a in actions::logging(&l.ws, l.set(), l.file, at) {
                let edits: Vec<&crate::model::edit::Edit> = a.edits.iter().collect();
                out.push(lt::CodeActionOrCommand::CodeAction(lt::CodeAction {
                    title: a.title,
                    kind: Some(a.kind),
                    edit: Some(self.workspace_edit(&l, uri, &edits)),
                    ..Default::default()
                }));
            }
        }
        out
    }

    /// Byte-range patches of files of the set as a workspace edit.
    // `WorkspaceEdit::changes` is keyed by `Uri`, whose lazily computed parts clippy takes
    // for interior mutability; the key's hash and equality are those of its text.
    #[allow(clippy::mutable_key_type)]
    fn workspace_edit(
        &self,
        l: &Loaded,
        uri: &lt::Uri,
        edits: &[&crate::model::edit::Edit],
    ) -> lt::WorkspaceEdit {
        let mut changes: HashMap<lt::Uri, Vec<lt::TextEdit>> = HashMap::new();
        for e in edits {
            let Some(target) = file_uri(l.set(), uri, l.file, e.file) else {
                continue;
            };
            changes.entry(target).or_default().push(lt::TextEdit {
                range: self.range(&l.set().files[e.file].source, e.span),
                new_text: e.replacement.clone(),
            });
        }
        lt::WorkspaceEdit { changes: Some(changes), ..Default::default() }
    }
}

/// Is this the settings file?
fn is_settings(path: &Path) -> bool {
    path.file_name().is_some_and(|n| n == SETTINGS_FILE)
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
    let pos = lt::Position::new(line.saturating_sub(1) as u32, column.saturating_sub(1) as u32);
    Box::new(lt::Diagnostic {
        range: lt::Range::new(pos, pos),
        severity: Some(lt::DiagnosticSeverity::ERROR),
        source: Some("imtacfg".into()),
        message: format!("not linted: {message}"),
        ..Default::default()
    })
}

fn parse<P: serde::de::DeserializeOwned>(req: Request) -> Result<P, (i32, String)> {
    serde_json::from_value(req.params)
        .map_err(|e| (lsp_server::ErrorCode::InvalidParams as i32, e.to_string()))
}

fn json(v: impl serde::Serialize) -> serde_json::Value {
    serde_json::to_value(v).unwrap_or(serde_json::Value::Null)
}

/// Is byte `at` inside `span` or at its end (where the cursor stands after typing it)?
fn touches(span: Span, at: usize) -> bool {
    span.start as usize <= at && at <= span.end as usize
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

/// Free a value on a thread of its own: the reading of a large directory takes a good
/// part of a re-check to free (a million small allocations), and the editor waits for
/// the diagnostics, not for that.
fn drop_aside<T: Send + 'static>(value: T) {
    // When no thread can be had, the closure and the value in it are freed right here.
    let _ = std::thread::Builder::new().name("imtacfg-free".into()).spawn(move || drop(value));
}
