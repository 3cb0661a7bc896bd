//! `imtacfg lsp` beyond diagnostics, over stdio: completion, navigation, hover of values,
//! logging actions, semantic tokens, debouncing, position encodings, buffers without a
//! file, settings reloads and protocol robustness.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::{Value, json};

use crate::lsp::{
    Client, apply, initialize_with, initialized, lines_and_codes, option_dat_session, uri,
    workspace,
};

const IMTA: &str = "! rules\n\
.example.com $U%$D@tcp_local-daemon\n\
\u{e9}xample.org $U@tcp_local-daemon\n\
\n\
l\n\
mail.example.com\n\
\n\
tcp_local smtp mx pool SMTP_POOL\n\
tcp_local-daemon\n\
\n\
tcp_submit smtp\n\
tcp_submit-daemon\n";

const DISPATCHER: &str = "DEBUG=1025\n\
[SERVICE=SMTP]\n\
PORT=25\n\
STACKSIZE=2048000\n\
MAX_CONNS=10\n\
PARAMETER=CHANNEL=tcp_local\n";

const JC: &str = "[POOL=SMTP_POOL]\njob_limit=10\n";

fn dir() -> (tempfile::TempDir, PathBuf) {
    workspace(&[
        ("imta.cnf", IMTA),
        ("dispatcher.cnf", DISPATCHER),
        ("job_controller.cnf", JC),
        ("option.dat", "LOG_CONNECTION=3\n"),
    ])
}

/// The directory of [`dir`] and a client with snippets that has opened every file of it.
fn started() -> (tempfile::TempDir, PathBuf, Client) {
    let (d, root) = dir();
    let mut c = Client::start();
    initialize_with(
        &mut c,
        &root,
        json!({"textDocument": {"completion": {"completionItem": {"snippetSupport": true}}}}),
        json!({}),
    );
    for name in ["imta.cnf", "dispatcher.cnf", "job_controller.cnf", "option.dat"] {
        let path = root.join(name);
        let text = std::fs::read_to_string(&path).unwrap();
        c.open(&uri(&path), &text);
    }
    (d, root, c)
}

fn pos(file: &Path, line: u32, character: u32) -> Value {
    json!({"textDocument": {"uri": uri(file)}, "position": {"line": line, "character": character}})
}

fn labels(items: &Value) -> Vec<String> {
    items
        .as_array()
        .unwrap_or_else(|| panic!("a list of items: {items}"))
        .iter()
        .map(|i| i["label"].as_str().unwrap().to_string())
        .collect()
}

/// Line and UTF-16 column of the first `needle` in `text` (ASCII lines before it).
fn find(text: &str, needle: &str) -> (u32, u32) {
    let at = text.find(needle).unwrap();
    let line = text[..at].matches('\n').count() as u32;
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    (line, text[start..at].encode_utf16().count() as u32)
}

#[test]
fn lsp_completion_by_context() {
    let (_d, root, mut c) = started();
    let imta = root.join("imta.cnf");

    // A channel line: keywords, with an argument placeholder for those that take one.
    let (l, col) = find(IMTA, "smtp\ntcp_submit-daemon");
    let items = c.request("textDocument/completion", pos(&imta, l, col + 4));
    let all = items.as_array().unwrap();
    let maxjobs = all.iter().find(|i| i["label"] == "maxjobs").expect("maxjobs");
    assert_eq!(maxjobs["insertText"], "maxjobs ${1:integer}");
    assert_eq!(maxjobs["insertTextFormat"], 2);
    let logging = all.iter().find(|i| i["label"] == "logging").expect("logging");
    assert_eq!(logging["insertText"], "logging");
    assert!(logging["documentation"]["value"].as_str().unwrap().len() > 10);

    // After `pool `: the pools of job_controller.cnf.
    let (l, col) = find(IMTA, "SMTP_POOL");
    let items = c.request("textDocument/completion", pos(&imta, l, col));
    assert_eq!(labels(&items), ["SMTP_POOL"]);

    // After the `@` of a rewrite template: host names of the channels.
    let (l, col) = find(IMTA, "tcp_local-daemon\n");
    let items = labels(&c.request("textDocument/completion", pos(&imta, l, col)));
    assert!(items.contains(&"tcp_local-daemon".to_string()), "{items:?}");
    assert!(items.contains(&"mail.example.com".to_string()), "{items:?}");

    // option.dat: names at the start of a line, the bits after `=`.
    let opt = root.join("option.dat");
    let items = labels(&c.request("textDocument/completion", pos(&opt, 0, 0)));
    assert!(items.contains(&"LOG_CONNECTION".to_string()));
    let values = c.request("textDocument/completion", pos(&opt, 0, 15));
    let values = values.as_array().unwrap();
    assert!(
        values
            .iter()
            .any(|v| v["label"] == "2" && v["detail"].as_str().unwrap().starts_with("bit 1")),
        "{values:?}"
    );

    // dispatcher.cnf: options allowed where the cursor is (PORT only in a section).
    let disp = root.join("dispatcher.cnf");
    let global = labels(&c.request("textDocument/completion", pos(&disp, 0, 0)));
    let section = labels(&c.request("textDocument/completion", pos(&disp, 2, 0)));
    assert!(global.contains(&"MAX_CONNS".to_string()) && !global.contains(&"PORT".to_string()));
    assert!(section.contains(&"PORT".to_string()));
    // The channels after PARAMETER=CHANNEL=.
    let channels = labels(&c.request("textDocument/completion", pos(&disp, 5, 18)));
    assert_eq!(channels, ["l", "tcp_local", "tcp_submit"]);
    // DEBUG values: documented bits.
    let bits = c.request("textDocument/completion", pos(&disp, 0, 6));
    assert!(!bits.as_array().unwrap().is_empty());

    // Section kinds after `[` (job_controller.cnf).
    let jc = root.join("job_controller.cnf");
    let kinds = labels(&c.request("textDocument/completion", pos(&jc, 0, 1)));
    assert!(kinds.contains(&"POOL".to_string()) && kinds.contains(&"CHANNEL".to_string()));
    c.finish();
}

#[test]
fn lsp_definition_and_references() {
    let (_d, root, mut c) = started();
    let imta = root.join("imta.cnf");
    let disp = root.join("dispatcher.cnf");
    let jc = root.join("job_controller.cnf");
    let (chan_line, _) = find(IMTA, "tcp_local smtp");

    // Rewrite rule tag -> the channel's name on its channel line.
    let (l, col) = find(IMTA, "tcp_local-daemon");
    let def = c.request("textDocument/definition", pos(&imta, l, col + 2));
    assert_eq!(def[0]["uri"], uri(&imta));
    assert_eq!(def[0]["range"]["start"], json!({"line": chan_line, "character": 0}));

    // On a line with a non-ASCII character before the tag: columns in UTF-16 units.
    let (l, col) = find(IMTA, "tcp_local-daemon\n\n");
    assert_eq!(col, 15, "é is one UTF-16 unit");
    let def = c.request("textDocument/definition", pos(&imta, l, col));
    assert_eq!(def[0]["range"]["start"]["line"], chan_line);

    // pool NAME -> [POOL=NAME].
    let (l, col) = find(IMTA, "SMTP_POOL");
    let def = c.request("textDocument/definition", pos(&imta, l, col + 1));
    assert_eq!(def[0]["uri"], uri(&jc));
    assert_eq!(def[0]["range"]["start"], json!({"line": 0, "character": 0}));

    // PARAMETER=CHANNEL=x -> channel x.
    let def = c.request("textDocument/definition", pos(&disp, 5, 20));
    assert_eq!(def[0]["uri"], uri(&imta));
    assert_eq!(def[0]["range"]["start"]["line"], chan_line);

    // References of tcp_local: its channel line, two rules, the dispatcher's PARAMETER.
    let refs = c.request(
        "textDocument/references",
        json!({"textDocument": {"uri": uri(&imta)}, "position": {"line": chan_line, "character": 3},
               "context": {"includeDeclaration": true}}),
    );
    let mut found: Vec<(String, u64)> = refs
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let u = r["uri"].as_str().unwrap();
            (
                u.rsplit('/').next().unwrap().to_string(),
                r["range"]["start"]["line"].as_u64().unwrap(),
            )
        })
        .collect();
    found.sort();
    assert_eq!(
        found,
        [
            ("dispatcher.cnf".to_string(), 5),
            ("imta.cnf".to_string(), 1),
            ("imta.cnf".to_string(), 2),
            ("imta.cnf".to_string(), u64::from(chan_line)),
        ]
    );

    // Nothing to go to on a comment.
    let none = c.request("textDocument/definition", pos(&imta, 0, 2));
    assert_eq!(none, Value::Null);
    c.finish();
}

#[test]
fn lsp_hover_values_heap_and_tags() {
    let (_d, root, mut c) = started();
    let disp = root.join("dispatcher.cnf");
    let text = |h: &Value| h["contents"]["value"].as_str().unwrap().to_string();

    // DEBUG=1025: bits 0 and 10.
    let h = text(&c.request("textDocument/hover", pos(&disp, 0, 7)));
    assert!(h.contains("0x00000401"), "{h}");
    assert!(h.contains("- bit 0 ") && h.contains("- bit 10 "), "{h}");

    // STACKSIZE: the heap sum of the file.
    let h = text(&c.request("textDocument/hover", pos(&disp, 3, 2)));
    assert!(h.contains("`SMTP`: 20480000"), "{h}");
    assert!(h.contains("40960000 bytes"), "{h}");

    // LOG_CONNECTION=3: bits 0 and 1 set, the others listed as not set.
    let opt = root.join("option.dat");
    let h = text(&c.request("textDocument/hover", pos(&opt, 0, 16)));
    assert!(h.contains("- bit 0 (value 1)") && h.contains("- bit 1 (value 2)"), "{h}");

    // A rewrite rule's tag: the channel block it routes to.
    let imta = root.join("imta.cnf");
    let (l, col) = find(IMTA, "tcp_local-daemon");
    let h = text(&c.request("textDocument/hover", pos(&imta, l, col + 1)));
    assert!(h.contains("channel `tcp_local`"), "{h}");
    assert!(h.contains("tcp_local smtp mx pool SMTP_POOL"), "{h}");
    c.finish();
}

#[test]
fn lsp_logging_actions_use_the_edit_planner() {
    let (_d, root, mut c) = started();
    let imta = root.join("imta.cnf");
    let (l, _) = find(IMTA, "tcp_submit smtp");
    let actions = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri(&imta)},
               "range": {"start": {"line": l, "character": 2}, "end": {"line": l, "character": 2}},
               "context": {"diagnostics": []}}),
    );
    let titles: Vec<&str> =
        actions.as_array().unwrap().iter().map(|a| a["title"].as_str().unwrap()).collect();
    assert!(titles.contains(&"Enable logging on channel tcp_submit"), "{titles:?}");
    assert!(titles.contains(&"Enable logging on all channels"), "{titles:?}");
    let one = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] == "Enable logging on channel tcp_submit")
        .unwrap();
    let edits = one["edit"]["changes"][uri(&imta)].as_array().unwrap().clone();
    let after = apply(IMTA, &edits);
    assert!(after.contains("tcp_submit smtp logging\n"), "{after}");
    // Once applied, the action is no longer offered for that channel.
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri(&imta), "version": 2}, "contentChanges": [{"text": after}]}),
    );
    c.diagnostics(&uri(&imta));
    let again = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri(&imta)},
               "range": {"start": {"line": l, "character": 2}, "end": {"line": l, "character": 2}},
               "context": {"diagnostics": []}}),
    );
    assert!(
        !again
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["title"] == "Enable logging on channel tcp_submit")
    );
    c.finish();
}

#[test]
fn lsp_semantic_tokens() {
    let (_d, root, mut c) = started();
    let imta = root.join("imta.cnf");
    let result =
        c.request("textDocument/semanticTokens/full", json!({"textDocument": {"uri": uri(&imta)}}));
    let legend = imtacfg::lsp::tokens::legend();
    let type_of =
        |name: &str| legend.token_types.iter().position(|t| t.as_str() == name).unwrap() as u64;
    // Decode to (line, column, length, type).
    let data: Vec<u64> =
        result["data"].as_array().unwrap().iter().map(|v| v.as_u64().unwrap()).collect();
    let mut decoded = Vec::new();
    let (mut line, mut col) = (0, 0);
    for t in data.chunks(5) {
        if t[0] > 0 {
            line += t[0];
            col = 0;
        }
        col += t[1];
        decoded.push((line, col, t[2], t[3]));
    }
    let (l, _) = find(IMTA, "tcp_local smtp");
    let l = u64::from(l);
    assert!(decoded.contains(&(0, 0, 7, type_of("comment"))), "{decoded:?}");
    assert!(decoded.contains(&(l, 0, 9, type_of("namespace"))), "{decoded:?}");
    assert!(decoded.contains(&(l, 10, 4, type_of("keyword"))), "{decoded:?}");
    assert!(decoded.contains(&(l, 23, 9, type_of("parameter"))), "{decoded:?}");
    // The tag inside the template on the line with é (UTF-16 columns).
    assert!(decoded.contains(&(2, 15, 16, type_of("namespace"))), "{decoded:?}");
    c.finish();
}

#[test]
fn lsp_changes_faster_than_checks_get_only_current_diagnostics() {
    let (_d, root) = workspace(&[("option.dat", "LOG_CONNECTION=1\n")]);
    let mut c = Client::start();
    initialize_with(&mut c, &root, json!({}), json!({"debounceMs": 300}));
    let u = uri(&root.join("option.dat"));
    assert_eq!(c.open(&u, "LOG_CONNECTION=1\n"), Vec::<Value>::new());
    // Twenty changes in a row, each with an unknown option of its own; only the last
    // text may be reported.
    for v in 2..=21 {
        let text = format!("LOG_CONNECTION=1\nNOT_AN_OPTION_{v}=1\n");
        c.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": u, "version": v}, "contentChanges": [{"text": text}]}),
        );
    }
    let msg = c.wait(|m| m["method"] == "textDocument/publishDiagnostics");
    assert_eq!(msg["params"]["version"], 21, "{msg}");
    let ds = msg["params"]["diagnostics"].as_array().unwrap();
    assert_eq!(ds.len(), 1, "{ds:?}");
    assert!(ds[0]["message"].as_str().unwrap().contains("NOT_AN_OPTION_21"), "{ds:?}");
    // And nothing older comes after it.
    let later = c.request("textDocument/hover", pos(&root.join("option.dat"), 0, 0));
    assert!(later.is_object());
    c.finish();
}

#[test]
fn lsp_utf8_positions_when_offered() {
    let (_d, root) = workspace(&[("option.dat", "LOG_CONNECTION=1\n")]);
    let mut c = Client::start();
    let init = initialize_with(
        &mut c,
        &root,
        json!({"general": {"positionEncodings": ["utf-8", "utf-16"]}}),
        json!({}),
    );
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-8");
    // A tag no channel has, after `é` (two bytes, one UTF-16 unit) on its line.
    let imta = root.join("imta.cnf");
    std::fs::write(&imta, "").unwrap();
    let text = "\u{e9}xample.org $U@tcp_nowhere\n\nl\nmail.example.com\n";
    let ds = c.open(&uri(&imta), text);
    let tag = ds.iter().find(|d| d["code"] == "IMTA301").expect("IMTA301");
    assert_eq!(tag["range"]["start"], json!({"line": 0, "character": 16}));
    assert_eq!(tag["range"]["end"], json!({"line": 0, "character": 27}));
    // Positions the client sends are read in bytes too.
    let def = c.request("textDocument/hover", pos(&imta, 0, 16));
    assert_eq!(def["range"]["start"]["character"], 16, "{def}");
    c.finish();

    // Without the offer, UTF-16.
    let mut c = Client::start();
    let init = initialize_with(&mut c, &root, json!({}), json!({}));
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-16");
    c.finish();
}

#[test]
fn lsp_buffers_without_a_file_are_checked() {
    let (_d, root) = workspace(&[]);
    let mut c = initialized(&root);
    // A file:// buffer never saved, named option.dat.
    let never = uri(&root.join("new").join("option.dat"));
    let ds = c.open(&never, "LOG_CONECTION=1\n");
    assert_eq!(lines_and_codes(&ds), [(1, "OPT101".to_string())]);
    // An untitled buffer: its languageId tells the family.
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": "untitled:Untitled-1", "languageId": "imtacfg-option",
               "version": 1, "text": "LOG_CONECTION=1\n"}}),
    );
    let ds = c.diagnostics("untitled:Untitled-1");
    assert_eq!(lines_and_codes(&ds), [(1, "OPT101".to_string())]);
    c.finish();
}

#[test]
fn lsp_settings_change_rechecks_open_documents() {
    let (_d, root, mut c, u) = option_dat_session("LOG_CONECTION=1\n");
    let ds = c.open(&u, "LOG_CONECTION=1\n");
    assert_eq!(lines_and_codes(&ds), [(1, "OPT101".to_string())]);
    let settings = root.join("imtacfg.toml");
    std::fs::write(&settings, "[lint]\nignore = [\"OPT101\"]\n").unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri(&settings), "type": 1}]}),
    );
    assert_eq!(c.diagnostics(&u), Vec::<Value>::new());
    // Saving the settings in the editor works too.
    std::fs::write(&settings, "[lint]\n").unwrap();
    c.notify("textDocument/didSave", json!({"textDocument": {"uri": uri(&settings)}}));
    assert_eq!(lines_and_codes(&c.diagnostics(&u)), [(1, "OPT101".to_string())]);
    c.finish();
}

#[test]
fn lsp_protocol_robustness() {
    let (_d, root, mut c) = started();
    // Not JSON: a parse error, and the server reads on.
    c.send_raw("{not json");
    let e = c.wait(|m| m.get("error").is_some());
    assert_eq!(e["error"]["code"], -32700);
    assert_eq!(e["id"], Value::Null);
    // JSON but not a message (a request without a method): invalid request, with its id.
    c.send_raw(r#"{"jsonrpc":"2.0","id":77,"params":{}}"#);
    let e = c.wait(|m| m["id"] == 77);
    assert_eq!(e["error"]["code"], -32600);
    // An unknown method: method not found; an unknown notification: ignored.
    let e = c.request_raw("textDocument/noSuchThing", json!({}));
    assert_eq!(e["error"]["code"], -32601);
    c.notify("$/noSuchNotification", json!({}));
    // Wrong parameters: invalid params.
    let e = c.request_raw("textDocument/hover", json!({"nope": 1}));
    assert_eq!(e["error"]["code"], -32602);
    // Positions past the end of a line or of the file: answered, not a crash.
    let imta = root.join("imta.cnf");
    for (l, ch) in [(0, 9999), (9999, 0), (u32::MAX, u32::MAX)] {
        c.request("textDocument/hover", pos(&imta, l, ch));
        c.request("textDocument/completion", pos(&imta, l, ch));
        c.request("textDocument/definition", pos(&imta, l, ch));
    }
    // A document never opened: nothing to say.
    let none = c.request("textDocument/hover", pos(&root.join("nothing.cnf"), 0, 0));
    assert_eq!(none, Value::Null);
    // A file that is not a configuration: no crash, no hover, a note on why.
    let readme = root.join("README.md");
    std::fs::write(&readme, "# notes\n").unwrap();
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri(&readme), "languageId": "markdown", "version": 1,
               "text": "# notes\n"}}),
    );
    let ds = c.diagnostics(&uri(&readme));
    assert!(ds.len() <= 1, "{ds:?}");
    assert_eq!(c.request("textDocument/hover", pos(&readme, 0, 2)), Value::Null);
    // Still serving.
    let h = c.request("textDocument/hover", pos(&root.join("dispatcher.cnf"), 0, 7));
    assert!(h["contents"]["value"].as_str().unwrap().contains("0x00000401"));
    std::thread::sleep(Duration::from_millis(10));
    c.finish();
}

#[test]
fn lsp_a_change_republishes_the_siblings_as_lint_sees_them() {
    let dir = crate::common::copy_dir(crate::common::MISTAKES);
    let root = std::fs::canonicalize(dir.path()).unwrap();
    let (_, expected) = crate::lsp::lint_by_file(&root);
    let names = crate::lsp::config_names(&root);
    let mut c = Client::start();
    initialize_with(&mut c, &root, json!({}), json!({"debounceMs": 0}));
    for name in &names {
        let path = root.join(name);
        c.open(&uri(&path), &std::fs::read_to_string(&path).unwrap());
    }
    // A change to imta.cnf (same text): every open file of the directory is published
    // again, from one reading of the directory, with what lint finds in it.
    let imta = root.join("imta.cnf");
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri(&imta), "version": 2},
               "contentChanges": [{"text": std::fs::read_to_string(&imta).unwrap()}]}),
    );
    let mut seen = std::collections::BTreeMap::new();
    while seen.len() < names.len() {
        let msg = c.wait(|m| m["method"] == "textDocument/publishDiagnostics");
        let u = msg["params"]["uri"].as_str().unwrap().to_string();
        let name = u.rsplit('/').next().unwrap().to_string();
        seen.insert(name, lines_and_codes(msg["params"]["diagnostics"].as_array().unwrap()));
    }
    for name in &names {
        assert_eq!(
            seen[name],
            expected.get(name).cloned().unwrap_or_default(),
            "{name} after a change to imta.cnf"
        );
    }
    c.finish();
}
