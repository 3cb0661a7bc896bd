//! `imtacfg lsp` end to end: the real binary, spoken to over its standard input and output
//! with Content-Length framing, as an editor would.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::common::{BIN, MISTAKES, copy_dir, json_of};

const TIMEOUT: Duration = Duration::from_secs(30);

/// A minimal LSP client: requests, notifications, and the server's messages read on a
/// thread so that every wait has a timeout.
pub(crate) struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    incoming: Receiver<Value>,
    next_id: i64,
}

impl Client {
    pub(crate) fn start() -> Client {
        let mut child = Command::new(BIN)
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("imtacfg lsp starts");
        let stdout = child.stdout.take().unwrap();
        let (tx, incoming) = channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            loop {
                let mut length = None;
                loop {
                    let mut line = String::new();
                    if r.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(n) = line.strip_prefix("Content-Length: ") {
                        length = n.parse::<usize>().ok();
                    }
                }
                let mut body = vec![0; length.expect("a Content-Length header")];
                if r.read_exact(&mut body).is_err() {
                    return;
                }
                let msg: Value = serde_json::from_slice(&body).expect("JSON body");
                if tx.send(msg).is_err() {
                    return;
                }
            }
        });
        let stdin = child.stdin.take();
        Client { child, stdin, incoming, next_id: 0 }
    }

    pub(crate) fn send(&mut self, msg: Value) {
        let body = msg.to_string();
        let stdin = self.stdin.as_mut().unwrap();
        write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        stdin.flush().unwrap();
    }

    pub(crate) fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Send a request and wait for its response (other messages are dropped).
    pub(crate) fn request(&mut self, method: &str, params: Value) -> Value {
        let msg = self.request_raw(method, params);
        assert!(msg.get("error").is_none(), "{method}: {msg}");
        msg["result"].clone()
    }

    /// Send a request and return the whole response (result or error).
    pub(crate) fn request_raw(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.wait(|m| m["id"] == id && m.get("method").is_none())
    }

    /// Write raw bytes as one frame's body (for malformed messages).
    pub(crate) fn send_raw(&mut self, body: &str) {
        let stdin = self.stdin.as_mut().unwrap();
        write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        stdin.flush().unwrap();
    }

    pub(crate) fn wait(&self, mut wanted: impl FnMut(&Value) -> bool) -> Value {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let msg = self.incoming.recv_timeout(left).expect("the server answers in time");
            if wanted(&msg) {
                return msg;
            }
        }
    }

    /// The next diagnostics published for `uri`.
    pub(crate) fn diagnostics(&self, uri: &str) -> Vec<Value> {
        let msg = self.wait(|m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
        });
        msg["params"]["diagnostics"].as_array().unwrap().clone()
    }

    pub(crate) fn open(&mut self, uri: &str, text: &str) -> Vec<Value> {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "imta", "version": 1, "text": text}}),
        );
        self.diagnostics(uri)
    }

    /// shutdown, exit, and the process ends with status 0.
    pub(crate) fn finish(mut self) {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        drop(self.stdin.take());
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                assert!(status.success(), "imtacfg lsp exited with {status}");
                return;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("imtacfg lsp did not exit after shutdown and exit");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

pub(crate) fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// A temporary directory holding these files, and its canonical path (the one the server
/// names in its URIs).
pub(crate) fn workspace(files: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf) {
    let dir = crate::common::conf(files);
    let root = std::fs::canonicalize(dir.path()).unwrap();
    (dir, root)
}

/// A workspace holding only an option.dat of this text, a server initialized for it, and
/// the file's URI (the document is not opened yet).
pub(crate) fn option_dat_session(text: &str) -> (tempfile::TempDir, PathBuf, Client, String) {
    let (dir, root) = workspace(&[("option.dat", text)]);
    let c = initialized(&root);
    let u = uri(&root.join("option.dat"));
    (dir, root, c, u)
}

/// A server started and initialized for `root`, with default capabilities.
pub(crate) fn initialized(root: &Path) -> Client {
    let mut c = Client::start();
    initialize(&mut c, root);
    c
}

pub(crate) fn initialize(c: &mut Client, root: &Path) {
    initialize_with(c, root, json!({}), json!({}));
}

/// `initialize` with these client capabilities and initialization options.
pub(crate) fn initialize_with(
    c: &mut Client,
    root: &Path,
    capabilities: Value,
    options: Value,
) -> Value {
    let result = c.request(
        "initialize",
        json!({"processId": null, "rootUri": uri(root), "capabilities": capabilities,
               "initializationOptions": options}),
    );
    assert_eq!(result["serverInfo"]["name"], "imtacfg");
    assert_eq!(result["capabilities"]["hoverProvider"], true);
    c.notify("initialized", json!({}));
    result
}

/// (line from 1, code) of LSP diagnostics, sorted.
pub(crate) fn lines_and_codes(ds: &[Value]) -> Vec<(u64, String)> {
    let mut v: Vec<(u64, String)> = ds
        .iter()
        .map(|d| {
            (
                d["range"]["start"]["line"].as_u64().unwrap() + 1,
                d["code"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    v.sort();
    v
}

/// Apply LSP text edits to an ASCII text.
pub(crate) fn apply(text: &str, edits: &[Value]) -> String {
    let offset = |p: &Value| {
        let line = p["line"].as_u64().unwrap() as usize;
        let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        start + p["character"].as_u64().unwrap() as usize
    };
    let mut spans: Vec<(usize, usize, &str)> = edits
        .iter()
        .map(|e| {
            (
                offset(&e["range"]["start"]),
                offset(&e["range"]["end"]),
                e["newText"].as_str().unwrap(),
            )
        })
        .collect();
    spans.sort_by_key(|s| std::cmp::Reverse(s.0));
    let mut out = text.to_string();
    for (a, b, new) in spans {
        out.replace_range(a..b, new);
    }
    out
}

/// The JSON report of `lint DIR`, and its (line, code) pairs by file name, sorted.
pub(crate) fn lint_by_file(root: &Path) -> (Value, BTreeMap<String, Vec<(u64, String)>>) {
    let (_, report) = json_of(&["lint", root.to_str().unwrap(), "--format", "json"]);
    let mut expected: BTreeMap<String, Vec<(u64, String)>> = BTreeMap::new();
    for d in report["diagnostics"].as_array().unwrap() {
        let name = Path::new(d["file"].as_str().unwrap())
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        expected
            .entry(name)
            .or_default()
            .push((d["line"].as_u64().unwrap(), d["code"].as_str().unwrap().into()));
    }
    for v in expected.values_mut() {
        v.sort();
    }
    (report, expected)
}

/// The files of a copy of examples/mistakes, but its notes, sorted.
pub(crate) fn config_names(root: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "MISTAKES.md")
        .collect();
    names.sort();
    names
}

#[test]
fn lsp_diagnostics_hover_fix_and_shutdown() {
    let dir = copy_dir(MISTAKES);
    let root = std::fs::canonicalize(dir.path()).unwrap();

    // What `lint --format json` says, per file name.
    let (report, expected) = lint_by_file(&root);
    assert!(expected.len() >= 3, "the mistakes give findings in several files");

    let mut c = Client::start();
    initialize(&mut c, &root);

    let names = config_names(&root);
    let mut published = BTreeMap::new();
    for name in &names {
        let path = root.join(name);
        let text = std::fs::read_to_string(&path).unwrap();
        let ds = c.open(&uri(&path), &text);
        for d in &ds {
            assert_eq!(d["source"], "imtacfg");
            let code = d["code"].as_str().unwrap().to_ascii_lowercase();
            assert!(
                d["codeDescription"]["href"]
                    .as_str()
                    .unwrap()
                    .ends_with(&format!("docs/rules.md#{code}")),
                "{d}"
            );
            assert!(d["severity"].as_u64().is_some_and(|s| (1..=3).contains(&s)));
        }
        published.insert(name.clone(), lines_and_codes(&ds));
    }
    for name in &names {
        assert_eq!(
            published[name],
            expected.get(name).cloned().unwrap_or_default(),
            "diagnostics of {name}"
        );
    }

    // Hover on a keyword: the catalog's summary.
    let imta = root.join("imta.cnf");
    let imta_text = std::fs::read_to_string(&imta).unwrap();
    let (line, col) = imta_text
        .lines()
        .enumerate()
        .find_map(|(i, l)| l.find("master_debug").map(|c| (i, c + 3)))
        .unwrap();
    let hover = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri(&imta)}, "position": {"line": line, "character": col}}),
    );
    let summary =
        imtacfg::knowledge::Catalog::builtin().keyword("master_debug").unwrap().summary.clone();
    let value = hover["contents"]["value"].as_str().unwrap();
    assert!(value.contains("master_debug") && value.contains(&summary), "{value}");
    assert!(value.contains("Source: "), "{value}");

    // Document symbols: the channels of imta.cnf, the sections of dispatcher.cnf.
    let symbols =
        c.request("textDocument/documentSymbol", json!({"textDocument": {"uri": uri(&imta)}}));
    let names: Vec<&str> =
        symbols.as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert!(names.contains(&"tcp_local"), "{names:?}");
    let disp = c.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri(&root.join("dispatcher.cnf"))}}),
    );
    assert!(
        disp.as_array().unwrap().iter().any(|s| s["name"]
            .as_str()
            .unwrap()
            .starts_with("[SERVICE=")
            && s["children"].as_array().is_some_and(|c| !c.is_empty())),
        "{disp}"
    );

    // A code action on the safe OPT103 of option.dat line 9: the fix's edit, preferred.
    let opt = root.join("option.dat");
    let opt_uri = uri(&opt);
    let opt_text = std::fs::read_to_string(&opt).unwrap();
    let actions = c.request(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": opt_uri},
            "range": {"start": {"line": 8, "character": 0}, "end": {"line": 8, "character": 0}},
            "context": {"diagnostics": []}
        }),
    );
    let action = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["diagnostics"][0]["code"] == "OPT103")
        .unwrap_or_else(|| panic!("a quick fix for OPT103: {actions}"))
        .clone();
    assert_eq!(action["kind"], "quickfix");
    assert_eq!(action["isPreferred"], true);
    let report_fix = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "OPT103" && d["line"] == 9)
        .unwrap()["fix"]
        .clone();
    let edits = action["edit"]["changes"][&opt_uri].as_array().unwrap().clone();
    assert_eq!(edits.len(), report_fix["edits"].as_array().unwrap().len());
    assert_eq!(edits[0]["newText"], report_fix["edits"][0]["replacement"]);
    assert_eq!(
        edits[0]["range"]["start"]["line"].as_u64().unwrap() + 1,
        report_fix["edits"][0]["line"].as_u64().unwrap()
    );

    // didChange with the fix applied: that finding is gone, the others stay (moved up by
    // the lines the fix removed).
    let fixed = apply(&opt_text, &edits);
    assert_ne!(fixed, opt_text);
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": opt_uri, "version": 2}, "contentChanges": [{"text": fixed}]}),
    );
    let after = lines_and_codes(&c.diagnostics(&opt_uri));
    let removed = (opt_text.lines().count() - fixed.lines().count()) as u64;
    let want: Vec<(u64, String)> = expected["option.dat"]
        .iter()
        .filter(|d| **d != (9, "OPT103".to_string()))
        .map(|(l, c)| (if *l > 9 { l - removed } else { *l }, c.clone()))
        .collect();
    assert_eq!(after, want);

    c.finish();
}

#[test]
fn lsp_says_why_a_document_is_not_linted() {
    let (_dir, _root, mut c, u) = option_dat_session("LOG_CONNECTION=1\n");
    // Unsaved text with a NUL byte: not text, so not linted, and the editor is told where.
    let ds = c.open(&u, "LOG_CONNECTION=1\nX=\u{0}\n");
    assert_eq!(ds.len(), 1, "{ds:?}");
    assert_eq!(ds[0]["severity"], 1);
    assert_eq!(ds[0]["range"]["start"]["line"], 1);
    assert!(ds[0]["message"].as_str().unwrap().starts_with("not linted: "));
    // Fixed in the buffer: linted again, nothing to say.
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": u, "version": 2}, "contentChanges": [{"text": "LOG_CONNECTION=1\n"}]}),
    );
    assert_eq!(c.diagnostics(&u), Vec::<Value>::new());
    c.finish();
}
