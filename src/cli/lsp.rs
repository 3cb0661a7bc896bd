//! `imtacfg lsp`: the language server, speaking LSP over standard input and output.

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
    let (conn, io) = lsp_server::Connection::stdio();
    imtacfg::lsp::serve(&conn, overrides).map_err(|e| e.to_string())?;
    // Closing our side lets the writer thread finish before joining it.
    drop(conn);
    io.join().map_err(|e| e.to_string())?;
    Ok(())
}
