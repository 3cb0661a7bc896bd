//! `imtacfg log stats FILE...`.

use clap::Args;

use super::InputArgs;

#[derive(Debug, Args)]
pub struct StatsArgs {
    files: Vec<String>,
    #[command(flatten)]
    input: InputArgs,
}

pub fn run(a: StatsArgs) -> Result<i32, String> {
    let _ = a.input.reading(&a.files)?;
    Err("stats: not yet".into())
}
