//! Unified diffs of planned changes, usable by `patch -p1` and `git apply`.

use std::ops::Range;

use similar::{ChangeTag, DiffOp, DiffTag, TextDiff};

use crate::model::Span;
use crate::source::{Encoding, encode};

/// A unified diff (3 lines of context) between two versions of a file named `name`, as
/// bytes in the file's own encoding so that the patch applies to the file's bytes.
/// `old` is `None` for a file that does not exist yet.
pub fn unified(name: &str, old: Option<&str>, new: &str, encoding: Encoding) -> Vec<u8> {
    let old_text = old.unwrap_or("");
    whole(header(name, old.is_some()), old_text, new, Part::of(old_text, new, CONTEXT), encoding)
}

/// The diff after `text` (the header), from `part` on: only the stretch between the lines
/// both versions start and end with (and some lines around it) goes to the line diff, so
/// a one-line edit of a large file splits a few lines, not every line twice. The diff may
/// place a change among repeated lines next to the stretch; when that leaves a hunk short
/// of context inside the file, the stretch is widened and diffed again.
fn whole<'t>(
    mut text: String,
    old: &'t str,
    new: &'t str,
    mut part: Part<'t>,
    encoding: Encoding,
) -> Vec<u8> {
    let mut margin = CONTEXT;
    loop {
        if let Some(hunks) = hunks(&part) {
            text.push_str(&hunks);
            break;
        }
        margin *= 8;
        part = Part::of(old, new, margin);
    }
    // Characters outside the encoding cannot appear: edits were checked before.
    encode(&text, encoding).unwrap_or_else(|_| text.into_bytes())
}

/// [`unified`] for a change whose edits are known: `places` are the ranges of `old` the
/// edits replace, each with the range of `new` that replaces it, in order. When the
/// lines between the first and the last change number more than 20,000 (an edit
/// of every channel of a large file), the lines each edit touches are diffed alone and
/// the hunks assembled: a few lines per edit instead of the whole stretch at once. That
/// diff always applies and gives `new`; among repeated lines it may place a change
/// elsewhere, or show a line more changed, than the whole diff would. Smaller changes get
/// exactly [`unified`]'s diff.
pub fn unified_at(
    name: &str,
    old: &str,
    new: &str,
    places: &[(Span, Span)],
    encoding: Encoding,
) -> Vec<u8> {
    unified_around(name, old, new, places, encoding, LOCAL_FROM)
}

/// Lines of the changed stretch above which [`unified_at`] diffs each edit's lines alone.
const LOCAL_FROM: usize = 20_000;

/// [`unified_at`] with the region size above which edits are diffed alone.
fn unified_around(
    name: &str,
    old: &str,
    new: &str,
    places: &[(Span, Span)],
    encoding: Encoding,
    local_from: usize,
) -> Vec<u8> {
    // A change spanning at most `local_from` lines: the whole diff, as `unified` makes it.
    let mut text = header(name, true);
    let stretch = Part::of(old, new, CONTEXT);
    if places.is_empty() || memchr::memchr_iter(b'\n', stretch.old.as_bytes()).count() <= local_from
    {
        return whole(text, old, new, stretch, encoding);
    }
    let (a, b) = (old.as_bytes(), new.as_bytes());
    // Lines of the old text before `old_done`, and how many more lines the new text has
    // up to the same place.
    let (mut old_done, mut lines_before, mut grown) = (0usize, 0usize, 0isize);
    let mut rest = places;
    while let Some((&(first_old, first_new), _)) = rest.split_first() {
        // The edits of this place: each next one closer than APART lines to the last.
        let mut n = 1;
        while let Some(&(o, _)) = rest.get(n) {
            let gap = memchr::memchr_iter(b'\n', &a[rest[n - 1].0.end as usize..o.start as usize]);
            if gap.count() > APART {
                break;
            }
            n += 1;
        }
        let (cluster, after) = rest.split_at(n);
        let (last_old, last_new) = cluster[n - 1];
        rest = after;
        // Whole lines with CONTEXT lines around; outside the edits both texts are the same
        // bytes, so the new side's lines extend by the same lengths.
        let mut start = line_start(a, first_old.start as usize);
        for _ in 0..CONTEXT {
            if start <= old_done {
                break;
            }
            start = line_start(a, start - 1);
        }
        let start = start.max(old_done);
        // To the end of the line the last edit ends in, then CONTEXT lines more.
        let mut end = last_old.end as usize;
        for _ in 0..=CONTEXT {
            end = memchr::memchr(b'\n', &a[end..]).map_or(a.len(), |p| end + p + 1);
        }
        let new_start = first_new.start as usize - (first_old.start as usize - start);
        let new_end = last_new.end as usize + (end - last_old.end as usize);
        lines_before += memchr::memchr_iter(b'\n', &a[old_done..start]).count();
        let region = Region {
            old: &old[start..end],
            new: &new[new_start..new_end],
            skipped: lines_before,
            skipped_new: lines_before.saturating_add_signed(grown),
        };
        let shift = |(o, n): (Span, Span)| {
            (
                o.range().start - start..o.range().end - start,
                n.range().start - new_start..n.range().end - new_start,
            )
        };
        region.push_hunks(&mut text, cluster.iter().copied().map(shift));
        let lf = |t: &[u8]| memchr::memchr_iter(b'\n', t).count() as isize;
        grown += lf(&b[new_start..new_end]) - lf(&a[start..end]);
        lines_before += lf(&a[start..end]) as usize;
        old_done = end;
    }
    encode(&text, encoding).unwrap_or_else(|_| text.into_bytes())
}

/// A stretch of lines around edits close to each other, in both versions: the same
/// lines before, between and after the edits.
struct Region<'a> {
    /// The region in the old version: whole lines.
    old: &'a str,
    /// The region in the new version: whole lines.
    new: &'a str,
    /// Lines of the old version before the region.
    skipped: usize,
    /// Lines of the new version before the region.
    skipped_new: usize,
}

impl Region<'_> {
    /// Write the hunks of the region. `edits` are byte ranges in the region's old and new
    /// text, in order. Each run of lines an edit touches is diffed alone (a few lines),
    /// the lines between runs are the same in both versions; the hunks are then grouped
    /// with their context as for one diff of the whole region.
    fn push_hunks(
        &self,
        text: &mut String,
        edits: impl Iterator<Item = (Range<usize>, Range<usize>)>,
    ) {
        let (old_lines, new_lines) = (lf_lines(self.old), lf_lines(self.new));
        let (old_at, new_at) = (line_starts(&old_lines), line_starts(&new_lines));
        // The line holding byte `at`.
        let line_of =
            |starts: &[usize], at: usize| starts.partition_point(|&s| s <= at).saturating_sub(1);
        // Runs of touched lines, merged where they overlap: old lines, new lines.
        let mut runs: Vec<(Range<usize>, Range<usize>)> = Vec::new();
        for (o, n) in edits {
            let old_run =
                line_of(&old_at, o.start)..(line_of(&old_at, o.end) + 1).min(old_lines.len());
            let new_run =
                line_of(&new_at, n.start)..(line_of(&new_at, n.end) + 1).min(new_lines.len());
            match runs.last_mut() {
                // Lines shared, or fewer equal lines between than the runs are long: one
                // run. Across a longer gap of distinct lines a diff of the whole would not
                // match lines from one run with the other either; among repeated lines it
                // may (the diff made here then shows a line more, see `unified_at`).
                Some((lo, ln))
                    if old_run.start.saturating_sub(lo.end)
                        <= [lo.len(), ln.len(), old_run.len(), new_run.len()]
                            .into_iter()
                            .max()
                            .unwrap_or(0)
                        || new_run.start < ln.end =>
                {
                    lo.end = lo.end.max(old_run.end);
                    ln.end = ln.end.max(new_run.end);
                }
                _ => runs.push((old_run, new_run)),
            }
        }
        let mut ops: Vec<DiffOp> = Vec::new();
        let equal = |ops: &mut Vec<DiffOp>, old_index: usize, new_index: usize, len: usize| {
            if len == 0 {
                return;
            }
            match ops.last_mut() {
                Some(DiffOp::Equal { len: l, .. }) => *l += len,
                _ => ops.push(DiffOp::Equal { old_index, new_index, len }),
            }
        };
        let (mut o_done, mut n_done) = (0, 0);
        for (lo, ln) in runs {
            equal(&mut ops, o_done, n_done, lo.start - o_done);
            let diff = TextDiff::configure()
                .newline_terminated(true)
                .diff_slices(&old_lines[lo.clone()], &new_lines[ln.clone()]);
            for op in diff.ops() {
                let (tag, or, nr) = op.as_tag_tuple();
                let (oi, ni) = (lo.start + or.start, ln.start + nr.start);
                match tag {
                    DiffTag::Equal => equal(&mut ops, oi, ni, or.len()),
                    DiffTag::Delete => {
                        ops.push(DiffOp::Delete { old_index: oi, old_len: or.len(), new_index: ni })
                    }
                    DiffTag::Insert => {
                        ops.push(DiffOp::Insert { old_index: oi, new_index: ni, new_len: nr.len() })
                    }
                    DiffTag::Replace => ops.push(DiffOp::Replace {
                        old_index: oi,
                        old_len: or.len(),
                        new_index: ni,
                        new_len: nr.len(),
                    }),
                }
            }
            (o_done, n_done) = (lo.end, ln.end);
        }
        equal(&mut ops, o_done, n_done, old_lines.len() - o_done);
        for group in similar::group_diff_ops(ops, CONTEXT) {
            push_hunk_header(text, &group, (self.skipped, self.skipped_new));
            for op in &group {
                let (tag, or, nr) = op.as_tag_tuple();
                if matches!(tag, DiffTag::Equal) {
                    old_lines[or].iter().for_each(|l| push_line(text, " ", l));
                    continue;
                }
                old_lines[or].iter().for_each(|l| push_line(text, "-", l));
                new_lines[nr].iter().for_each(|l| push_line(text, "+", l));
            }
        }
    }
}

/// Where each line starts, as a byte offset; after a final LF also the end, where a line
/// would start (an insertion there comes after the last line, not into it).
fn line_starts(lines: &[&str]) -> Vec<usize> {
    let mut at = 0;
    let mut starts: Vec<usize> = lines
        .iter()
        .map(|l| {
            let start = at;
            at += l.len();
            start
        })
        .collect();
    if lines.last().is_none_or(|l| l.ends_with('\n')) {
        starts.push(at);
    }
    starts
}

/// One line of a hunk, with the `\ No newline at end of file` patch needs after a last
/// line without one.
fn push_line(text: &mut String, sign: &str, line: &str) {
    text.push_str(sign);
    text.push_str(line);
    if !line.ends_with('\n') {
        text.push_str("\n\\ No newline at end of file\n");
    }
}

/// Unchanged lines between two edits above which [`unified_at`] starts a new region: more
/// than the context two hunks need not to merge, so each region is split into lines once
/// and no region has to be much larger than its edits.
const APART: usize = 4 * CONTEXT;

/// The two header lines. `a/` + an absolute path would give `a//etc/…`; `patch -p1`
/// strips one component anyway.
fn header(name: &str, exists: bool) -> String {
    let name = name.trim_start_matches('/');
    let old_header = if exists { format!("a/{name}") } else { "/dev/null".to_string() };
    format!("--- {old_header}\n+++ b/{name}\n")
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
    for group in groups {
        push_hunk_header(&mut text, &group, (part.skipped, part.skipped));
        push_hunk_lines(&mut text, &diff, &group);
    }
    Some(text)
}

/// The lines of one hunk: ` `, `-` or `+` and the line, and the `\ No newline at end of
/// file` patch needs after a last line without one.
fn push_hunk_lines(text: &mut String, diff: &TextDiff<'_, '_, str>, group: &[DiffOp]) {
    for op in group {
        for change in diff.iter_changes(op) {
            let sign = match change.tag() {
                ChangeTag::Delete => "-",
                ChangeTag::Insert => "+",
                ChangeTag::Equal => " ",
            };
            push_line(text, sign, change.value());
        }
    }
}

/// The `@@ -old +new @@` line of a hunk whose lines are `group`, the versions having
/// `skipped` lines (old, new) before the lines the group counts from.
fn push_hunk_header(text: &mut String, group: &[DiffOp], (old, new): (usize, usize)) {
    let (first, last) = (&group[0], &group[group.len() - 1]);
    text.push_str(&format!(
        "@@ -{} +{} @@\n",
        hunk_range(old + first.old_range().start, old + last.old_range().end),
        hunk_range(new + first.new_range().start, new + last.new_range().end),
    ));
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

    /// Edits of `text`: non-overlapping ranges on character boundaries, each replaced by
    /// a few lines or words (repeats and CRs included), as (start, end, replacement).
    fn edits_of(text: String) -> impl Strategy<Value = (String, Vec<(usize, usize, String)>)> {
        let len = text.len();
        let piece = prop_oneof!["", "a\n", "b\n", "x", "\n", "a\rb\n", "c\nc\n"];
        proptest::collection::vec(
            (0..=len, 0usize..4, proptest::collection::vec(piece, 0..3)),
            0..8,
        )
        .prop_map(move |raw| {
            let mut edits: Vec<(usize, usize, String)> = Vec::new();
            let mut cuts: Vec<_> = raw
                .into_iter()
                .map(|(at, n, rep)| {
                    let at = (0..=at).rev().find(|&c| text.is_char_boundary(c)).unwrap_or(0);
                    let end = (at..=len.min(at + n))
                        .rev()
                        .find(|&c| text.is_char_boundary(c))
                        .unwrap_or(at);
                    (at, end, rep.concat())
                })
                .collect();
            cuts.sort();
            for c in cuts {
                if edits.last().is_none_or(|l| l.1 <= c.0) {
                    edits.push(c);
                }
            }
            (text.clone(), edits)
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// The diff of a small change is the whole-file diff; with each edit's lines
        /// diffed alone, a diff that applies.
        #[test]
        fn the_diff_around_edits_is_whole_or_applies((old, cuts) in text().prop_flat_map(edits_of)) {
            use crate::model::config_set::FileId;
            let edits: Vec<crate::model::edit::Edit> = cuts
                .iter()
                .map(|(s, e, r)| crate::model::edit::Edit { file: FileId(0), span: Span::new(*s, *e), replacement: r.clone() })
                .collect();
            let refs: Vec<_> = edits.iter().collect();
            let new = crate::edit::apply(&old, &refs).unwrap();
            if new == old {
                return Ok(());
            }
            let places = crate::edit::places(&refs);
            let diff = |local_from| {
                String::from_utf8(unified_around("f", &old, &new, &places, Encoding::Utf8, local_from)).unwrap()
            };
            let whole = String::from_utf8(unified("f", Some(&old), &new, Encoding::Utf8)).unwrap();
            prop_assert_eq!(&patched(&old, &whole), &new);
            // A small change: the whole-file diff.
            prop_assert_eq!(&diff(usize::MAX), &whole);
            // Each edit's lines diffed alone: a diff that gives the new text (among
            // repeated lines not always the smallest one).
            let local = diff(0);
            prop_assert_eq!(patched(&old, &local), new, "{}", local);
        }
    }

    /// `old` with a unified diff of it applied (as `patch` reads it: lines end at LF).
    fn patched(old: &str, diff: &str) -> String {
        let old_lines: Vec<&str> = old.split_inclusive('\n').collect();
        let mut out = String::new();
        let mut next = 0; // old lines copied so far
        let mut lines = diff.split_inclusive('\n').skip(2).peekable();
        while let Some(header) = lines.next() {
            let old_start: usize = header[4..].split([',', ' ']).next().unwrap().parse().unwrap();
            // `-0,0`: the hunk goes before the first line; `-n,0`: after line n.
            let empty = header.split(' ').nth(1).unwrap().ends_with(",0");
            let at = if empty { old_start } else { old_start - 1 };
            out.extend(old_lines[next..at].iter().copied());
            next = at;
            while let Some(l) = lines.next_if(|l| !l.starts_with("@@")) {
                let body = &l[1..];
                let no_newline = lines.next_if(|n| n.starts_with("\\ No newline"));
                let body =
                    if no_newline.is_some() { body.strip_suffix('\n').unwrap() } else { body };
                match &l[..1] {
                    " " => {
                        out.push_str(body);
                        next += 1;
                    }
                    "-" => next += 1,
                    "+" => out.push_str(body),
                    other => panic!("unexpected diff line {other:?}"),
                }
            }
        }
        out.extend(old_lines[next..].iter().copied());
        out
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
