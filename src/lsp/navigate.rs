//! Navigation: what names a channel, a pool or a file at a position, where that thing is
//! defined, and every place that names a channel.

use std::path::PathBuf;

use super::{Place, touches};
use crate::model::Span;
use crate::model::config_set::{ConfigSet, FileId, IncludeStatus};
use crate::model::imta::BlockKind;
use crate::syntax::Kind;

/// Something a position can name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Thing {
    /// A channel by its name (a channel line, `PARAMETER=CHANNEL=x`, `[CHANNEL=x]`).
    Channel(String),
    /// A channel by one of its host names (a rewrite rule's tag, a host line).
    Host(String),
    /// A job controller pool (`pool NAME` on a channel line, `[POOL=NAME]`).
    Pool(String),
    /// The file an include line reads (the including file and the line's index).
    Include(FileId, usize),
}

/// The thing at byte `at` of file `file`, and the span that names it.
pub fn thing_at(set: &ConfigSet, file: FileId, at: usize) -> Option<(Span, Thing)> {
    let f = &set.files[file];
    let text = &f.source.text;
    for (i, (inc, _)) in f.include_lines().iter().enumerate() {
        if touches(inc.line, at) {
            return Some((inc.path, Thing::Include(file, i)));
        }
    }
    if let Some(m) = f.imta() {
        for r in &m.rewrite_rules {
            if let Some(tag) = r.channel_tag
                && touches(tag, at)
            {
                return Some((tag, Thing::Host(tag.text(text).to_string())));
            }
        }
        for b in m.blocks.iter().filter(|b| b.kind == BlockKind::Channel) {
            if let Some(h) = &b.head {
                if touches(h.name, at) {
                    return Some((h.name, Thing::Channel(h.name.text(text).to_string())));
                }
                for k in &h.keywords {
                    if k.name.text(text).eq_ignore_ascii_case("pool")
                        && let Some(arg) = k.args.first()
                        && touches(*arg, at)
                    {
                        let name = arg.text(text).trim_matches('"').to_string();
                        return Some((*arg, Thing::Pool(name)));
                    }
                }
            }
            for line in &b.hosts {
                if let Some(n) = line.names.iter().find(|n| touches(**n, at)) {
                    return Some((*n, Thing::Host(n.text(text).to_string())));
                }
            }
        }
    }
    if let Some(m) = f.dispatcher() {
        for s in &m.settings {
            if s.normalized == "PARAMETER"
                && let Some(span) = parameter_channel(s, text)
                && touches(span, at)
            {
                return Some((span, Thing::Channel(span.text(text).to_string())));
            }
        }
        for sec in &m.sections {
            if touches(sec.name, at) {
                let name = sec.name.text(text).trim().to_string();
                match sec.kind_normalized.as_str() {
                    "CHANNEL" if f.kind == Kind::JobController => {
                        return Some((sec.name, Thing::Channel(name)));
                    }
                    "POOL" | "QUEUE" if f.kind == Kind::JobController => {
                        return Some((sec.name, Thing::Pool(name)));
                    }
                    _ => {}
                }
            }
        }
    }
    None
}

/// The channel name of a `PARAMETER=CHANNEL=name` setting, where it is written.
pub fn parameter_channel(s: &crate::model::options::OptionSetting, text: &str) -> Option<Span> {
    let v = s.value_span().trim_end(text);
    let t = v.text(text);
    let (key, rest) = t.split_once('=')?;
    if !key.trim().eq_ignore_ascii_case("CHANNEL") {
        return None;
    }
    let start = v.start as usize + key.len() + 1;
    let lead = rest.len() - rest.trim_start().len();
    let name = rest.trim();
    (!name.is_empty()).then(|| Span::new(start + lead, start + lead + name.len()))
}

/// Where a definition lies: places in the set, or files outside it (an include that was
/// not read into the set, such as one refused).
#[derive(Debug, Default)]
pub struct Targets {
    /// Spans of files of the set.
    pub places: Vec<Place>,
    /// Files named by path.
    pub files: Vec<PathBuf>,
}

/// The channel blocks (file, block index) whose host lines carry `host`.
pub fn blocks_with_host(set: &ConfigSet, host: &str) -> Vec<(FileId, usize)> {
    let mut out = Vec::new();
    for (fi, f) in set.files.iter().enumerate() {
        let Some(m) = f.imta() else { continue };
        let text = &f.source.text;
        for (bi, b) in m.blocks.iter().enumerate() {
            if b.kind == BlockKind::Channel
                && b.hosts
                    .iter()
                    .flat_map(|h| &h.names)
                    .any(|n| n.text(text).eq_ignore_ascii_case(host))
            {
                out.push((FileId::from(fi), bi));
            }
        }
    }
    out
}

/// The channel blocks named `name`, as (file, block index).
fn blocks_named(set: &ConfigSet, name: &str) -> Vec<(FileId, usize)> {
    crate::edit::keywords::find_channel(set, name).into_iter().map(|r| (r.file, r.block)).collect()
}

/// The name span of a channel block's head.
fn head_name(set: &ConfigSet, (file, block): (FileId, usize)) -> Option<Place> {
    let b = set.files[file].imta()?.blocks.get(block)?;
    Some((file, b.head.as_ref()?.name))
}

/// Where the thing at `at` is defined.
pub fn definition(set: &ConfigSet, file: FileId, at: usize) -> Targets {
    let mut t = Targets::default();
    let Some((_, thing)) = thing_at(set, file, at) else {
        return t;
    };
    match thing {
        Thing::Channel(name) => {
            t.places =
                blocks_named(set, &name).into_iter().filter_map(|b| head_name(set, b)).collect();
        }
        Thing::Host(host) => {
            t.places = blocks_with_host(set, &host)
                .into_iter()
                .filter_map(|b| head_name(set, b))
                .collect();
        }
        Thing::Pool(name) => {
            for (fi, f) in set.files.iter().enumerate() {
                if f.kind != Kind::JobController {
                    continue;
                }
                let Some(m) = f.dispatcher() else { continue };
                let text = &f.source.text;
                t.places.extend(
                    m.sections
                        .iter()
                        .filter(|s| matches!(s.kind_normalized.as_str(), "POOL" | "QUEUE"))
                        .filter(|s| s.name.text(text).trim().eq_ignore_ascii_case(&name))
                        .map(|s| (FileId::from(fi), s.header.trim_end(text))),
                );
            }
        }
        Thing::Include(from, index) => {
            if let Some(e) = set.include_edge(from, index) {
                match e.status {
                    IncludeStatus::Read { file } => t.places.push((file, Span::default())),
                    _ => t.files.extend(e.resolved.clone().filter(|p| p.is_file())),
                }
            }
        }
    }
    t
}

/// Every place that names the channel at `at` (its channel lines with
/// `include_declaration`, the rewrite rules routing to it, `PARAMETER=CHANNEL=` settings,
/// `[CHANNEL=]` sections). `None` when no channel is named there.
pub fn references(
    set: &ConfigSet,
    file: FileId,
    at: usize,
    include_declaration: bool,
) -> Option<Vec<Place>> {
    let blocks = match thing_at(set, file, at)?.1 {
        Thing::Channel(name) => blocks_named(set, &name),
        Thing::Host(host) => blocks_with_host(set, &host),
        _ => return None,
    };
    let mut names: Vec<String> = Vec::new();
    let mut hosts: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for &(fi, bi) in &blocks {
        let f = &set.files[fi];
        let text = &f.source.text;
        let Some(b) = f.imta().and_then(|m| m.blocks.get(bi)) else {
            continue;
        };
        if let Some(h) = &b.head {
            names.push(h.name.text(text).to_ascii_lowercase());
            if include_declaration {
                out.push((fi, h.name));
            }
        }
        hosts.extend(
            b.hosts.iter().flat_map(|h| &h.names).map(|n| n.text(text).to_ascii_lowercase()),
        );
    }
    for (fi, f) in set.files.iter().enumerate() {
        let fi = FileId::from(fi);
        let text = &f.source.text;
        if let Some(m) = f.imta() {
            for r in &m.rewrite_rules {
                if let Some(tag) = r.channel_tag
                    && hosts.contains(&tag.text(text).to_ascii_lowercase())
                {
                    out.push((fi, tag));
                }
            }
        }
        if let Some(m) = f.dispatcher() {
            for s in &m.settings {
                if s.normalized == "PARAMETER"
                    && let Some(span) = parameter_channel(s, text)
                    && names.contains(&span.text(text).to_ascii_lowercase())
                {
                    out.push((fi, span));
                }
            }
            if f.kind == Kind::JobController {
                for sec in &m.sections {
                    let name = sec.name.trim_end(text);
                    if sec.kind_normalized == "CHANNEL"
                        && names.contains(&name.text(text).trim().to_ascii_lowercase())
                    {
                        out.push((fi, name));
                    }
                }
            }
        }
    }
    Some(out)
}
