//! Channel keywords: unknown words, arguments, exclusive groups, duplicates, debug switches.

use std::collections::HashMap;

use super::{Context, Suggester};
use crate::knowledge::{ArgType, Arity, KeywordInfo};
use crate::lint::{Diagnostic, RuleInfo, Severity};
use crate::model::imta::{BlockKind, Keyword, is_duration};
use crate::syntax::Kind;

pub const UNKNOWN_KEYWORD: RuleInfo = RuleInfo {
    code: "IMTA201",
    name: "unknown-keyword",
    severity: Severity::Warning,
    summary: "A word on a channel line is not a keyword imtacfg knows.",
    why: "The product does not reject unknown words: it takes them for UNIX group ids that a process must hold to enqueue to the channel. A misspelt keyword therefore silently does nothing, and may lock users out of the channel.",
    example: "tcp_local smtp mx maytlserver\ntcp-daemon",
    fix: "Correct the spelling. If the word is a site-specific keyword or group id, add it to `imtacfg.toml` or suppress the finding.",
};

pub const MISSING_ARGUMENT: RuleInfo = RuleInfo {
    code: "IMTA202",
    name: "missing-keyword-argument",
    severity: Severity::Error,
    summary: "A keyword that needs an argument has none.",
    why: "Keywords such as `maxjobs`, `pool` or `daemon` must be followed by their value; at the end of the line there is nothing to take.",
    example: "tcp_local smtp maxjobs\ntcp-daemon",
    fix: "Add the argument after the keyword.",
};

pub const BAD_ARGUMENT: RuleInfo = RuleInfo {
    code: "IMTA203",
    name: "invalid-keyword-argument",
    severity: Severity::Error,
    summary: "A keyword argument has the wrong type.",
    why: "Integer keywords (`maxjobs`, `blocklimit`, …) need a decimal number, and `backoff` values must be ISO 8601 durations such as `pt5m`. Anything else is rejected or misread.",
    example: "tcp_local smtp maxjobs seven backoff 5m\ntcp-daemon",
    fix: "Write the argument in the form the keyword takes.",
};

pub const NOTICES: RuleInfo = RuleInfo {
    code: "IMTA204",
    name: "invalid-notices",
    severity: Severity::Error,
    summary: "A `notices` list is not strictly increasing or has more than five values.",
    why: "The `notices` keywords take up to five message ages, each larger than the one before; the last one is when the message is returned. Values out of order or too many are not honoured as meant.",
    example: "defaults notices 7 4 2\n",
    fix: "List at most five ages in increasing order, e.g. `notices 1 2 4 7`.",
};

pub const BACKOFF: RuleInfo = RuleInfo {
    code: "IMTA205",
    name: "too-many-backoff-values",
    severity: Severity::Error,
    summary: "A `backoff` list has more than eight intervals.",
    why: "The `backoff` keywords accept at most eight retry intervals.",
    example: "tcp_local smtp backoff pt1m pt2m pt3m pt4m pt5m pt6m pt7m pt8m pt9m\ntcp-daemon",
    fix: "Keep at most eight intervals; the last one repeats until the message is returned.",
};

pub const CONFLICTING: RuleInfo = RuleInfo {
    code: "IMTA206",
    name: "conflicting-keywords",
    severity: Severity::Warning,
    summary: "Two keywords of one exclusive group are on the same line.",
    why: "Keywords such as `logging` and `nologging`, or `single` and `single_sys`, are alternatives of one setting. With both on one line only one can apply; which one is not documented (probably the later).",
    example: "tcp_local smtp logging nologging\ntcp-daemon",
    fix: "Keep only the alternative you mean.",
};

pub const DUPLICATE_KEYWORD: RuleInfo = RuleInfo {
    code: "IMTA207",
    name: "duplicate-keyword",
    severity: Severity::Warning,
    summary: "The same keyword appears twice on one channel line.",
    why: "A repeated keyword is at best redundant; with different arguments only one of them applies.",
    example: "tcp_local smtp maxjobs 7 maxjobs 2\ntcp-daemon",
    fix: "Remove one of them.",
};

pub const DEBUG_ON: RuleInfo = RuleInfo {
    code: "IMTA208",
    name: "debug-keyword",
    severity: Severity::Info,
    summary: "`master_debug` or `slave_debug` is left on.",
    why: "The debug keywords write detailed logs for every message the channel handles; left on in production they fill the log directory and slow the channel.",
    example: "tcp_local smtp master_debug slave_debug\ntcp-daemon",
    fix: "Remove the keywords once the problem is diagnosed.",
};

pub static RULES: &[&RuleInfo] = &[
    &UNKNOWN_KEYWORD,
    &MISSING_ARGUMENT,
    &BAD_ARGUMENT,
    &NOTICES,
    &BACKOFF,
    &CONFLICTING,
    &DUPLICATE_KEYWORD,
    &DEBUG_ON,
];

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let mut suggest = Suggester::new(ctx.catalog.keywords.names());
    for (fi, f) in ctx.files_of(&[Kind::Imta, Kind::ImtaChannels]) {
        let Some(m) = f.imta() else { continue };
        let text = ctx.text(fi);
        for b in &m.blocks {
            if !matches!(b.kind, BlockKind::Channel | BlockKind::Defaults)
                || super::imta::rule_like(b, text)
            {
                continue;
            }
            let Some(head) = &b.head else { continue };
            line(ctx, fi, text, &head.keywords, &mut suggest, out);
        }
    }
}

/// Does a word that follows a list keyword look like one more value of the list?
fn is_argish(word: &str, ty: ArgType) -> bool {
    word.starts_with('"')
        || word.starts_with(|c: char| c.is_ascii_digit())
        || (ty == ArgType::Duration && is_duration(word))
}

fn line(
    ctx: &Context,
    fi: usize,
    text: &str,
    keywords: &[Keyword],
    suggest: &mut Suggester,
    out: &mut Vec<Diagnostic>,
) {
    let mut groups: HashMap<&str, (&Keyword, &KeywordInfo)> = HashMap::new();
    let mut seen: HashMap<String, &Keyword> = HashMap::new();
    let mut prev: Option<(&Keyword, &KeywordInfo)> = None;
    for kw in keywords {
        let word = kw.name.text(text);
        let Some(info) = ctx.catalog.keyword(word) else {
            // An argument-looking word right after a list keyword: the list went too far.
            if let Some((p, pinfo)) = prev
                && let Arity::List { ty, max, .. } = pinfo.arity
                && is_argish(word, ty)
            {
                let pname = p.name.text(text);
                let rule = if pname.ends_with("notices") {
                    &NOTICES
                } else if ty == ArgType::Duration && p.args.len() >= max as usize {
                    &BACKOFF
                } else {
                    &BAD_ARGUMENT
                };
                let msg = if p.args.len() >= max as usize {
                    format!("`{pname}` takes at most {max} values; `{word}` is one too many")
                } else {
                    format!("`{word}` is not a valid value for `{pname}`")
                };
                out.push(
                    Diagnostic::new(rule, fi, kw.name, msg)
                        .related(fi, p.name, "the keyword")
                        .evidence(&pinfo.provenance),
                );
                prev = None;
                continue;
            }
            let mut d = Diagnostic::new(
                &UNKNOWN_KEYWORD,
                fi,
                kw.name,
                format!("unknown keyword `{word}`; the product will take it for a UNIX group id"),
            );
            if let Some(s) = suggest.suggest(word) {
                d = d.help(format!("did you mean `{s}`?"));
            } else {
                d = d.help("if it is a site keyword or a group id on purpose, declare it in imtacfg.toml or suppress this finding");
            }
            out.push(d);
            prev = None;
            continue;
        };
        prev = Some((kw, info));
        let lower = word.to_ascii_lowercase();
        if kw.missing_args > 0 {
            out.push(
                Diagnostic::new(
                    &MISSING_ARGUMENT,
                    fi,
                    kw.name,
                    format!("`{word}` needs an argument"),
                )
                .help(format!("write `{word} <{}>`", arg_name(info.arity)))
                .evidence(&info.provenance),
            );
        }
        check_args(fi, text, kw, info, out);
        if let Some(g) = info.group.as_deref() {
            if let Some((other, _)) = groups.get(g)
                && !other.name.text(text).eq_ignore_ascii_case(word)
            {
                out.push(
                    Diagnostic::new(
                        &CONFLICTING,
                        fi,
                        kw.name,
                        format!(
                            "`{word}` and `{}` are alternatives of one setting",
                            other.name.text(text)
                        ),
                    )
                    .related(fi, other.name, "the other alternative")
                    .help("keep only the one you mean"),
                );
            }
            groups.insert(g, (kw, info));
        }
        if let Some(first) = seen.get(&lower) {
            out.push(
                Diagnostic::new(
                    &DUPLICATE_KEYWORD,
                    fi,
                    kw.name,
                    format!("`{word}` appears twice on this line"),
                )
                .related(fi, first.name, "first occurrence")
                .help("remove one of them"),
            );
        } else {
            seen.insert(lower.clone(), kw);
        }
        if lower == "master_debug" || lower == "slave_debug" {
            out.push(
                Diagnostic::new(
                    &DEBUG_ON,
                    fi,
                    kw.name,
                    format!("`{word}` is on: the channel writes debug logs for every message"),
                )
                .help("remove it when you are done debugging"),
            );
        }
    }
}

fn arg_name(arity: Arity) -> &'static str {
    let ty = match arity {
        Arity::Flag => return "",
        Arity::One { ty } | Arity::List { ty, .. } => ty,
    };
    match ty {
        ArgType::Int => "integer",
        ArgType::Str => "value",
        ArgType::Host => "host",
        ArgType::Channel => "channel",
        ArgType::Url => "url",
        ArgType::Template => "template",
        ArgType::Duration => "duration",
        ArgType::Ip => "ip-address",
    }
}

fn check_args(fi: usize, text: &str, kw: &Keyword, info: &KeywordInfo, out: &mut Vec<Diagnostic>) {
    let word = kw.name.text(text);
    match info.arity {
        Arity::One { ty: ArgType::Int } => {
            if let Some(a) = kw.args.first() {
                let v = a.text(text).trim_matches('"');
                if v.is_empty() || !v.bytes().all(|b| b.is_ascii_digit()) {
                    out.push(
                        Diagnostic::new(
                            &BAD_ARGUMENT,
                            fi,
                            *a,
                            format!("`{word}` needs an integer, not `{}`", a.text(text)),
                        )
                        .help(format!("write a decimal number, e.g. `{word} 7`"))
                        .evidence(&info.provenance),
                    );
                }
            }
        }
        Arity::List {
            ty: ArgType::Int, ..
        } if word.to_ascii_lowercase().ends_with("notices") => {
            let values: Vec<u64> = kw
                .args
                .iter()
                .filter_map(|a| a.text(text).parse().ok())
                .collect();
            if let Some(pos) = values.windows(2).position(|w| w[1] <= w[0]) {
                let a = kw.args[pos + 1];
                out.push(
                    Diagnostic::new(
                        &NOTICES,
                        fi,
                        a,
                        format!(
                            "`{word}` ages must increase: {} does not come after {}",
                            values[pos + 1],
                            values[pos]
                        ),
                    )
                    .help("list the ages in increasing order, e.g. `notices 1 2 4 7`")
                    .evidence(&info.provenance),
                );
            }
            if let Some(zero) = kw.args.iter().find(|a| a.text(text) == "0") {
                out.push(
                    Diagnostic::new(
                        &NOTICES,
                        fi,
                        *zero,
                        format!("`{word}` ages must be positive"),
                    )
                    .evidence(&info.provenance),
                );
            }
        }
        Arity::List {
            ty: ArgType::Duration,
            ..
        } => {
            for a in &kw.args {
                let v = a.text(text).trim_matches('"');
                if !is_duration(v) {
                    out.push(
                        Diagnostic::new(&BAD_ARGUMENT, fi, *a, format!("`{}` is not an ISO 8601 duration", a.text(text)))
                            .help("write durations such as `pt5m` (5 minutes), `pt1h` (1 hour) or `p1d` (1 day)")
                            .evidence(&info.provenance),
                    );
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::codes;

    fn kw(line: &str) -> Vec<&'static str> {
        let text = format!("r $U@l-host\n\nl\nl-host\n\n{line}\ntcp-daemon\n");
        codes(&[("imta.cnf", &text)])
            .into_iter()
            .filter(|(c, _, _)| c.starts_with("IMTA2"))
            .map(|(c, _, _)| c)
            .collect()
    }

    #[test]
    fn clean_lines_are_quiet() {
        assert!(kw("tcp_local smtp mx single_sys maxjobs 7 pool SMTP_POOL backoff \"pt5m\" \"PT10M\" notices 1 2 4 7 defaulthost a.example b.example").is_empty());
    }

    #[test]
    fn unknown_keyword_with_suggestion() {
        assert_eq!(kw("tcp_local smtp maytlserver"), vec!["IMTA201"]);
    }

    #[test]
    fn arguments() {
        assert_eq!(kw("tcp_local smtp maxjobs"), vec!["IMTA202"]);
        assert_eq!(kw("tcp_local smtp maxjobs seven"), vec!["IMTA203"]);
        assert_eq!(kw("tcp_local smtp backoff pt5m 5m"), vec!["IMTA203"]);
        assert_eq!(kw("tcp_local smtp notices 7 4 2"), vec!["IMTA204"]);
        assert_eq!(kw("tcp_local smtp notices 1 2 3 4 5 6"), vec!["IMTA204"]);
        assert_eq!(
            kw("tcp_local smtp backoff pt1m pt2m pt3m pt4m pt5m pt6m pt7m pt8m pt9m"),
            vec!["IMTA205"]
        );
    }

    #[test]
    fn groups_duplicates_debug() {
        assert_eq!(kw("tcp_local smtp logging nologging"), vec!["IMTA206"]);
        assert_eq!(kw("tcp_local smtp single single_sys"), vec!["IMTA206"]);
        assert_eq!(kw("tcp_local smtp immediate periodic"), vec!["IMTA206"]);
        assert_eq!(kw("tcp_local smtp mx mx"), vec!["IMTA207"]);
        assert_eq!(kw("tcp_local smtp master_debug"), vec!["IMTA208"]);
    }
}
