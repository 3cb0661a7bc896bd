//! Rules for the option-file family: `option.dat`, `<channel>_option` files and `imta_tailor`.
//!
//! Names are looked up in the catalog table of the file's own kind (a name known there is
//! fine, whatever its provenance); values are checked against the catalog's value type.
//! Rules that relate several logging options to each other, or option.dat to imta.cnf,
//! are in `logging.rs`.

use std::collections::{HashMap, HashSet};

use super::{Context, did_you_mean};
use crate::knowledge::catalog::Table;
use crate::knowledge::{OptionInfo, Provenance, ValueType, doc};
use crate::lint::{Diagnostic, Edit, RuleInfo, Severity};
use crate::model::Span;
use crate::model::config_set::ConfigFile;
use crate::model::options::OptionSetting;
use crate::model::radix::{IntError, parse_int};
use crate::syntax::Kind;

pub const UNKNOWN_OPTION: RuleInfo = RuleInfo {
    code: "OPT101",
    name: "unknown-option",
    severity: Severity::Warning,
    summary: "An option name is not known for the file it is in.",
    why: "The MTA does not complain about option names it does not know: it skips them. A misspelt name therefore has no effect at all, while the file suggests that the setting is active.",
    example: "LOG_CONECTION=3",
    fix: "Correct the spelling (imtacfg suggests the closest known name). If the option is genuine but missing from imtacfg's catalog, suppress the finding with a comment saying so.",
};

pub const INVALID_VALUE: RuleInfo = RuleInfo {
    code: "OPT102",
    name: "invalid-option-value",
    severity: Severity::Error,
    summary: "An option value does not fit the option's type or allowed range.",
    why: "A value the MTA cannot read as the expected kind of value, or one outside the accepted range, is rejected or replaced by something else, so the option does not do what the line says.",
    example: "LOG_FORMAT=9",
    fix: "Write a value of the right kind: integers in decimal or in `b%v` radix form (`16%FF`), 0 or 1 for switches, directory prefixes in imta_tailor with a final `/`, file names without one.",
};

pub const DUPLICATE: RuleInfo = RuleInfo {
    code: "OPT103",
    name: "duplicate-option",
    severity: Severity::Warning,
    summary: "An option is set more than once in the same file.",
    why: "Only one of the lines can take effect; the product does not document which, and in practice it is the last. The other line is dead text that misleads the next person who reads or edits the file.",
    example: "LOG_FILENAME=1\nLOG_FILENAME=0",
    fix: "Keep the line with the value you want and delete the other one.",
};

pub const VALUE_TOO_LONG: RuleInfo = RuleInfo {
    code: "OPT104",
    name: "value-too-long",
    severity: Severity::Error,
    summary: "An option value is longer than 1024 characters.",
    why: "The MTA keeps at most 1024 characters of an option value (256 before 6.2p8). Whatever lies beyond the limit is lost, which can cut a list or a Sieve script in the middle.",
    example: "SPAMFILTER1_STRING_ACTION=data:,require \"fileinto\"; … (1100 characters)",
    fix: "Shorten the value.",
};

pub const COMMENT_IN_VALUE: RuleInfo = RuleInfo {
    code: "OPT105",
    name: "comment-inside-continued-value",
    severity: Severity::Warning,
    summary: "A line inside a continued value starts with a comment character, so its text is left out of the value.",
    why: "In option files a line with `!`, `#` or `;` in column 1 is a comment even when the line before it ends in `\\`. A DELIVERY_OPTIONS entry such as `#forward=**,` written in column 1 is therefore silently dropped from the value.",
    example: "DELIVERY_OPTIONS=\\\n#*mailbox=@$X.ims-ms-daemon:$M$_+$2S@ims-ms-daemon,\\\n     #forward=**",
    fix: "Indent the line with a few blanks so that the comment character is no longer in column 1 (the product's own default value is written that way), or delete the line if the entry is meant to be gone.",
};

pub const DANGLING: RuleInfo = RuleInfo {
    code: "OPT106",
    name: "dangling-continuation",
    severity: Severity::Warning,
    summary: "An option value ends in `\\` but no line continues it.",
    why: "The final `\\` promises another line of the value, but a blank line or the end of the file comes next. Either the value is cut short, or (after a blank line) the product reads the following lines in a way nobody documents.",
    example: "DELIVERY_OPTIONS=#*mailbox=@$X.ims-ms-daemon:$M,\\\n\nLOG_FILENAME=1",
    fix: "Remove the `\\`, or remove the blank line so that the next line continues the value.",
};

pub const WRONG_FILE: RuleInfo = RuleInfo {
    code: "OPT107",
    name: "option-in-wrong-file",
    severity: Severity::Warning,
    summary: "An option sits in a file that does not read it.",
    why: "Global MTA options, TCP/IP channel options, imta_tailor entries and Dispatcher options are each read from their own file. In any other file the line is ignored, so the setting has no effect.",
    example: "MAX_B_ENTRIES=20    (in option.dat; it is a TCP/IP channel option)",
    fix: "Move the line to the file named in the message: option.dat, the channel's `<channel>_option` file, imta_tailor, or the right section of dispatcher.cnf.",
};

pub const UNKNOWN_CHANNEL_FILE: RuleInfo = RuleInfo {
    code: "OPT108",
    name: "option-file-for-unknown-channel",
    severity: Severity::Warning,
    summary: "A `<channel>_option` file is named after a channel that imta.cnf does not define.",
    why: "A channel reads only the option file that carries its own name. When no channel has that name, nothing reads the file; usually the channel was renamed or removed and its options quietly stopped applying.",
    example: "tcp_legacy_option    (imta.cnf has no channel tcp_legacy)",
    fix: "Rename the file after the channel it is meant for, or delete it if that channel is gone.",
};

pub const NOT_AN_OPTION_LINE: RuleInfo = RuleInfo {
    code: "OPT109",
    name: "not-an-option-line",
    severity: Severity::Warning,
    summary: "A line of an option file is not `NAME=value`, a comment or a blank line.",
    why: "Option files hold nothing but settings, comments and blank lines. A line of any other form sets nothing; section headers in particular exist only in dispatcher.cnf and job_controller.cnf.",
    example: "[SERVICE=SMTP]\nLOG_CONNECTION 3",
    fix: "Write the line as `NAME=value`, make it a comment with `!` in column 1, or move it to the file where it belongs.",
};

pub const INCLUDE_LINE: RuleInfo = RuleInfo {
    code: "OPT110",
    name: "include-in-option-file",
    severity: Severity::Warning,
    summary: "An option file has a `<file` include line.",
    why: "imta.cnf and dispatcher.cnf can pull in other files with `<`; nothing says that option files can. The settings of the named file are most likely never read.",
    example: "<IMTA_TABLE:more_options.dat",
    fix: "Copy the settings into the option file itself.",
};

pub const COMMENT_CHAR: RuleInfo = RuleInfo {
    code: "OPT111",
    name: "comment-character-not-honoured",
    severity: Severity::Warning,
    summary: "A comment line in imta_tailor or a channel option file starts with `#` or `;`.",
    why: "For imta_tailor only `!` is documented as a comment character, and for channel option files `#` and `;` are not confirmed either. If the reader does not take the line as a comment, it sees a malformed setting.",
    example: "# local changes\nIMTA_TABLE=/opt/example/messaging/config/",
    fix: "Start comment lines with `!`.",
};

pub const WHITESPACE_EQUALS: RuleInfo = RuleInfo {
    code: "OPT112",
    name: "whitespace-around-equals",
    severity: Severity::Info,
    summary: "Blanks stand around the `=` of a setting, or before its name.",
    why: "The documented form is `NAME=value` with nothing around the `=`. Working servers accept the blanks, but scripts that search or edit option files often expect the plain form.",
    example: "MAX_NOTIFYS = 2",
    fix: "Write `NAME=value`; the suggested fix removes the blanks.",
};

pub const MISSING_COMMA: RuleInfo = RuleInfo {
    code: "OPT413",
    name: "list-entry-missing-comma",
    severity: Severity::Warning,
    summary: "A line of a continued comma list ends without a comma although the next line starts a new entry.",
    why: "Continuation joins the lines with nothing in between, so a missing comma glues two entries of DELIVERY_OPTIONS (or another comma list) into one: the first entry's template gets the second entry appended and the second entry disappears. Seen in real files.",
    example: "DELIVERY_OPTIONS=\\
  #*mailbox=@$X.ims-ms-daemon:$M\\
  #*native=@native-daemon:$M",
    fix: "End the line with a comma before the `\\`.",
};

pub static RULES: &[&RuleInfo] = &[
    &MISSING_COMMA,
    &UNKNOWN_OPTION,
    &INVALID_VALUE,
    &DUPLICATE,
    &VALUE_TOO_LONG,
    &COMMENT_IN_VALUE,
    &DANGLING,
    &WRONG_FILE,
    &UNKNOWN_CHANNEL_FILE,
    &NOT_AN_OPTION_LINE,
    &INCLUDE_LINE,
    &COMMENT_CHAR,
    &WHITESPACE_EQUALS,
];

/// The product's limit on the length of one option value (6.2p8 and later).
pub const MAX_VALUE_LENGTH: usize = 1024;

const OPTION_KINDS: &[Kind] = &[Kind::Option, Kind::ChannelOption, Kind::Tailor];

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (fi, f) in ctx.files_of(OPTION_KINDS) {
        check_file(ctx, fi, f, out);
        if let Some(m) = f.options() {
            missing_commas(ctx, fi, m, out);
        }
    }
    unknown_channel_files(ctx, out);
}

/// Does a continuation line start a new `name=template` entry of a comma list (after the
/// entry prefixes of DELIVERY_OPTIONS such as `#`, `*`, `&`, `@`)?
fn starts_entry(part: &str) -> bool {
    let t = part.trim_start_matches([' ', '\t']);
    let t = t.trim_start_matches(['#', '*', '&', '@', '$', '^', '%', '/', '!']);
    let word = t.len()
        - t.trim_start_matches(|c: char| c.is_ascii_alphanumeric() || c == '_')
            .len();
    word > 0 && t[word..].starts_with('=')
}

/// Continued comma lists (`List` options such as DELIVERY_OPTIONS) whose lines miss the
/// comma between two entries.
fn missing_commas(
    ctx: &Context,
    fi: usize,
    m: &crate::model::options::OptionModel,
    out: &mut Vec<Diagnostic>,
) {
    let text = ctx.text(fi);
    let table = table_for(ctx, ctx.set.files[fi].kind);
    for s in m.settings.iter().filter(|s| s.is_continued()) {
        let is_list = table
            .get_folded(&s.normalized)
            .is_some_and(|o| o.ty == crate::knowledge::ValueType::List);
        if !is_list {
            continue;
        }
        let parts: Vec<&str> = s.value_parts.iter().map(|p| p.text(text)).collect();
        for (i, w) in parts.windows(2).enumerate() {
            let ends = w[0].trim_end_matches([' ', '\t']);
            if !ends.is_empty() && !ends.ends_with(',') && starts_entry(ends) && starts_entry(w[1])
            {
                let part = s.value_parts[i].trim_end(text);
                let lead = w[0].len() - w[0].trim_start_matches([' ', '\t']).len();
                let span = Span::new(part.start as usize + lead, part.end as usize);
                out.push(
                    Diagnostic::new(
                        &MISSING_COMMA,
                        fi,
                        span,
                        format!(
                            "no comma after this {} entry: the next line's entry is glued onto it",
                            s.normalized
                        ),
                    )
                    .help("end the line with `,` before the `\\`"),
                );
            }
        }
    }
}

/// The catalog table of the options a file of this kind reads.
pub(super) fn table_for<'a>(ctx: &Context<'a>, kind: Kind) -> &'a Table<OptionInfo> {
    match kind {
        Kind::ChannelOption => &ctx.catalog.channel_options,
        Kind::Tailor => &ctx.catalog.tailor,
        _ => &ctx.catalog.options,
    }
}

/// The file's name without its directory (`tcp_local_option`).
fn base_name(f: &ConfigFile) -> String {
    f.path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| f.name().to_string())
}

/// The value's span without surrounding blanks (for a continued value: all of its parts).
pub(super) fn value_span(s: &OptionSetting, text: &str) -> Span {
    let span = s.value_span();
    if s.is_continued() {
        return span;
    }
    let raw = span.text(text);
    let lead = raw.len() - raw.trim_start_matches([' ', '\t']).len();
    let trimmed = raw.trim_matches([' ', '\t']);
    let start = span.start as usize + lead;
    Span::new(start, start + trimmed.len())
}

/// A short quotation of a text for messages.
pub(super) fn quote(text: &str) -> String {
    const MAX: usize = 48;
    if text.chars().count() <= MAX {
        text.to_string()
    } else {
        let cut: String = text.chars().take(MAX).collect();
        format!("{cut}…")
    }
}

fn is_comment_char(c: char) -> bool {
    matches!(c, '!' | '#' | ';')
}

fn check_file(ctx: &Context, fi: usize, f: &ConfigFile, out: &mut Vec<Diagnostic>) {
    let Some(m) = f.options() else { return };
    let text = ctx.text(fi);
    let file = base_name(f);
    let table = table_for(ctx, f.kind);

    for bad in &m.bad_lines {
        out.push(bad_line(fi, bad.span, text, &file));
    }
    for inc in &m.includes {
        out.push(
            Diagnostic::new(
                &INCLUDE_LINE,
                fi,
                inc.line,
                format!(
                    "`{}` is an include line; option files are not known to support includes",
                    quote(inc.line.text(text))
                ),
            )
            .help(format!(
                "copy the settings of `{}` into {file}; `<` includes are documented only for imta.cnf and dispatcher.cnf",
                quote(inc.path.text(text))
            )),
        );
    }
    if matches!(f.kind, Kind::Tailor | Kind::ChannelOption) {
        let inner = m.settings.iter().flat_map(|s| s.inner_comments.iter());
        for c in m.comments.iter().chain(inner) {
            comment_char(fi, f.kind, c.span, text, &file, out);
        }
    }

    let mut first_seen: HashMap<&str, &OptionSetting> = HashMap::new();
    for s in &m.settings {
        let name = s.name.text(text);
        if let Some(d) = bad_name(fi, s, text, &file, table) {
            out.push(d);
        } else {
            match table.get_folded(&s.normalized) {
                Some(info) => {
                    if let Some(d) = check_value(fi, f.kind, s, text, info) {
                        out.push(d);
                    }
                }
                None => match home_elsewhere(ctx, f.kind, &s.normalized) {
                    Some(home) => out.push(wrong_file(fi, s, name, &file, home)),
                    None => {
                        let mut d = Diagnostic::new(
                            &UNKNOWN_OPTION,
                            fi,
                            s.name,
                            format!(
                                "`{name}` is not an option known for {file}; the MTA most likely ignores it"
                            ),
                        );
                        match did_you_mean(&s.normalized, table.names()) {
                            Some(sugg) => {
                                d = d.help(format!("did you mean `{sugg}`?")).fix(
                                    format!("rename to {sugg}"),
                                    vec![Edit {
                                        file: fi,
                                        span: s.name,
                                        replacement: sugg.to_string(),
                                    }],
                                );
                            }
                            None => {
                                d = d.help("check the spelling; if the option is genuine but missing from imtacfg's catalog, suppress this finding with a comment saying so");
                            }
                        }
                        out.push(d);
                    }
                },
            }
        }

        if let Some(earlier) = first_seen.get(s.normalized.as_str()) {
            let line = f.source.line_col(earlier.name.start as usize).line;
            out.push(
                Diagnostic::new(
                    &DUPLICATE,
                    fi,
                    s.name,
                    format!("`{name}` is set again (earlier on line {line}); normally this later line is the one that counts"),
                )
                .related(fi, earlier.name, "earlier setting, overridden")
                .help("delete the line you do not want, so that the file says only one thing"),
            );
        }
        first_seen.insert(s.normalized.as_str(), s);

        let len = s.value.chars().count();
        if len > MAX_VALUE_LENGTH {
            out.push(
                Diagnostic::new(
                    &VALUE_TOO_LONG,
                    fi,
                    value_span(s, text),
                    format!("the value of `{name}` is {len} characters long; the MTA keeps only the first {MAX_VALUE_LENGTH}"),
                )
                .help("shorten the value (before 6.2p8 the limit is 256 characters)"),
            );
        }

        for c in &s.inner_comments {
            if let Some(d) = comment_in_value(fi, s, c.span, text) {
                out.push(d);
            }
        }

        if let Some(mark) = s.dangling_continuation {
            let at_end = rest_is_comments_only(&text[s.span.end as usize..]);
            let msg = if at_end {
                format!("the value of `{name}` ends in `\\`, but the file ends there")
            } else {
                format!("the value of `{name}` ends in `\\`, but a blank line follows")
            };
            out.push(
                Diagnostic::new(&DANGLING, fi, mark, msg)
                    .help("remove the `\\`, or remove the blank line if the next line belongs to this value")
                    .fix(
                        "remove the `\\`",
                        vec![Edit {
                            file: fi,
                            span: mark,
                            replacement: String::new(),
                        }],
                    ),
            );
        }

        if let Some(d) = whitespace_around_equals(fi, s, text) {
            out.push(d);
        }
    }
}

/// True when only comment lines and blank lines follow (the file ends inside the value).
fn rest_is_comments_only(rest: &str) -> bool {
    // The first line is the remainder of the setting's own last line (its terminator).
    for line in rest.lines().skip(1) {
        if line.trim_matches([' ', '\t']).is_empty() || !line.starts_with(is_comment_char) {
            return false;
        }
    }
    true
}

fn bad_line(fi: usize, span: Span, text: &str, file: &str) -> Diagnostic {
    let line = span.text(text);
    let body = line.trim_start_matches([' ', '\t']);
    if body.starts_with('[') {
        Diagnostic::new(
            &NOT_AN_OPTION_LINE,
            fi,
            span,
            format!("`{}` looks like a section header; option files have no sections", quote(line)),
        )
        .help(format!("sections belong to dispatcher.cnf and job_controller.cnf; {file} takes only NAME=value lines"))
    } else if body.len() < line.len() && body.starts_with(is_comment_char) {
        Diagnostic::new(
            &NOT_AN_OPTION_LINE,
            fi,
            span,
            format!(
                "`{}` is not a comment: the comment character must be in column 1",
                quote(line)
            ),
        )
        .help("remove the blanks in front of the comment character")
    } else {
        Diagnostic::new(
            &NOT_AN_OPTION_LINE,
            fi,
            span,
            format!("`{}` is not of the form NAME=value", quote(line)),
        )
        .help("write NAME=value, or make the line a comment with `!` in column 1")
    }
}

/// A setting whose name cannot be an option name: a section header, an indented comment,
/// or characters other than letters, digits and `_`.
fn bad_name(
    fi: usize,
    s: &OptionSetting,
    text: &str,
    file: &str,
    table: &Table<OptionInfo>,
) -> Option<Diagnostic> {
    let name = s.name.text(text);
    if name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        return None;
    }
    let first_line = s.span.text(text).lines().next().unwrap_or_default();
    let line_span = Span::new(
        s.span.start as usize,
        s.span.start as usize + first_line.len(),
    );
    let d = if name.starts_with('[') {
        Diagnostic::new(
            &NOT_AN_OPTION_LINE,
            fi,
            line_span,
            format!("`{}` looks like a section header; option files have no sections", quote(first_line)),
        )
        .help(format!("sections belong to dispatcher.cnf and job_controller.cnf; {file} takes only NAME=value lines"))
    } else if s.indent.is_some() && name.starts_with(is_comment_char) {
        Diagnostic::new(
            &NOT_AN_OPTION_LINE,
            fi,
            line_span,
            format!(
                "`{}` is not a comment: the comment character must be in column 1",
                quote(first_line)
            ),
        )
        .help("remove the blanks in front of the comment character")
    } else {
        let mut d = Diagnostic::new(
            &NOT_AN_OPTION_LINE,
            fi,
            s.name,
            format!("`{name}` is not an option name: names consist of letters, digits and `_`"),
        );
        let cleaned: String = name
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_uppercase()
                } else {
                    '_'
                }
            })
            .collect();
        d = match did_you_mean(&cleaned, table.names()) {
            Some(sugg) => d.help(format!("did you mean `{sugg}`?")),
            None => d.help("write the name with letters, digits and `_` only"),
        };
        d
    };
    Some(d)
}

/// Where an option that the file's own table does not know belongs instead.
#[derive(Debug, Clone)]
enum Home {
    OptionDat(Provenance),
    ChannelFile(Provenance),
    Tailor(Provenance),
    DnsVerifyDomain(Provenance),
    Dispatcher(Provenance),
    JobController(Provenance),
}

impl Home {
    fn provenance(&self) -> &Provenance {
        match self {
            Home::OptionDat(p)
            | Home::ChannelFile(p)
            | Home::Tailor(p)
            | Home::DnsVerifyDomain(p)
            | Home::Dispatcher(p)
            | Home::JobController(p) => p,
        }
    }
}

fn home_elsewhere(ctx: &Context, kind: Kind, upper: &str) -> Option<Home> {
    let c = ctx.catalog;
    if upper == "DNS_VERIFY_DOMAIN" {
        let p = c
            .dispatcher
            .get_folded(upper)
            .map_or_else(|| doc("spec option-dat §4.1"), |i| i.provenance.clone());
        return Some(Home::DnsVerifyDomain(p));
    }
    if kind != Kind::Option
        && let Some(i) = c.options.get_folded(upper)
    {
        return Some(Home::OptionDat(i.provenance.clone()));
    }
    if kind != Kind::ChannelOption
        && let Some(i) = c.channel_options.get_folded(upper)
    {
        return Some(Home::ChannelFile(i.provenance.clone()));
    }
    if kind != Kind::Tailor
        && let Some(i) = c.tailor.get_folded(upper)
    {
        return Some(Home::Tailor(i.provenance.clone()));
    }
    if let Some(i) = c.dispatcher.get_folded(upper) {
        return Some(Home::Dispatcher(i.provenance.clone()));
    }
    if let Some(i) = c.job_controller.get_folded(upper) {
        return Some(Home::JobController(i.provenance.clone()));
    }
    None
}

fn wrong_file(fi: usize, s: &OptionSetting, name: &str, file: &str, home: Home) -> Diagnostic {
    let (what, help) = match home {
        Home::OptionDat(_) => (
            "a global MTA option".to_string(),
            "move the line to option.dat".to_string(),
        ),
        Home::ChannelFile(_) => (
            "a channel option".to_string(),
            "move the line to the option file of the channel it is meant for (for the SMTP server and client usually tcp_local_option)".to_string(),
        ),
        Home::Tailor(_) => (
            "an imta_tailor entry".to_string(),
            "set it in imta_tailor".to_string(),
        ),
        Home::DnsVerifyDomain(_) => (
            "a Dispatcher option".to_string(),
            "put it in the [SERVICE=SMTP] section of dispatcher.cnf (one line per DNS list)".to_string(),
        ),
        Home::Dispatcher(_) => (
            "a Dispatcher option".to_string(),
            "set it in dispatcher.cnf, globally or in the section of the service it is for".to_string(),
        ),
        Home::JobController(_) => (
            "a Job Controller option".to_string(),
            "set it in job_controller.cnf".to_string(),
        ),
    };
    Diagnostic::new(
        &WRONG_FILE,
        fi,
        s.name,
        format!("`{name}` is {what}; {file} does not read it"),
    )
    .help(help)
    .evidence(home.provenance())
}

fn comment_char(
    fi: usize,
    kind: Kind,
    span: Span,
    text: &str,
    file: &str,
    out: &mut Vec<Diagnostic>,
) {
    let line = span.text(text);
    let Some(c) = line.chars().next().filter(|c| matches!(c, '#' | ';')) else {
        return;
    };
    let (msg, help) = if kind == Kind::Tailor {
        (
            format!("`{c}` is not a documented comment character in imta_tailor; only `!` is"),
            "start the comment with `!`".to_string(),
        )
    } else {
        (
            format!(
                "`{c}` may not start a comment in {file}: only `!` is confirmed for channel option files (unverified either way)"
            ),
            "start the comment with `!`, which every option file accepts".to_string(),
        )
    };
    out.push(
        Diagnostic::new(&COMMENT_CHAR, fi, span, msg)
            .help(help)
            .fix(
                "use `!` as the comment character",
                vec![Edit {
                    file: fi,
                    span: Span::new(span.start as usize, span.start as usize + c.len_utf8()),
                    replacement: "!".to_string(),
                }],
            ),
    );
}

fn comment_in_value(fi: usize, s: &OptionSetting, span: Span, text: &str) -> Option<Diagnostic> {
    let line = span.text(text);
    let mut chars = line.chars();
    let c = chars.next()?;
    let body = chars.as_str();
    let trimmed = body.trim_end_matches([' ', '\t']);
    if !(body.contains('=') || trimmed.ends_with(',') || trimmed.ends_with('\\')) {
        // A plain remark between continuation lines: allowed and harmless.
        return None;
    }
    let name = s.name.text(text);
    let mut d = Diagnostic::new(
        &COMMENT_IN_VALUE,
        fi,
        span,
        format!(
            "this line starts with `{c}` in column 1, so it is a comment: `{}` is not part of the value of `{name}`",
            quote(line.trim_end().trim_end_matches('\\').trim_end())
        ),
    );
    if c == '!' {
        d = d.help(
            "if the entry is meant to be left out, delete the line; if it belongs to the value, remove the `!`",
        );
    } else {
        d = d.help(format!(
            "indent the line with blanks so that `{c}` is no longer in column 1, or delete it if the entry should be gone"
        ));
        // Indenting turns the line into a continuation line; it must itself end in `\`
        // to keep the lines after it in the value.
        if trimmed.ends_with('\\') {
            d = d.fix(
                "indent the line so it continues the value",
                vec![Edit {
                    file: fi,
                    span: Span::new(span.start as usize, span.start as usize),
                    replacement: "     ".to_string(),
                }],
            );
        }
    }
    Some(d)
}

fn whitespace_around_equals(fi: usize, s: &OptionSetting, text: &str) -> Option<Diagnostic> {
    let before = Span::new(s.name.end as usize, s.equals.start as usize);
    let after_end = s
        .value_parts
        .first()
        .map_or(s.equals.end, |p| p.start.max(s.equals.end));
    let after = Span::new(s.equals.end as usize, after_end as usize);
    let blank = |sp: Span| !sp.is_empty() && sp.text(text).bytes().all(|b| b == b' ' || b == b'\t');
    let mut edits = Vec::new();
    for sp in [s.indent, Some(before), Some(after)].into_iter().flatten() {
        if blank(sp) {
            edits.push(Edit {
                file: fi,
                span: sp,
                replacement: String::new(),
            });
        }
    }
    if edits.is_empty() {
        return None;
    }
    let start = s.indent.map_or(s.name.start, |i| i.start);
    let span = Span::new(start as usize, after_end as usize);
    let name = s.name.text(text);
    let shown = Span::new(
        s.name.start as usize,
        value_span(s, text).end.max(after_end) as usize,
    );
    let msg = if s.indent.is_some() && edits.len() == 1 {
        format!("blanks before `{name}`; the canonical form starts in column 1")
    } else {
        format!(
            "blanks around `=` in `{}`; the canonical form is `{name}=…`",
            quote(shown.text(text).lines().next().unwrap_or_default())
        )
    };
    Some(
        Diagnostic::new(&WHITESPACE_EQUALS, fi, span, msg)
            .help("the product accepts this, but `NAME=value` is the documented form")
            .fix("remove the blanks", edits),
    )
}

/// Check a value against the catalog type. One finding at most.
fn check_value(
    fi: usize,
    kind: Kind,
    s: &OptionSetting,
    text: &str,
    info: &OptionInfo,
) -> Option<Diagnostic> {
    let name = s.name.text(text);
    let value = s.value_trimmed();
    let span = value_span(s, text);
    let mut warning = false;
    let (msg, help): (String, String) = match info.ty {
        ValueType::Int { min, max } => match parse_int(value) {
            Err(e) => {
                warning = matches!(e, IntError::HexPrefix | IntError::Empty);
                (
                    format!("`{name}={}` is not valid: {e}", quote(value)),
                    int_help(min, max),
                )
            }
            Ok(v) => {
                let below = min.is_some_and(|lo| v < lo);
                let above = max.is_some_and(|hi| v > hi);
                if !below && !above {
                    return None;
                }
                let range = match (min, max) {
                    (Some(lo), Some(hi)) => format!("out of range {lo}..{hi}"),
                    (Some(lo), None) => format!("below the minimum {lo}"),
                    (None, Some(hi)) => format!("above the maximum {hi}"),
                    (None, None) => unreachable!(),
                };
                (format!("{name}={value} is {range}"), int_help(min, max))
            }
        },
        ValueType::Bool => match parse_int(value) {
            Ok(0 | 1) => return None,
            _ => {
                warning = true;
                (
                    format!("{name}={} is not 0 or 1", quote(value)),
                    format!("`{name}` is a switch: write 0 (off) or 1 (on)"),
                )
            }
        },
        ValueType::Bits => match parse_int(value) {
            Ok(v) if v >= 0 => return None,
            Ok(v) => {
                warning = true;
                (
                    format!("{name}={v} is a negative bit mask"),
                    "a negative number sets every high bit; add up the values of the bits you want instead".to_string(),
                )
            }
            Err(e) => {
                warning = matches!(e, IntError::HexPrefix | IntError::Empty);
                (
                    format!("`{name}={}` is not a valid bit mask: {e}", quote(value)),
                    "write the sum of the bit values in decimal (for example 3 for bits 0 and 1), or in b%v form (2%11)".to_string(),
                )
            }
        },
        ValueType::IntList { .. } => {
            // The number of items and their order are checked in logging.rs (OPT408).
            let bad = value
                .split(',')
                .map(str::trim)
                .find_map(|item| parse_int(item).err().map(|e| (item, e)))?;
            (
                if bad.0.is_empty() {
                    format!("`{name}={}` has an empty item", quote(value))
                } else {
                    format!(
                        "`{}` in `{name}` is not an integer: {}",
                        quote(bad.0),
                        bad.1
                    )
                },
                "write a comma-separated list of integers, for example 60,600,6000".to_string(),
            )
        }
        ValueType::Port => {
            let bad = value
                .split([',', ' ', '\t'])
                .filter(|p| !p.is_empty())
                .find(|p| !matches!(parse_int(p), Ok(1..=65535)));
            let bad = match (bad, value.is_empty()) {
                (Some(b), _) => b,
                (None, true) => "",
                (None, false) => return None,
            };
            (
                format!(
                    "`{name}={}`: `{}` is not a TCP port number (1..65535)",
                    quote(value),
                    quote(bad)
                ),
                "write a port number from 1 to 65535".to_string(),
            )
        }
        ValueType::DirPrefix => {
            if value.ends_with('/') {
                return None;
            }
            let fix_span = Span::new(span.end as usize, span.end as usize);
            return Some(
                Diagnostic::new(
                    &INVALID_VALUE,
                    fi,
                    span,
                    format!("{name}={} is a directory prefix and must end with `/`", quote(value)),
                )
                .help("values of directory entries are glued to file names as they are; add the final `/`")
                .fix(
                    "add the final `/`",
                    vec![Edit {
                        file: fi,
                        span: fix_span,
                        replacement: "/".to_string(),
                    }],
                )
                .evidence(&info.provenance),
            );
        }
        ValueType::Path if kind == Kind::Tailor => {
            if !value.ends_with('/') || value.is_empty() {
                return None;
            }
            (
                format!(
                    "{name}={} names a file, so it must not end with `/`",
                    quote(value)
                ),
                "remove the final `/` and give the file name".to_string(),
            )
        }
        ValueType::LdapAttr => {
            let ok = value.is_empty()
                || (value.starts_with(|c: char| c.is_ascii_alphabetic())
                    && value
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-'));
            if ok {
                return None;
            }
            warning = true;
            (
                format!("{name}={} is not an LDAP attribute name", quote(value)),
                "write a single attribute name: a letter followed by letters, digits or `-`"
                    .to_string(),
            )
        }
        _ => return None,
    };
    let mut d = Diagnostic::new(&INVALID_VALUE, fi, span, msg)
        .help(help)
        .evidence(&info.provenance);
    if warning && d.severity > Severity::Warning {
        d.severity = Severity::Warning;
    }
    Some(d)
}

fn int_help(min: Option<i64>, max: Option<i64>) -> String {
    match (min, max) {
        (Some(lo), Some(hi)) => format!("write an integer from {lo} to {hi}"),
        (Some(lo), None) => format!("write an integer of at least {lo}, in decimal or b%v form"),
        (None, Some(hi)) => format!("write an integer of at most {hi}, in decimal or b%v form"),
        (None, None) => "write an integer in decimal, or in b%v form such as 16%FF".to_string(),
    }
}

/// True when imtacfg saw every channel the product would see (see
/// [`Context::definitions_complete`]).
pub(super) fn channels_complete(ctx: &Context) -> bool {
    ctx.definitions_complete(&[Kind::Imta, Kind::ImtaChannels])
        .is_some()
}

/// `<x>_option` files whose channel `x` is not defined in imta.cnf.
fn unknown_channel_files(ctx: &Context, out: &mut Vec<Diagnostic>) {
    if ctx.set.file_of(Kind::Imta).is_none() || !channels_complete(ctx) {
        return;
    }
    let mut channels: HashSet<&str> = HashSet::new();
    for (fi, f) in ctx.files_of(&[Kind::Imta, Kind::ImtaChannels]) {
        let Some(m) = f.imta() else { continue };
        let text = ctx.text(fi);
        channels.extend(m.channels().filter_map(|b| b.name(text)));
    }
    for (fi, f) in ctx.files_of(&[Kind::ChannelOption]) {
        if f.depth != 0 {
            continue;
        }
        let file = base_name(f);
        let Some(channel) = file.strip_suffix("_option") else {
            continue;
        };
        if channel.is_empty() || channels.contains(channel) {
            continue;
        }
        let text = ctx.text(fi);
        let first = text.split('\n').next().unwrap_or_default();
        let first = first.strip_suffix('\r').unwrap_or(first);
        let mut d = Diagnostic::new(
            &UNKNOWN_CHANNEL_FILE,
            fi,
            Span::new(0, first.len()),
            format!("no channel named `{channel}` in imta.cnf, so nothing reads {file}"),
        );
        let mut names: Vec<&str> = channels.iter().copied().collect();
        names.sort_unstable();
        d = match did_you_mean(channel, names) {
            Some(sugg) => d.help(format!(
                "did you mean {sugg}_option? Otherwise delete the file if channel `{channel}` is gone"
            )),
            None => d.help(format!(
                "rename the file after the channel it is for, or delete it if channel `{channel}` is gone"
            )),
        };
        out.push(d);
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{codes, lint_files};
    use crate::lint::Severity;

    const IMTA: &str = "! rules\n.example.com $U%$D@tcp_local-daemon\n\ndefaults logging\n\nl\nl-daemon\n\ntcp_local smtp mx\ntcp_local-daemon\n";

    fn has(found: &[(&'static str, String, usize)], code: &str, file: &str, line: usize) -> bool {
        found
            .iter()
            .any(|(c, f, l)| *c == code && f.ends_with(file) && *l == line)
    }

    fn none_of(found: &[(&'static str, String, usize)], code: &str) -> bool {
        found.iter().all(|(c, _, _)| *c != code)
    }

    fn severity_of(files: &[(&str, &str)], code: &str) -> Vec<Severity> {
        lint_files(files)
            .into_iter()
            .filter(|(_, _, d)| d.code == code)
            .map(|(_, _, d)| d.severity)
            .collect()
    }

    #[test]
    fn opt101_unknown_option() {
        let found = codes(&[("option.dat", "! x\nLOG_CONECTION=3\n")]);
        assert!(has(&found, "OPT101", "option.dat", 2), "{found:?}");
        let d = lint_files(&[("option.dat", "LOG_CONECTION=3\n")])
            .into_iter()
            .find(|(_, _, d)| d.code == "OPT101")
            .unwrap()
            .2;
        assert!(d.help.unwrap().contains("LOG_CONNECTION"));
        let found = codes(&[("tcp_local_option", "LOG_TRANPORTINFO=1\n")]);
        assert!(has(&found, "OPT101", "tcp_local_option", 1), "{found:?}");
    }

    #[test]
    fn opt101_quiet_for_known_names_in_any_case() {
        let found = codes(&[(
            "option.dat",
            "filter_debug=1\nLOG_CONNECTION=3\nspamfilter1_library=/x/lib.so\nMAX_NOTIFYS=2\n",
        )]);
        assert!(none_of(&found, "OPT101"), "{found:?}");
        let found = codes(&[("tcp_local_option", "LOG_CONNECTION=3\nLOG_BANNER=1\n")]);
        assert!(none_of(&found, "OPT101"), "{found:?}");
    }

    #[test]
    fn opt102_invalid_values() {
        let found = codes(&[(
            "option.dat",
            "LOG_FORMAT=xml\nBLOCK_SIZE=0x400\nLOG_FILTER=2\nLOG_CONNECTION=-1\nLOG_DELAY_BINS=60,x\n",
        )]);
        for line in 1..=5 {
            assert!(
                has(&found, "OPT102", "option.dat", line),
                "line {line}: {found:?}"
            );
        }
        let sev = severity_of(&[("option.dat", "LOG_FORMAT=9\n")], "OPT102");
        assert_eq!(sev, vec![Severity::Error]);
        let sev = severity_of(&[("option.dat", "LOG_FILTER=2\n")], "OPT102");
        assert_eq!(sev, vec![Severity::Warning]);
        let found = codes(&[(
            "imta_tailor",
            "IMTA_TABLE=/opt/x/config\nIMTA_OPTION_FILE=/opt/x/config/\n",
        )]);
        assert!(has(&found, "OPT102", "imta_tailor", 1), "{found:?}");
        assert!(has(&found, "OPT102", "imta_tailor", 2), "{found:?}");
    }

    #[test]
    fn opt102_quiet_for_good_values() {
        let found = codes(&[(
            "option.dat",
            "LOG_FORMAT=16%4\nLOG_CONNECTION=642\nLOG_MESSAGES_SYSLOG=20\nLOG_FILTER=1\nLOG_DELAY_BINS=60,600,6000\nLDAP_PORT=389\n",
        )]);
        assert!(none_of(&found, "OPT102"), "{found:?}");
        let found = codes(&[(
            "imta_tailor",
            "IMTA_TABLE=/opt/x/config/\nIMTA_OPTION_FILE=/opt/x/config/option.dat\n",
        )]);
        assert!(none_of(&found, "OPT102"), "{found:?}");
    }

    #[test]
    fn opt413_missing_comma() {
        let text = "DELIVERY_OPTIONS=\\\n  #*mailbox=@$X.ims:$M,\\\n  #*native=@$X.native:$M\\\n  #*unix=@$X.native:$M\\\n  #forward=**\n";
        let found = codes(&[("option.dat", text)]);
        let lines: Vec<usize> = found
            .iter()
            .filter(|(c, _, _)| *c == "OPT413")
            .map(|(_, _, l)| *l)
            .collect();
        assert_eq!(lines, vec![3, 4]);
        let ok = "DELIVERY_OPTIONS=\\\n  #*mailbox=@$X.ims:\\\n$M,\\\n  #forward=**\n";
        assert!(
            !codes(&[("option.dat", ok)])
                .iter()
                .any(|(c, _, _)| *c == "OPT413")
        );
    }

    #[test]
    fn opt103_duplicate() {
        let found = codes(&[(
            "option.dat",
            "LOG_FILENAME=1\nLOG_MESSAGE_ID=1\nlog_filename=0\n",
        )]);
        assert!(has(&found, "OPT103", "option.dat", 3), "{found:?}");
        assert!(!has(&found, "OPT103", "option.dat", 1), "{found:?}");
        let found = codes(&[("option.dat", "LOG_FILENAME=1\nLOG_MESSAGE_ID=1\n")]);
        assert!(none_of(&found, "OPT103"), "{found:?}");
    }

    #[test]
    fn opt104_value_too_long() {
        let long = format!("ID_DOMAIN={}\n", "a".repeat(1025));
        let found = codes(&[("option.dat", &long)]);
        assert!(has(&found, "OPT104", "option.dat", 1), "{found:?}");
        let ok = format!("ID_DOMAIN={}\n", "a".repeat(1024));
        assert!(none_of(&codes(&[("option.dat", &ok)]), "OPT104"));
    }

    #[test]
    fn opt105_comment_inside_value() {
        let text = "DELIVERY_OPTIONS=\\\n#*mailbox=@$X.ims-ms-daemon:$M,\\\n! just a remark\n     #forward=**\n";
        let found = codes(&[("option.dat", text)]);
        assert!(has(&found, "OPT105", "option.dat", 2), "{found:?}");
        assert!(!has(&found, "OPT105", "option.dat", 3), "{found:?}");
        let ok = "DELIVERY_OPTIONS=\\\n     #*mailbox=@$X.ims-ms-daemon:$M,\\\n     #forward=**\n";
        assert!(none_of(&codes(&[("option.dat", ok)]), "OPT105"));
    }

    #[test]
    fn opt106_dangling_continuation() {
        let found = codes(&[(
            "option.dat",
            "ID_DOMAIN=a\\\n\nLOG_FILENAME=1\nDELIVERY_OPTIONS=x,\\\n",
        )]);
        assert!(has(&found, "OPT106", "option.dat", 1), "{found:?}");
        assert!(has(&found, "OPT106", "option.dat", 4), "{found:?}");
        let messages: Vec<String> = lint_files(&[(
            "option.dat",
            "ID_DOMAIN=a\\\n\nLOG_FILENAME=1\nDELIVERY_OPTIONS=x,\\\n! gone\n",
        )])
        .into_iter()
        .filter(|(_, _, d)| d.code == "OPT106")
        .map(|(_, _, d)| d.message)
        .collect();
        assert!(messages[0].contains("blank line"), "{messages:?}");
        assert!(messages[1].contains("file ends"), "{messages:?}");
        let ok = codes(&[(
            "option.dat",
            "DELIVERY_OPTIONS=x,\\\n     y\nLOG_FILENAME=1\n",
        )]);
        assert!(none_of(&ok, "OPT106"), "{ok:?}");
    }

    #[test]
    fn opt107_wrong_file() {
        let found = codes(&[(
            "option.dat",
            "MAX_B_ENTRIES=20\nDNS_VERIFY_DOMAIN=bl.example.org\nIMTA_TABLE=/x/\n",
        )]);
        for line in 1..=3 {
            assert!(
                has(&found, "OPT107", "option.dat", line),
                "line {line}: {found:?}"
            );
        }
        assert!(none_of(&found, "OPT101"), "{found:?}");
        let found = codes(&[("tcp_local_option", "BLOCK_SIZE=1024\n")]);
        assert!(has(&found, "OPT107", "tcp_local_option", 1), "{found:?}");
    }

    #[test]
    fn opt107_quiet_for_options_known_in_both_files() {
        let found = codes(&[
            ("option.dat", "LOG_CONNECTION=3\n"),
            ("tcp_local_option", "LOG_CONNECTION=3\nMAX_B_ENTRIES=10\n"),
        ]);
        assert!(none_of(&found, "OPT107"), "{found:?}");
    }

    #[test]
    fn opt108_option_file_for_unknown_channel() {
        let found = codes(&[
            ("imta.cnf", IMTA),
            (
                "tcp_legacy_option",
                "! old\nALLOW_TRANSACTIONS_PER_SESSION=20\n",
            ),
            ("tcp_local_option", "MAX_B_ENTRIES=10\n"),
        ]);
        assert!(has(&found, "OPT108", "tcp_legacy_option", 1), "{found:?}");
        assert!(
            !found
                .iter()
                .any(|(c, f, _)| *c == "OPT108" && f.ends_with("tcp_local_option"))
        );
        // An include imtacfg cannot resolve may define the channel: say nothing.
        let unresolved = IMTA.replace(
            "tcp_local smtp mx\n",
            "<SITE_CHANNELS:more.cnf\ntcp_local smtp mx\n",
        );
        let quiet = codes(&[
            ("imta.cnf", unresolved.as_str()),
            ("tcp_legacy_option", "ALLOW_TRANSACTIONS_PER_SESSION=20\n"),
        ]);
        assert!(none_of(&quiet, "OPT108"), "{quiet:?}");
        // Without an imta.cnf nothing can be said.
        let alone = codes(&[("tcp_legacy_option", "ALLOW_TRANSACTIONS_PER_SESSION=20\n")]);
        assert!(none_of(&alone, "OPT108"), "{alone:?}");
    }

    #[test]
    fn opt109_not_an_option_line() {
        let found = codes(&[(
            "option.dat",
            "LOG_CONNECTION 3\n[SERVICE=SMTP]\n  !LOG_FILENAME=1\nLOG-FILENAME=1\n",
        )]);
        for line in 1..=4 {
            assert!(
                has(&found, "OPT109", "option.dat", line),
                "line {line}: {found:?}"
            );
        }
        let ok = codes(&[("option.dat", "! c\n# c\n; c\n\nLOG_FILENAME=1\n")]);
        assert!(none_of(&ok, "OPT109"), "{ok:?}");
    }

    #[test]
    fn opt110_include_in_option_file() {
        let found = codes(&[("option.dat", "LOG_FILENAME=1\n<IMTA_TABLE:more.dat\n")]);
        assert!(has(&found, "OPT110", "option.dat", 2), "{found:?}");
        assert!(none_of(
            &codes(&[("option.dat", "LOG_FILENAME=1\n")]),
            "OPT110"
        ));
    }

    #[test]
    fn opt111_comment_character() {
        let found = codes(&[
            ("imta_tailor", "! ok\n# not documented\nIMTA_TABLE=/x/\n"),
            ("tcp_local_option", "; maybe\nMAX_B_ENTRIES=10\n"),
        ]);
        assert!(has(&found, "OPT111", "imta_tailor", 2), "{found:?}");
        assert!(has(&found, "OPT111", "tcp_local_option", 1), "{found:?}");
        // option.dat documents all three characters.
        let ok = codes(&[("option.dat", "# fine\n; fine\nLOG_FILENAME=1\n")]);
        assert!(none_of(&ok, "OPT111"), "{ok:?}");
    }

    #[test]
    fn opt112_whitespace_around_equals() {
        let found = lint_files(&[("option.dat", "MAX_NOTIFYS = 2\nLOG_FILENAME=1\n")]);
        let hits: Vec<_> = found
            .iter()
            .filter(|(_, _, d)| d.code == "OPT112")
            .collect();
        assert_eq!(hits.len(), 1, "{found:?}");
        assert_eq!(hits[0].1, 1);
        assert_eq!(hits[0].2.severity, Severity::Info);
        // Nothing else about that line.
        assert!(
            found.iter().all(|(_, _, d)| d.severity == Severity::Info),
            "{found:?}"
        );
        assert!(none_of(
            &codes(&[("option.dat", "MAX_NOTIFYS=2\n")]),
            "OPT112"
        ));
    }

    #[test]
    fn real_files_stay_quiet() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/real");
        let read = |n: &str| std::fs::read_to_string(dir.join(n)).ok();
        let (Some(backup), Some(lmtp), Some(tcp)) = (
            read("option.dat.backup"),
            read("option.dat.lmtp"),
            read("tcp_local_option"),
        ) else {
            return;
        };
        for files in [
            vec![
                ("option.dat", backup.as_str()),
                ("tcp_local_option", tcp.as_str()),
            ],
            vec![("option.dat", lmtp.as_str())],
        ] {
            let loud: Vec<_> = lint_files(&files)
                .into_iter()
                .filter(|(_, _, d)| d.code.starts_with("OPT1") && d.severity > Severity::Info)
                .map(|(f, l, d)| (f, l, d.code, d.message))
                .collect();
            assert!(loud.is_empty(), "{loud:#?}");
        }
    }

    #[test]
    fn mistakes_directory_option_rows() {
        let found: Vec<(&str, String, usize)> = super::super::testing::lint_example("mistakes")
            .into_iter()
            .map(|(code, file, line, _)| (code, file, line))
            .collect();
        for (code, file, line) in [
            ("OPT101", "option.dat", 3),
            ("OPT103", "option.dat", 9),
            ("OPT102", "option.dat", 10),
            ("OPT102", "option.dat", 11),
            ("OPT103", "option.dat", 11),
            ("OPT107", "option.dat", 14),
            ("OPT107", "option.dat", 15),
            ("OPT105", "option.dat", 18),
            ("OPT108", "tcp_legacy_option", 1),
        ] {
            assert!(
                found
                    .iter()
                    .any(|(c, f, l)| *c == code && f.ends_with(file) && *l == line),
                "{code} {file}:{line} missing: {found:?}"
            );
        }
    }
}
