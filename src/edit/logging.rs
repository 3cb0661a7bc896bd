//! Turning message logging on or off for all channels or for some.
//!
//! `--all` works through `defaults` lines: every run of blocks between `nodefaults` lines
//! gets a `defaults logging` before its first channel (an existing defaults line gains
//! `logging`, a new `defaults logging` block is created where there is none), `nologging`
//! on defaults and channel lines becomes `logging`. `--per-channel` puts the keyword on
//! each channel line instead. Disabling removes `logging` (or adds `nologging` per
//! channel). Running the same request again plans nothing.

use super::keywords::{self, BlockRef};
use super::verify::Intent;
use super::{EditError, Plan, err, line_ending};
use crate::knowledge::Catalog;
use crate::model::Span;
use crate::model::config_set::{ConfigSet, IncludeStatus};
use crate::model::imta::{Block, BlockKind, Keyword};
use crate::syntax::Kind;

/// Which channels a request is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Channels {
    /// Every channel (`--all`), through defaults lines or on each channel line.
    All,
    /// These channels, by name (an exact match first, else case-insensitive); a name no
    /// channel has fails the request.
    Named(Vec<String>),
}

/// Blocks of the channel part in configuration order (included channel files where their
/// include line stands).
fn blocks_in_order(set: &ConfigSet) -> Vec<BlockRef> {
    fn walk(set: &ConfigSet, file: usize, out: &mut Vec<BlockRef>, depth: usize) {
        let Some(m) = set.files[file].imta() else {
            return;
        };
        for (bi, b) in m.blocks.iter().enumerate() {
            out.push(BlockRef { file: file.into(), block: bi });
            for &inc in &b.includes {
                if let Some(e) = set.include_edge(file, inc)
                    && let IncludeStatus::Read { file: t } = e.status
                    && depth < 8
                {
                    walk(set, t.index(), out, depth + 1);
                }
            }
        }
    }
    let mut out = Vec::new();
    if let Some((root, _)) = set.file_of(Kind::Imta) {
        walk(set, root, &mut out, 0);
    }
    out
}

/// What a logging plan means to achieve: the channels log (`on`) or do not.
fn intent(channels: &Channels, on: bool, unchecked: Vec<String>) -> Intent {
    Intent::Logging {
        channels: match channels {
            Channels::All => None,
            Channels::Named(n) => Some(n.clone()),
        },
        on,
        unchecked,
    }
}

/// The names of channel blocks that look like rewrite rules misread as channels (the
/// IMTA101 mistake): `--all` leaves them alone where it edits channel lines.
fn rule_like_names(set: &ConfigSet, order: &[BlockRef]) -> Vec<String> {
    order
        .iter()
        .filter(|r| block(set, **r).kind == BlockKind::Channel)
        .filter_map(|r| {
            let text = &set.files[r.file].source.text;
            let b = block(set, *r);
            crate::model::imta::rule_like(b, text)
                .then(|| b.name(text).unwrap_or_default().to_string())
        })
        .collect()
}

fn block(set: &ConfigSet, r: BlockRef) -> &Block {
    &set.files[r.file].imta().expect("imta file").blocks[r.block]
}

fn keyword<'a>(set: &'a ConfigSet, r: BlockRef, name: &str) -> Vec<&'a Keyword> {
    let text = &set.files[r.file].source.text;
    block(set, r)
        .head
        .as_ref()
        .map(|h| {
            h.keywords.iter().filter(|k| k.name.text(text).eq_ignore_ascii_case(name)).collect()
        })
        .unwrap_or_default()
}

/// The blocks of channel `name`, or an error when imta.cnf has none.
fn named_channel(set: &ConfigSet, name: &str) -> Result<Vec<BlockRef>, EditError> {
    let found = keywords::find_channel(set, name);
    if found.is_empty() {
        return err(format!("no channel named `{name}` in imta.cnf"));
    }
    Ok(found)
}

/// Plan enabling logging. Errors name channels that do not exist.
pub fn enable(
    set: &ConfigSet,
    catalog: &Catalog,
    channels: &Channels,
    per_channel: bool,
) -> Result<Plan, EditError> {
    let order = blocks_in_order(set);
    let mut plan = Plan::default();
    // Per channel, lines that look like misplaced rewrite rules are left alone.
    let unchecked = if per_channel { rule_like_names(set, &order) } else { Vec::new() };
    plan.intents.push(intent(channels, true, unchecked));
    match channels {
        Channels::Named(names) => {
            let effective = crate::model::logging::channel_logging(set);
            for n in names {
                for at in named_channel(set, n)? {
                    // Already logging (through a defaults line, say): nothing to add.
                    let logs = effective
                        .iter()
                        .any(|c| c.file == at.file && c.block == at.block && c.logging);
                    if !logs {
                        plan.extend(keywords::add(set, catalog, at, "logging", &[]));
                    }
                }
            }
        }
        Channels::All if per_channel => {
            for &r in order.iter().filter(|r| block(set, **r).kind == BlockKind::Channel) {
                if !crate::model::imta::rule_like(block(set, r), &set.files[r.file].source.text) {
                    plan.extend(keywords::add(set, catalog, r, "logging", &[]));
                }
            }
        }
        Channels::All => {
            // Regions: runs of blocks between nodefaults lines.
            let mut regions: Vec<(Option<BlockRef>, Vec<BlockRef>)> = vec![(None, Vec::new())];
            for &r in &order {
                if block(set, r).kind == BlockKind::Nodefaults {
                    regions.push((Some(r), Vec::new()));
                } else {
                    regions.last_mut().expect("one region").1.push(r);
                }
            }
            for (start, blocks) in &regions {
                let first_channel =
                    blocks.iter().position(|r| block(set, *r).kind == BlockKind::Channel);
                let Some(first_channel) = first_channel else {
                    continue;
                };
                let defaults: Vec<BlockRef> = blocks[..first_channel]
                    .iter()
                    .copied()
                    .filter(|r| block(set, *r).kind == BlockKind::Defaults)
                    .collect();
                // `nologging` on any defaults line of the region becomes `logging`.
                for r in blocks.iter().filter(|r| block(set, **r).kind == BlockKind::Defaults) {
                    if !keyword(set, *r, "nologging").is_empty() {
                        plan.extend(keywords::add(set, catalog, *r, "logging", &[]));
                    }
                }
                let covered = defaults.iter().any(|r| {
                    !keyword(set, *r, "logging").is_empty()
                        || !keyword(set, *r, "nologging").is_empty()
                });
                if !covered {
                    match defaults.last() {
                        Some(r) => plan.extend(keywords::add(set, catalog, *r, "logging", &[])),
                        None => plan.extend(new_defaults_block(set, *start, blocks[first_channel])),
                    }
                }
            }
            // Channels that say `nologging` themselves.
            for &r in order.iter().filter(|r| block(set, **r).kind == BlockKind::Channel) {
                if !keyword(set, r, "nologging").is_empty() {
                    plan.extend(keywords::add(set, catalog, r, "logging", &[]));
                }
            }
        }
    }
    Ok(plan)
}

/// A `defaults logging` block: after the nodefaults block `after`, or (first region) right
/// after the blank line that ends the rewrite rules, or before the first channel.
fn new_defaults_block(set: &ConfigSet, after: Option<BlockRef>, first_channel: BlockRef) -> Plan {
    let mut plan = Plan::default();
    let (file, at) = match after {
        Some(nd) => {
            let b = block(set, nd);
            let text = &set.files[nd.file].source.text;
            (nd.file, super::after_line(text, b.span.end as usize))
        }
        None => {
            let f = &set.files[first_channel.file];
            let m = f.imta().expect("imta file");
            match (
                &m.section_break,
                set.file_of(Kind::Imta).is_some_and(|(i, _)| first_channel.file == i.into()),
            ) {
                (Some(brk), true) => (first_channel.file, brk.span.end as usize),
                _ => (first_channel.file, block(set, first_channel).span.start as usize),
            }
        }
    };
    let text = &set.files[file].source.text;
    let eol = line_ending(text);
    let replacement = match after {
        // After a nodefaults block: a blank line, then the new block (the blank line that
        // separated the nodefaults block from the next one stays after ours).
        Some(_) if at >= text.len() && !text.ends_with('\n') => {
            format!("{eol}{eol}defaults logging{eol}")
        }
        Some(_) => format!("{eol}defaults logging{eol}"),
        None => format!("defaults logging{eol}{eol}"),
    };
    plan.push(file, Span::new(at, at), replacement);
    plan.notes.push("added a `defaults logging` block".into());
    plan
}

/// Plan disabling logging.
pub fn disable(
    set: &ConfigSet,
    catalog: &Catalog,
    channels: &Channels,
    per_channel: bool,
) -> Result<Plan, EditError> {
    let order = blocks_in_order(set);
    let mut plan = Plan::default();
    // Lines that look like misplaced rewrite rules are left alone.
    plan.intents.push(intent(channels, false, rule_like_names(set, &order)));
    let channel_refs: Vec<BlockRef> = match channels {
        Channels::Named(names) => {
            let mut v = Vec::new();
            for n in names {
                v.extend(named_channel(set, n)?);
            }
            v
        }
        Channels::All => order
            .iter()
            .copied()
            .filter(|r| block(set, *r).kind == BlockKind::Channel)
            .filter(|r| {
                !crate::model::imta::rule_like(block(set, *r), &set.files[r.file].source.text)
            })
            .collect(),
    };
    if matches!(channels, Channels::All) && !per_channel {
        for &r in order.iter().filter(|r| block(set, **r).kind == BlockKind::Defaults) {
            if !keyword(set, r, "logging").is_empty() {
                plan.extend(keywords::remove_all(set, r, "logging"));
            }
        }
        for &r in &channel_refs {
            if !keyword(set, r, "logging").is_empty() {
                plan.extend(keywords::remove_all(set, r, "logging"));
            }
        }
        return Ok(plan);
    }
    // Per channel: the channel's own `nologging` beats any default.
    let effective = crate::model::logging::channel_logging(set);
    for r in channel_refs {
        let logs = effective
            .iter()
            .find(|c| c.file == r.file && c.block == r.block)
            .is_none_or(|c| c.logging);
        if logs || !keyword(set, r, "logging").is_empty() {
            plan.extend(keywords::add(set, catalog, r, "nologging", &[]));
        }
    }
    Ok(plan)
}
