//! Findings about files as a whole: includes and over-long physical lines.

use super::Context;
use crate::lint::{Diagnostic, RuleInfo, Severity};
use crate::model::Span;
use crate::model::config_set::IncludeStatus;

pub const LONG_PHYSICAL_LINE: RuleInfo = RuleInfo {
    code: "X001",
    name: "long-physical-line",
    severity: Severity::Warning,
    summary: "A physical line is longer than the documented 252 characters.",
    why: "The product documents a 252-character limit for physical lines. Working servers accept longer ones, so this is a warning; split long lines with a `\\` continuation where the file allows it. The limit is configurable (`max-line-length` in imtacfg.toml).",
    example: "tcp_local smtp mx single_sys … (300 characters)",
    fix: "Split the line with a trailing `\\` and continue on an indented line.",
};

pub const INCLUDE_MISSING: RuleInfo = RuleInfo {
    code: "X101",
    name: "include-missing",
    severity: Severity::Warning,
    summary: "An include line names a file that does not exist.",
    why: "An included file that is missing on the server breaks the configuration build. It is a warning rather than an error because the file is often only missing from the copy being checked (a checkout without the site's table files), and the product's own message for this case is not documented.",
    example: "<IMTA_TABLE:missing.rules",
    fix: "Create the file, correct the name, or comment the line out with `!`.",
};

pub const INCLUDE_CYCLE: RuleInfo = RuleInfo {
    code: "X102",
    name: "include-cycle",
    severity: Severity::Error,
    summary: "A file includes itself, directly or through other files.",
    why: "An include cycle can never be spliced; the product stops at its nesting limit with an error.",
    example: "! in a.rules:\n<IMTA_TABLE:a.rules",
    fix: "Remove the include that closes the cycle.",
};

pub const INCLUDE_TOO_DEEP: RuleInfo = RuleInfo {
    code: "X103",
    name: "include-too-deep",
    severity: Severity::Error,
    summary: "Includes are nested more than three levels deep.",
    why: "The product follows includes at most three levels deep.",
    example: "imta.cnf includes a.rules, which includes b.rules, which includes c.rules, which includes d.rules",
    fix: "Flatten the includes so no chain is longer than three files.",
};

pub const INCLUDE_OUTSIDE_DIRECTORY: RuleInfo = RuleInfo {
    code: "X104",
    name: "include-outside-directory",
    severity: Severity::Warning,
    summary: "An include points outside the configuration directory; imtacfg did not read it.",
    why: "imtacfg does not read files outside the configuration directory unless told to, so that checking an untrusted change cannot print other files of the machine. Findings that need the included text are incomplete.",
    example: "</etc/opt/other/site.rules",
    fix: "Move the file into the configuration directory, or run with `--allow-outside-includes` if you trust the configuration.",
};

pub const INCLUDE_UNREADABLE: RuleInfo = RuleInfo {
    code: "X105",
    name: "include-unreadable",
    severity: Severity::Error,
    summary: "An included file exists but cannot be read as a text file.",
    why: "The product must read included files (they must be world-readable); a binary or unreadable file breaks the configuration.",
    example: "<IMTA_TABLE:internet.rules   (a binary file)",
    fix: "Fix the file's permissions or content.",
};

pub static RULES: &[&RuleInfo] = &[
    &LONG_PHYSICAL_LINE,
    &INCLUDE_MISSING,
    &INCLUDE_CYCLE,
    &INCLUDE_TOO_DEEP,
    &INCLUDE_OUTSIDE_DIRECTORY,
    &INCLUDE_UNREADABLE,
];

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for e in &ctx.set.includes {
        let f = &ctx.set.files[e.from];
        let Some((inc, _)) = f.include_lines().get(e.index).copied() else {
            continue;
        };
        let (rule, msg) = match &e.status {
            IncludeStatus::Read { .. } => continue,
            IncludeStatus::Missing => (
                &INCLUDE_MISSING,
                format!("included file `{}` does not exist", e.spec),
            ),
            IncludeStatus::Cycle => (
                &INCLUDE_CYCLE,
                format!("including `{}` here closes a cycle", e.spec),
            ),
            IncludeStatus::TooDeep => (
                &INCLUDE_TOO_DEEP,
                format!(
                    "`{}` would be nested {} levels deep; the product stops at 3",
                    e.spec, e.depth
                ),
            ),
            IncludeStatus::Outside => (
                &INCLUDE_OUTSIDE_DIRECTORY,
                format!(
                    "`{}` is outside the configuration directory and was not read",
                    e.spec
                ),
            ),
            IncludeStatus::Unreadable { reason } => (
                &INCLUDE_UNREADABLE,
                format!("`{}` cannot be read: {reason}", e.spec),
            ),
        };
        let mut d = Diagnostic::new(rule, e.from, inc.path, msg);
        if let Some(p) = &e.resolved {
            d = d.help(format!("it resolves to {}", p.display()));
        }
        out.push(d);
    }
    let max = ctx.options.max_line_length;
    for (fi, f) in ctx.set.files.iter().enumerate() {
        let text = &f.source.text;
        let mut start = 0usize;
        for end in memchr::memchr_iter(b'\n', text.as_bytes()).chain(std::iter::once(text.len())) {
            let line = text[start..end].trim_end_matches('\r');
            // Cheap byte test first: a line of at most `max` bytes has at most `max` chars.
            if line.len() > max {
                let chars = line.chars().count();
                if chars > max {
                    out.push(
                        Diagnostic::new(&LONG_PHYSICAL_LINE, fi, Span::new(start, start + line.len()), format!("this line has {chars} characters; the documented limit is {max}"))
                            .help("split it with a trailing `\\` where the file allows continuation lines"),
                    );
                }
            }
            start = end + 1;
            if start > text.len() {
                break;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::codes;

    #[test]
    fn includes_and_long_lines() {
        let long = format!("! {}", "x".repeat(260));
        let text = format!("<IMTA_TABLE:missing.rules\n{long}\n.a $U@l-host\n\nl\nl-host\n");
        let found: Vec<_> = codes(&[("imta.cnf", &text)])
            .into_iter()
            .filter(|(c, _, _)| c.starts_with('X'))
            .map(|(c, _, l)| (c, l))
            .collect();
        assert_eq!(found, vec![("X101", 1), ("X001", 2)]);
    }
}
