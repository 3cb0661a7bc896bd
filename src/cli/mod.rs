//! Command-line definitions and dispatch. Exit codes: 0 clean, 1 findings or changes,
//! 2 usage, input or internal error, 3 refused to write a file that changed on disk.
//!
//! Layer: uses the library through `workspace` and the public modules; nothing inside `lint::rules`.

mod channel;
mod config;
mod debug;
mod dispatcher;
mod dump;
mod editing;
mod heap;
mod lint;
mod load;
mod log;
mod logging;
mod option;
mod output;
mod rules;

use clap::{Parser, Subcommand};

/// Lint and safely edit the MTA configuration of Messaging Server.
#[derive(Debug, Parser)]
#[command(name = "imtacfg", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Also read files that resolve outside the configuration directory (includes, files
    /// named by imta_tailor, symbolic links). Also: IMTACFG_ALLOW_OUTSIDE=1. A settings
    /// file found in the checked tree cannot turn this on.
    #[arg(long, global = true, alias = "allow-outside-includes")]
    allow_outside: bool,
    /// Refuse files larger than this: bytes, or a number with K, M, G or T [default: 256M].
    /// Also: IMTACFG_MAX_FILE_SIZE.
    #[arg(long, global = true, value_name = "SIZE")]
    max_file_size: Option<String>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Print a configuration file (or directory) as parsed: the model as JSON, or the
    /// text re-emitted from the syntax tree.
    Dump(dump::DumpArgs),
    /// Check a configuration (directory, files or standard input) and report findings.
    Lint(lint::LintArgs),
    /// List every rule.
    Rules(rules::RulesArgs),
    /// Explain a rule: what it checks, why it matters, an example, how to fix it.
    Explain(rules::ExplainArgs),
    /// Decode and build Dispatcher DEBUG masks; show a dispatcher.cnf's DEBUG settings.
    Debug {
        #[command(subcommand)]
        command: debug::DebugCommand,
    },
    /// Check the Dispatcher heap rule: datasize >= 2 x sum of STACKSIZE x MAX_CONNS.
    Heap(heap::HeapArgs),
    /// Read the transaction log: its layout, records, message traces and statistics.
    Log {
        #[command(subcommand)]
        command: log::LogCommand,
    },
    /// Show channel logging, or turn it on or off (diff first, --write to apply).
    Logging {
        #[command(subcommand)]
        command: logging::LoggingCommand,
    },
    /// Set or unset options in option.dat, a channel option file or imta_tailor.
    Option {
        #[command(subcommand)]
        command: option::OptionCommand,
    },
    /// Add or remove channel keywords in imta.cnf.
    Channel {
        #[command(subcommand)]
        command: channel::ChannelCommand,
    },
    /// Set or unset dispatcher.cnf options, globally or per service.
    Dispatcher {
        #[command(subcommand)]
        command: dispatcher::DispatcherCommand,
    },
    /// Write a commented starter imtacfg.toml.
    Init(config::InitArgs),
    /// Edit imtacfg.toml, keeping its comments.
    Config {
        #[command(subcommand)]
        command: ConfigCommand,
    },
}

#[derive(Debug, Subcommand)]
enum ConfigCommand {
    /// Set a key: `imtacfg config set lint.max-line-length 330`.
    Set(config::ConfigSetArgs),
}

/// Exit codes shared by every command.
pub mod exit {
    pub const OK: i32 = 0;
    pub const FINDINGS: i32 = 1;
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
    load::set_access_flags(load::AccessFlags {
        allow_outside: cli.allow_outside,
        max_file_size: cli.max_file_size,
    });
    match cli.command {
        Command::Dump(args) => dump::run(args),
        Command::Lint(args) => lint::run(args),
        Command::Rules(args) => rules::rules(args),
        Command::Explain(args) => rules::explain(args),
        Command::Init(args) => config::init(args),
        Command::Debug { command } => debug::debug(command),
        Command::Logging { command } => logging::logging(command),
        Command::Option { command } => option::option(command),
        Command::Channel { command } => channel::channel(command),
        Command::Dispatcher { command } => dispatcher::dispatcher(command),
        Command::Heap(args) => heap::heap(args),
        Command::Log { command } => log::log(command),
        Command::Config {
            command: ConfigCommand::Set(args),
        } => config::config_set(args),
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    /// clap checks the whole command tree (unique argument names, valid defaults, …).
    #[test]
    fn command_line_definition_is_consistent() {
        super::Cli::command().debug_assert();
    }
}
