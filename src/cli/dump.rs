//! `imtacfg dump PATH [--kind KIND] [--format json|source] [--expand-includes]`.

use clap::{Args, ValueEnum};

use super::exit;
use super::output;
use imtacfg::dump;
use imtacfg::source::encode;
use imtacfg::syntax::Kind;
use imtacfg::workspace::Overrides;

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Format {
    /// The model as JSON (version 1, documented in the README).
    Json,
    /// The text printed back from the syntax tree: byte-identical to the input.
    Source,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum KindArg {
    Imta,
    Option,
    ChannelOption,
    Tailor,
    Dispatcher,
    JobController,
}

impl From<KindArg> for Kind {
    fn from(k: KindArg) -> Kind {
        match k {
            KindArg::Imta => Kind::Imta,
            KindArg::Option => Kind::Option,
            KindArg::ChannelOption => Kind::ChannelOption,
            KindArg::Tailor => Kind::Tailor,
            KindArg::Dispatcher => Kind::Dispatcher,
            KindArg::JobController => Kind::JobController,
        }
    }
}

#[derive(Debug, Args)]
pub struct DumpArgs {
    /// A configuration file, a configuration directory, or `-` for standard input.
    path: String,
    /// The file family, when the file name does not tell it (imta.cnf, option.dat,
    /// *_option, imta_tailor, dispatcher.cnf, job_controller.cnf).
    #[arg(long, value_enum)]
    kind: Option<KindArg>,
    #[arg(long, value_enum, default_value = "json")]
    format: Format,
    /// With --format source: splice included files in place of their `<` lines, marked
    /// by comment lines.
    #[arg(long)]
    expand_includes: bool,
    /// The settings file (default: $IMTACFG_CONFIG, else the nearest imtacfg.toml).
    #[arg(long)]
    config: Option<std::path::PathBuf>,
}

pub fn run(args: DumpArgs) -> i32 {
    // The same settings as `lint`: site keywords and include mapping give the same model.
    let set = match super::load::overrides(args.config.as_deref())
        .map(|o| Overrides {
            kind: args.kind.map(Kind::from),
            ..o
        })
        .and_then(|o| super::load::workspace(&args.path, &o))
        .and_then(|ws| super::load::open(&ws, &args.path, None))
    {
        Ok(set) => set,
        Err(msg) => {
            output::error(msg);
            return exit::ERROR;
        }
    };
    for e in &set.errors {
        output::error(&e.message);
    }
    let top: Vec<usize> = (0..set.files.len())
        .filter(|&i| set.files[i].depth == 0)
        .collect();
    let bytes = match args.format {
        Format::Json => {
            let mut s = serde_json::to_string_pretty(&dump::to_json(&set)).unwrap_or_default();
            s.push('\n');
            s.into_bytes()
        }
        Format::Source => {
            let several = top.len() > 1;
            let mut out = Vec::new();
            for &i in &top {
                let f = &set.files[i];
                if several {
                    out.extend_from_slice(format!("! imtacfg: file {}\n", f.name()).as_bytes());
                }
                let bytes = if args.expand_includes {
                    dump::expanded_source(&set, i)
                } else {
                    encode(&f.tree.print(&f.source.text), f.source.encoding)
                };
                match bytes {
                    Ok(b) => out.extend_from_slice(&b),
                    Err(e) => {
                        output::error(format!("{}: {e}", f.name()));
                        return exit::ERROR;
                    }
                }
            }
            out
        }
    };
    if let Err(e) = output::stdout_bytes(&bytes) {
        output::error(format!("cannot write to standard output: {e}"));
        return exit::ERROR;
    }
    if set.errors.is_empty() {
        exit::OK
    } else {
        exit::ERROR
    }
}
