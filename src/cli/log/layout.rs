//! `imtacfg log layout [PATH]`: the entry layout a configuration asks for.

use super::super::error::CliError;
use clap::Args;

use super::super::output::{TableOrJson, document};
use super::super::{exit, output};
use imtacfg::log::layout::{FieldUse, Layout, layout};
use imtacfg::report::log_documents as docs;

#[derive(Debug, Args)]
pub struct LayoutArgs {
    /// The configuration directory (default: `.`).
    path: Option<String>,
    /// The output: a table for people, or JSON (versioned) for programs.
    #[arg(long, value_enum, default_value = "table")]
    format: TableOrJson,
}

pub fn run(a: LayoutArgs) -> Result<i32, CliError> {
    let path = a.path.as_deref().unwrap_or(".");
    let set = super::open_config(path)?;
    let l = layout(&set);
    let text = match a.format {
        TableOrJson::Json => document(&docs::layout_document(&l)),
        TableOrJson::Table => table(&l),
    };
    output::stdout_bytes(text.as_bytes()).map_err(|e| e.to_string())?;
    Ok(exit::OK)
}

fn rows(s: &mut String, fields: &[FieldUse]) {
    s.push_str(&format!(
        "  {:<3} {:<20} {:<4} {:<30} {:<11} {}\n",
        "#", "field", "on", "option", "position", "holds"
    ));
    let mut n = 0;
    for f in fields {
        let opt = f.option.map_or("always".to_string(), |(name, v, src)| {
            format!("{name}={v} ({})", src.as_str())
        });
        let on = match (f.on, f.def.when_available) {
            (true, true) => "when",
            (true, false) => "yes",
            (false, _) => "no",
        };
        let num = if f.on {
            n += 1;
            n.to_string()
        } else {
            "-".to_string()
        };
        s.push_str(&format!(
            "  {:<3} {:<20} {:<4} {:<30} {:<11} {}\n",
            num,
            f.def.name,
            on,
            opt,
            f.def.confidence.as_str(),
            f.def.about
        ));
    }
}

fn table(l: &Layout) -> String {
    let p = &l.profile;
    let mut s = format!(
        "LOG_FORMAT={} ({}), BLOCK_SIZE={} bytes, SEPARATE_CONNECTION_LOG={}\n\n",
        p.format,
        docs::format_name(p.format),
        p.value("BLOCK_SIZE"),
        p.value("SEPARATE_CONNECTION_LOG")
    );
    s.push_str("message entry (on: yes, no, or when = only when the information exists):\n");
    rows(&mut s, &l.message);
    s.push_str("\nconnection entry:\n");
    rows(&mut s, &l.connection);
    s.push_str("\nfiles:\n");
    for (f, what) in &l.files {
        s.push_str(&format!("  {f:<45} {what}\n"));
    }
    s.push_str(&format!(
        "\nchannels that log: {}\n",
        if l.logging.is_empty() { "none".to_string() } else { l.logging.join(", ") }
    ));
    if !l.not_logging.is_empty() {
        s.push_str(&format!("channels that do not: {}\n", l.not_logging.join(", ")));
    }
    for c in &l.channels {
        let o: Vec<String> = c.options.iter().map(|(n, v)| format!("{n}={v}")).collect();
        s.push_str(&format!("{}: {}\n", c.file, o.join(" ")));
    }
    s.push_str(&format!("\nexample message entry:\n  {}\n", l.example_message));
    if let Some(c) = &l.example_connection {
        s.push_str(&format!("example connection entry:\n  {c}\n"));
    }
    for n in &l.notes {
        s.push_str(&format!("note: {n}\n"));
    }
    s
}
