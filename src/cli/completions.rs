//! `imtacfg completions SHELL`: the shell completion script, printed to standard output.

use clap::{Args, CommandFactory};
use clap_complete::Shell;

use super::{exit, output};

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to write the completion script for.
    #[arg(value_enum)]
    shell: Shell,
}

pub fn run(args: CompletionsArgs) -> i32 {
    let mut cmd = super::Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "imtacfg", &mut script);
    match output::stdout_bytes(&script) {
        Ok(()) => exit::OK,
        Err(e) => {
            output::error(format!("standard output: {e}"));
            exit::ERROR
        }
    }
}
