//! Checks of the built-in data files: they parse, names are unique, every row says where
//! its fact comes from, and the facts other code relies on are there.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use super::catalog::{Catalog, Table};
use super::data::{self, Builtin};
use super::reader;
use super::rows::{FileName, KeywordRow, OptionRow, Origin};
use super::types::*;

fn b() -> &'static Builtin {
    static B: LazyLock<Builtin> = LazyLock::new(|| data::parse().unwrap());
    &B
}

fn short(what: &str, text: &str) {
    assert!(
        !text.is_empty() && !text.contains('\n') && text.chars().count() <= 90,
        "{what}: `{text}` is empty, multi-line or longer than 90 characters"
    );
}

fn sourced(what: &str, p: &Provenance) {
    assert!(!p.source.trim().is_empty() && p.source != "imtacfg.toml", "{what}: no source");
}

fn unique<'a>(what: &str, names: impl IntoIterator<Item = &'a str>) {
    let mut seen = HashSet::new();
    for n in names {
        assert!(seen.insert(n.to_ascii_uppercase()), "{what}: duplicate {n}");
    }
}

#[test]
fn every_data_file_parses_and_every_row_has_a_provenance() {
    let b = b();
    for k in &b.keywords {
        sourced(&k.name, &k.provenance);
    }
    let options = b.options.iter().chain(&b.channel_options).chain(&b.tailor);
    for o in options {
        sourced(&o.name, &o.provenance);
        for bit in &o.bits {
            sourced(&format!("{} bit {}", o.name, bit.bit), &bit.provenance);
        }
    }
    for o in b.dispatcher.iter().chain(&b.job_controller) {
        sourced(&o.name, &o.provenance);
    }
    for d in &b.debug_bits {
        sourced(&format!("debug bit {}", d.bit), &d.provenance);
    }
    for c in &b.log_codes {
        sourced(&c.code, &c.provenance);
    }
    // Built-in rows may not leave their provenance to the defaults of user rows.
    for (name, text) in data::FILES {
        let doc: toml_edit::DocumentMut = text.parse().unwrap();
        for (key, item) in doc.iter() {
            for row in item.as_array().unwrap().iter() {
                let row = row.as_inline_table().unwrap();
                for field in ["source", "confidence"] {
                    assert!(row.contains_key(field), "{name} {key}: {row} has no {field}");
                }
            }
        }
    }
}

#[test]
fn the_reader_reads_every_file_as_toml_does() {
    use serde_json::{Map, Value};
    for (name, text) in data::FILES {
        let toml: Value = toml_edit::de::from_str(text).unwrap_or_else(|e| panic!("{name}: {e}"));
        let mut ours = Map::new();
        for row in reader::rows(name, text).unwrap() {
            let value: Value = reader::from_row(row.text).unwrap();
            let array = ours.entry(row.array).or_insert_with(|| Value::Array(Vec::new()));
            array.as_array_mut().unwrap().push(value);
        }
        assert_eq!(toml, Value::Object(ours), "{name}");
    }
}

#[test]
fn lookups_read_the_same_rows() {
    fn check<T: PartialEq + std::fmt::Debug>(table: &Table<T>, rows: &[T], name: fn(&T) -> &str) {
        assert_eq!(table.len(), rows.len());
        assert!(table.names().eq(rows.iter().map(name)));
        for row in rows {
            // An instance of a pattern name, when it has one.
            let n = name(row).replace("#?", "").replace('#', "12");
            assert_eq!(table.get_folded(&n), Some(row), "{n}");
        }
    }
    let (c, b) = (Catalog::from_data(), b());
    check(&c.keywords, &b.keywords, |k| &k.name);
    check(&c.options, &b.options, |o| &o.name);
    check(&c.channel_options, &b.channel_options, |o| &o.name);
    check(&c.tailor, &b.tailor, |o| &o.name);
    check(&c.dispatcher, &b.dispatcher, |o| &o.name);
    check(&c.job_controller, &b.job_controller, |o| &o.name);
    assert_eq!(super::catalog::debug_bits(), &b.debug_bits[..]);
    assert_eq!(super::catalog::log_entry_codes(), &b.log_codes[..]);
}

#[test]
fn no_duplicate_names_within_a_table() {
    let b = b();
    unique("keywords", b.keywords.iter().map(|k| k.name.as_str()));
    for (what, t) in
        [("options", &b.options), ("channel options", &b.channel_options), ("tailor", &b.tailor)]
    {
        unique(what, t.iter().map(|o| o.name.as_str()));
    }
    for (what, t) in [("dispatcher", &b.dispatcher), ("job controller", &b.job_controller)] {
        unique(what, t.iter().map(|o| o.name.as_str()));
    }
    unique("log codes", b.log_codes.iter().map(|c| c.code.as_str()));
    let named = b.debug_bits.iter().filter(|d| !d.name.is_empty());
    unique("debug bits", named.map(|d| d.name.as_str()));
}

#[test]
fn a_builtin_row_must_say_where_it_comes_from() {
    let row: KeywordRow = toml_edit::de::from_str("name = \"x\"\nsummary = \"s\"").unwrap();
    assert!(row.clone().into_info(Origin::Builtin).is_err());
    let user = row.into_info(Origin::Settings).unwrap();
    assert_eq!(user.provenance, unverified("imtacfg.toml"));
    let row: OptionRow = toml_edit::de::from_str("name = \"x\"\nsource = \"s\"").unwrap();
    assert!(row.into_info(FileName::OptionDat, Origin::Builtin).is_err());
}

// ---- keywords ---------------------------------------------------------------------------

#[test]
fn keyword_names_are_lower_case_and_well_formed() {
    for k in &b().keywords {
        assert!(!k.name.is_empty());
        assert!(k.name.len() <= 32, "{} is longer than 32 significant chars", k.name);
        assert!(
            k.name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '#'),
            "{} is not lower case",
            k.name
        );
        short(&k.name, &k.summary);
        if let Arity::List { min, max, .. } = k.arity {
            assert!(1 <= min && min <= max, "{}: bad list bounds", k.name);
        }
    }
}

#[test]
fn every_group_has_two_members_and_at_most_one_default() {
    let mut members: HashMap<&str, (usize, usize)> = HashMap::new();
    for k in &b().keywords {
        if let Some(g) = &k.group {
            let e = members.entry(g).or_default();
            e.0 += 1;
            if k.is_default {
                e.1 += 1;
            }
        } else {
            assert!(!k.is_default, "{} is a default but has no group", k.name);
        }
    }
    for (g, (count, defaults)) in members {
        assert!(count >= 2, "group {g} has only {count} member");
        assert!(defaults <= 1, "group {g} has {defaults} defaults");
    }
}

#[test]
fn documented_keyword_examples_are_present() {
    let get = |n: &str| b().keywords.iter().find(|k| k.name == n).unwrap();
    let list = |ty, max| Arity::List { ty, min: 1, max };
    assert_eq!(get("defaulthost").arity, list(ArgType::Host, 2));
    assert_eq!(get("notices").arity, list(ArgType::Int, 5));
    assert_eq!(get("backoff").arity, list(ArgType::Duration, 8));
    assert_eq!(get("nofilter").arity, Arity::Flag);
    assert_eq!(get("filter").arity, Arity::One { ty: ArgType::Url });
    assert_eq!(get("logging").group, get("nologging").group);
    let confidence = |n| get(n).provenance.confidence;
    assert_eq!(confidence("multigate"), Confidence::SeenInRealFiles);
    assert_eq!(confidence("period"), Confidence::Unverified);
}

// ---- option.dat, channel options, imta_tailor ----------------------------------------------

#[test]
fn option_names_are_upper_case_and_rows_sit_in_their_file() {
    let b = b();
    for (file, extra, t) in [
        (OptionFile::OptionDat, "_#?", &b.options),
        (OptionFile::ChannelOption, "_", &b.channel_options),
        (OptionFile::Tailor, "_", &b.tailor),
    ] {
        for o in t {
            assert!(
                o.name
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || extra.contains(c)),
                "{} is not upper case",
                o.name
            );
            assert_eq!(o.file, file, "{}", o.name);
            short(&o.name, &o.summary);
            if let ValueType::Int { min: Some(lo), max: Some(hi) } = o.ty {
                assert!(lo <= hi, "{}", o.name);
            }
        }
    }
}

#[test]
fn bits_only_on_bit_options_and_sane() {
    for o in b().options.iter().chain(&b().channel_options) {
        if !o.bits.is_empty() {
            assert_eq!(o.ty, ValueType::Bits, "{} has bits but is not Bits", o.name);
        }
        let mut seen = HashSet::new();
        for bit in &o.bits {
            assert!(bit.bit < 32, "{} bit {}", o.name, bit.bit);
            assert!(seen.insert(bit.bit), "{} lists bit {} twice", o.name, bit.bit);
        }
    }
}

#[test]
fn options_sit_in_the_right_file() {
    let b = b();
    let has = |t: &[OptionInfo], n: &str| t.iter().any(|o| o.name == n);
    for n in [
        "LOG_BANNER", "LOG_TRANSPORTINFO", "LOG_TRANPORTINFO", "MAX_B_ENTRIES", "DNS_VERIFY_DOMAIN",
    ] {
        assert!(!has(&b.options, n), "{n} must not be in option.dat");
    }
    assert!(has(&b.channel_options, "522_PERMANENT_ERROR_STRING"));
    for n in ["DNS_VERIFY_DOMAIN", "LOG_TRANPORTINFO", "BLOCK_SIZE"] {
        assert!(!has(&b.channel_options, n), "{n}");
    }
}

#[test]
fn log_connection_bits_in_both_files() {
    let global = b().options.iter().find(|o| o.name == "LOG_CONNECTION").unwrap();
    let conf = |n: u8| global.bits.iter().find(|b| b.bit == n).map(|b| b.provenance.confidence);
    for n in [0, 1, 5, 6, 7] {
        assert_eq!(conf(n), Some(Confidence::Documented), "bit {n}");
    }
    assert_eq!(conf(9), Some(Confidence::SeenInRealFiles));
    for n in [2, 3, 4] {
        assert_eq!(conf(n), Some(Confidence::Unverified), "bit {n}");
    }
    assert_eq!(conf(8), None);
    let channel = b().channel_options.iter();
    let channel = channel.clone().find(|o| o.name == "LOG_CONNECTION").unwrap();
    assert_eq!(channel.ty, ValueType::Bits);
    assert_eq!(channel.bits, global.bits);
}

#[test]
fn tailor_entries_are_named_and_typed_as_the_spec_says() {
    for t in &b().tailor {
        assert!(t.name.starts_with("IMTA_"), "{}", t.name);
        assert!(t.bits.is_empty());
        match (t.ty, &t.default) {
            (ValueType::DirPrefix, Some(d)) => assert!(d.ends_with('/'), "{}", t.name),
            (ValueType::Path, Some(d)) => assert!(!d.ends_with('/'), "{}", t.name),
            _ => {}
        }
    }
    let get = |n: &str| b().tailor.iter().find(|t| t.name == n).unwrap();
    for (names, confidence) in [
        (
            &[
                "IMTA_ROOT", "IMTA_TABLE", "IMTA_LOG", "IMTA_QUEUE", "IMTA_LIB", "IMTA_COM",
                "IMTA_LANG",
            ][..],
            Confidence::Documented,
        ),
        (&["IMTA_EXE", "IMTA_HELP"][..], Confidence::Unverified),
    ] {
        for n in names {
            assert_eq!(get(n).ty, ValueType::DirPrefix, "{n}");
            assert_eq!(get(n).provenance.confidence, confidence, "{n}");
        }
    }
}

// ---- dispatcher.cnf, job_controller.cnf ---------------------------------------------------

#[test]
fn service_options_are_upper_case_with_a_scope() {
    let b = b();
    for (file, t) in
        [(ServiceFile::Dispatcher, &b.dispatcher), (ServiceFile::JobController, &b.job_controller)]
    {
        for o in t {
            assert!(
                o.name.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_'),
                "{}",
                o.name
            );
            assert_eq!(o.file, file);
            assert!(o.scope.global || o.scope.section, "{} has no scope", o.name);
            short(&o.name, &o.summary);
        }
    }
    assert!(b.job_controller.iter().all(|o| !o.scope.dispatcher));
}

#[test]
fn documented_dispatcher_scopes_and_repeats() {
    let get = |n: &str| b().dispatcher.iter().find(|o| o.name == n).unwrap();
    let s = Scope { global: false, section: true, dispatcher: false };
    let dns = get("DNS_VERIFY_DOMAIN");
    assert_eq!(dns.scope, s);
    assert_eq!(dns.max_repeat, Some(5));
    assert_eq!(get("DEBUG").scope, Scope::ANYWHERE);
    assert_eq!(get("PORT").ty, ValueType::Port);
    assert_eq!(get("TLS_PORT").scope, s);
    assert!(get("PARAMETER").max_repeat.unwrap() > 1);
    assert_eq!(get("MAX_HANDOFFS").default.as_deref(), Some("5"));
    for n in ["UCX_HOLD", "ASTLM", "WSQUOTA"] {
        assert_eq!(get(n).provenance.confidence, Confidence::Unverified, "{n}");
    }
    let quotas = b().dispatcher.iter();
    assert_eq!(quotas.filter(|o| o.provenance.source == "PMDF-b32").count(), 14);
}

#[test]
fn job_controller_scopes_follow_the_spec() {
    let get = |n: &str| b().job_controller.iter().find(|o| o.name == n).unwrap();
    let scope = |n| {
        let s = get(n).scope;
        (s.global, s.section)
    };
    assert_eq!(scope("TCP_PORT"), (true, false));
    assert_eq!(scope("JOB_LIMIT"), (true, true));
    assert_eq!(scope("MASTER_COMMAND"), (true, true));
    assert_eq!(scope("TIME"), (false, true));
    assert_eq!(get("COMMAND").provenance.confidence, Confidence::Unverified);
}

// ---- Dispatcher DEBUG bits, mail.log codes ------------------------------------------------

#[test]
fn debug_bits_follow_the_table() {
    let bits = &b().debug_bits;
    let mut last = None;
    for d in bits {
        assert!(d.bit < 32);
        assert!(last.is_none_or(|l| l < d.bit), "bit {} out of order or repeated", d.bit);
        last = Some(d.bit);
        match d.status {
            BitStatus::Documented => {
                assert!(
                    !d.name.is_empty()
                        && !d.name.starts_with('-')
                        && !d.name.ends_with('-')
                        && d.name
                            .chars()
                            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                    "bit {}: `{}` is not a kebab-case name",
                    d.bit,
                    d.name
                );
            }
            BitStatus::NotUsed => assert!(d.name.is_empty(), "bit {}", d.bit),
        }
    }
    let not_used: Vec<u8> =
        bits.iter().filter(|d| d.status == BitStatus::NotUsed).map(|d| d.bit).collect();
    assert_eq!(not_used, vec![7, 11, 15]);
    for absent in [18, 19, 22, 23, 25, 26, 27, 28, 29, 30, 31] {
        assert!(bits.iter().all(|d| d.bit != absent), "bit {absent} is not in the table");
    }
    assert_eq!(bits.len(), 21);
}

#[test]
fn log_codes_are_upper_case_letters_with_their_base_code() {
    let codes = &b().log_codes;
    for c in codes {
        assert!(!c.code.is_empty() && c.code.len() <= 3, "{}", c.code);
        assert!(c.code.chars().all(|ch| ch.is_ascii_uppercase()), "{}", c.code);
        short(&c.code, &c.meaning);
        // The single letters were restored from the order of the table, and say so.
        let restored = c.provenance.source.contains("restored");
        assert_eq!(restored, c.code.len() == 1, "{}", c.code);
        assert_eq!(c.provenance.confidence, Confidence::Documented);
        assert!(codes.iter().any(|b| b.code == c.code[..1]), "{} lacks its base", c.code);
    }
}
