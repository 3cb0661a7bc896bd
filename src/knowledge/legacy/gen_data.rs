//! Throwaway: writes `src/knowledge/data/*.toml` from the Rust tables, so that the data
//! files are a transcription and not a hand copy. Run with
//! `cargo test --lib gen_data -- --ignored`; removed once the tables are gone.

use std::fmt::Write as _;

use super::types::*;

fn q(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => write!(out, "\\u{:04X}", c as u32).unwrap(),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn confidence(c: Confidence) -> &'static str {
    match c {
        Confidence::Documented => "documented",
        Confidence::SeenInRealFiles => "seen-in-real-files",
        Confidence::Unverified => "unverified",
    }
}

fn prov(p: Provenance) -> String {
    format!(
        "source = {}, confidence = \"{}\"",
        q(p.source),
        confidence(p.confidence)
    )
}

fn arg_type(t: ArgType) -> &'static str {
    match t {
        ArgType::Int => "int",
        ArgType::Str => "str",
        ArgType::Host => "host",
        ArgType::Channel => "channel",
        ArgType::Url => "url",
        ArgType::Template => "template",
        ArgType::Duration => "duration",
        ArgType::Ip => "ip",
    }
}

fn value_type(t: ValueType) -> String {
    let name = |n: &str| format!("type = \"{n}\"");
    match t {
        ValueType::Int { min, max } => {
            let mut s = name("int");
            if let Some(m) = min {
                write!(s, ", min = {m}").unwrap();
            }
            if let Some(m) = max {
                write!(s, ", max = {m}").unwrap();
            }
            s
        }
        ValueType::Bool => name("bool"),
        ValueType::Bits => name("bits"),
        ValueType::Str => name("str"),
        ValueType::Path => name("path"),
        ValueType::DirPrefix => name("dir-prefix"),
        ValueType::LdapAttr => name("ldap-attr"),
        ValueType::IntList { max } => format!("{}, max = {max}", name("int-list")),
        ValueType::List => name("list"),
        ValueType::Port => name("port"),
        ValueType::Unknown => name("unknown"),
    }
}

/// Section comments of a table source: (first string literal after the comment, comment).
fn comments(src: &str, table: &str) -> Vec<(String, String)> {
    let start = src.find(&format!("pub static {table}")).unwrap();
    let body = &src[start..];
    let mut out = Vec::new();
    let mut pending: Option<String> = None;
    for line in body.lines() {
        let t = line.trim_start();
        if line.starts_with("    //") && !line.starts_with("    ///") {
            pending = Some(t.trim_start_matches("//").trim().to_string());
        } else if pending.is_some()
            && let Some(i) = t.find('"')
        {
            let rest = &t[i + 1..];
            let j = rest.find('"').unwrap();
            out.push((rest[..j].to_string(), pending.take().unwrap()));
        }
    }
    out
}

fn header(text: &str) -> String {
    let mut s = String::new();
    for l in text.trim().lines() {
        if l.is_empty() {
            s.push_str("#\n");
        } else {
            writeln!(s, "# {l}").unwrap();
        }
    }
    s
}

fn rows(key: &str, rows: Vec<(String, String)>, comments: &[(String, String)]) -> String {
    let mut s = format!("{key} = [\n");
    for (name, row) in rows {
        for (n, c) in comments {
            if *n == name {
                if !s.ends_with("[\n") {
                    s.push('\n');
                }
                writeln!(s, "  # {c}").unwrap();
            }
        }
        writeln!(s, "  {{ {row} }},").unwrap();
    }
    s.push_str("]\n");
    s
}

fn keyword_row(k: &KeywordInfo) -> (String, String) {
    let mut s = format!("name = {}", q(k.name));
    match k.arity {
        Arity::Flag => {}
        Arity::One { ty } => write!(s, ", args = 1, type = \"{}\"", arg_type(ty)).unwrap(),
        Arity::List { ty, min, max } => {
            assert_eq!(min, 1, "{}", k.name);
            write!(
                s,
                ", args = \"list\", type = \"{}\", max = {max}",
                arg_type(ty)
            )
            .unwrap()
        }
    }
    if let Some(g) = k.group {
        write!(s, ", group = {}", q(g)).unwrap();
    }
    if k.is_default {
        s.push_str(", default = true");
    }
    write!(s, ", summary = {}, {}", q(k.summary), prov(k.provenance)).unwrap();
    (k.name.to_string(), s)
}

fn option_row(o: &OptionInfo, file: OptionFile) -> (String, String) {
    assert_eq!(o.file, file, "{}", o.name);
    let mut s = format!("name = {}, {}", q(o.name), value_type(o.ty));
    if let Some(d) = o.default {
        write!(s, ", default = {}", q(d)).unwrap();
    }
    write!(s, ", summary = {}, {}", q(o.summary), prov(o.provenance)).unwrap();
    (o.name.to_string(), s)
}

fn service_row(o: &ServiceOptionInfo, file: ServiceFile) -> (String, String) {
    assert_eq!(o.file, file, "{}", o.name);
    let mut scope = Vec::new();
    for (on, letter) in [
        (o.scope.global, "G"),
        (o.scope.section, "S"),
        (o.scope.dispatcher, "D"),
    ] {
        if on {
            scope.push(letter);
        }
    }
    let mut s = format!(
        "name = {}, scope = \"{}\", {}",
        q(o.name),
        scope.join("/"),
        value_type(o.ty)
    );
    if let Some(d) = o.default {
        write!(s, ", default = {}", q(d)).unwrap();
    }
    if let Some(m) = o.max_repeat {
        write!(s, ", max-repeat = {m}").unwrap();
    }
    write!(s, ", summary = {}, {}", q(o.summary), prov(o.provenance)).unwrap();
    (o.name.to_string(), s)
}

fn write(name: &str, text: String) {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/knowledge/data");
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(format!("{dir}/{name}"), text).unwrap();
}

const ROWS_NOTE: &str =
    "One row per line. `source` says where the fact comes from, `confidence` how sure it is:
documented, seen-in-real-files or unverified (never enough for an error-level finding).";

#[test]
#[ignore = "writes the data files; run by hand"]
fn generate() {
    // keywords
    let src = include_str!("keywords.rs");
    let kws = super::keywords::KEYWORDS.iter().map(keyword_row).collect();
    write(
        "keywords.toml",
        format!(
            "{}\n{}",
            header(&format!(
                "Channel keywords of imta.cnf (spec/imta-cnf.md §3 and §4).

Members of a mutually exclusive setting share a `group` (the Group column of the spec
tables); `default = true` marks the member the spec names as the default. A `#` in a name
stands for a filter number. `args` is 0 (a flag, when absent), 1, or \"list\" (1 to `max`
words of `type`). Lists: the *backoff keywords take up to eight ISO 8601 retry intervals,
the *notices keywords at most five ages, nameservers up to 16 addresses; defaulthost takes
one host, but real working files give two, hence max = 2.

{ROWS_NOTE}"
            )),
            rows("keyword", kws, &comments(src, "KEYWORDS"))
        ),
    );

    // option.dat, with the bit tables
    let src = include_str!("options.rs");
    let opts = super::options::OPTIONS
        .iter()
        .map(|o| option_row(o, OptionFile::OptionDat))
        .collect();
    let mut bits = String::from("bit = [\n");
    for o in super::options::OPTIONS {
        assert!(o.bits.is_empty() || o.ty == ValueType::Bits);
        for b in o.bits {
            writeln!(
                bits,
                "  {{ option = {}, bit = {}, meaning = {}, {} }},",
                q(o.name),
                b.bit,
                q(b.meaning),
                prov(b.provenance)
            )
            .unwrap();
        }
    }
    bits.push_str("]\n");
    write(
        "options.toml",
        format!(
            "{}\n{}\n{}\n{}",
            header(&format!(
                "Global MTA options of option.dat (spec/option-dat.md §2A, §2B, §2C and §3).

§2A/§2B names are documented, §2C names are recalled but unconfirmed (unverified),
PMDF-only facts are unverified with a \"PMDF ...\" source, and names found only in the
working configuration files under shared/real/ are marked as seen. TCP/IP channel options
such as LOG_BANNER, LOG_TRANSPORTINFO or MAX_B_ENTRIES live in channel_options.toml;
LOG_CONNECTION is in both catalogs.

`type` is int (with optional `min` and `max`), bool, bits, str, path, dir-prefix,
ldap-attr, int-list (at most `max` items), list, port or unknown. LOG_CONNECTIONS_SYSLOG
and LOG_MESSAGES_SYSLOG are a syslog priority+facility whose sign selects mail.log
suppression, hence -191..191 (spec §3.1 suggestion).

{ROWS_NOTE}"
            )),
            rows("option", opts, &comments(src, "OPTIONS")),
            header(
                "Meanings of single bits of the bit-encoded options, by option name. An option of that
name in a channel option file has the same bits (LOG_CONNECTION, spec/option-dat.md §3.2).
LOG_DIAGNOSTICS, LOG_REASON and LOG_REMOTE_MTA share one layout."
            ),
            bits
        ),
    );

    // channel options
    let src = include_str!("channel_options.rs");
    let opts = super::channel_options::CHANNEL_OPTIONS
        .iter()
        .map(|o| {
            if !o.bits.is_empty() {
                assert_eq!(o.name, "LOG_CONNECTION");
                assert_eq!(o.bits, super::options::LOG_CONNECTION_BITS);
            }
            option_row(o, OptionFile::ChannelOption)
        })
        .collect();
    write(
        "channel_options.toml",
        format!(
            "{}\n{}",
            header(&format!(
                "Options of channel option files (<channel>_option), spec/option-dat.md §4.

TCP/IP (SMTP/LMTP) channel options (§4.2 documented, §4.3 unverified, plus names seen in a
working tcp_local_option), the native_option file (§4.4) and the option names known for
sms_option (§4.5). LOG_CONNECTION also exists in option.dat and takes its bit meanings
from there (options.toml). Same row shape as options.toml.

{ROWS_NOTE}"
            )),
            rows("option", opts, &comments(src, "CHANNEL_OPTIONS"))
        ),
    );

    // imta_tailor
    let src = include_str!("tailor.rs");
    let opts = super::tailor::TAILOR
        .iter()
        .map(|o| {
            assert!(o.bits.is_empty());
            option_row(o, OptionFile::Tailor)
        })
        .collect();
    write(
        "tailor.toml",
        format!(
            "{}\n{}",
            header(&format!(
                "Entries of imta_tailor (spec/option-dat.md §1.3).

Directory entries are prefixes and must end in / (type dir-prefix); file entries are
paths. Where the spec documents only the name and the kind (file or directory) is a
guess, the entry is unverified so that the trailing-slash rule stays a warning for it.
Defaults are written with msg_svr_base for the installation directory.

Sources: \"AR05 acmlb\" is the 2005Q4 tailor table (its readable rows); \"AR05 auto19\" the
2005Q4 index, which lists the name but does not confirm the kind of value; the
Special_symbolic_names wiki page gives symbolic names of later releases, whose use as
tailor entries is unconfirmed.

{ROWS_NOTE}"
            )),
            rows("option", opts, &comments(src, "TAILOR"))
        ),
    );

    // dispatcher.cnf
    let src = include_str!("dispatcher.rs");
    let opts = super::dispatcher::DISPATCHER_OPTIONS
        .iter()
        .map(|o| service_row(o, ServiceFile::Dispatcher))
        .collect();
    write(
        "dispatcher.toml",
        format!(
            "{}\n{}",
            header(&format!(
                "Options of dispatcher.cnf (spec/dispatcher-cnf.md §3).

`scope` is the G/S/D column: before the first section (G, global), inside an ordinary
[SERVICE=...] section (S), inside [SERVICE=DISPATCHER] (D). `max-repeat` is how often the
option may appear in one section (absent: once). Only the first rows of the vendor option
table were available, so most defaults are unknown. The \"PMDF-b32\" rows are OpenVMS
process quotas for worker processes, which only PMDF has.

{ROWS_NOTE}"
            )),
            rows("option", opts, &comments(src, "DISPATCHER_OPTIONS"))
        ),
    );

    // job_controller.cnf
    let src = include_str!("job_controller.rs");
    let opts = super::job_controller::JOB_CONTROLLER_OPTIONS
        .iter()
        .map(|o| service_row(o, ServiceFile::JobController))
        .collect();
    write(
        "job_controller.toml",
        format!(
            "{}\n{}",
            header(&format!(
                "Options of job_controller.cnf (spec/dispatcher-cnf.md §6).

Files write these names in lower case (Sun) or upper case (PMDF); matching ignores case.
Scope S means a [POOL=...], [CHANNEL=...], [QUEUE=...] or [PERIODIC_JOB=...] section; the
job controller has no [SERVICE=DISPATCHER], so no row has D. Same row shape as
dispatcher.toml.

{ROWS_NOTE}"
            )),
            rows("option", opts, &comments(src, "JOB_CONTROLLER_OPTIONS"))
        ),
    );

    // Dispatcher DEBUG bits
    let mut s = header(&format!(
        "The Dispatcher DEBUG bit table (spec/dispatcher-cnf.md §4.2, AG05 Table 21-3).

Every documented bit, plus the bits the table marks as not used (7, 11, 15:
status = \"not-used\", no name). Bits the table does not mention at all (18, 19, 22, 23,
25-31) are deliberately absent. `name` is the stable kebab-case name for `debug encode`.

{ROWS_NOTE}"
    ));
    s.push_str("\nbit = [\n");
    for b in super::debug_bits::DEBUG_BITS {
        let mut row = format!("bit = {}", b.bit);
        match b.status {
            BitStatus::Documented => write!(row, ", name = {}", q(b.name)).unwrap(),
            BitStatus::NotUsed => {
                assert!(b.name.is_empty());
                row.push_str(", status = \"not-used\"");
            }
        }
        write!(row, ", meaning = {}, {}", q(b.meaning), prov(b.provenance)).unwrap();
        writeln!(s, "  {{ {row} }},").unwrap();
    }
    s.push_str("]\n");
    write("debug_bits.toml", s);

    // mail.log entry codes
    let src = include_str!("log_codes.rs");
    let codes = super::log_codes::LOG_ENTRY_CODES
        .iter()
        .map(|c| {
            (
                c.code.to_string(),
                format!(
                    "code = {}, meaning = {}, {}",
                    q(c.code),
                    q(c.meaning),
                    prov(c.provenance)
                ),
            )
        })
        .collect();
    write(
        "log_codes.toml",
        format!(
            "{}\n{}",
            header(&format!(
                "Entry codes of the MTA transaction log (mail.log*, connection.log*).

Source: AG05 \"Table 21-2 Logging Entry Codes\" (seed document). In the available
rendering every single-letter code was dropped from the Entry column; those letters were
restored from the order of the rows and the surrounding prose, and their source says so.

{ROWS_NOTE}"
            )),
            rows("code", codes, &comments(src, "LOG_ENTRY_CODES"))
        ),
    );
}
