//! `imtacfg log trace KEY FILE...`.

use clap::Args;

use super::InputArgs;

#[derive(Debug, Args)]
pub struct TraceArgs {
    /// A Message-ID, an address, or a queue file name.
    key: String,
    files: Vec<String>,
    #[command(flatten)]
    input: InputArgs,
}

pub fn run(a: TraceArgs) -> Result<i32, String> {
    let _ = a.input.reading(&a.files)?;
    Err(format!("trace {}: not yet", a.key))
}
