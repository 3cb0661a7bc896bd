//! Which channels log: the effective `logging` / `nologging` of every channel, through
//! `defaults` and `nodefaults` blocks.
//!
//! A `defaults` block sets keywords for the channels after it (later defaults win); a
//! `nodefaults` block cancels every earlier default; a channel's own keyword beats any
//! default. Channel blocks of files included among the channel blocks count where their
//! include line stands.

use serde::Serialize;

use super::Span;
use super::config_set::{ConfigSet, IncludeStatus};
use super::imta::BlockKind;
use crate::model::config_set::FileId;
use crate::syntax::Kind;

/// Where a channel's logging setting comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LoggingSource {
    /// `logging` or `nologging` on the channel's own line.
    Channel,
    /// Inherited from a `defaults` line.
    Defaults,
    /// Neither: the built-in default, no logging.
    None,
}

/// A place in a file of the set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Place {
    /// Index of the file in `ConfigSet::files`.
    pub file: FileId,
    /// The bytes of that file's decoded text.
    pub span: Span,
}

/// One channel's effective logging.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChannelLogging {
    /// The channel's file and block index.
    pub file: FileId,
    /// Index of the channel's block in that file's `ImtaModel::blocks`.
    pub block: usize,
    /// The channel name as written.
    pub name: String,
    /// Whether the channel writes message log entries, all `defaults` lines considered.
    pub logging: bool,
    /// Whether the channel's own line, a `defaults` line or the built-in default decides.
    pub source: LoggingSource,
    /// The keyword that decides it (on the channel line or the defaults line).
    pub decided_by: Option<Place>,
    /// Set when an earlier `defaults logging` was cancelled by this `nodefaults` and the
    /// channel does not say `logging` or `nologging` itself.
    pub lost_by_nodefaults: Option<Place>,
}

/// The effective logging of every channel of the set, in configuration order.
pub fn channel_logging(set: &ConfigSet) -> Vec<ChannelLogging> {
    let mut out = Vec::new();
    let mut state = State::default();
    if let Some((root, _)) = set.file_of(Kind::Imta) {
        walk(set, root, &mut state, &mut out, 0);
    }
    out
}

#[derive(Default)]
struct State {
    /// The defaults' logging setting: value and the keyword that set it.
    defaults: Option<(bool, Place)>,
    /// A `nodefaults` that cancelled `defaults logging`.
    cancelled: Option<Place>,
}

fn walk(set: &ConfigSet, file: usize, st: &mut State, out: &mut Vec<ChannelLogging>, depth: usize) {
    let f = &set.files[file];
    let Some(m) = f.imta() else { return };
    let text = &f.source.text;
    for (bi, block) in m.blocks.iter().enumerate() {
        let logging_kw =
            block.logging_keyword().map(|(on, k)| (on, Place { file: file.into(), span: k.name }));
        match block.kind {
            BlockKind::Defaults => {
                if let Some(kw) = logging_kw {
                    st.defaults = Some(kw);
                    st.cancelled = None;
                }
            }
            BlockKind::Nodefaults => {
                if matches!(st.defaults, Some((true, _))) {
                    st.cancelled = Some(Place {
                        file: file.into(),
                        span: block.head.as_ref().map_or(block.span, |h| h.name),
                    });
                }
                st.defaults = None;
            }
            BlockKind::Channel => {
                let (logging, source, decided_by) = match (logging_kw, st.defaults) {
                    (Some((v, p)), _) => (v, LoggingSource::Channel, Some(p)),
                    (None, Some((v, p))) => (v, LoggingSource::Defaults, Some(p)),
                    (None, None) => (false, LoggingSource::None, None),
                };
                out.push(ChannelLogging {
                    file: file.into(),
                    block: bi,
                    name: block.name(text).unwrap_or_default().to_string(),
                    logging,
                    source,
                    decided_by,
                    lost_by_nodefaults: if logging_kw.is_none() { st.cancelled } else { None },
                });
            }
            BlockKind::Comments => {}
        }
        // Channel files included from this block count here.
        for &inc in &block.includes {
            let Some(edge) = set.include_edge(file, inc) else {
                continue;
            };
            if let IncludeStatus::Read { file: target } = edge.status
                && depth < 8
            {
                walk(set, target.index(), st, out, depth + 1);
            }
        }
    }
}
