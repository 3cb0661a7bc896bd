//! Unified diffs of planned changes, usable by `patch -p1` and `git apply`.

use similar::udiff::UnifiedHunkHeader;
use similar::{ChangeTag, TextDiff};

use crate::source::{Encoding, encode};

/// A unified diff (3 lines of context) between two versions of a file named `name`, as
/// bytes in the file's own encoding so that the patch applies to the file's bytes.
/// `old` is `None` for a file that does not exist yet.
pub fn unified(name: &str, old: Option<&str>, new: &str, encoding: Encoding) -> Vec<u8> {
    let old_text = old.unwrap_or("");
    // `a/` + an absolute path would give `a//etc/…`; patch -p1 strips one component anyway.
    let name = name.trim_start_matches('/');
    // Lines end at LF only, as `patch` and `git apply` read them: a lone CR inside a
    // line is data (similar's own line splitting would cut there and corrupt the patch).
    let (old_lines, new_lines) = (lf_lines(old_text), lf_lines(new));
    let diff = TextDiff::configure().newline_terminated(true).diff_slices(&old_lines, &new_lines);
    let old_header = if old.is_some() { format!("a/{name}") } else { "/dev/null".to_string() };
    // Hunks written here rather than by similar, which takes a line ending in a lone CR
    // for a terminated line and would leave out the `\ No newline at end of file` that
    // patch needs for it.
    let mut text = format!("--- {old_header}\n+++ b/{name}\n");
    for group in diff.grouped_ops(3) {
        text.push_str(&format!("{}\n", UnifiedHunkHeader::new(&group)));
        for op in &group {
            for change in diff.iter_changes(op) {
                text.push_str(match change.tag() {
                    ChangeTag::Delete => "-",
                    ChangeTag::Insert => "+",
                    ChangeTag::Equal => " ",
                });
                text.push_str(change.value());
                if !change.value().ends_with('\n') {
                    text.push_str("\n\\ No newline at end of file\n");
                }
            }
        }
    }
    // Characters outside the encoding cannot appear: edits were checked before.
    encode(&text, encoding).unwrap_or_else(|_| text.into_bytes())
}

/// The lines of `text`, each with its LF (the last may have none).
fn lf_lines(text: &str) -> Vec<&str> {
    text.split_inclusive('\n').collect()
}

/// Colour a diff for a terminal (headers bold, removals red, additions green).
pub fn colorize(diff: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(diff.len() + 64);
    for line in diff.split_inclusive(|b| *b == b'\n') {
        let color: &[u8] = if line.starts_with(b"---") || line.starts_with(b"+++") {
            b"\x1b[1m"
        } else if line.starts_with(b"@@") {
            b"\x1b[36m"
        } else if line.starts_with(b"-") {
            b"\x1b[31m"
        } else if line.starts_with(b"+") {
            b"\x1b[32m"
        } else {
            b""
        };
        if color.is_empty() {
            out.extend_from_slice(line);
        } else {
            let (body, nl) = match line.strip_suffix(b"\n") {
                Some(b) => (b, &b"\n"[..]),
                None => (line, &b""[..]),
            };
            out.extend_from_slice(color);
            out.extend_from_slice(body);
            out.extend_from_slice(b"\x1b[0m");
            out.extend_from_slice(nl);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_and_context() {
        let d = unified("conf/option.dat", Some("A=1\nB=2\n"), "A=1\nB=3\n", Encoding::Utf8);
        let d = String::from_utf8(d).unwrap();
        assert!(
            d.starts_with("--- a/conf/option.dat\n+++ b/conf/option.dat\n@@ -1,2 +1,2 @@\n"),
            "{d}"
        );
        assert!(d.contains("-B=2\n+B=3\n"));
    }

    #[test]
    fn a_lone_cr_stays_inside_its_line() {
        let d = unified("o", Some("A=1\rB\nC=2\n"), "A=1\rB\nC=3\n", Encoding::Utf8);
        let d = String::from_utf8(d).unwrap();
        assert!(d.contains("@@ -1,2 +1,2 @@\n A=1\rB\n-C=2\n+C=3\n"), "{d:?}");
        let d = unified("o", Some("A=1\nB=2\r"), "A=3\nB=2\r", Encoding::Utf8);
        let d = String::from_utf8(d).unwrap();
        assert!(d.ends_with(" B=2\r\n\\ No newline at end of file\n"), "{d:?}");
        let d = unified("o", Some("A=1\n"), "A=1\nB=2", Encoding::Utf8);
        let d = String::from_utf8(d).unwrap();
        assert!(d.ends_with("+B=2\n\\ No newline at end of file\n"), "{d:?}");
    }

    #[test]
    fn latin1_diff_is_latin1() {
        let d = unified("x", Some("caf\u{e9}\n"), "caf\u{e9}s\n", Encoding::Latin1);
        assert!(d.windows(4).any(|w| w == b"caf\xe9"));
    }
}
