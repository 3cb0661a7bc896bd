//! Command-line definitions and dispatch. Exit codes: 0 clean, 1 findings or changes,
//! 2 usage, input or internal error, 3 refused to write a file that changed on disk.

mod dump;
mod output;

use clap::{Parser, Subcommand};

/// Lint and safely edit the MTA configuration of Messaging Server.
#[derive(Debug, Parser)]
#[command(name = "imtacfg", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Print a configuration file (or directory) as parsed: the model as JSON, or the
    /// text re-emitted from the syntax tree.
    Dump(dump::DumpArgs),
}

/// Exit codes shared by every command.
pub mod exit {
    pub const OK: i32 = 0;
    pub const ERROR: i32 = 2;
}

pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() {
                exit::ERROR
            } else {
                exit::OK
            };
            let _ = e.print();
            return code;
        }
    };
    match cli.command {
        Command::Dump(args) => dump::run(args),
    }
}
