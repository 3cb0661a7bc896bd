//! Logging rules: how the LOG_* options of option.dat fit together, and whether the
//! channels of imta.cnf write the entries those options shape.
//!
//! Message entries are written only by channels with the `logging` keyword (usually from a
//! `defaults` line); LOG_CONNECTION bits 1 and 7 produce the separate connection entries
//! (`O`, `C`, `Y`, `U`); LOG_FORMAT 4 and up (XML, JSON) turn several LOG_* options on by
//! default.

use super::Context;
use super::options::{channels_complete, quote, table_for, value_span};
use crate::knowledge::{OptionInfo, ValueType};
use crate::lint::{Diagnostic, Edit, RuleInfo, Severity};
use crate::model::Span;
use crate::model::config_set::ConfigFile;
use crate::model::imta::BlockKind;
use crate::model::logging::channel_logging;
use crate::model::options::{OptionModel, OptionSetting};
use crate::model::radix::parse_int;
use crate::syntax::Kind;

pub const LOG_WITHOUT_LOGGING: RuleInfo = RuleInfo {
    code: "X401",
    name: "log-options-without-logging",
    severity: Severity::Warning,
    summary: "option.dat shapes message log entries, but no channel in imta.cnf writes any.",
    why: "LOG_* options only add fields to entries that channels write, and a channel writes message entries only when it has the `logging` keyword (itself or from a `defaults` line). Without it the options do nothing and mail.log stays without message entries.",
    example: "option.dat: LOG_MESSAGE_ID=1\nimta.cnf:   defaults notices 1 2 4 7    (no `logging` anywhere)",
    fix: "Add `logging` to the `defaults` line of imta.cnf (or to the channels you want logged).",
};

pub const NODEFAULTS_DROPS_LOGGING: RuleInfo = RuleInfo {
    code: "X402",
    name: "nodefaults-drops-logging",
    severity: Severity::Warning,
    summary: "A `nodefaults` line cancels `defaults logging` for the channels after it.",
    why: "`nodefaults` throws away every earlier `defaults` keyword, `logging` included. The channels that follow it write no message entries unless they say `logging` themselves, which is easy to miss when the defaults line is far above.",
    example: "defaults logging\n\nnodefaults\n\ntcp_partner smtp\ntcp_partner-daemon",
    fix: "Add `logging` to the channel, or write a new `defaults logging` line after the `nodefaults`.",
};

pub const SEPARATE_WITHOUT_CONNECTIONS: RuleInfo = RuleInfo {
    code: "OPT401",
    name: "separate-log-without-connection-log",
    severity: Severity::Warning,
    summary: "SEPARATE_CONNECTION_LOG is on, but LOG_CONNECTION writes no connection entries.",
    why: "SEPARATE_CONNECTION_LOG moves connection entries (open, close, failed attempts, authentications) from mail.log to connection.log. Those entries exist only when LOG_CONNECTION has bit 1 (value 2) or bit 7 (value 128), so with neither the option has nothing to move.",
    example: "LOG_CONNECTION=1\nSEPARATE_CONNECTION_LOG=1",
    fix: "Set bit 1 of LOG_CONNECTION (for example LOG_CONNECTION=3), or drop SEPARATE_CONNECTION_LOG.",
};

pub const PROCESS_WITHOUT_CONNECTIONS: RuleInfo = RuleInfo {
    code: "OPT402",
    name: "log-process-without-connection-log",
    severity: Severity::Info,
    summary: "LOG_PROCESS is on, but there are no connection entries to match message entries with.",
    why: "The process id that LOG_PROCESS adds is meant for pairing message entries with the connection entries of the same SMTP process. Without connection entries (LOG_CONNECTION bit 1 or bit 7) that pairing is not possible.",
    example: "LOG_CONNECTION=1\nLOG_PROCESS=1",
    fix: "Set bit 1 of LOG_CONNECTION (for example LOG_CONNECTION=3), or drop LOG_PROCESS if the ids are not wanted.",
};

pub const SYSLOG_SUPPRESSES: RuleInfo = RuleInfo {
    code: "OPT403",
    name: "syslog-suppresses-mail-log",
    severity: Severity::Warning,
    summary: "A negative LOG_MESSAGES_SYSLOG sends message entries to syslog only.",
    why: "The sign of LOG_MESSAGES_SYSLOG decides whether mail.log keeps its entries: a negative value copies them to syslog and stops writing them to mail.log. The product documentation advises against it, and the MTA's own log tools then find nothing.",
    example: "LOG_MESSAGES_SYSLOG=-20",
    fix: "Use the positive value (LOG_MESSAGES_SYSLOG=20) to write to both syslog and mail.log.",
};

pub const XML_ONLY_BIT: RuleInfo = RuleInfo {
    code: "OPT404",
    name: "xml-only-bit",
    severity: Severity::Info,
    summary: "Bit 2 (value 4) of LOG_REASON, LOG_DIAGNOSTICS or LOG_REMOTE_MTA is set, but the log is not XML or JSON.",
    why: "That bit only makes the XML and JSON formats write the attribute even when it is empty. With LOG_FORMAT below 4 it changes nothing.",
    example: "LOG_REASON=5\nLOG_FORMAT=1",
    fix: "Drop the bit (LOG_REASON=1), or switch to LOG_FORMAT=4 or higher if XML output is the aim.",
};

pub const REDUNDANT_WITH_XML: RuleInfo = RuleInfo {
    code: "OPT405",
    name: "redundant-with-xml-format",
    severity: Severity::Info,
    summary: "A LOG_* option is set to 1 although LOG_FORMAT 4 or higher already turns it on.",
    why: "From 6.3p1 the XML and JSON formats switch LOG_FILENAME, LOG_FILTER, LOG_MESSAGE_ID, LOG_NOTARY, LOG_PRIORITY, LOG_PROCESS, LOG_QUEUE_TIME, LOG_REASON and LOG_USERNAME on by default. Setting them to 1 as well is harmless but adds nothing.",
    example: "LOG_FORMAT=4\nLOG_MESSAGE_ID=1",
    fix: "Remove the line; write 0 only for the fields that should stay out of the log.",
};

pub const SMALL_BLOCK_SIZE: RuleInfo = RuleInfo {
    code: "OPT406",
    name: "small-block-size",
    severity: Severity::Warning,
    summary: "BLOCK_SIZE is below 512 bytes.",
    why: "BLOCK_SIZE is the unit of message sizes in the log and of every block limit (`blocklimit`, *_BLOCK_LIMIT). A very small block makes those numbers huge, so limits can overflow and existing limits suddenly mean something much smaller.",
    example: "BLOCK_SIZE=100",
    fix: "Keep the default of 1024 unless there is a strong reason; never go below 512.",
};

pub const UNKNOWN_BITS: RuleInfo = RuleInfo {
    code: "OPT407",
    name: "log-bits-unknown",
    severity: Severity::Info,
    summary: "A bit-encoded LOG_* option sets bits whose meaning imtacfg does not know.",
    why: "Each bit of these options switches one kind of detail on. A bit with no known meaning is either a typing error in the sum or a feature of a release imtacfg has no information about; either way it is worth a second look.",
    example: "LOG_CONNECTION=259",
    fix: "Check the sum of the bit values; remove bits that were not meant.",
};

pub const COUNTER_BINS: RuleInfo = RuleInfo {
    code: "OPT408",
    name: "counter-bins",
    severity: Severity::Warning,
    summary: "A counter bin list has too many values or is not in ascending order.",
    why: "LOG_DELAY_BINS and LOG_SIZE_BINS take at most 5 limits and CIRCUITCHECK_COMPLETED_BINS at most 8; the limits divide the counters into ranges, which only makes sense when they go up.",
    example: "LOG_DELAY_BINS=60,600,6000,600,60000,600000",
    fix: "Keep at most the allowed number of values and write them from smallest to largest.",
};

pub static RULES: &[&RuleInfo] = &[
    &LOG_WITHOUT_LOGGING,
    &NODEFAULTS_DROPS_LOGGING,
    &SEPARATE_WITHOUT_CONNECTIONS,
    &PROCESS_WITHOUT_CONNECTIONS,
    &SYSLOG_SUPPRESSES,
    &XML_ONLY_BIT,
    &REDUNDANT_WITH_XML,
    &SMALL_BLOCK_SIZE,
    &UNKNOWN_BITS,
    &COUNTER_BINS,
];

/// LOG_* options that do not shape message entries (connection, syslog, counters, debug).
const NOT_MESSAGE_LOGGING: &[&str] = &[
    "LOG_CONNECTION",
    "LOG_CONNECTIONS_SYSLOG",
    "LOG_SNDOPR",
    "LOG_DEBUG",
    "LOG_FRUSTRATION_LIMIT",
    "LOG_DELAY_BINS",
    "LOG_SIZE_BINS",
    "LOG_STATISTICS",
];

/// Options that also shape connection entries (layout, process id, node, close reasons).
const ALSO_CONNECTION_ENTRIES: &[&str] =
    &["LOG_FORMAT", "LOG_PROCESS", "LOG_NODE", "LOG_DIAGNOSTICS"];

/// Options whose default becomes 1 with LOG_FORMAT 4 and up (6.3p1+).
const ON_WITH_XML: &[&str] = &[
    "LOG_FILENAME",
    "LOG_FILTER",
    "LOG_MESSAGE_ID",
    "LOG_NOTARY",
    "LOG_PRIORITY",
    "LOG_PROCESS",
    "LOG_QUEUE_TIME",
    "LOG_REASON",
    "LOG_USERNAME",
];

/// Options whose bit 2 (value 4) only matters for XML and JSON output.
const XML_BIT_OPTIONS: &[&str] = &["LOG_REASON", "LOG_DIAGNOSTICS", "LOG_REMOTE_MTA"];

/// LOG_CONNECTION bits that produce connection entries of their own: 1 (O, C, Y) and 7 (U).
const CONNECTION_ENTRY_BITS: i64 = 2 | 128;

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    nodefaults(ctx, out);
    for (fi, f) in ctx.files_of(&[Kind::Option, Kind::ChannelOption]) {
        unknown_bits(ctx, fi, f, out);
    }
    let Some((fi, f)) = ctx.set.file_of(Kind::Option) else {
        return;
    };
    let Some(m) = f.options() else { return };
    let o = OptionDat {
        fi,
        m,
        text: ctx.text(fi),
    };
    without_logging(ctx, &o, out);
    connection_dependants(ctx, &o, out);
    syslog(&o, out);
    xml_bits(&o, out);
    redundant_with_xml(&o, out);
    block_size(&o, out);
    bins(ctx, &o, out);
}

/// The set's option.dat.
struct OptionDat<'a> {
    fi: usize,
    m: &'a OptionModel,
    text: &'a str,
}

impl<'a> OptionDat<'a> {
    /// The setting that counts for a name.
    fn get(&self, name: &str) -> Option<&'a OptionSetting> {
        self.m.get(name)
    }

    /// The effective integer value of an option, with its setting; `None` when unset or
    /// not an integer (OPT102 reports those).
    fn int(&self, name: &str) -> Option<(i64, &'a OptionSetting)> {
        let s = self.get(name)?;
        parse_int(s.value_trimmed()).ok().map(|v| (v, s))
    }

    /// The setting's first line without the terminator: `NAME=value`.
    fn setting_span(&self, s: &OptionSetting) -> Span {
        let end = value_span(s, self.text).end.max(s.equals.end);
        Span::new(s.name.start as usize, end as usize)
    }
}

/// Does a value switch something on? Unparseable values count as set.
fn non_zero(s: &OptionSetting) -> bool {
    match parse_int(s.value_trimmed()) {
        Ok(v) => v != 0,
        Err(_) => !s.value_trimmed().is_empty(),
    }
}

fn without_logging(ctx: &Context, o: &OptionDat, out: &mut Vec<Diagnostic>) {
    let Some((ifi, imta_file)) = ctx.set.file_of(Kind::Imta) else {
        return;
    };
    if !channels_complete(ctx) {
        return;
    }
    let channels = channel_logging(ctx.set);
    if channels.is_empty() || channels.iter().any(|c| c.logging) {
        return;
    }
    // With connection logging on, some options shape the connection entries too, which
    // do not depend on channel `logging`.
    let connections = connection_entries(ctx, o.int("LOG_CONNECTION").map(|(v, _)| v));
    let Some(first) = o.m.settings.iter().find(|s| {
        let n = s.normalized.as_str();
        n.starts_with("LOG_")
            && !NOT_MESSAGE_LOGGING.contains(&n)
            && !(connections && ALSO_CONNECTION_ENTRIES.contains(&n))
            && non_zero(s)
    }) else {
        return;
    };
    let itext = ctx.text(ifi);
    let defaults = imta_file.imta().and_then(|m| {
        m.blocks
            .iter()
            .filter(|b| b.kind == BlockKind::Defaults)
            .find_map(|b| b.head.as_ref().map(|h| h.span))
    });
    let (span, note) = match defaults {
        Some(sp) => (sp, "this defaults line has no `logging`"),
        None => {
            let first_line = itext.split('\n').next().unwrap_or_default();
            let first_line = first_line.strip_suffix('\r').unwrap_or(first_line);
            (
                Span::new(0, first_line.len()),
                "no channel of this file says `logging`, and there is no `defaults` line",
            )
        }
    };
    let name = first.name.text(o.text);
    out.push(
        Diagnostic::new(
            &LOG_WITHOUT_LOGGING,
            o.fi,
            first.name,
            format!(
                "`{name}={}` has no effect: no channel in imta.cnf has `logging`, so no message entries are written",
                quote(first.value_trimmed())
            ),
        )
        .related(ifi, span, note)
        .help("add `logging` to the `defaults` line of imta.cnf (or to each channel that should be logged)"),
    );
}

fn nodefaults(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for c in channel_logging(ctx.set) {
        let Some(place) = c.lost_by_nodefaults else {
            continue;
        };
        let f = &ctx.set.files[c.file];
        let Some(head) = f
            .imta()
            .and_then(|m| m.blocks.get(c.block))
            .and_then(|b| b.head.as_ref())
        else {
            continue;
        };
        let pf = &ctx.set.files[place.file];
        let line = pf.source.line_col(place.span.start as usize).line;
        let at = if place.file == c.file {
            format!("line {line}")
        } else {
            format!("{}:{line}", pf.name())
        };
        out.push(
            Diagnostic::new(
                &NODEFAULTS_DROPS_LOGGING,
                c.file,
                head.name,
                format!(
                    "channel `{}` writes no message log entries: the `nodefaults` on {at} cancelled the earlier `defaults logging`",
                    c.name
                ),
            )
            .related(place.file, place.span, "this `nodefaults` cancels `defaults logging`")
            .help("add `logging` to this channel, or write a new `defaults logging` line after the `nodefaults`")
            .fix(
                format!("add `logging` to channel {}", c.name),
                vec![Edit {
                    file: c.file,
                    span: Span::new(head.name.end as usize, head.name.end as usize),
                    replacement: " logging".to_string(),
                }],
            ),
        );
    }
}

/// Does option.dat or a channel option file set LOG_CONNECTION with a bit that writes
/// connection entries of their own?
fn connection_entries(ctx: &Context, global: Option<i64>) -> bool {
    let writes = |v: i64| v > 0 && v & CONNECTION_ENTRY_BITS != 0;
    // A channel-level LOG_CONNECTION (tcp_local_option) produces connection entries too.
    global.is_some_and(writes)
        || ctx.files_of(&[Kind::ChannelOption]).any(|(_, f)| {
            f.options()
                .and_then(|m| m.get("LOG_CONNECTION"))
                .and_then(|s| parse_int(s.value_trimmed()).ok())
                .is_some_and(writes)
        })
}

fn connection_dependants(ctx: &Context, o: &OptionDat, out: &mut Vec<Diagnostic>) {
    let lc_setting = o.get("LOG_CONNECTION");
    if lc_setting.is_some_and(|s| parse_int(s.value_trimmed()).is_err()) {
        return; // OPT102 reports the value itself.
    }
    let global = o.int("LOG_CONNECTION").map(|(v, _)| v);
    if connection_entries(ctx, global) {
        return;
    }
    let why = match global {
        Some(v) if v != 0 => {
            format!("LOG_CONNECTION={v} sets neither bit 1 (value 2) nor bit 7 (value 128)")
        }
        Some(_) => "LOG_CONNECTION is 0".to_string(),
        None => "LOG_CONNECTION is not set".to_string(),
    };
    let related = |d: Diagnostic| match lc_setting {
        Some(s) => d.related(
            o.fi,
            o.setting_span(s),
            "no connection entries with this value",
        ),
        None => d,
    };
    if let Some((v, s)) = o.int("SEPARATE_CONNECTION_LOG")
        && v != 0
    {
        out.push(related(
            Diagnostic::new(
                &SEPARATE_WITHOUT_CONNECTIONS,
                o.fi,
                o.setting_span(s),
                format!("SEPARATE_CONNECTION_LOG={v} has nothing to separate: {why}, so no connection entries are written"),
            )
            .help("set bit 1 of LOG_CONNECTION (LOG_CONNECTION=3 logs connection details and open/close entries), or remove SEPARATE_CONNECTION_LOG"),
        ));
    }
    if let Some((v, s)) = o.int("LOG_PROCESS")
        && v != 0
    {
        out.push(related(
            Diagnostic::new(
                &PROCESS_WITHOUT_CONNECTIONS,
                o.fi,
                o.setting_span(s),
                format!("LOG_PROCESS={v} has no connection entries to be matched with: {why}"),
            )
            .help("set bit 1 of LOG_CONNECTION (for example LOG_CONNECTION=3) so the process ids can pair message and connection entries"),
        ));
    }
}

fn syslog(o: &OptionDat, out: &mut Vec<Diagnostic>) {
    let Some((v, s)) = o.int("LOG_MESSAGES_SYSLOG") else {
        return;
    };
    if v >= 0 {
        return;
    }
    let span = value_span(s, o.text);
    out.push(
        Diagnostic::new(
            &SYSLOG_SUPPRESSES,
            o.fi,
            span,
            format!(
                "LOG_MESSAGES_SYSLOG={v} sends message entries to syslog only; mail.log gets none"
            ),
        )
        .help(format!(
            "use LOG_MESSAGES_SYSLOG={} to write the entries to syslog and to mail.log",
            -v
        ))
        .fix(
            "keep mail.log entries as well",
            vec![Edit {
                file: o.fi,
                span,
                replacement: (-v).to_string(),
            }],
        ),
    );
}

/// LOG_FORMAT as it counts: `None` when unset (format 1) and `Some(Err)` when unreadable.
fn log_format(o: &OptionDat) -> Option<Result<i64, ()>> {
    o.get("LOG_FORMAT")
        .map(|s| parse_int(s.value_trimmed()).map_err(|_| ()))
}

fn xml_bits(o: &OptionDat, out: &mut Vec<Diagnostic>) {
    let (format_text, format) = match log_format(o) {
        None => ("LOG_FORMAT is not set (plain format)".to_string(), 1),
        Some(Ok(v)) => (format!("LOG_FORMAT is {v}"), v),
        Some(Err(())) => return,
    };
    if format >= 4 {
        return;
    }
    for name in XML_BIT_OPTIONS {
        let Some((v, s)) = o.int(name) else { continue };
        if v < 0 || v & 4 == 0 {
            continue;
        }
        out.push(
            Diagnostic::new(
                &XML_ONLY_BIT,
                o.fi,
                value_span(s, o.text),
                format!("bit 2 (value 4) of {name}={v} only affects XML and JSON logs, but {format_text}"),
            )
            .help(format!(
                "drop the bit ({name}={}) or use LOG_FORMAT=4 or higher",
                v & !4
            )),
        );
    }
}

fn redundant_with_xml(o: &OptionDat, out: &mut Vec<Diagnostic>) {
    let Some(Ok(format)) = log_format(o) else {
        return;
    };
    if !(4..=6).contains(&format) {
        return;
    }
    for name in ON_WITH_XML {
        let Some((1, s)) = o.int(name) else { continue };
        out.push(
            Diagnostic::new(
                &REDUNDANT_WITH_XML,
                o.fi,
                o.setting_span(s),
                format!("{name}=1 repeats the default: with LOG_FORMAT={format} it is already on (6.3p1 and later)"),
            )
            .help("remove the line; an explicit 0 is only needed to keep the field out"),
        );
    }
}

fn block_size(o: &OptionDat, out: &mut Vec<Diagnostic>) {
    let Some((v, s)) = o.int("BLOCK_SIZE") else {
        return;
    };
    // Zero and negative sizes are out of range: OPT102 reports them.
    if !(1..512).contains(&v) {
        return;
    }
    out.push(
        Diagnostic::new(
            &SMALL_BLOCK_SIZE,
            o.fi,
            value_span(s, o.text),
            format!("BLOCK_SIZE={v} is below 512 bytes"),
        )
        .help("use the default 1024 (or at least 512); every size in the log and every block limit is counted in these units"),
    );
}

fn unknown_bits(ctx: &Context, fi: usize, f: &ConfigFile, out: &mut Vec<Diagnostic>) {
    let Some(m) = f.options() else { return };
    let text = ctx.text(fi);
    let table = table_for(ctx, f.kind);
    for s in &m.settings {
        if !s.normalized.starts_with("LOG_") {
            continue;
        }
        let Some(info) = table.get_folded(&s.normalized) else {
            continue;
        };
        if info.ty != ValueType::Bits || info.bits.is_empty() {
            continue;
        }
        let Ok(v) = parse_int(s.value_trimmed()) else {
            continue;
        };
        if v <= 0 {
            continue;
        }
        let set: Vec<u8> = (0..63u8).filter(|b| v & (1i64 << b) != 0).collect();
        let unknown: Vec<u8> = set
            .iter()
            .copied()
            .filter(|b| !info.bits.iter().any(|i| i.bit == *b))
            .collect();
        if unknown.is_empty() {
            continue;
        }
        let name = s.name.text(text);
        let list = unknown
            .iter()
            .map(|b| format!("bit {b} ({})", 1i64 << b))
            .collect::<Vec<_>>()
            .join(", ");
        let verb = if unknown.len() == 1 { "has" } else { "have" };
        out.push(
            Diagnostic::new(
                &UNKNOWN_BITS,
                fi,
                value_span(s, text),
                format!("{name}={v} sets {list}, which {verb} no known meaning"),
            )
            .help(decode(v, info)),
        );
    }
}

/// Every set bit of a value with its catalog meaning.
fn decode(v: i64, info: &OptionInfo) -> String {
    let parts: Vec<String> = (0..63u8)
        .filter(|b| v & (1i64 << b) != 0)
        .map(|b| match info.bits.iter().find(|i| i.bit == b) {
            Some(i) => {
                let note = if i.provenance.confidence == crate::knowledge::Confidence::Unverified {
                    " (unverified)"
                } else {
                    ""
                };
                format!("bit {b} ({}): {}{note}", 1i64 << b, i.meaning)
            }
            None => format!("bit {b} ({}): unknown", 1i64 << b),
        })
        .collect();
    format!(
        "{} = {}; check that the sum is what you meant",
        v,
        parts.join("; ")
    )
}

fn bins(ctx: &Context, o: &OptionDat, out: &mut Vec<Diagnostic>) {
    for s in &o.m.settings {
        let Some(info) = ctx.catalog.options.get_folded(&s.normalized) else {
            continue;
        };
        let ValueType::IntList { max } = info.ty else {
            continue;
        };
        let items: Result<Vec<i64>, _> = s
            .value_trimmed()
            .split(',')
            .map(|i| parse_int(i.trim()))
            .collect();
        let Ok(items) = items else { continue }; // OPT102 reports bad items.
        let name = s.name.text(o.text);
        let span = value_span(s, o.text);
        if items.len() > max as usize {
            out.push(
                Diagnostic::new(
                    &COUNTER_BINS,
                    o.fi,
                    span,
                    format!("{name} has {} values; at most {max} are used", items.len()),
                )
                .help(format!("keep at most {max} limits"))
                .evidence(&info.provenance),
            );
        }
        if let Some(w) = items.windows(2).find(|w| w[1] <= w[0]) {
            out.push(
                Diagnostic::new(
                    &COUNTER_BINS,
                    o.fi,
                    span,
                    format!(
                        "{name} is not in ascending order: {} comes after {}",
                        w[1], w[0]
                    ),
                )
                .help("write the limits from smallest to largest")
                .evidence(&info.provenance),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{codes, lint_files};
    use crate::lint::Severity;

    const IMTA_LOGGING: &str = "! rules\n.example.com $U%$D@tcp_local-daemon\n\ndefaults logging\n\nl\nl-daemon\n\ntcp_local smtp mx\ntcp_local-daemon\n";
    const IMTA_NO_LOGGING: &str = "! rules\n.example.com $U%$D@tcp_local-daemon\n\ndefaults notices 1 2 4 7\n\nl\nl-daemon\n\ntcp_local smtp mx\ntcp_local-daemon\n";
    const IMTA_NODEFAULTS: &str = "! rules\n.example.com $U%$D@tcp_local-daemon\n\ndefaults logging\n\nl\nl-daemon\n\nnodefaults\n\ntcp_local smtp mx\ntcp_local-daemon\n\ntcp_intranet smtp logging\ntcp_intranet-daemon\n";

    fn has(found: &[(&'static str, String, usize)], code: &str, file: &str, line: usize) -> bool {
        found
            .iter()
            .any(|(c, f, l)| *c == code && f.ends_with(file) && *l == line)
    }

    fn none_of(found: &[(&'static str, String, usize)], code: &str) -> bool {
        found.iter().all(|(c, _, _)| *c != code)
    }

    #[test]
    fn x401_log_options_without_logging() {
        let found = codes(&[
            (
                "option.dat",
                "! x\nLOG_CONNECTION=3\nLOG_MESSAGE_ID=1\nLOG_FILENAME=1\n",
            ),
            ("imta.cnf", IMTA_NO_LOGGING),
        ]);
        assert!(has(&found, "X401", "option.dat", 3), "{found:?}");
        assert_eq!(found.iter().filter(|(c, _, _)| *c == "X401").count(), 1);
    }

    #[test]
    fn x401_quiet_with_logging_or_without_imta() {
        let opt = ("option.dat", "LOG_MESSAGE_ID=1\n");
        assert!(none_of(&codes(&[opt, ("imta.cnf", IMTA_LOGGING)]), "X401"));
        assert!(none_of(&codes(&[opt]), "X401"));
        // Connection-only options do not need channel logging.
        let conn = ("option.dat", "LOG_CONNECTION=3\nLOG_MESSAGE_ID=0\n");
        assert!(none_of(
            &codes(&[conn, ("imta.cnf", IMTA_NO_LOGGING)]),
            "X401"
        ));
    }

    #[test]
    fn x402_nodefaults_drops_logging() {
        let found = codes(&[("imta.cnf", IMTA_NODEFAULTS)]);
        assert!(has(&found, "X402", "imta.cnf", 11), "{found:?}");
        // tcp_intranet says `logging` itself; l comes before the nodefaults.
        assert!(!has(&found, "X402", "imta.cnf", 14), "{found:?}");
        assert!(!has(&found, "X402", "imta.cnf", 6), "{found:?}");
        assert!(none_of(&codes(&[("imta.cnf", IMTA_LOGGING)]), "X402"));
    }

    #[test]
    fn opt401_separate_log_without_connection_entries() {
        let found = codes(&[(
            "option.dat",
            "LOG_CONNECTION=1\nSEPARATE_CONNECTION_LOG=1\n",
        )]);
        assert!(has(&found, "OPT401", "option.dat", 2), "{found:?}");
        let found = codes(&[("option.dat", "SEPARATE_CONNECTION_LOG=1\n")]);
        assert!(has(&found, "OPT401", "option.dat", 1), "{found:?}");
    }

    #[test]
    fn opt401_quiet_with_connection_entries() {
        for text in [
            "SEPARATE_CONNECTION_LOG=1\nLOG_CONNECTION=642\n",
            "LOG_CONNECTION=3\nSEPARATE_CONNECTION_LOG=1\n",
            "LOG_CONNECTION=1\nSEPARATE_CONNECTION_LOG=0\n",
        ] {
            assert!(none_of(&codes(&[("option.dat", text)]), "OPT401"), "{text}");
        }
        // Channel-level connection logging counts too.
        let found = codes(&[
            ("option.dat", "SEPARATE_CONNECTION_LOG=1\n"),
            ("tcp_local_option", "LOG_CONNECTION=3\n"),
        ]);
        assert!(none_of(&found, "OPT401"), "{found:?}");
    }

    #[test]
    fn opt402_log_process_without_connection_entries() {
        let found = lint_files(&[("option.dat", "LOG_CONNECTION=1\nLOG_PROCESS=1\n")]);
        let hit = found
            .iter()
            .find(|(_, _, d)| d.code == "OPT402")
            .expect("OPT402");
        assert_eq!(hit.1, 2);
        assert_eq!(hit.2.severity, Severity::Info);
        let ok = codes(&[("option.dat", "LOG_CONNECTION=3\nLOG_PROCESS=1\n")]);
        assert!(none_of(&ok, "OPT402"), "{ok:?}");
    }

    #[test]
    fn opt403_negative_messages_syslog() {
        let found = codes(&[("option.dat", "LOG_MESSAGES_SYSLOG=-20\n")]);
        assert!(has(&found, "OPT403", "option.dat", 1), "{found:?}");
        let ok = codes(&[("option.dat", "LOG_MESSAGES_SYSLOG=20\n")]);
        assert!(none_of(&ok, "OPT403"), "{ok:?}");
    }

    #[test]
    fn opt404_xml_only_bit() {
        let found = codes(&[(
            "option.dat",
            "LOG_REASON=5\nLOG_DIAGNOSTICS=7\nLOG_FORMAT=2\n",
        )]);
        assert!(has(&found, "OPT404", "option.dat", 1), "{found:?}");
        assert!(has(&found, "OPT404", "option.dat", 2), "{found:?}");
        let ok = codes(&[(
            "option.dat",
            "LOG_REASON=5\nLOG_FORMAT=4\nLOG_DIAGNOSTICS=3\n",
        )]);
        assert!(none_of(&ok, "OPT404"), "{ok:?}");
    }

    #[test]
    fn opt405_redundant_with_xml() {
        let found = codes(&[(
            "option.dat",
            "LOG_FORMAT=4\nLOG_MESSAGE_ID=1\nLOG_FILENAME=3\n",
        )]);
        assert!(has(&found, "OPT405", "option.dat", 2), "{found:?}");
        assert!(!has(&found, "OPT405", "option.dat", 3), "{found:?}");
        let ok = codes(&[("option.dat", "LOG_FORMAT=1\nLOG_MESSAGE_ID=1\n")]);
        assert!(none_of(&ok, "OPT405"), "{ok:?}");
    }

    #[test]
    fn opt406_small_block_size() {
        let found = codes(&[("option.dat", "BLOCK_SIZE=256\n")]);
        assert!(has(&found, "OPT406", "option.dat", 1), "{found:?}");
        let ok = codes(&[("option.dat", "BLOCK_SIZE=512\n")]);
        assert!(none_of(&ok, "OPT406"), "{ok:?}");
    }

    #[test]
    fn opt407_unknown_bits() {
        let found = lint_files(&[("option.dat", "LOG_CONNECTION=259\n")]);
        let hit = found
            .iter()
            .find(|(_, _, d)| d.code == "OPT407")
            .expect("OPT407");
        assert_eq!(hit.1, 1);
        assert!(hit.2.message.contains("bit 8 (256)"), "{}", hit.2.message);
        assert!(hit.2.help.as_deref().unwrap().contains("bit 1 (2)"));
        let ok = codes(&[
            (
                "option.dat",
                "LOG_CONNECTION=642\nLOG_MESSAGE_ID=3\nLOG_FILENAME=3\n",
            ),
            ("tcp_local_option", "LOG_CONNECTION=3\n"),
        ]);
        assert!(none_of(&ok, "OPT407"), "{ok:?}");
        let chan = codes(&[("tcp_local_option", "LOG_CONNECTION=1024\n")]);
        assert!(has(&chan, "OPT407", "tcp_local_option", 1), "{chan:?}");
    }

    #[test]
    fn opt408_counter_bins() {
        let found = codes(&[(
            "option.dat",
            "LOG_DELAY_BINS=60,600,6000,60000,600000,6000000\nLOG_SIZE_BINS=10,2,50\n",
        )]);
        assert!(has(&found, "OPT408", "option.dat", 1), "{found:?}");
        assert!(has(&found, "OPT408", "option.dat", 2), "{found:?}");
        let ok = codes(&[(
            "option.dat",
            "LOG_DELAY_BINS=60,600,6000,60000,600000\nCIRCUITCHECK_COMPLETED_BINS=120,300,900,1800,3600,7200,14400,28800\n",
        )]);
        assert!(none_of(&ok, "OPT408"), "{ok:?}");
    }

    #[test]
    fn real_option_dat_is_quiet() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/real/option.dat.backup");
        let Ok(text) = std::fs::read_to_string(path) else {
            return;
        };
        let loud: Vec<_> = lint_files(&[("option.dat", text.as_str()), ("imta.cnf", IMTA_LOGGING)])
            .into_iter()
            .filter(|(_, _, d)| {
                super::RULES.iter().any(|r| r.code == d.code) && d.severity > Severity::Info
            })
            .map(|(f, l, d)| (f, l, d.code, d.message))
            .collect();
        assert!(loud.is_empty(), "{loud:#?}");
    }

    #[test]
    fn mistakes_directory_logging_rows() {
        let found: Vec<(&str, String, usize)> = super::super::testing::lint_example("mistakes")
            .into_iter()
            .map(|(code, file, line, _)| (code, file, line))
            .collect();
        assert!(has(&found, "OPT401", "option.dat", 5), "{found:?}");
        assert!(has(&found, "OPT402", "option.dat", 6), "{found:?}");
    }
}
