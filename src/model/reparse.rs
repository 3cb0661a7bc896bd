//! Re-parsing only what an edit touches: the model of an edited imta.cnf (or channel
//! include file) from the model of the text before the edit.
//!
//! The channel part is a list of items, blocks and the blank lines between them, and the
//! grammar reads each item from its first line to the blank line (or end of file) that
//! ends it, looking no further. So the blocks a patch touches can be parsed on their own
//! (as a channel include file: [`Kind::ImtaChannels`]) and the other blocks of the old
//! model kept, their spans shifted by the bytes the patches before them added or removed.
//! The result is the model a parse of the whole new text gives (a property test compares
//! them on random edits).
//!
//! Only what can be shown local is done so; [`imta`] gives `None` (parse the whole text)
//! for anything else: a patch among the rewrite rules, on the blank line that ends them,
//! before the first block or after the last, a re-parsed range that would not end at a
//! blank line, include lines in a re-parsed range (they are numbered across the file), a
//! patch outside the text or patches that overlap.

use super::edit::Edit;
use super::imta::{Block, ImtaModel};
use super::{Comment, Span};
use crate::knowledge::Catalog;
use crate::syntax::Kind;

/// Regions closer than this many bytes are parsed as one (each parse has a fixed cost;
/// `--per-channel` touches every block).
const JOIN: usize = 16 << 10;

/// The model of `new_text`, which is `old_text` with `edits` applied (offsets of
/// `old_text`; order free), built from `old` (the model of `old_text`, a file of `kind`)
/// by parsing again only the blocks the edits touch. `None` when that is not shown to
/// give what a parse of the whole of `new_text` gives: the caller parses it whole.
pub fn imta(
    kind: Kind,
    old: &ImtaModel,
    old_text: &str,
    new_text: &str,
    edits: &[&Edit],
    catalog: &Catalog,
) -> Option<ImtaModel> {
    let channel_start = match kind {
        Kind::Imta => old.section_break?.span.end as usize,
        Kind::ImtaChannels => 0,
        _ => return None,
    };
    let blocks = &old.blocks;
    if blocks.is_empty() || edits.is_empty() {
        return None;
    }
    let mut sorted: Vec<&Edit> = edits.to_vec();
    sorted.sort_by_key(|e| (e.span.start, e.span.end));
    // Where each block ends, its line terminator included.
    let full_end = |i: usize| after_line(old_text, blocks[i].span.end as usize);
    let ends_separator = |at: usize| {
        old.separators.binary_search_by_key(&at, |s| s.span.end as usize).is_ok()
            || (at == channel_start && kind == Kind::Imta)
            || (at == 0 && kind == Kind::ImtaChannels)
    };
    let starts_separator =
        |at: usize| old.separators.binary_search_by_key(&at, |s| s.span.start as usize).is_ok();

    // Regions: runs of blocks `first..=last` with the edits inside them, in order.
    let mut regions: Vec<Region> = Vec::new();
    let mut prev_end = 0usize;
    for e in sorted {
        let (s, t) = (e.span.start as usize, e.span.end as usize);
        if s > t || t > old_text.len() || s < prev_end || s < channel_start {
            return None;
        }
        prev_end = t;
        // The last block starting at or before `s`, and the first one (from there) ending
        // at or after `t`.
        let first = blocks.partition_point(|b| (b.span.start as usize) <= s).checked_sub(1)?;
        let mut last = first;
        while full_end(last) < t {
            last += 1;
            if last == blocks.len() {
                return None;
            }
        }
        match regions.last_mut() {
            Some(r)
                if first <= r.last
                    || (blocks[first].span.start as usize) < full_end(r.last) + JOIN =>
            {
                r.last = r.last.max(last);
                r.edits.push(e);
            }
            _ => regions.push(Region { first, last, edits: vec![e] }),
        }
    }

    let mut out = ImtaModel {
        rewrite_rules: old.rewrite_rules.clone(),
        includes: old.includes.clone(),
        rule_comments: old.rule_comments.clone(),
        section_break: old.section_break,
        separators: Vec::with_capacity(old.separators.len()),
        blocks: Vec::with_capacity(old.blocks.len()),
    };
    let mut delta: i64 = 0;
    let mut next_block = 0;
    let mut next_sep = 0;
    // Copies the old separators that start before `until`, shifted.
    let copy_separators = |out: &mut ImtaModel, next_sep: &mut usize, until: usize, delta: i64| {
        while let Some(s) = old.separators.get(*next_sep)
            && (s.span.start as usize) < until
        {
            let mut s = *s;
            s.span = shift(s.span, delta);
            out.separators.push(s);
            *next_sep += 1;
        }
    };
    for r in &regions {
        let (a, b) = (blocks[r.first].span.start as usize, full_end(r.last));
        if !ends_separator(a) || (b < old_text.len() && !starts_separator(b)) {
            return None;
        }
        if blocks[r.first..=r.last].iter().any(|b| !b.includes.is_empty()) {
            return None;
        }
        // The blocks before the region, shifted.
        while next_block < r.first {
            out.blocks.push(shifted(&blocks[next_block], delta));
            next_block += 1;
        }
        copy_separators(&mut out, &mut next_sep, a, delta);
        let new_a = offset(a, delta)?;
        let grown: i64 =
            r.edits.iter().map(|e| e.replacement.len() as i64 - e.span.len() as i64).sum();
        let new_b = offset(b, delta + grown)?;
        let sub = new_text.get(new_a..new_b)?;
        // The region must end where an item ends in the whole text too: at a line end
        // before the (unchanged) blank line, or at the end of both texts.
        let at_end = b == old_text.len() && new_b == new_text.len();
        if !at_end && !sub.ends_with('\n') {
            return None;
        }
        // In pieces on all cores when the region is large (a plan for every channel).
        let m = super::imta::parse(sub, Kind::ImtaChannels, catalog).ok()?;
        if !m.includes.is_empty() {
            return None;
        }
        let base = new_a as i64;
        // The region's own blocks are moved in place, not copied.
        out.blocks.extend(m.blocks.into_iter().map(|mut b| {
            shift_block(&mut b, base);
            b
        }));
        out.separators.extend(m.separators.iter().map(|s| {
            let mut s = *s;
            s.span = shift(s.span, base);
            s
        }));
        // Skip the old blocks and separators of the region.
        next_block = r.last + 1;
        while old.separators.get(next_sep).is_some_and(|s| (s.span.start as usize) < b) {
            next_sep += 1;
        }
        delta += grown;
    }
    while next_block < blocks.len() {
        out.blocks.push(shifted(&blocks[next_block], delta));
        next_block += 1;
    }
    copy_separators(&mut out, &mut next_sep, usize::MAX, delta);
    // Includes of the channel part sit in blocks outside the regions: same count, shifted
    // like their blocks.
    let first_edit = regions.first().map_or(usize::MAX, |r| blocks[r.first].span.start as usize);
    let mut d = 0i64;
    let mut ri = 0;
    for inc in out.includes.iter_mut() {
        let at = inc.include.line.start as usize;
        if at < first_edit {
            continue;
        }
        while let Some(r) = regions.get(ri)
            && full_end(r.last) <= at
        {
            d += r
                .edits
                .iter()
                .map(|e| e.replacement.len() as i64 - e.span.len() as i64)
                .sum::<i64>();
            ri += 1;
        }
        inc.include.line = shift(inc.include.line, d);
        inc.include.path = shift(inc.include.path, d);
    }
    Some(out)
}

/// Blocks `first..=last` of the old model and the edits that fall in them.
struct Region<'e> {
    first: usize,
    last: usize,
    edits: Vec<&'e Edit>,
}

/// `at` moved by `delta`, if it stays a valid offset.
fn offset(at: usize, delta: i64) -> Option<usize> {
    usize::try_from(at as i64 + delta).ok()
}

/// The offset just after the line terminator at or after `at` (or the end).
fn after_line(text: &str, at: usize) -> usize {
    memchr::memchr(b'\n', &text.as_bytes()[at.min(text.len())..]).map_or(text.len(), |p| at + p + 1)
}

/// A span moved by `delta` bytes.
fn shift(s: Span, delta: i64) -> Span {
    Span { start: (s.start as i64 + delta) as u32, end: (s.end as i64 + delta) as u32 }
}

/// A copy of a block with every span moved by `delta` bytes.
fn shifted(b: &Block, delta: i64) -> Block {
    let mut b = b.clone();
    shift_block(&mut b, delta);
    b
}

/// Move every span of a block by `delta` bytes.
fn shift_block(b: &mut Block, delta: i64) {
    if delta == 0 {
        return;
    }
    let sh = |s: &mut Span| *s = shift(*s, delta);
    sh(&mut b.span);
    if let Some(h) = &mut b.head {
        sh(&mut h.name);
        h.physical_lines.iter_mut().for_each(sh);
        sh(&mut h.span);
        for k in &mut h.keywords {
            sh(&mut k.name);
            k.args.iter_mut().for_each(sh);
        }
        h.dangling_continuation.iter_mut().for_each(sh);
    }
    for h in &mut b.hosts {
        sh(&mut h.line);
        h.names.iter_mut().for_each(sh);
    }
    b.comments.iter_mut().for_each(|c: &mut Comment| sh(&mut c.span));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::config_set::FileId;
    use proptest::prelude::*;

    fn model(text: &str, kind: Kind) -> ImtaModel {
        let catalog = Catalog::builtin();
        super::super::imta::build(&crate::syntax::parse(text, kind).unwrap(), text, &catalog)
    }

    fn edit(start: usize, end: usize, r: &str) -> Edit {
        Edit { file: FileId(0), span: Span::new(start, end), replacement: r.into() }
    }

    /// The incremental model, checked against a whole parse when there is one.
    fn check(text: &str, kind: Kind, edits: &[Edit]) -> Option<ImtaModel> {
        let catalog = Catalog::builtin();
        let refs: Vec<&Edit> = edits.iter().collect();
        let new_text = crate::edit::apply(text, &refs).ok()?;
        let old = model(text, kind);
        let got = imta(kind, &old, text, &new_text, &refs, &catalog)?;
        assert_eq!(got, model(&new_text, kind), "{text:?} -> {new_text:?}");
        Some(got)
    }

    const TEXT: &str = "a.b $U@tcp\n! c\n\nl\nmail.example.com\n\ndefaults notices 1 2\n\ntcp_local smtp mx \\\n  maxjobs 7\n! tag\ntcp-daemon\n\n\nchan2 nologging\nchan2-daemon\n";

    #[test]
    fn a_keyword_added_to_one_line_is_parsed_alone() {
        let at = TEXT.find("defaults notices").unwrap() + "defaults".len();
        let m = check(TEXT, Kind::Imta, &[edit(at, at, " logging")]).expect("incremental");
        assert_eq!(m.blocks.len(), 4);
        // A block after the edit moved by the inserted bytes.
        let at = TEXT.find("nologging").unwrap();
        let m = check(TEXT, Kind::Imta, &[edit(at, at + 2, ""), edit(0, 0, "")]);
        assert!(m.is_none(), "an edit among the rewrite rules parses the whole text");
        let m = check(TEXT, Kind::Imta, &[edit(at, at + 2, "")]).expect("incremental");
        assert_eq!(
            m.blocks[3].head.as_ref().unwrap().keywords[0]
                .name
                .text(&TEXT.replacen("nologging", "logging", 1)),
            "logging"
        );
    }

    #[test]
    fn a_new_block_before_the_first_and_blocks_joined() {
        let brk = TEXT.find("\n\n").unwrap() + 2;
        assert!(check(TEXT, Kind::Imta, &[edit(brk, brk, "defaults logging\n\n")]).is_some());
        // Removing the blank line between two blocks joins them.
        let sep = TEXT.find("tcp-daemon\n\n").unwrap() + "tcp-daemon\n".len();
        check(TEXT, Kind::Imta, &[edit(sep, sep + 1, "")]);
        // Every channel line at once (--per-channel).
        let mut edits = Vec::new();
        for name in ["l\n", "tcp_local smtp", "chan2 nologging"] {
            let at = TEXT.find(name).unwrap() + name.find(['\n', ' ']).unwrap();
            edits.push(edit(at, at, " logging"));
        }
        assert!(check(TEXT, Kind::Imta, &edits).is_some());
        let chans = &TEXT[TEXT.find("l\n").unwrap()..];
        assert!(check(chans, Kind::ImtaChannels, &[edit(1, 1, " logging")]).is_some());
    }

    /// Pieces of lines that matter to the grammar.
    const PIECES: &[&str] = &[
        "\n", "\r\n", " ", "\t", "\\", "\\\n", "!", "! c\n", "<inc\n", " logging", "x", "tcp_x",
        "defaults logging\n\n", "nodefaults\n", "\n\n", "  \n", "$U@tcp", "maxjobs 7",
    ];

    fn text_strategy() -> impl Strategy<Value = String> {
        let line = prop::sample::select(vec![
            "a.b $U@tcp\n", "! rule\n", "\n", "defaults notices 1 2\n", "nodefaults\n",
            "tcp_local smtp mx \\\n", "  maxjobs 7\n", "! tag\n", "tcp-daemon\n",
            "chan2 nologging\n", "  \n", "<file\n", "host.example.com alias\n", "\\\n", "x\r\n",
            "last",
        ]);
        prop::collection::vec(line, 0..30).prop_map(|l| l.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn incremental_model_equals_a_whole_parse(
            text in text_strategy(),
            channels in any::<bool>(),
            raw in prop::collection::vec((any::<prop::sample::Index>(), 0usize..4, prop::sample::select(PIECES.to_vec())), 1..5),
        ) {
            let kind = if channels { Kind::ImtaChannels } else { Kind::Imta };
            // Non-overlapping edits at random places.
            let mut cuts: Vec<(usize, usize, &str)> = raw.iter().map(|(i, len, r)| {
                let s = i.index(text.len() + 1);
                (s, (s + len).min(text.len()), *r)
            }).collect();
            cuts.sort();
            let mut edits = Vec::new();
            let mut end = 0;
            for (s, t, r) in cuts {
                if s >= end {
                    edits.push(edit(s, t, r));
                    end = t.max(s + 1);
                }
            }
            check(&text, kind, &edits);
        }
    }
}
