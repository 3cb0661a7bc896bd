//! The language server's re-check of a 1 MB document after a change (issue 13): the
//! target is well under 100 ms. The server runs on its own thread behind an in-memory
//! connection (the stdio transport adds the JSON decoding of the text, a few ms per MB);
//! the debounce is set to 0, so each measurement is a `didChange` with the whole text
//! (full sync), the check of the document in its directory and the `publishDiagnostics`
//! that answers it.
//!
//! Cases: `recheck/imta-1MB` (a generated imta.cnf of rewrite rules and channel blocks),
//! `recheck/option-1MB` (a generated option.dat, most of whose options are unknown, so
//! some 38k diagnostics travel back), `recheck/dispatcher-1MB` (a dispatcher.cnf of
//! services). `…-keystroke` is the change an editor sends with incremental sync: a range
//! and its new text (a line added at the end, then taken away), not the whole file.
//! `lint-only/…` is the same check without the server (the workspace reading the
//! directory and linting the file, as `lint FILE` does), to tell what the server adds.
//! Run with `cargo bench --bench lsp`.

use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use imtacfg::lsp::link::{ClientEnd, Link, Outgoing};
use lsp_server::{Message, Notification, Request, RequestId};
use serde::de::IgnoredAny;
use serde_json::json;

#[path = "generate.rs"]
#[allow(dead_code)] // the scaling bench's generators are not used here
mod generate;

/// A server with one open document, and the next version number to send.
struct Session {
    client: ClientEnd,
    uri: String,
    version: i32,
    _dir: tempfile::TempDir,
}

impl Session {
    fn start(name: &str, text: &str) -> Session {
        let dir = tempfile::tempdir().unwrap();
        let path = std::fs::canonicalize(dir.path()).unwrap().join(name);
        std::fs::write(&path, text).unwrap();
        let (server, client) = Link::memory();
        std::thread::spawn(move || {
            let _ = imtacfg::lsp::serve(&server, Default::default());
        });
        client
            .sender
            .send(Message::Request(Request::new(
                RequestId::from(1),
                "initialize".into(),
                json!({"capabilities": {}, "initializationOptions": {"debounceMs": 0}}),
            )))
            .unwrap();
        let _ = client.receiver.recv().unwrap();
        notify(&client, "initialized", json!({}));
        let uri = format!("file://{}", path.display());
        notify(
            &client,
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "imta", "version": 1, "text": text}}),
        );
        let mut s = Session { client, uri, version: 1, _dir: dir };
        s.published();
        s
    }

    /// Send the text as a change and wait for its diagnostics; how many there are.
    fn change(&mut self, text: &str) -> usize {
        self.send_change(json!({"text": text}))
    }

    /// Send one content change (whole text, or a range and its text) and wait for its
    /// diagnostics.
    fn send_change(&mut self, change: serde_json::Value) -> usize {
        self.version += 1;
        notify(
            &self.client,
            "textDocument/didChange",
            json!({"textDocument": {"uri": self.uri, "version": self.version},
                   "contentChanges": [change]}),
        );
        self.published()
    }

    /// Wait for the diagnostics of the current version; how many there are. The server
    /// writes them as JSON text, which is read here as a client would, without keeping it
    /// (the reading is part of the figure: a few ms for 38k diagnostics).
    fn published(&mut self) -> usize {
        #[derive(serde::Deserialize)]
        struct Publication {
            method: String,
            params: Params,
        }
        #[derive(serde::Deserialize)]
        struct Params {
            version: Option<i32>,
            diagnostics: Vec<IgnoredAny>,
        }
        loop {
            if let Ok(Outgoing::Json(body)) = self.client.receiver.recv()
                && let Ok(p) = serde_json::from_slice::<Publication>(&body)
                && p.method == "textDocument/publishDiagnostics"
                && p.params.version == Some(self.version)
            {
                return p.params.diagnostics.len();
            }
        }
    }
}

fn notify(c: &ClientEnd, method: &str, params: serde_json::Value) {
    c.sender.send(Message::Notification(Notification::new(method.into(), params))).unwrap();
}

/// Grow a generator's count until its text is at least 1 MB, in steps of 2 % so that
/// it ends up within a few percent of 1 MB (the size the target is stated for).
fn one_megabyte(make: impl Fn(usize) -> String) -> String {
    let mut n = 1000;
    loop {
        let t = make(n);
        if t.len() >= 1 << 20 {
            return t;
        }
        n += n / 50;
    }
}

fn recheck(c: &mut Criterion) {
    let mut g = c.benchmark_group("recheck");
    g.sample_size(20).measurement_time(Duration::from_secs(8));
    let cases = [
        ("imta-1MB", "imta.cnf", one_megabyte(|n| generate::imta(n, n / 8))),
        ("option-1MB", "option.dat", one_megabyte(generate::options)),
        ("dispatcher-1MB", "dispatcher.cnf", one_megabyte(generate::dispatcher)),
    ];
    for (id, name, text) in cases {
        // Two texts that differ (a comment at the end), so each change is a new text.
        let other = format!("{text}! edited\n");
        let mut s = Session::start(name, &text);
        let path = s.uri.strip_prefix("file://").unwrap().to_string();
        let ws = imtacfg::workspace::Workspace::new(&path, &Default::default()).unwrap();
        g.bench_function(format!("lint-only/{id}"), |b| {
            b.iter(|| {
                let (_, t) = ws.open_targets(&[path.as_str()]).pop().unwrap();
                ws.lint_target(&t.unwrap()).len()
            })
        });
        let found = s.change(&other);
        eprintln!("{id}: {} bytes, {found} diagnostics", text.len());
        g.throughput(Throughput::Bytes(text.len() as u64));
        let mut flip = false;
        g.bench_function(id, |b| {
            b.iter(|| {
                flip = !flip;
                s.change(if flip { &text } else { &other })
            })
        });
        if id.starts_with("imta") {
            // Back to `text`, then a line added after its last line and taken away again.
            s.change(&text);
            flip = false;
            let last = text.matches('\n').count();
            let at = |line: usize| json!({"line": line, "character": 0});
            g.bench_function(format!("{id}-keystroke"), |b| {
                b.iter(|| {
                    flip = !flip;
                    s.send_change(if flip {
                        json!({"range": {"start": at(last), "end": at(last)}, "text": "! edited\n"})
                    } else {
                        json!({"range": {"start": at(last), "end": at(last + 1)}, "text": ""})
                    })
                })
            });
        }
    }
    g.finish();
}

criterion_group!(benches, recheck);
criterion_main!(benches);
