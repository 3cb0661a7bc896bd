//! Code actions beyond the lint fixes: turning logging on for the channel under the
//! cursor, or for every channel, planned by the same edit planner as `imtacfg logging
//! enable` and checked by the same gate before they are offered.

use lsp_types::CodeActionKind;

use super::touches;
use crate::edit::logging::{Channels, enable};
use crate::edit::pipeline::prepare;
use crate::model::config_set::{ConfigSet, FileId};
use crate::model::edit::Edit;
use crate::model::imta::BlockKind;
use crate::workspace::Workspace;

/// A planned action: its title, kind and patches of files of the set.
pub struct Action {
    /// What the editor shows.
    pub title: String,
    /// `refactor.rewrite` for one channel, `source` for all.
    pub kind: CodeActionKind,
    /// The patches, checked by the edit gate.
    pub edits: Vec<Edit>,
}

/// The logging actions at byte `at` of file `file` (an imta.cnf or included channel file):
/// for the channel whose block holds `at` when it does not log, and for all channels when
/// one of them does not. An action the gate refuses is not offered.
pub fn logging(ws: &Workspace, set: &ConfigSet, file: FileId, at: usize) -> Vec<Action> {
    let status = crate::model::logging::channel_logging(set);
    let mut out = Vec::new();
    let text = &set.files[file].source.text;
    let here = set.files[file].imta().and_then(|m| {
        m.blocks
            .iter()
            .enumerate()
            .find(|(_, b)| b.kind == BlockKind::Channel && touches(b.span, at))
    });
    if let Some((bi, b)) = here
        && let Some(name) = b.name(text)
        && status.iter().any(|c| c.file == file && c.block == bi && !c.logging)
        && let Some(edits) = planned(ws, set, &Channels::Named(vec![name.to_string()]), true)
    {
        out.push(Action {
            title: format!("Enable logging on channel {name}"),
            kind: CodeActionKind::REFACTOR_REWRITE,
            edits,
        });
    }
    if status.iter().any(|c| !c.logging)
        && let Some(edits) = planned(ws, set, &Channels::All, false)
    {
        out.push(Action {
            title: "Enable logging on all channels".into(),
            kind: CodeActionKind::SOURCE,
            edits,
        });
    }
    out
}

/// The edits of `logging enable`, if the plan is not empty and the gate lets it through
/// (it makes no new error and does what it says).
fn planned(
    ws: &Workspace,
    set: &ConfigSet,
    channels: &Channels,
    per_channel: bool,
) -> Option<Vec<Edit>> {
    let plan = enable(set, &ws.catalog, channels, per_channel).ok()?;
    if plan.edits.is_empty() || !plan.new_files.is_empty() {
        return None;
    }
    prepare(set, &plan, &ws.catalog, ws, false).ok()?;
    Some(plan.edits)
}
