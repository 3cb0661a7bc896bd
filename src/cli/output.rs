//! Writing to standard output and error without panicking on a closed pipe.

use std::io::Write;

use clap::ValueEnum;

/// `--format table|json` of the commands that print a table for people.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum TableOrJson {
    Table,
    Json,
}

/// A typed document pretty-printed as JSON, with a final newline.
pub fn document(v: &impl serde::Serialize) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
    s.push('\n');
    s
}

/// Write bytes to standard output. A closed pipe (`imtacfg dump … | head`) is not an error.
pub fn stdout_bytes(bytes: &[u8]) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|_| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// Write to standard output through a buffer as `write` produces it (for outputs that
/// may be far larger than their input). A closed pipe is not an error.
pub fn stdout_stream(
    write: impl FnOnce(&mut std::io::BufWriter<std::io::StdoutLock<'static>>) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    match write(&mut out).and_then(|_| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// Finish a command that prints one text: print it and exit with its code, or print the
/// error and exit 2 (also when standard output fails).
pub fn finish(result: Result<(String, i32), super::error::CliError>) -> i32 {
    let outcome = result.and_then(|(text, code)| {
        stdout_bytes(text.as_bytes())?;
        Ok(code)
    });
    outcome.unwrap_or_else(|e| {
        error(e);
        super::exit::ERROR
    })
}

/// Print an error to standard error: a line prefixed with the program name, and the
/// snippet of the file when the error points into one.
pub fn error(e: impl Into<super::error::CliError>) {
    eprint!("{}", e.into().render());
}
