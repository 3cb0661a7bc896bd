//! What imtacfg may read.
//!
//! A configuration tree may come from an untrusted pull request, so every path taken from
//! a file (include lines, imta_tailor entries) and every symbolic link in the directory is
//! treated as written by an attacker. A file is read only when
//! - its real path (symbolic links and `..` resolved) lies inside the configuration
//!   directory, unless the user widened access on the command line or in the environment;
//! - it is a regular file: FIFOs, devices, sockets and directories are refused, and files
//!   are opened without blocking, so a FIFO can never stall a run;
//! - it is no larger than the size limit, checked before reading and enforced while
//!   reading (a file that grows, or lies about its size, is cut off and refused).
//!
//! Layer: uses the standard library only.

use std::fmt;
use std::fs::{self, File};
use std::io::Read;
use std::path::{Path, PathBuf};

/// The default size limit: far above any real configuration file.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 256 << 20;

/// The rules for reading files of one configuration.
#[derive(Debug, Clone)]
pub struct Access {
    /// The configuration directory, canonical; `None` when there is none (standard input).
    root: Option<PathBuf>,
    /// Read files outside the directory too (the user asked for it).
    pub allow_outside: bool,
    /// The largest file read, in bytes.
    pub max_file_size: u64,
    /// Text that replaces files on disk (an editor's unsaved buffers), keyed by real path;
    /// see [`Overlay`].
    overlay: Overlay,
}

/// In-memory contents that replace files on disk when read, keyed by real (canonical)
/// path: a language server's open documents. A path is still checked under the rules
/// (inside the directory, a regular file, the size limit) before its text is taken from
/// here, so an overlay never makes readable what the rules refuse.
pub type Overlay = std::sync::Arc<std::collections::HashMap<PathBuf, Vec<u8>>>;

/// Why a file was not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    /// Nothing is there (or a symbolic link points nowhere).
    Missing,
    /// The file resolves outside the configuration directory.
    Outside {
        /// Where it resolves to (the path itself is not secret: the tree named it).
        target: PathBuf,
    },
    /// Not a regular file.
    NotRegular {
        /// What it is instead, with its article (`a directory`, `a FIFO (named pipe)`).
        what: &'static str,
    },
    /// Larger than the size limit.
    TooLarge {
        /// The size, in bytes; when the file was cut off while read, the bytes seen
        /// (one more than the limit), not its full size.
        size: u64,
        /// The limit in force, in bytes.
        limit: u64,
    },
    /// The operating system refused (permissions, I/O error).
    Io(String),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Missing => f.write_str("no such file"),
            ReadError::Outside { target } => write!(
                f,
                "resolves to {}, outside the configuration directory; not read (pass --allow-outside to read it)",
                target.display()
            ),
            ReadError::NotRegular { what } => write!(f, "is {what}, not a regular file; not read"),
            ReadError::TooLarge { size, limit } => write!(
                f,
                "is {size} bytes, over the {limit}-byte limit; not read (raise it with --max-file-size)"
            ),
            ReadError::Io(e) => write!(f, "cannot read: {e}"),
        }
    }
}

impl std::error::Error for ReadError {}

impl From<std::io::Error> for ReadError {
    fn from(e: std::io::Error) -> Self {
        if e.kind() == std::io::ErrorKind::NotFound {
            ReadError::Missing
        } else {
            ReadError::Io(e.to_string())
        }
    }
}

/// A file read under the rules.
#[derive(Debug)]
pub struct ReadFile {
    /// The real path: no symbolic links, no `..`. Edits are written here.
    pub real: PathBuf,
    /// The content, undecoded; never more than the size limit.
    pub bytes: Vec<u8>,
}

impl Default for Access {
    /// No directory to confine to (text from standard input), the default size limit.
    fn default() -> Self {
        Access {
            root: None,
            allow_outside: false,
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            overlay: Overlay::default(),
        }
    }
}

impl Access {
    /// Rules for the configuration directory `root` (made canonical here; a root that does
    /// not exist confines to nothing, so every read is refused as missing or outside).
    pub fn new(root: Option<&Path>, allow_outside: bool, max_file_size: u64) -> Access {
        Access {
            root: root.map(|r| fs::canonicalize(r).unwrap_or_else(|_| r.to_path_buf())),
            allow_outside,
            max_file_size,
            overlay: Overlay::default(),
        }
    }

    /// The same rules, reading these in-memory texts instead of the files on disk.
    pub fn with_overlay(mut self, overlay: Overlay) -> Access {
        self.overlay = overlay;
        self
    }

    /// The canonical configuration directory.
    pub fn root(&self) -> Option<&Path> {
        self.root.as_deref()
    }

    /// Is this real path inside the configuration directory?
    pub fn is_inside(&self, real: &Path) -> bool {
        self.root.as_deref().is_none_or(|r| real.starts_with(r))
    }

    /// Resolve `path` and check that it may be read, without reading it.
    pub fn check(&self, path: &Path) -> Result<PathBuf, ReadError> {
        let real = fs::canonicalize(path)?;
        if !self.allow_outside && !self.is_inside(&real) {
            return Err(ReadError::Outside { target: real });
        }
        // `real` has no symbolic links left, so this describes the file itself.
        let meta = fs::metadata(&real)?;
        if let Some(what) = not_regular(&meta.file_type()) {
            return Err(ReadError::NotRegular { what });
        }
        if meta.len() > self.max_file_size {
            return Err(ReadError::TooLarge { size: meta.len(), limit: self.max_file_size });
        }
        Ok(real)
    }

    /// Read `path` if the rules allow it.
    pub fn read(&self, path: &Path) -> Result<ReadFile, ReadError> {
        let real = self.check(path)?;
        if let Some(bytes) = self.overlay.get(&real) {
            if bytes.len() as u64 > self.max_file_size {
                return Err(ReadError::TooLarge {
                    size: bytes.len() as u64,
                    limit: self.max_file_size,
                });
            }
            return Ok(ReadFile { real, bytes: bytes.clone() });
        }
        let file = open_no_block(&real)?;
        // The file may have been swapped since the check: judge what was opened.
        let meta = file.metadata()?;
        if let Some(what) = not_regular(&meta.file_type()) {
            return Err(ReadError::NotRegular { what });
        }
        let bytes = read_limited(file, meta.len(), self.max_file_size)?;
        Ok(ReadFile { real, bytes })
    }
}

/// Read at most `limit` bytes; more is an error. `hint` sizes the buffer.
pub fn read_limited(reader: impl Read, hint: u64, limit: u64) -> Result<Vec<u8>, ReadError> {
    let mut bytes = Vec::with_capacity(hint.min(limit) as usize);
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| ReadError::Io(e.to_string()))?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge { size: bytes.len() as u64, limit });
    }
    Ok(bytes)
}

/// Open for reading without following a final symbolic link, without blocking on a FIFO
/// and without acquiring a controlling terminal.
pub fn open_no_block(path: &Path) -> std::io::Result<File> {
    let mut o = fs::OpenOptions::new();
    o.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW | libc::O_NOCTTY);
    }
    o.open(path)
}

/// What a file is, when it is not a regular file.
pub fn not_regular(t: &fs::FileType) -> Option<&'static str> {
    if t.is_file() {
        return None;
    }
    if t.is_dir() {
        return Some("a directory");
    }
    if t.is_symlink() {
        return Some("a symbolic link");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Some("a FIFO (named pipe)");
        }
        if t.is_char_device() {
            return Some("a character device");
        }
        if t.is_block_device() {
            return Some("a block device");
        }
        if t.is_socket() {
            return Some("a socket");
        }
    }
    Some("not a regular file")
}

/// Why a size such as `--max-file-size 64M` cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SizeError {
    /// Not a number with a known suffix.
    #[error("`{0}` is not a size: write bytes, or a number with K, M, G or T (e.g. 64M)")]
    NotASize(String),
    /// More than 2^64 bytes.
    #[error("`{0}` is too large")]
    TooLarge(String),
}

/// Parse a size as given to `--max-file-size` (and `--datasize`): bytes, or a number with
/// a binary suffix `K`, `M`, `G` or `T` (also `KB`, `KiB`, …). `None` when it is not one;
/// callers say what they expected.
pub fn parse_size(s: &str) -> Option<Result<u64, SizeError>> {
    let t = s.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let n: u64 = num.parse().ok()?;
    let mult: u64 = match unit.trim().to_ascii_uppercase().as_str() {
        "" | "B" => 1,
        "K" | "KB" | "KIB" => 1 << 10,
        "M" | "MB" | "MIB" => 1 << 20,
        "G" | "GB" | "GIB" => 1 << 30,
        "T" | "TB" | "TIB" => 1 << 40,
        _ => return None,
    };
    Some(n.checked_mul(mult).ok_or_else(|| SizeError::TooLarge(s.to_string())))
}

/// A file size limit: [`parse_size`] with its message.
pub fn parse_file_size(s: &str) -> Result<u64, SizeError> {
    parse_size(s).unwrap_or_else(|| Err(SizeError::NotASize(s.to_string())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inside_outside_and_dot_dot() {
        let base = tempfile::tempdir().unwrap();
        let d = base.path().join("d");
        fs::create_dir(&d).unwrap();
        fs::write(base.path().join("secret"), "x\n").unwrap();
        fs::write(d.join("ok"), "A=1\n").unwrap();
        let a = Access::new(Some(&d), false, 1 << 20);
        assert_eq!(a.read(&d.join("ok")).unwrap().bytes, b"A=1\n");
        assert!(matches!(a.read(&d.join("../secret")), Err(ReadError::Outside { .. })));
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink("../secret", d.join("link")).unwrap();
            assert!(matches!(a.read(&d.join("link")), Err(ReadError::Outside { .. })));
            let wide = Access::new(Some(&d), true, 1 << 20);
            assert_eq!(wide.read(&d.join("link")).unwrap().bytes, b"x\n");
        }
        assert_eq!(a.read(&d.join("none")).unwrap_err(), ReadError::Missing);
    }

    #[test]
    fn size_limit_and_file_kinds() {
        let d = tempfile::tempdir().unwrap();
        fs::write(d.path().join("big"), vec![b'a'; 2048]).unwrap();
        let a = Access::new(Some(d.path()), false, 1024);
        assert!(matches!(
            a.read(&d.path().join("big")),
            Err(ReadError::TooLarge { size: 2048, .. })
        ));
        assert!(matches!(a.read(d.path()), Err(ReadError::NotRegular { what: "a directory" })));
        let cut = read_limited(&[b'a'; 10][..], 0, 4).unwrap_err();
        assert!(matches!(cut, ReadError::TooLarge { size: 5, limit: 4 }));
    }

    #[test]
    fn sizes() {
        assert_eq!(parse_file_size("1K"), Ok(1024));
        assert_eq!(parse_file_size("256M"), Ok(256 << 20));
        assert_eq!(parse_file_size("10"), Ok(10));
        assert_eq!(parse_file_size("1T"), Ok(1 << 40));
        assert!(parse_file_size("x").is_err());
        assert!(parse_file_size("99999999999T").is_err());
    }
}
