//! X101-X105: include lines whose file is missing, closes a cycle, is nested too deep, lies
//! outside the configuration directory or cannot be read. One pass over the include edges
//! of the set reports all five.

use crate::lint::{Context, Diagnostic, RuleInfo, Severity};
use crate::model::config_set::IncludeStatus;

/// X101 `include-missing` (warning by default): an include line names a file that does not
/// exist.
pub const INCLUDE_MISSING: RuleInfo = RuleInfo {
    code: "X101",
    name: "include-missing",
    severity: Severity::Warning,
    summary: "An include line names a file that does not exist.",
    why: "An included file that is missing on the server breaks the configuration build. It is a warning rather than an error because the file is often only missing from the copy being checked (a checkout without the site's table files), and the product's own message for this case is not documented.",
    example: "<IMTA_TABLE:missing.rules",
    fix: "Create the file, correct the name, or comment the line out with `!`.",
};

/// X102 `include-cycle` (error by default): a file includes itself, directly or through
/// other files.
pub const INCLUDE_CYCLE: RuleInfo = RuleInfo {
    code: "X102",
    name: "include-cycle",
    severity: Severity::Error,
    summary: "A file includes itself, directly or through other files.",
    why: "An include cycle can never be spliced; the product stops at its nesting limit with an error.",
    example: "! in a.rules:\n<IMTA_TABLE:a.rules",
    fix: "Remove the include that closes the cycle.",
};

/// X103 `include-too-deep` (error by default): includes are nested more than three levels
/// deep.
pub const INCLUDE_TOO_DEEP: RuleInfo = RuleInfo {
    code: "X103",
    name: "include-too-deep",
    severity: Severity::Error,
    summary: "Includes are nested more than three levels deep.",
    why: "The product follows includes at most three levels deep.",
    example: "imta.cnf includes a.rules, which includes b.rules, which includes c.rules, which includes d.rules",
    fix: "Flatten the includes so no chain is longer than three files.",
};

/// X104 `include-outside-directory` (warning by default): an include points outside the
/// configuration directory; imtacfg did not read it.
pub const INCLUDE_OUTSIDE_DIRECTORY: RuleInfo = RuleInfo {
    code: "X104",
    name: "include-outside-directory",
    severity: Severity::Warning,
    summary: "An include points outside the configuration directory; imtacfg did not read it.",
    why: "imtacfg does not read files outside the configuration directory unless told to, so that checking an untrusted change cannot print other files of the machine. Findings that need the included text are incomplete.",
    example: "</etc/opt/other/site.rules",
    fix: "Move the file into the configuration directory, or run with `--allow-outside-includes` if you trust the configuration.",
};

/// X105 `include-unreadable` (error by default): an included file exists but cannot be read
/// as a text file.
pub const INCLUDE_UNREADABLE: RuleInfo = RuleInfo {
    code: "X105",
    name: "include-unreadable",
    severity: Severity::Error,
    summary: "An included file exists but cannot be read as a text file.",
    why: "The product must read included files (they must be world-readable); a binary or unreadable file breaks the configuration.",
    example: "<IMTA_TABLE:internet.rules   (a binary file)",
    fix: "Fix the file's permissions or content.",
};

/// Report every include of the set that was not read, with the reason the loader recorded
/// (missing, cycle, too deep, outside the directory, unreadable).
pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for e in &ctx.set.includes {
        let f = &ctx.set.files[e.from];
        let Some((inc, _)) = f.include_line(e.index) else {
            continue;
        };
        let (rule, msg) = match &e.status {
            IncludeStatus::Read { .. } => continue,
            IncludeStatus::Missing => {
                (&INCLUDE_MISSING, format!("included file `{}` does not exist", e.spec))
            }
            IncludeStatus::Cycle => {
                (&INCLUDE_CYCLE, format!("including `{}` here closes a cycle", e.spec))
            }
            IncludeStatus::TooDeep => (
                &INCLUDE_TOO_DEEP,
                format!(
                    "`{}` would be nested {} levels deep; the product stops at 3",
                    e.spec, e.depth
                ),
            ),
            IncludeStatus::Outside => (
                &INCLUDE_OUTSIDE_DIRECTORY,
                format!("`{}` is outside the configuration directory and was not read", e.spec),
            ),
            IncludeStatus::Unreadable { reason } => {
                (&INCLUDE_UNREADABLE, format!("`{}` cannot be read: {reason}", e.spec))
            }
        };
        let mut d = Diagnostic::new(rule, e.from, inc.path, msg);
        if let Some(p) = &e.resolved {
            d = d.help(format!("it resolves to {}", p.display()));
        }
        out.push(d);
    }
}
