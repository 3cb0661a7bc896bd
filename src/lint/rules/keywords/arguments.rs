//! IMTA202-IMTA205: keyword arguments. A missing argument, an argument of the wrong type,
//! a `notices` list out of order, a `backoff` list too long. One walk over each line
//! reports them: a list that runs on past its last value is reported under the rule of
//! the list (IMTA204 for `notices`, IMTA205 for `backoff`, else IMTA203).

use super::Word;
use crate::knowledge::{ArgType, Arity, KeywordInfo};
use crate::lint::table::{
    INVALID_KEYWORD_ARGUMENT, INVALID_NOTICES, MISSING_KEYWORD_ARGUMENT, TOO_MANY_BACKOFF_VALUES,
};
use crate::lint::{Context, Diagnostic};
use crate::model::imta::{Keyword, is_duration};

/// Check the arguments of the keywords on every channel and `defaults` line: missing ones
/// (IMTA202), ones of the wrong type (IMTA203), and over-long or unordered `notices` and
/// `backoff` lists (IMTA204, IMTA205).
pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (fi, text, keywords) in super::lines(ctx) {
        let words = super::words(ctx, text, keywords);
        for (i, w) in words.iter().enumerate() {
            // A list keyword followed by a word that is not a valid value for it: the value
            // is there but wrong (IMTA203 says so), not missing.
            let wrong_value_follows = |kw: &Keyword| matches!(words.get(i + 1), Some(Word::Overflow { list, .. }) if std::ptr::eq(*list, kw));
            match *w {
                Word::Overflow { word: kw, list: p, info: pinfo } => {
                    let Arity::List { ty, max, .. } = pinfo.arity else {
                        continue;
                    };
                    let word = kw.name.text(text);
                    let pname = p.name.text(text);
                    let rule = if pname.ends_with("notices") {
                        &INVALID_NOTICES
                    } else if ty == ArgType::Duration && p.args.len() >= max as usize {
                        &TOO_MANY_BACKOFF_VALUES
                    } else {
                        &INVALID_KEYWORD_ARGUMENT
                    };
                    let too_many = p.args.len() >= max as usize;
                    let msg = if too_many {
                        format!("`{pname}` takes at most {max} values; `{word}` is one too many")
                    } else {
                        format!("`{word}` is not a valid value for `{pname}`")
                    };
                    let help = match (too_many, ty) {
                        (true, _) => format!("keep at most {max} values"),
                        (false, ArgType::Duration) => format!(
                            "write an ISO 8601 duration, e.g. `{pname} pt5m` for five minutes or `pt1h` for an hour"
                        ),
                        (false, _) => format!("write `{pname} <{}>`", arg_name(pinfo.arity)),
                    };
                    out.push(
                        Diagnostic::new(rule, fi, kw.name, msg)
                            .related(fi, p.name, "the keyword")
                            .help(help)
                            .evidence(&pinfo.provenance),
                    );
                }
                Word::Known(kw, info) => {
                    let word = kw.name.text(text);
                    if kw.missing_args > 0 && !wrong_value_follows(kw) {
                        out.push(
                            Diagnostic::new(
                                &MISSING_KEYWORD_ARGUMENT,
                                fi,
                                kw.name,
                                format!("`{word}` needs an argument"),
                            )
                            .help(format!("write `{word} <{}>`", arg_name(info.arity)))
                            .evidence(&info.provenance),
                        );
                    }
                    check_args(fi, text, kw, info, out);
                }
                Word::Unknown(_) => {}
            }
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
                            &INVALID_KEYWORD_ARGUMENT,
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
        Arity::List { ty: ArgType::Int, .. } if word.to_ascii_lowercase().ends_with("notices") => {
            let values: Vec<u64> =
                kw.args.iter().filter_map(|a| a.text(text).parse().ok()).collect();
            if let Some(pos) = values.windows(2).position(|w| w[1] <= w[0]) {
                let a = kw.args[pos + 1];
                out.push(
                    Diagnostic::new(
                        &INVALID_NOTICES,
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
                        &INVALID_NOTICES,
                        fi,
                        *zero,
                        format!("`{word}` ages must be positive"),
                    )
                    .evidence(&info.provenance),
                );
            }
        }
        Arity::List { ty: ArgType::Duration, .. } => {
            for a in &kw.args {
                let v = a.text(text).trim_matches('"');
                if !is_duration(v) {
                    out.push(
                        Diagnostic::new(&INVALID_KEYWORD_ARGUMENT, fi, *a, format!("`{}` is not an ISO 8601 duration", a.text(text)))
                            .help("write durations such as `pt5m` (5 minutes), `pt1h` (1 hour) or `p1d` (1 day)")
                            .evidence(&info.provenance),
                    );
                }
            }
        }
        _ => {}
    }
}
