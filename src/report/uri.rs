//! File paths as URI references for SARIF (RFC 3986): percent-encoded, relative to a base
//! directory when inside it, else absolute `file://` URIs.

use std::path::{Component, Path, PathBuf};

/// Percent-encode a path's bytes: everything but the unreserved characters and `/`.
pub fn encode_path(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    for &b in bytes {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(unix)]
fn path_bytes(p: &Path) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt;
    p.as_os_str().as_bytes().to_vec()
}

#[cfg(not(unix))]
fn path_bytes(p: &Path) -> Vec<u8> {
    p.to_string_lossy().replace('\\', "/").into_bytes()
}

/// `.` and `..` taken out lexically (`a/./b/../c` → `a/c`); a `..` above the start stays.
pub fn normalize(p: &Path) -> PathBuf {
    let mut out: Vec<Component> = Vec::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => match out.last() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                Some(Component::RootDir | Component::Prefix(_)) => {}
                _ => out.push(c),
            },
            other => out.push(other),
        }
    }
    out.iter().collect()
}

/// `path` relative to `base` (an absolute directory) when it lies inside it, `.` and `..`
/// taken out.
pub fn relative_to(path: &Path, base: &Path) -> Option<PathBuf> {
    let abs = normalize(&base.join(path));
    let rel = abs.strip_prefix(normalize(base)).ok()?;
    (rel.components().next().is_some()).then(|| rel.to_path_buf())
}

/// The `file://` URI of an absolute path (a directory's ends in `/` when `dir`).
pub fn file_uri(abs: &Path, dir: bool) -> String {
    let mut s = format!("file://{}", encode_path(&path_bytes(abs)));
    if dir && !s.ends_with('/') {
        s.push('/');
    }
    s
}

/// Where a file is, as SARIF's `artifactLocation` names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// A relative reference resolved against the base (`uriBaseId`).
    Relative(String),
    /// An absolute `file://` URI (a file outside the base, or no base known).
    Absolute(String),
}

/// A path as a URI reference: relative to `base` (an absolute directory) when it lies
/// inside it, else an absolute `file://` URI. Without a base, a relative path stays
/// relative (normalised) and an absolute one becomes a `file://` URI.
pub fn locate(path: &Path, base: Option<&Path>) -> Location {
    let abs = match base {
        Some(b) if path.is_relative() => normalize(&b.join(path)),
        _ => normalize(path),
    };
    if let Some(rel) = base.and_then(|b| relative_to(&abs, b)) {
        return Location::Relative(encode_path(&path_bytes(&rel)));
    }
    if abs.is_absolute() {
        Location::Absolute(file_uri(&abs, false))
    } else {
        // No base to resolve against: the reference as given.
        Location::Relative(encode_path(&path_bytes(&abs)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoding() {
        assert_eq!(encode_path(b"my conf/imta.cnf"), "my%20conf/imta.cnf");
        assert_eq!(
            encode_path("a,b:c%d é#x/option.dat".as_bytes()),
            "a%2Cb%3Ac%25d%20%C3%A9%23x/option.dat"
        );
        assert_eq!(encode_path(b"<stdin>"), "%3Cstdin%3E");
        assert_eq!(encode_path(b"\xe9"), "%E9");
    }

    #[test]
    fn relative_inside_absolute_outside() {
        let base = Path::new("/work/repo");
        assert_eq!(
            locate(Path::new("conf/imta.cnf"), Some(base)),
            Location::Relative("conf/imta.cnf".into())
        );
        assert_eq!(
            locate(Path::new("./conf/../conf/imta.cnf"), Some(base)),
            Location::Relative("conf/imta.cnf".into())
        );
        assert_eq!(
            locate(Path::new("/work/repo/x y/imta.cnf"), Some(base)),
            Location::Relative("x%20y/imta.cnf".into())
        );
        assert_eq!(
            locate(Path::new("../other/imta.cnf"), Some(base)),
            Location::Absolute("file:///work/other/imta.cnf".into())
        );
        assert_eq!(
            locate(Path::new("/srv/mail/config/imta.cnf"), Some(base)),
            Location::Absolute("file:///srv/mail/config/imta.cnf".into())
        );
        assert_eq!(
            locate(Path::new("/srv/a#b/imta.cnf"), None),
            Location::Absolute("file:///srv/a%23b/imta.cnf".into())
        );
        assert_eq!(file_uri(Path::new("/work/repo"), true), "file:///work/repo/");
    }
}
