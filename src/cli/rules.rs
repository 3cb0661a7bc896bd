//! `imtacfg rules` and `imtacfg explain`: the rule registry for people and tools.

use clap::{Args, ValueEnum};

use super::output::document;
use super::{exit, output};
use imtacfg::lint::registry;
use imtacfg::report::documents;

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Output: `table` for people, `json` for tools.
    #[arg(long, value_enum, default_value = "table")]
    format: RulesFormat,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum RulesFormat {
    Table,
    Json,
}

pub fn rules(args: RulesArgs) -> i32 {
    let rules = registry::all();
    let text = match args.format {
        RulesFormat::Json => document(&documents::Rules {
            version: documents::VERSION,
            rules: rules
                .iter()
                .map(|r| documents::Rule {
                    code: r.code,
                    name: r.name,
                    severity: r.severity.as_str(),
                    summary: r.summary,
                    why: r.why,
                    example: r.example,
                    fix: r.fix,
                })
                .collect(),
        }),
        RulesFormat::Table => {
            let mut s = String::new();
            for r in rules {
                s.push_str(&format!(
                    "{:<8} {:<8} {:<40} {}\n",
                    r.code,
                    r.severity.as_str(),
                    r.name,
                    r.summary
                ));
            }
            s
        }
    };
    match output::stdout_bytes(text.as_bytes()) {
        Ok(()) => exit::OK,
        Err(e) => {
            output::error(e);
            exit::ERROR
        }
    }
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A rule code (`IMTA101`) or name (`rules-ended-early`).
    code: String,
}

pub fn explain(args: ExplainArgs) -> i32 {
    let Some(r) = registry::find(&args.code) else {
        output::error(format!("no rule is called `{}` (see `imtacfg rules`)", args.code));
        return exit::ERROR;
    };
    let text = explain_text(r);
    match output::stdout_bytes(text.as_bytes()) {
        Ok(()) => exit::OK,
        Err(e) => {
            output::error(e);
            exit::ERROR
        }
    }
}

/// The `explain` text of a rule.
pub fn explain_text(r: &imtacfg::lint::RuleInfo) -> String {
    let indent = |s: &str| {
        s.lines()
            .map(|l| if l.trim().is_empty() { "\n".to_string() } else { format!("    {l}\n") })
            .collect::<String>()
    };
    format!(
        "{} {} ({} by default)\n\n{}\n\nWhy it matters\n{}\nExample\n{}\nHow to fix it\n{}",
        r.code,
        r.name,
        r.severity.as_str(),
        r.summary,
        indent(r.why),
        indent(r.example),
        indent(r.fix)
    )
}
