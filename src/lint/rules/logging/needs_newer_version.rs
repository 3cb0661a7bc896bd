//! OPT409: an option or value that needs a newer product version than the one declared
//! (imtacfg.toml or --product-version).

use super::{int, line, spamfilter_number};
use crate::lint::table::NEEDS_NEWER_VERSION;
use crate::lint::{Context, Diagnostic};
use crate::model::options::{OptionModel, OptionSetting};
use crate::model::version::{older, parse_version};

/// Report option.dat settings that need a newer product version than `product-version`
/// of the settings (only when that is declared).
pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    if let Some(o) = super::option_dat(ctx)
        && let Some(v) = &ctx.options.product_version
    {
        version_gates(o.fi, o.m, v, ctx.options.product_version_from, out);
    }
}

fn version_gates(
    fi: usize,
    m: &OptionModel,
    version: &[u32],
    from: &str,
    out: &mut Vec<Diagnostic>,
) {
    let declared = version.iter().map(u32::to_string).collect::<Vec<_>>().join(".");
    let mut gate = |s: &OptionSetting, needs: &str, what: String| {
        let needed = parse_version(needs).unwrap_or_default();
        if older(version, &needed) {
            out.push(
                Diagnostic::new(&NEEDS_NEWER_VERSION, fi, line(s), format!("{what} needs Messaging Server {needs} or later; the configuration is for {declared} ({from})"))
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
            gate(s, "6.2p8", format!("a value of {} characters", s.value.chars().count()));
        }
    }
}
