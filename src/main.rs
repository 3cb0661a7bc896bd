//! The `imtacfg` command: parse the command line, call the library, print, exit.

mod cli;

fn main() {
    let code = cli::run();
    std::process::exit(code);
}
