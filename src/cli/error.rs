//! The command line's error: the library's typed errors, or a message the command composed
//! (usage mistakes, a flag's bad value). Rendering lives here too: one line
//! `imtacfg: error: …`, and under it the snippet when the error points into a file.

use imtacfg::edit::EditError;
use imtacfg::model::config_set::LoadError;
use imtacfg::settings::SettingsError;
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

    /// The error as printed: the line, then the snippet when there is one.
    pub fn render(&self) -> String {
        let mut s = format!("imtacfg: error: {self}\n");
        if let Some(e) = self.settings()
            && e.snippet.is_some()
        {
            s.push_str(&snippet(e));
        }
        s
    }
}

/// The lines of `e`'s file around the bad key or value, drawn by miette (plain, no colour:
/// standard error is often a CI log).
fn snippet(e: &SettingsError) -> String {
    let ascii = std::env::var("TERM").is_ok_and(|t| t == "dumb");
    let theme = miette::GraphicalTheme {
        characters: if ascii {
            miette::ThemeCharacters::ascii()
        } else {
            miette::ThemeCharacters::unicode()
        },
        styles: miette::ThemeStyles::none(),
    };
    let handler = miette::GraphicalReportHandler::new_themed(theme).with_context_lines(1);
    let mut out = String::new();
    if handler.render_report(&mut out, &SnippetOnly(e)).is_err() {
        return String::new();
    }
    // miette opens with the (empty) message line; the line above already says it.
    let body: Vec<&str> = out
        .lines()
        .skip_while(|l| l.trim().chars().count() <= 1)
        .collect();
    let mut s = body.join("\n");
    s.push('\n');
    s
}

/// A settings error with its message left out, so that miette draws only the snippet.
#[derive(Debug)]
struct SnippetOnly<'a>(&'a SettingsError);

impl std::fmt::Display for SnippetOnly<'_> {
    fn fmt(&self, _: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        Ok(())
    }
}

impl std::error::Error for SnippetOnly<'_> {}

impl miette::Diagnostic for SnippetOnly<'_> {
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        miette::Diagnostic::source_code(self.0)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        miette::Diagnostic::labels(self.0)
    }
}
