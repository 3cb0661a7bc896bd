//! `imtacfg init` and `imtacfg config set`: writing and editing imtacfg.toml.

use std::path::PathBuf;

use clap::Args;

use super::{exit, output};
use imtacfg::settings;

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Where to write the file: a file name, or a directory to write its imtacfg.toml.
    #[arg(default_value = settings::FILE_NAME)]
    path: PathBuf,
    /// Overwrite an existing file.
    #[arg(long)]
    force: bool,
}

pub fn init(args: InitArgs) -> i32 {
    // `init conf`: the settings file of that directory.
    let args = if args.path.is_dir() {
        InitArgs { path: args.path.join(settings::FILE_NAME), ..args }
    } else {
        args
    };
    if args.path.exists() && !args.force {
        output::error(format!("{} exists; use --force to replace it", args.path.display()));
        return exit::ERROR;
    }
    match std::fs::write(&args.path, settings::STARTER) {
        Ok(()) => {
            println!("wrote {}", args.path.display());
            exit::OK
        }
        Err(e) => {
            output::error(format!("{}: {e}", args.path.display()));
            exit::ERROR
        }
    }
}

#[derive(Debug, Args)]
pub struct ConfigSetArgs {
    /// A dotted key: `lint.max-line-length`, `lint.datasize`, `lint.severity.IMTA201`, …
    key: String,
    /// The new value, in the key's type: a comma-separated list for lint.select and
    /// lint.ignore (`IMTA,OPT1`), else an integer (`330`), `true` or `false`, or a string
    /// (`2G`, `error`, `6.3`).
    value: String,
    /// The settings file to edit.
    #[arg(long, default_value = settings::FILE_NAME)]
    file: PathBuf,
}

pub fn config_set(args: ConfigSetArgs) -> i32 {
    let text = match std::fs::read_to_string(&args.file) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => {
            output::error(format!("{}: {e}", args.file.display()));
            return exit::ERROR;
        }
    };
    match settings::set_key(&text, &args.key, &args.value, &args.file.display().to_string()) {
        Ok(out) => match std::fs::write(&args.file, out) {
            Ok(()) => {
                println!("set {} = {} in {}", args.key, args.value, args.file.display());
                exit::OK
            }
            Err(e) => {
                output::error(format!("{}: {e}", args.file.display()));
                exit::ERROR
            }
        },
        Err(e) => {
            output::error(e);
            exit::ERROR
        }
    }
}
