//! `imtacfg lsp`: the language server, speaking LSP over standard input and output.
//!
//! The transport is ours rather than `lsp_server::Connection::stdio`, whose reader stops
//! at the first body that is not a JSON-RPC message: here such a body is answered with a
//! JSON-RPC error (parse error, or invalid request with its id when it has one) and the
//! server reads on.

use std::io::{BufRead, Write};

use imtacfg::lsp::{Link, Outgoing};
use lsp_server::Message;

use super::error::CliError;
use super::exit;

/// Arguments of `imtacfg lsp` (none yet: the client starts it and talks on stdio).
#[derive(Debug, clap::Args)]
pub struct LspArgs {
    /// Accepted for clients that pass it; standard input and output are the only transport.
    #[arg(long)]
    stdio: bool,
}

pub fn run(args: LspArgs) -> i32 {
    let _ = args.stdio;
    match serve() {
        Ok(()) => exit::OK,
        Err(e) => {
            eprintln!("imtacfg lsp: {e}");
            exit::ERROR
        }
    }
}

fn serve() -> Result<(), CliError> {
    let overrides = super::load::overrides(None)?;
    let (to_client, outgoing) = crossbeam_channel::unbounded::<Outgoing>();
    let (incoming, from_client) = crossbeam_channel::unbounded::<Message>();
    let writer = std::thread::spawn(move || -> std::io::Result<()> {
        for msg in outgoing {
            let mut out = std::io::stdout().lock();
            msg.write(&mut out)?;
            out.flush()?;
        }
        Ok(())
    });
    // The reader is not joined: it may be blocked reading standard input after `exit`.
    std::thread::spawn(move || read_messages(incoming));
    let conn = Link { sender: to_client, receiver: from_client };
    let served = imtacfg::lsp::serve(&conn, overrides);
    // Closing our side lets the writer finish what it has before it is joined.
    drop(conn);
    let written = writer.join().map_err(|_| "the writer thread failed".to_string())?;
    served.map_err(|e| e.to_string())?;
    written.map_err(|e| e.to_string())?;
    Ok(())
}

/// Read framed messages from standard input until it ends or `exit` arrives.
fn read_messages(incoming: crossbeam_channel::Sender<Message>) {
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    loop {
        let body = match read_frame(&mut input) {
            Ok(Some(b)) => b,
            Ok(None) => return,
            Err(()) => {
                error_reply(serde_json::Value::Null, -32700, "malformed message header");
                continue;
            }
        };
        let value: serde_json::Value = match serde_json::from_slice(&body) {
            Ok(v) => v,
            Err(e) => {
                error_reply(serde_json::Value::Null, -32700, &format!("not JSON: {e}"));
                continue;
            }
        };
        match serde_json::from_value::<Message>(value.clone()) {
            Ok(msg) => {
                let exit = matches!(&msg, Message::Notification(n) if n.method == "exit");
                if incoming.send(msg).is_err() || exit {
                    return;
                }
            }
            Err(e) => {
                let id = value.get("id").cloned().unwrap_or(serde_json::Value::Null);
                // A message without an id is a notification: nothing may answer it.
                if value.get("method").is_none() || !id.is_null() {
                    error_reply(id, -32600, &format!("not a JSON-RPC message: {e}"));
                }
            }
        }
    }
}

/// One body after its headers: `Ok(None)` at the end of input, `Err` for headers without a
/// usable `Content-Length` (the bad header block is skipped).
fn read_frame(input: &mut impl BufRead) -> Result<Option<Vec<u8>>, ()> {
    let mut length: Option<usize> = None;
    let mut bad = false;
    let mut any = false;
    loop {
        let mut line = String::new();
        match input.read_line(&mut line) {
            Ok(0) | Err(_) => return Ok(None),
            Ok(_) => {}
        }
        let line = line.trim_end();
        if line.is_empty() {
            if any {
                break;
            }
            continue;
        }
        any = true;
        match line.split_once(':') {
            Some((name, value)) if name.eq_ignore_ascii_case("content-length") => {
                match value.trim().parse::<usize>() {
                    Ok(n) if n <= 256 << 20 => length = Some(n),
                    _ => bad = true,
                }
            }
            Some(_) => {}
            None => bad = true,
        }
    }
    let Some(n) = length.filter(|_| !bad) else {
        return Err(());
    };
    let mut body = vec![0; n];
    match input.read_exact(&mut body) {
        Ok(()) => Ok(Some(body)),
        Err(_) => Ok(None),
    }
}

/// Write a JSON-RPC error response straight to standard output.
fn error_reply(id: serde_json::Value, code: i32, message: &str) {
    let body = serde_json::json!({
        "jsonrpc": "2.0",
        "id": id,
        "error": {"code": code, "message": message},
    })
    .to_string();
    let mut out = std::io::stdout().lock();
    let _ = write!(out, "Content-Length: {}\r\n\r\n{body}", body.len());
    let _ = out.flush();
}
