//! The server's end of its connection to the client: messages come in as `lsp_server`
//! reads them; messages go out either as `lsp_server` messages or as JSON text the server
//! has already written.
//!
//! Why not `lsp_server::Connection` alone: its messages carry a `serde_json::Value`, and
//! the diagnostics of a file with tens of thousands of findings, built as a tree of values
//! (a few dozen small allocations each, then freed), cost the server several times the
//! lint itself (issue 13). Publications are written straight to text instead
//! ([`Outgoing::Json`]); the handshake and shutdown follow `lsp_server`'s rules.

use std::io::{self, Write};
use std::time::Duration;

use crossbeam_channel::{Receiver, RecvTimeoutError, Sender};
use lsp_server::{ErrorCode, Message, Request, RequestId, Response};
use lsp_types::notification::Notification as _;
use lsp_types::request::Request as _;

use super::Error;

/// How long the server waits for `exit` after answering `shutdown`.
const EXIT_WAIT: Duration = Duration::from_secs(30);

/// One message for the client.
#[derive(Debug)]
pub enum Outgoing {
    /// A message as `lsp_server` builds it.
    Message(Message),
    /// A whole JSON-RPC message already written as JSON text, UTF-8 (a
    /// `publishDiagnostics`).
    Json(Vec<u8>),
}

impl From<Message> for Outgoing {
    fn from(m: Message) -> Outgoing {
        Outgoing::Message(m)
    }
}

impl From<Response> for Outgoing {
    fn from(r: Response) -> Outgoing {
        Outgoing::Message(Message::Response(r))
    }
}

impl Outgoing {
    /// Write the message as the protocol frames it (a `Content-Length` header, then the
    /// body).
    pub fn write(&self, out: &mut impl Write) -> io::Result<()> {
        match self {
            Outgoing::Message(m) => m.write(out),
            Outgoing::Json(body) => {
                write!(out, "Content-Length: {}\r\n\r\n", body.len())?;
                out.write_all(body)?;
                out.flush()
            }
        }
    }

    /// The message as a client reads it (a text is parsed).
    pub fn into_message(self) -> Result<Message, serde_json::Error> {
        match self {
            Outgoing::Message(m) => Ok(m),
            Outgoing::Json(body) => serde_json::from_slice(&body),
        }
    }
}

/// The server's side of a connection.
pub struct Link {
    /// Messages for the client.
    pub sender: Sender<Outgoing>,
    /// Messages from the client.
    pub receiver: Receiver<Message>,
}

/// The client's side of an in-memory connection (tests and benchmarks).
pub struct ClientEnd {
    /// Messages for the server.
    pub sender: Sender<Message>,
    /// Messages from the server.
    pub receiver: Receiver<Outgoing>,
}

impl Link {
    /// A connection within the process: the server's end and the client's.
    pub fn memory() -> (Link, ClientEnd) {
        let (to_client, from_server) = crossbeam_channel::unbounded();
        let (to_server, from_client) = crossbeam_channel::unbounded();
        (
            Link { sender: to_client, receiver: from_client },
            ClientEnd { sender: to_server, receiver: from_server },
        )
    }

    pub(super) fn send(&self, m: impl Into<Outgoing>) -> Result<(), Error> {
        self.sender.send(m.into()).map_err(|_| "the connection to the client is closed".into())
    }

    /// Wait for `initialize`: other requests are answered "not initialized", other
    /// notifications dropped; `exit` or a closed connection ends the wait with an error.
    pub(super) fn initialize_start(&self) -> Result<(RequestId, serde_json::Value), Error> {
        loop {
            match self.receiver.recv() {
                Err(_) => return Err("the client closed the connection before initialize".into()),
                Ok(Message::Request(req))
                    if req.method == lsp_types::request::Initialize::METHOD =>
                {
                    return Ok((req.id, req.params));
                }
                Ok(Message::Request(req)) => self.send(Response::new_err(
                    req.id,
                    ErrorCode::ServerNotInitialized as i32,
                    format!("expected initialize, got {}", req.method),
                ))?,
                Ok(Message::Notification(n))
                    if n.method == lsp_types::notification::Exit::METHOD =>
                {
                    return Err("exit before initialize".into());
                }
                Ok(_) => {}
            }
        }
    }

    /// Answer `initialize` with `result`; the next message must be `initialized`.
    pub(super) fn initialize_finish(
        &self,
        id: RequestId,
        result: serde_json::Value,
    ) -> Result<(), Error> {
        self.send(Response::new_ok(id, result))?;
        match self.receiver.recv() {
            Ok(Message::Notification(n))
                if n.method == lsp_types::notification::Initialized::METHOD =>
            {
                Ok(())
            }
            Ok(m) => Err(format!("expected initialized, got {m:?}").into()),
            Err(_) => Err("the client closed the connection before initialized".into()),
        }
    }

    /// Answer `shutdown` (`Ok(true)`) and wait for `exit`; `Ok(false)` for any other
    /// request.
    pub(super) fn handle_shutdown(&self, req: &Request) -> Result<bool, Error> {
        if req.method != lsp_types::request::Shutdown::METHOD {
            return Ok(false);
        }
        self.send(Response::new_ok(req.id.clone(), ()))?;
        match self.receiver.recv_timeout(EXIT_WAIT) {
            Ok(Message::Notification(n)) if n.method == lsp_types::notification::Exit::METHOD => {
                Ok(true)
            }
            Ok(m) => Err(format!("unexpected message after shutdown: {m:?}").into()),
            Err(RecvTimeoutError::Timeout) => Err("no exit after shutdown".into()),
            Err(RecvTimeoutError::Disconnected) => Err("connection closed before exit".into()),
        }
    }
}
