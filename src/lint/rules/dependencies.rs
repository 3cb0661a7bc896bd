//! The remaining logging dependencies of spec/option-dat.md §3.3: product-version gates
//! (rule 5), what the XML/JSON log format can hold (rule 7), syslog notices at
//! SNDOPR_PRIORITY (rule 9), and the TCP/IP channel log options that need connection
//! logging (rule 11).

use super::Context;
use crate::lint::{Diagnostic, RuleInfo, Severity};
use crate::model::Span;
use crate::model::options::{OptionModel, OptionSetting};
use crate::model::radix::parse_int;
use crate::model::version::{older, parse_version};
use crate::syntax::Kind;

pub const NEEDS_NEWER_VERSION: RuleInfo = RuleInfo {
    code: "OPT409",
    name: "needs-newer-version",
    severity: Severity::Warning,
    summary: "A setting needs a newer product version than the one declared in imtacfg.toml.",
    why: "Some option values only exist in later releases (LOG_FORMAT 4 is XML from 6.3, 5 and 6 are JSON from 8.0.2.3 and 8.1.0.2; LOG_REASON from 6.3; LOG_DIAGNOSTICS from 7.0 update 3; spam filters 2-4 from 6.2 and 5-8 from 6.3; values over 256 characters from 6.2p8). An older server ignores them or reads them differently. The rule only runs when `product-version` is set in imtacfg.toml (or --product-version is given).",
    example: "# imtacfg.toml: [lint] product-version = \"6.2\"\nLOG_FORMAT=4",
    fix: "Upgrade the server, or use a value the declared version knows.",
};

pub const XML_LOG_WITHOUT_CONNECTION_FIELDS: RuleInfo = RuleInfo {
    code: "OPT410",
    name: "xml-log-without-connection-fields",
    severity: Severity::Info,
    summary: "The XML/JSON log format is on, but LOG_CONNECTION leaves out fields a log parser may expect.",
    why: "With LOG_FORMAT 4 or higher the source system (`ss`), transport (`tr`) and application (`ap`) attributes appear only when LOG_CONNECTION bits 0, 5 and 6 are set. Tools that read the XML or JSON log often expect them.",
    example: "LOG_FORMAT=4\nLOG_CONNECTION=3",
    fix: "Add the bits you need to LOG_CONNECTION (1 for ss, 32 for tr, 64 for ap), or ignore this note.",
};

pub const SYSLOG_NOTICES: RuleInfo = RuleInfo {
    code: "OPT411",
    name: "syslog-notices",
    severity: Severity::Info,
    summary: "A setting sends notices to syslog at the SNDOPR_PRIORITY level.",
    why: "LOG_SNDOPR, HELD_SNDOPR and SPAMFILTERn_OPTIONAL=2 or -2 write event notices to syslog. Where they land depends on SNDOPR_PRIORITY (default 5, the notice level of the default facility), which is easy to overlook when reading syslog.",
    example: "LOG_SNDOPR=1",
    fix: "Check SNDOPR_PRIORITY and the syslog configuration so the notices are seen.",
};

pub const CHANNEL_LOG_OPTION_WITHOUT_CONNECTION_LOG: RuleInfo = RuleInfo {
    code: "OPT412",
    name: "channel-log-option-without-connection-log",
    severity: Severity::Info,
    summary: "LOG_BANNER or LOG_TRANSPORTINFO is set in a channel option file, but connection logging is off.",
    why: "These TCP/IP channel options add details to connection log entries; without LOG_CONNECTION (in option.dat or in the channel option file) there are no such entries, so they have no effect.",
    example: "! tcp_local_option\nLOG_BANNER=1",
    fix: "Turn on connection logging (LOG_CONNECTION=3, for instance), or remove the option.",
};

pub static RULES: &[&RuleInfo] = &[
    &NEEDS_NEWER_VERSION,
    &XML_LOG_WITHOUT_CONNECTION_FIELDS,
    &SYSLOG_NOTICES,
    &CHANNEL_LOG_OPTION_WITHOUT_CONNECTION_LOG,
];

fn int(s: &OptionSetting) -> Option<i64> {
    parse_int(s.value_trimmed()).ok()
}

/// The span of a setting's first line (name to the end of its value).
fn line(s: &OptionSetting) -> Span {
    s.name.cover(s.value_span())
}

/// The spam filter number of a SPAMFILTERn_… option (`SPAMFILTER_…` is filter 1).
fn spamfilter_number(name: &str) -> Option<u32> {
    let rest = name.strip_prefix("SPAMFILTER")?;
    let digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
    if !rest[digits.len()..].starts_with('_') {
        return None;
    }
    Some(if digits.is_empty() {
        1
    } else {
        digits.parse().ok()?
    })
}

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let option_dat = ctx.set.file_of(Kind::Option);
    if let Some((fi, f)) = option_dat
        && let Some(m) = f.options()
    {
        if let Some(v) = &ctx.options.product_version {
            version_gates(fi, m, v, out);
        }
        xml_attributes(fi, m, out);
        syslog_notices(fi, m, out);
    }
    let global_connection = option_dat
        .and_then(|(_, f)| f.options())
        .and_then(|m| m.get("LOG_CONNECTION"))
        .and_then(int)
        .unwrap_or(0);
    for (fi, f) in ctx.files_of(&[Kind::ChannelOption]) {
        let Some(m) = f.options() else { continue };
        let local = m.get("LOG_CONNECTION").and_then(int).unwrap_or(0);
        if global_connection != 0 || local != 0 {
            continue;
        }
        for name in ["LOG_BANNER", "LOG_TRANSPORTINFO"] {
            if let Some(s) = m.get(name)
                && int(s).is_some_and(|v| v != 0)
            {
                out.push(
                    Diagnostic::new(&CHANNEL_LOG_OPTION_WITHOUT_CONNECTION_LOG, fi, line(s), format!("{name} has no effect while LOG_CONNECTION is 0 or unset"))
                        .help("set LOG_CONNECTION (in option.dat or in this file) to write connection entries"),
                );
            }
        }
    }
}

fn version_gates(fi: usize, m: &OptionModel, version: &[u32], out: &mut Vec<Diagnostic>) {
    let declared = version
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(".");
    let mut gate = |s: &OptionSetting, needs: &str, what: String| {
        let needed = parse_version(needs).unwrap_or_default();
        if older(version, &needed) {
            out.push(
                Diagnostic::new(&NEEDS_NEWER_VERSION, fi, line(s), format!("{what} needs Messaging Server {needs} or later; imtacfg.toml declares {declared}"))
                    .help("upgrade, or use a value this version knows"),
            );
        }
    };
    for s in &m.settings {
        let v = int(s);
        match s.normalized.as_str() {
            "LOG_FORMAT" => match v {
                Some(4) => gate(s, "6.3", "LOG_FORMAT=4 (XML)".into()),
                Some(5) => gate(s, "8.0.2.3", "LOG_FORMAT=5 (JSON)".into()),
                Some(6) => gate(s, "8.1.0.2", "LOG_FORMAT=6 (flat JSON)".into()),
                _ => {}
            },
            "LOG_REASON" if v.is_some_and(|v| v & 2 != 0) => {
                gate(s, "7.0-3.01", "LOG_REASON bit 1".into())
            }
            "LOG_REASON" => gate(s, "6.3", "LOG_REASON".into()),
            "LOG_DIAGNOSTICS" => gate(s, "7.0-3.01", "LOG_DIAGNOSTICS".into()),
            "LOG_NODE" if v.is_some_and(|v| v != 0) => gate(s, "6.3", "LOG_NODE (on UNIX)".into()),
            name => {
                if let Some(n) = spamfilter_number(name) {
                    match n {
                        2..=4 => gate(s, "6.2", format!("spam filter {n}")),
                        5..=8 => gate(s, "6.3", format!("spam filter {n}")),
                        _ => {}
                    }
                }
            }
        }
        if s.value.chars().count() > 256 {
            gate(
                s,
                "6.2p8",
                format!("a value of {} characters", s.value.chars().count()),
            );
        }
    }
}

fn xml_attributes(fi: usize, m: &OptionModel, out: &mut Vec<Diagnostic>) {
    let Some(format) = m
        .get("LOG_FORMAT")
        .filter(|s| int(s).is_some_and(|v| (4..=6).contains(&v)))
    else {
        return;
    };
    let connection = m.get("LOG_CONNECTION").and_then(int).unwrap_or(0);
    let missing: Vec<&str> = [
        (1, "ss (source system, bit 0)"),
        (32, "tr (transport, bit 5)"),
        (64, "ap (application, bit 6)"),
    ]
    .iter()
    .filter(|(bit, _)| connection & bit == 0)
    .map(|(_, what)| *what)
    .collect();
    if !missing.is_empty() {
        out.push(
            Diagnostic::new(
                &XML_LOG_WITHOUT_CONNECTION_FIELDS,
                fi,
                line(format),
                format!(
                    "with LOG_FORMAT={} and LOG_CONNECTION={connection}, log entries carry no {}",
                    format.value_trimmed(),
                    missing.join(", ")
                ),
            )
            .help("add the LOG_CONNECTION bits for the fields your log tools read"),
        );
    }
}

fn syslog_notices(fi: usize, m: &OptionModel, out: &mut Vec<Diagnostic>) {
    let priority = m
        .get("SNDOPR_PRIORITY")
        .map_or("5 (the default)".to_string(), |s| {
            s.value_trimmed().to_string()
        });
    for s in &m.settings {
        let v = int(s);
        let sends = match s.normalized.as_str() {
            "LOG_SNDOPR" | "HELD_SNDOPR" => v.is_some_and(|v| v != 0),
            name if spamfilter_number(name).is_some() && name.ends_with("_OPTIONAL") => {
                v.is_some_and(|v| v.abs() == 2)
            }
            _ => false,
        };
        if sends {
            out.push(
                Diagnostic::new(
                    &SYSLOG_NOTICES,
                    fi,
                    line(s),
                    format!(
                        "{}={} sends notices to syslog at SNDOPR_PRIORITY {priority}",
                        s.normalized,
                        s.value_trimmed()
                    ),
                )
                .help("make sure syslog routes that priority somewhere you read"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{codes, lint_files_with};
    use super::*;
    use crate::lint::LintOptions;

    fn gates(text: &str, version: &str) -> Vec<usize> {
        let opts = LintOptions {
            product_version: parse_version(version),
            ..Default::default()
        };
        lint_files_with(&[("option.dat", text)], &opts)
            .into_iter()
            .filter(|(_, _, d)| d.code() == "OPT409")
            .map(|(_, l, _)| l)
            .collect()
    }

    #[test]
    fn version_gates_need_a_declared_version() {
        let text = "LOG_FORMAT=4\nLOG_DIAGNOSTICS=1\nSPAMFILTER5_LIBRARY=/x.so\nSPAMFILTER_LIBRARY=/y.so\n";
        assert_eq!(gates(text, "6.2"), vec![1, 2, 3]);
        assert_eq!(gates(text, "6.3"), vec![2]);
        assert_eq!(gates(text, "8.0"), Vec::<usize>::new());
        assert!(
            !codes(&[("option.dat", text)])
                .iter()
                .any(|(c, _, _)| *c == "OPT409")
        );
    }

    #[test]
    fn xml_fields_syslog_and_channel_options() {
        let found = codes(&[(
            "option.dat",
            "LOG_FORMAT=4\nLOG_CONNECTION=3\nLOG_SNDOPR=1\nSPAMFILTER2_OPTIONAL=-2\n",
        )]);
        let of = |code: &str| {
            found
                .iter()
                .filter(|(c, _, _)| *c == code)
                .map(|(_, _, l)| *l)
                .collect::<Vec<_>>()
        };
        assert_eq!(of("OPT410"), vec![1]);
        assert_eq!(of("OPT411"), vec![3, 4]);
        let quiet = codes(&[("option.dat", "LOG_FORMAT=4\nLOG_CONNECTION=99\n")]);
        assert!(!quiet.iter().any(|(c, _, _)| *c == "OPT410"));

        let found = codes(&[
            ("option.dat", "LOG_PROCESS=1\n"),
            ("tcp_local_option", "LOG_BANNER=1\n"),
        ]);
        assert!(
            found
                .iter()
                .any(|(c, f, l)| *c == "OPT412" && f.ends_with("tcp_local_option") && *l == 1)
        );
        let quiet = codes(&[
            ("option.dat", "LOG_CONNECTION=3\n"),
            ("tcp_local_option", "LOG_BANNER=1\n"),
        ]);
        assert!(!quiet.iter().any(|(c, _, _)| *c == "OPT412"));
    }
}
