//! Command-line definitions and dispatch. Exit codes: 0 clean, 1 findings or changes,
//! 2 usage, input or internal error, 3 refused to write a file that changed on disk.
//!
//! Layer: uses the library through `workspace` and the public modules; nothing inside `lint::rules`.

mod channel;
mod color;
mod completions;
mod config;
mod debug;
mod dispatcher;
mod dump;
mod editing;
mod error;
mod heap;
mod help;
mod lint;
mod load;
mod log;
mod logging;
mod lsp;
mod man;
mod option;
mod output;
mod rules;

use clap::{Parser, Subcommand};

/// Lint and safely edit the MTA configuration of Messaging Server.
#[derive(Debug, Parser)]
#[command(name = "imtacfg", version, about, long_about = None, after_long_help = help::MAIN)]
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
    /// Check a configuration (directory, files or standard input) and report findings.
    #[command(after_long_help = help::LINT)]
    Lint(lint::LintArgs),
    /// Print a configuration file (or directory) as parsed: the model as JSON, or the
    /// text re-emitted from the syntax tree.
    #[command(after_long_help = help::DUMP)]
    Dump(dump::DumpArgs),
    /// List every rule.
    #[command(after_long_help = help::RULES)]
    Rules(rules::RulesArgs),
    /// Explain a rule: what it checks, why it matters, an example, how to fix it.
    #[command(after_long_help = help::EXPLAIN)]
    Explain(rules::ExplainArgs),
    /// Decode and build Dispatcher DEBUG masks; show a dispatcher.cnf's DEBUG settings.
    Debug {
        #[command(subcommand)]
        command: debug::DebugCommand,
    },
    /// Check the Dispatcher heap rule: datasize >= 2 x sum of STACKSIZE x MAX_CONNS.
    #[command(after_long_help = help::HEAP)]
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
    #[command(after_long_help = help::INIT)]
    Init(config::InitArgs),
    /// Edit imtacfg.toml, keeping its comments.
    Config {
        #[command(subcommand)]
        command: ConfigCommand,
    },
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    #[command(after_long_help = help::COMPLETIONS)]
    Completions(completions::CompletionsArgs),
    /// Print the manual page, or write one page per command with --dir.
    #[command(after_long_help = help::MAN)]
    Man(man::ManArgs),
    /// Run the language server on standard input and output (for editors): diagnostics,
    /// hover on keywords and options, quick fixes, document symbols.
    #[command(after_long_help = help::LSP)]
    Lsp(lsp::LspArgs),
}

#[derive(Debug, Subcommand)]
enum ConfigCommand {
    /// Set a key: `imtacfg config set lint.max-line-length 330`.
    #[command(after_long_help = help::CONFIG_SET)]
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
            let code = if e.use_stderr() { exit::ERROR } else { exit::OK };
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
        Command::Config { command: ConfigCommand::Set(args) } => config::config_set(args),
        Command::Completions(args) => completions::run(args),
        Command::Man(args) => man::run(args),
        Command::Lsp(args) => lsp::run(args),
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

    /// Every argument of every command says what it is in `--help`.
    #[test]
    fn every_argument_has_help() {
        fn walk(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
            for arg in cmd.get_arguments() {
                let help = arg.get_help().or(arg.get_long_help());
                if help.is_none_or(|h| h.to_string().trim().is_empty()) {
                    missing.push(format!("{path} {}", arg.get_id()));
                }
            }
            for sub in cmd.get_subcommands() {
                if sub.get_about().is_none() {
                    missing.push(format!("{path} {} (the command)", sub.get_name()));
                }
                walk(sub, &format!("{path} {}", sub.get_name()), missing);
            }
        }
        let mut cmd = super::Cli::command();
        cmd.build();
        let mut missing = Vec::new();
        walk(&cmd, "imtacfg", &mut missing);
        assert!(missing.is_empty(), "arguments without help:\n{}", missing.join("\n"));
    }
}
