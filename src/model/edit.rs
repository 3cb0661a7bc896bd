//! A text replacement: the unit both the linter's suggested fixes and the editor's plans are
//! made of. It sits below `lint` and `edit` so that neither depends on the other for it.

use serde::Serialize;

use super::Span;
use super::config_set::FileId;

/// A text replacement that would fix a finding.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Edit {
    /// Index of the file in `ConfigSet::files`.
    pub file: FileId,
    /// The bytes of the file's decoded text to replace; empty to insert at its start.
    pub span: Span,
    /// The new text, put where the span was.
    pub replacement: String,
}
