//! Unified diffs of planned changes, usable by `patch -p1` and `git apply`.

use similar::{ChangeTag, DiffOp, TextDiff};

use crate::source::{Encoding, encode};

/// A unified diff (3 lines of context) between two versions of a file named `name`, as
/// bytes in the file's own encoding so that the patch applies to the file's bytes.
/// `old` is `None` for a file that does not exist yet.
pub fn unified(name: &str, old: Option<&str>, new: &str, encoding: Encoding) -> Vec<u8> {
    let old_text = old.unwrap_or("");
    // `a/` + an absolute path would give `a//etc/…`; patch -p1 strips one component anyway.
    let name = name.trim_start_matches('/');
    let old_header = if old.is_some() { format!("a/{name}") } else { "/dev/null".to_string() };
    let mut text = format!("--- {old_header}\n+++ b/{name}\n");
    // Only the stretch between the lines both versions start and end with (and some lines
    // around it) goes to the line diff: a one-line edit of a large file then splits a few
    // lines, not every line twice. The diff may place a change among repeated lines next
    // to the stretch; when that leaves a hunk short of context inside the file, the
    // stretch is widened and diffed again.
    let mut margin = CONTEXT;
    loop {
        let part = Part::of(old_text, new, margin);
        if let Some(hunks) = hunks(&part) {
            text.push_str(&hunks);
            break;
        }
        margin *= 8;
    }
    // Characters outside the encoding cannot appear: edits were checked before.
    encode(&text, encoding).unwrap_or_else(|_| text.into_bytes())
}

/// The hunks of the diff of `part`, or `None` when a hunk at either end of the part has
/// less context than the file holds (the part must then be widened).
fn hunks(part: &Part<'_>) -> Option<String> {
    // Lines end at LF only, as `patch` and `git apply` read them: a lone CR inside a
    // line is data (similar's own line splitting would cut there and corrupt the patch).
    let (old_lines, new_lines) = (lf_lines(part.old), lf_lines(part.new));
    let diff = TextDiff::configure().newline_terminated(true).diff_slices(&old_lines, &new_lines);
    let groups = diff.grouped_ops(CONTEXT);
    let context = |op: Option<&DiffOp>| match op {
        Some(DiffOp::Equal { len, .. }) => *len,
        _ => 0,
    };
    if let (Some(first), Some(last)) = (groups.first(), groups.last())
        && ((!part.at_start && context(first.first()) < CONTEXT)
            || (!part.at_end && context(last.last()) < CONTEXT))
    {
        return None;
    }
    // Hunks written here rather than by similar, which takes a line ending in a lone CR
    // for a terminated line and would leave out the `\ No newline at end of file` that
    // patch needs for it.
    let mut text = String::new();
    let skipped = part.skipped;
    for group in groups {
        let (first, last) = (&group[0], &group[group.len() - 1]);
        text.push_str(&format!(
            "@@ -{} +{} @@\n",
            hunk_range(skipped + first.old_range().start, skipped + last.old_range().end),
            hunk_range(skipped + first.new_range().start, skipped + last.new_range().end),
        ));
        push_hunk_lines(&mut text, &diff, &group);
    }
    Some(text)
}

/// The lines of one hunk: ` `, `-` or `+` and the line, and the `\ No newline at end of
/// file` patch needs after a last line without one.
fn push_hunk_lines(text: &mut String, diff: &TextDiff<'_, '_, str>, group: &[DiffOp]) {
    for op in group {
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

/// Lines `start..end` (from 0) as a hunk header gives them: from 1, the length left out
/// when it is 1, and an empty range named after the line before it.
fn hunk_range(start: usize, end: usize) -> String {
    match end - start {
        1 => format!("{}", start + 1),
        0 => format!("{start},0"),
        len => format!("{},{len}", start + 1),
    }
}

/// Context lines a hunk shows on each side of a change.
const CONTEXT: usize = 3;

/// The lines of two versions of a file that the line diff is given.
struct Part<'a> {
    /// Lines of both versions before the part (the same in both).
    skipped: usize,
    /// The part of the old version: whole lines.
    old: &'a str,
    /// The part of the new version: whole lines.
    new: &'a str,
    /// The part starts at the start of the file.
    at_start: bool,
    /// The part ends at the end of the file.
    at_end: bool,
}

impl<'a> Part<'a> {
    /// From `margin` lines before the first line that differs to `margin` lines after the
    /// last.
    fn of(old: &'a str, new: &'a str, margin: usize) -> Part<'a> {
        let (a, b) = (old.as_bytes(), new.as_bytes());
        // The lines before the one that holds the first difference are the same in both;
        // so are the lines after the last difference, counted within what follows those
        // (the two ends must not overlap), whole lines only: the middle ends after an LF.
        let first = line_start(a, common_prefix(a, b));
        let tail = common_suffix(&a[first..], &b[first..]);
        let mut end = match memchr::memchr(b'\n', &a[a.len() - tail..]) {
            Some(p) => a.len() - tail + p + 1,
            None => a.len(),
        };
        let mut start = first;
        for _ in 0..margin {
            if start == 0 {
                break;
            }
            start = line_start(a, start - 1);
        }
        for _ in 0..margin {
            end = memchr::memchr(b'\n', &a[end..]).map_or(a.len(), |p| end + p + 1);
        }
        let end_b = b.len() - (a.len() - end);
        Part {
            skipped: memchr::memchr_iter(b'\n', &a[..start]).count(),
            old: &old[start..end],
            new: &new[start..end_b],
            at_start: start == 0,
            at_end: end == a.len(),
        }
    }
}

/// Where the line holding byte `at` starts.
fn line_start(text: &[u8], at: usize) -> usize {
    memchr::memrchr(b'\n', &text[..at]).map_or(0, |p| p + 1)
}

/// How many bytes `a` and `b` start with alike (compared a block at a time).
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    let n = a.len().min(b.len());
    let mut i = 0;
    while i + 64 <= n && a[i..i + 64] == b[i..i + 64] {
        i += 64;
    }
    i + a[i..n].iter().zip(&b[i..n]).take_while(|(x, y)| x == y).count()
}

/// How many bytes `a` and `b` end with alike.
fn common_suffix(a: &[u8], b: &[u8]) -> usize {
    let n = a.len().min(b.len());
    let (a, b) = (&a[a.len() - n..], &b[b.len() - n..]);
    let mut i = 0;
    while i + 64 <= n && a[n - i - 64..n - i] == b[n - i - 64..n - i] {
        i += 64;
    }
    i + a[..n - i].iter().rev().zip(b[..n - i].iter().rev()).take_while(|(x, y)| x == y).count()
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
    use proptest::prelude::*;

    /// The diff as it was made before [`Part`]: both files split into lines whole.
    fn whole_file_diff(old: &str, new: &str) -> String {
        let (old_lines, new_lines) = (lf_lines(old), lf_lines(new));
        let diff =
            TextDiff::configure().newline_terminated(true).diff_slices(&old_lines, &new_lines);
        let mut text = String::new();
        for group in diff.grouped_ops(3) {
            text.push_str(&format!("{}\n", similar::udiff::UnifiedHunkHeader::new(&group)));
            push_hunk_lines(&mut text, &diff, &group);
        }
        text
    }

    /// Texts of a few distinct lines (repeats make the diff ambiguous), LF or CR in them,
    /// with or without a final newline.
    fn text() -> impl Strategy<Value = String> {
        proptest::collection::vec(prop_oneof!["a\n", "b\n", "c\n", "a\rb\n", "\n", "a", "b"], 0..40)
            .prop_map(|l| l.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]
        /// Diffing only the part between the common ends gives the whole-file diff.
        #[test]
        fn the_differing_part_gives_the_whole_file_diff(old in text(), new in text(), keep in 0usize..30) {
            // Half the cases: `new` is `old` with a change in the middle.
            let new = if keep % 2 == 0 {
                let cut = old.len() * keep / 30;
                let cut = (0..=cut).rev().find(|&c| old.is_char_boundary(c)).unwrap_or(0);
                format!("{}{new}{}", &old[..cut], &old[cut..])
            } else {
                new
            };
            let got = String::from_utf8(unified("f", Some(&old), &new, Encoding::Utf8)).unwrap();
            let body = got.strip_prefix("--- a/f\n+++ b/f\n").unwrap();
            prop_assert_eq!(body, whole_file_diff(&old, &new));
        }
    }

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
