//! `imtacfg dump PATH [--kind KIND] [--format json|source] [--expand-includes]`.

use std::io::{BufWriter, Write};

use clap::{Args, ValueEnum};

use super::exit;
use super::output;
use imtacfg::dump;
use imtacfg::model::config_set::ConfigSet;
use imtacfg::source::WriteError;
use imtacfg::syntax::Kind;
use imtacfg::workspace::Overrides;

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Format {
    /// The model as JSON (version 2, documented in the README), on one line.
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
    /// What to print.
    #[arg(long, value_enum, default_value = "json")]
    format: Format,
    /// With --format source: splice included files in place of their `<` lines, marked
    /// by comment lines.
    #[arg(long)]
    expand_includes: bool,
    /// The settings file (default: $IMTACFG_CONFIG, else the nearest imtacfg.toml).
    #[arg(long)]
    config: Option<std::path::PathBuf>,
    /// With `-`: the name standard input is shown under, and the family it tells
    /// (`--stdin-filename option.dat`), as for `lint`.
    #[arg(long, value_name = "NAME")]
    stdin_filename: Option<String>,
}

pub fn run(args: DumpArgs) -> i32 {
    // The same settings as `lint`: site keywords and include mapping give the same model.
    let set = match super::load::overrides(args.config.as_deref())
        .map(|o| Overrides { kind: args.kind.map(Kind::from), ..o })
        .and_then(|o| super::load::workspace(&args.path, &o))
        .and_then(|ws| super::load::open(&ws, &args.path, args.stdin_filename.as_deref()))
    {
        Ok(set) => set,
        Err(msg) => {
            output::error(msg);
            return exit::ERROR;
        }
    };
    for e in &set.errors {
        output::error(e.clone());
    }
    let top: Vec<usize> = (0..set.files.len()).filter(|&i| set.files[i].depth == 0).collect();
    // Straight to standard output through a buffer: a dump can be many times the size of
    // its input, so it is never collected first.
    let stdout = std::io::stdout();
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    let written = match args.format {
        Format::Json => dump::write_json(&set, &mut out)
            .map_err(std::io::Error::from)
            .and_then(|()| out.write_all(b"\n"))
            .map_err(Failure::Io),
        Format::Source => write_sources(&set, &top, args.expand_includes, &mut out),
    };
    match written.and_then(|()| out.flush().map_err(Failure::Io)) {
        Ok(()) => {}
        // A closed pipe (`imtacfg dump … | head`) is not an error.
        Err(Failure::Io(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        Err(Failure::Io(e)) => {
            output::error(format!("cannot write to standard output: {e}"));
            return exit::ERROR;
        }
        Err(Failure::Encode(msg)) => {
            output::error(msg);
            return exit::ERROR;
        }
    }
    if set.errors.is_empty() { exit::OK } else { exit::ERROR }
}

/// Why the dump could not be written out.
enum Failure {
    Io(std::io::Error),
    /// A file's text cannot be written back in its encoding (the message names the file).
    Encode(String),
}

/// The text of every top-level file, each headed by a marker line when there are several.
fn write_sources(
    set: &ConfigSet,
    top: &[usize],
    expand: bool,
    out: &mut impl Write,
) -> Result<(), Failure> {
    let several = top.len() > 1;
    for &i in top {
        let f = &set.files[i];
        if several {
            writeln!(out, "! imtacfg: file {}", f.name()).map_err(Failure::Io)?;
        }
        dump::write_source(set, i, expand, out).map_err(|e| match e {
            WriteError::Io(e) => Failure::Io(e),
            WriteError::Encode(e) => Failure::Encode(format!("{}: {e}", f.name())),
        })?;
    }
    Ok(())
}
