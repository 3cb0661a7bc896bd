//! The command line's error: the library's typed errors, or a message the command composed
//! (usage mistakes, a flag's bad value). Rendering lives here too: one line
//! `imtacfg: error: …`, and under it the snippet when the error points into a file.

use imtacfg::edit::EditError;
use imtacfg::model::config_set::{FileError, LoadError};
use imtacfg::report::snippet;
use imtacfg::settings::SettingsError;
use imtacfg::source::SourceError;
use imtacfg::workspace::WorkspaceError;

/// Why a command stopped (exit 2).
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// Settings or configuration could not be opened.
    #[error(transparent)]
    Workspace(#[from] WorkspaceError),
    /// A file of the configuration could not be read.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// An edit request does not fit the configuration.
    #[error(transparent)]
    Edit(#[from] EditError),
    /// The settings file is wrong.
    #[error(transparent)]
    Settings(#[from] SettingsError),
    /// The directory is locked by another edit.
    #[error(transparent)]
    Lock(#[from] imtacfg::edit::lock::LockError),
    /// A file could not be saved as it was.
    #[error(transparent)]
    Save(#[from] imtacfg::edit::save::SaveError),
    /// A DEBUG mask or bit list is wrong.
    #[error(transparent)]
    Mask(#[from] imtacfg::debug_mask::MaskError),
    /// Reading or writing failed.
    #[error(transparent)]
    Io(#[from] std::io::Error),
    /// A message the command composed.
    #[error("{0}")]
    Message(String),
}

impl From<String> for CliError {
    fn from(s: String) -> CliError {
        CliError::Message(s)
    }
}

impl From<&str> for CliError {
    fn from(s: &str) -> CliError {
        CliError::Message(s.to_string())
    }
}

impl From<std::fmt::Arguments<'_>> for CliError {
    fn from(a: std::fmt::Arguments<'_>) -> CliError {
        CliError::Message(a.to_string())
    }
}

impl From<&String> for CliError {
    fn from(s: &String) -> CliError {
        CliError::Message(s.clone())
    }
}

impl CliError {
    /// The settings error this is, if any (it has a snippet to show).
    fn settings(&self) -> Option<&SettingsError> {
        match self {
            CliError::Settings(e) | CliError::Workspace(WorkspaceError::Settings(e)) => Some(e),
            _ => None,
        }
    }

    /// The file load error this is, if any.
    fn load(&self) -> Option<&LoadError> {
        match self {
            CliError::Load(e) | CliError::Workspace(WorkspaceError::File(e)) => Some(e),
            _ => None,
        }
    }

    /// The error as printed: the line, then the snippet when there is one.
    pub fn render(&self) -> String {
        let mut s = format!("imtacfg: error: {self}\n");
        if let Some(e) = self.settings()
            && e.snippet.is_some()
        {
            s.push_str(&snippet::settings(e, ascii()));
        }
        if let Some(e) = self.load()
            && let FileError::Decode(SourceError::Binary { line, column: _, excerpt }) = &e.error
        {
            s.push_str(&snippet::binary_line(&e.name, *line, excerpt, ascii()));
        }
        s
    }
}

/// Draw with ASCII only, by the same decision as the lint report (TERM, the locale).
fn ascii() -> bool {
    !super::color::unicode(&super::color::ProcessEnv)
}
