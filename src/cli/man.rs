//! `imtacfg man [--dir DIR]`: manual pages generated from the command-line definition.
//! Without `--dir` the main page (imtacfg.1) is printed; with it, imtacfg.1 and one page
//! per subcommand (imtacfg-lint.1, imtacfg-debug-decode.1, …) are written into DIR.

use std::path::{Path, PathBuf};

use clap::{Args, CommandFactory};

use super::{exit, output};

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write imtacfg.1 and a page for every subcommand into this existing directory
    /// (default: print imtacfg.1 to standard output).
    #[arg(long, value_name = "DIR")]
    dir: Option<PathBuf>,
}

pub fn run(args: ManArgs) -> i32 {
    let mut cmd = super::Cli::command().disable_help_subcommand(true);
    cmd.build();
    let Some(dir) = args.dir else {
        let mut page = Vec::new();
        let written =
            clap_mangen::Man::new(cmd).render(&mut page).and_then(|_| output::stdout_bytes(&page));
        return match written {
            Ok(()) => exit::OK,
            Err(e) => {
                output::error(format!("standard output: {e}"));
                exit::ERROR
            }
        };
    };
    if !dir.is_dir() {
        output::error(format!("{}: not a directory", dir.display()));
        return exit::ERROR;
    }
    match write_pages(cmd, &dir) {
        Ok(()) => exit::OK,
        Err(e) => {
            output::error(e);
            exit::ERROR
        }
    }
}

/// Write the page of `cmd` and of each of its visible subcommands, depth first, saying
/// `wrote PATH` for each.
fn write_pages(cmd: clap::Command, dir: &Path) -> Result<(), String> {
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        write_pages(sub.clone(), dir)?;
    }
    let man = clap_mangen::Man::new(cmd);
    let path = dir.join(man.get_filename());
    man.generate_to(dir).map_err(|e| format!("{}: {e}", path.display()))?;
    println!("wrote {}", path.display());
    Ok(())
}
