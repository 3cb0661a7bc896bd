//! Writing to standard output and error without panicking on a closed pipe.

use std::io::Write;

/// Write bytes to standard output. A closed pipe (`imtacfg dump … | head`) is not an error.
pub fn stdout_bytes(bytes: &[u8]) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|_| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// Print an error line to standard error, prefixed with the program name.
pub fn error(msg: impl std::fmt::Display) {
    eprintln!("imtacfg: error: {msg}");
}
