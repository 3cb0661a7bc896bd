//! Round trip of the decoder: entries generated for random LOG_* settings, written as
//! the spec says (`log::render`) in formats 1 to 4, decode back to the same fields with
//! the same settings; and every record re-emits its input bytes.

use std::collections::BTreeMap;

use imtacfg::log::fields::FieldId as F;
use imtacfg::log::render::{Entry, render};
use imtacfg::log::{Decoder, EntryKind, Profile};
use proptest::prelude::*;

fn word() -> impl Strategy<Value = String> {
    "[a-z][a-z0-9]{0,7}"
}

fn host() -> impl Strategy<Value = String> {
    (word(), word()).prop_map(|(a, b)| format!("{a}.{b}.com"))
}

fn addr() -> impl Strategy<Value = String> {
    (word(), host()).prop_map(|(u, h)| format!("{u}@{h}"))
}

fn ip() -> impl Strategy<Value = String> {
    (0u8..=255, 0u8..=255, 0u8..=255, 1u8..=254).prop_map(|(a, b, c, d)| format!("{a}.{b}.{c}.{d}"))
}

fn transport() -> impl Strategy<Value = String> {
    (ip(), 1u16.., ip(), 1u16..).prop_map(|(a, p, b, q)| format!("TCP|{a}|{p}|{b}|{q}"))
}

fn timestamp() -> impl Strategy<Value = String> {
    const M: [&str; 12] =
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    (1u8..=28, 0usize..12, 1995u16..2030, 0u8..24, 0u8..60, 0u8..60, prop::option::of(0u8..100))
        .prop_map(|(d, m, y, h, mi, s, c)| {
            let mut t = format!("{d:02}-{}-{y} {h:02}:{mi:02}:{s:02}", M[m]);
            if let Some(c) = c {
                t.push_str(&format!(".{c:02}"));
            }
            t
        })
}

/// The options that add fields, each on or off.
fn options() -> impl Strategy<Value = (u8, BTreeMap<String, String>)> {
    (1u8..=4, prop::collection::vec(any::<bool>(), 12)).prop_map(|(format, on)| {
        let names = [
            "LOG_NODE", "LOG_PROCESS", "LOG_NOTARY", "LOG_FILENAME", "LOG_MESSAGE_ID",
            "LOG_USERNAME", "LOG_QUEUE_TIME", "LOG_DIAGNOSTICS", "LOG_ENVELOPE_ID",
            "LOG_INTERMEDIATE", "LOG_REASON", "LOG_FILTER",
        ];
        let mut m = BTreeMap::new();
        m.insert("LOG_FORMAT".to_string(), format.to_string());
        for (n, o) in names.iter().zip(on) {
            m.insert(n.to_string(), if o { "1" } else { "0" }.to_string());
        }
        (format, m)
    })
}

#[derive(Debug, Clone)]
struct Gen {
    dequeue: bool,
    connection: bool,
    conn_bits: i64,
    values: Vec<(F, String)>,
}

fn entry() -> impl Strategy<Value = Gen> {
    (
        (
            timestamp(),
            word(),
            any::<bool>(),
            any::<bool>(),
            prop::sample::select(vec![0i64, 1, 33, 97]),
        ),
        (prop::option::of(addr()), addr(), addr(), 0u32..100, 1u32..500),
        (word(), word(), host(), ip(), transport(), word(), 0u16..1000),
        (
            prop::sample::select(vec!["E", "EE", "ES", "EEC"]),
            prop::sample::select(vec!["D", "DE", "Q", "R", "DSA"]),
        ),
        (prop::sample::select(vec!["O", "C", "X", "U"]), any::<bool>(), 0u32..1000),
    )
        .prop_map(
            |(
                (ts, node, dequeue, connection, conn_bits),
                (from, orig, to, size, notary),
                (u, unique, h, ipa, tr, w, qt),
                (ecode, dcode),
                (ccode, inbound, pid),
            )| {
                let mut v: Vec<(F, String)> = vec![
                    (F::Time, ts),
                    (F::Node, node.to_ascii_uppercase()),
                    (F::Process, format!("{pid:x}.{}.{}", pid % 7, pid % 3)),
                    (F::SourceChannel, "tcp_local".into()),
                ];
                if connection {
                    v.push((F::DestChannel, if inbound { "+" } else { "-" }.into()));
                    v.push((F::Code, ccode.into()));
                    v.push((F::Transport, tr));
                    v.push((
                        F::Application,
                        if inbound { "SMTP".into() } else { format!("SMTP/{h}/{h}") },
                    ));
                    v.push((F::Diagnostic, format!("session {w} closed")));
                    return Gen { dequeue, connection, conn_bits, values: v };
                }
                v.push((F::DestChannel, if dequeue { String::new() } else { "ims-ms".into() }));
                v.push((F::Code, if dequeue { dcode } else { ecode }.into()));
                v.push((F::Size, size.to_string()));
                v.push((F::From, from.unwrap_or_default()));
                v.push((F::OrigTo, format!("rfc822;{orig}")));
                v.push((F::To, to));
                v.push((F::Notary, notary.to_string()));
                v.push((F::File, format!("/opt/q/tcp_local/002/ZZ{unique}x1.00")));
                v.push((F::EnvelopeId, format!("env{unique}")));
                v.push((F::MessageId, format!("<{unique}@{h}>")));
                v.push((F::Username, u));
                v.push((
                    F::Connection,
                    if dequeue { h.clone() } else { format!("{h} ({h} [{ipa}])") },
                ));
                v.push((F::Intermediate, format!("{w}@{h}")));
                v.push((F::Filter, format!("keep {w}")));
                v.push((F::Reason, format!("rejected {w}")));
                v.push((
                    F::Diagnostic,
                    format!("dns;{h} (TCP|{ipa}|25|{ipa}|25) (hello there) smtp;250 2.1.5 ok {w}"),
                ));
                v.push((F::Transport, tr));
                v.push((F::Application, format!("SMTP/{h}/{h}")));
                v.push((F::QueueTime, qt.to_string()));
                Gen { dequeue, connection, conn_bits, values: v }
            },
        )
}

/// Fields that a text format cannot tell apart when both are on (free text next to
/// free text): the test switches the later ones off in formats 1 and 2.
fn text_ambiguities(format: u8, p: &mut Profile, g: &Gen) {
    if format <= 2 {
        for id in [F::EnvelopeId, F::Intermediate, F::Filter, F::Reason] {
            p.set_on(id, false);
        }
    }
    if !g.dequeue {
        // Queue time is a dequeue-side field.
        p.set_on(F::QueueTime, false);
    } else if !p.on(F::Connection) {
        // The enqueuing user is not looked for in dequeue entries (a free-text
        // diagnostic starts with a word too) unless connection information follows it.
        p.set_on(F::Username, false);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn rendered_entries_decode_to_their_fields((format, mut opts) in options(), g in entry()) {
        opts.insert("LOG_CONNECTION".into(), g.conn_bits.to_string());
        let mut p = Profile::from_values(&opts);
        text_ambiguities(format, &mut p, &g);
        if g.connection {
            p.set_on(F::Transport, true);
            p.set_on(F::Application, true);
            p.set_on(F::Diagnostic, true);
        }
        let mut e = Entry { connection: g.connection, ..Entry::default() };
        for (id, v) in &g.values {
            e.set(*id, v);
        }
        let line = render(&e, &p);
        let mut dec = Decoder::with_profile(Some(p.clone()));
        let rec = dec.decode(0, 1, line.as_bytes(), true);
        prop_assert!(rec.error.is_none(), "{line}\n{:?}", rec.error);
        prop_assert_eq!(rec.kind, if g.connection { EntryKind::Connection } else { EntryKind::Message });
        for (id, v) in &g.values {
            let written = p.on(*id)
                && (!g.connection || imtacfg::log::fields::def(*id).entries != imtacfg::log::fields::Entries::Message);
            let got = rec.str(*id).map(|s| s.into_owned());
            if written {
                prop_assert_eq!(got.as_deref(), Some(v.as_str()), "{:?} in {}", id, line);
            } else if *id != F::DestChannel && *id != F::Node {
                prop_assert!(got.is_none(), "{:?} should be absent in {}", id, line);
            }
        }
        let mut out = Vec::new();
        rec.emit(&mut out).unwrap();
        prop_assert_eq!(out, format!("{line}\n").into_bytes());
    }

    /// Any bytes: no panic, one record per line, and the records give the bytes back.
    #[test]
    fn any_bytes_round_trip(data in prop::collection::vec(any::<u8>(), 0..2000)) {
        // Bytes that start with the gzip magic are read as a gzip stream, by design.
        prop_assume!(!data.starts_with(&[0x1f, 0x8b]));
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("junk.log");
        std::fs::write(&f, &data).unwrap();
        let inputs = imtacfg::log::Inputs::from_args(&[f.display().to_string()]).unwrap();
        let mut dec = Decoder::default();
        let mut out = Vec::new();
        imtacfg::log::for_each_record(&inputs, &mut dec, &mut |_| {}, &mut |r| {
            r.emit(&mut out).unwrap();
            std::ops::ControlFlow::Continue(())
        }).unwrap();
        prop_assert_eq!(out, data);
    }
}

/// Lines that start like entries and go on with pieces of every shape the decoder looks
/// for, in any order: no panic, with or without a profile, in every format.
fn piece() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "E", "DE", "+", "-", "O", "C", "U", "J", "B", "0", "12", "550", "5.7.1", "rfc822;",
        "rfc822;a@b.c", "<>", "<a@b>", "<a", "b>", "<a>,<b>", "(", ")", "(x", "y)", "[1.2.3.4])",
        "h.example.com", "dns;h.example.com", "smtp;250", "(TCP|1.2.3.4|25|5.6.7.8|99)",
        "TCP|1.2.3.4|25|5.6.7.8|99", "TCP|", "SMTP", "SMTP/a/b", "/q/l/ZZabc.00", "ZZ", "*u",
        "3:abc", "0:", "9:short", "99999999999:", "1f625.3.1", "1.2", "HOSTA", "tcp_local", "",
        "\t", "  ", "é", "\u{0}",
    ])
    .prop_map(str::to_string)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn entry_shaped_junk_never_panics(
        pieces in prop::collection::vec(piece(), 0..24),
        format in 0u8..=4,
        node in any::<bool>(),
    ) {
        let line = format!("19-Jan-1998 19:16:57.64 {}", pieces.join(" "));
        let profile = (format > 0).then(|| {
            let mut m = BTreeMap::new();
            m.insert("LOG_FORMAT".to_string(), format.to_string());
            for o in ["LOG_PROCESS", "LOG_FILENAME", "LOG_MESSAGE_ID", "LOG_USERNAME", "LOG_NOTARY", "LOG_QUEUE_TIME", "LOG_ENVELOPE_ID", "LOG_REASON"] {
                m.insert(o.to_string(), "1".to_string());
            }
            m.insert("LOG_CONNECTION".to_string(), "97".to_string());
            if node {
                m.insert("LOG_NODE".to_string(), "1".to_string());
            }
            Profile::from_values(&m)
        });
        let mut dec = Decoder::with_profile(profile);
        let rec = dec.decode(0, 1, line.as_bytes(), true);
        let doc = imtacfg::report::log_documents::log_record(&rec, &["x".to_string()]);
        prop_assert_eq!(doc.raw, line);
    }
}

/// A file cut short after the gzip magic is an error record, not an empty log.
#[test]
fn a_truncated_gzip_file_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("cut.log.gz");
    std::fs::write(&f, [0x1f, 0x8b]).unwrap();
    let inputs = imtacfg::log::Inputs::from_args(&[f.display().to_string()]).unwrap();
    let mut dec = Decoder::default();
    let mut errors = Vec::new();
    imtacfg::log::for_each_record(&inputs, &mut dec, &mut |_| {}, &mut |r| {
        errors.push((r.line, r.error.clone().map(|e| e.into_owned())));
        std::ops::ControlFlow::Continue(())
    })
    .unwrap();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].1.as_deref().unwrap_or("").contains("end of file"), "{errors:?}");
}

/// Counted format (LOG_FORMAT=3) with NOTARY and queue time on and no field between
/// them: the number after the NOTARY flags is the queue time (it was left unplaced).
#[test]
fn counted_format_queue_time_right_after_notary() {
    let opts: BTreeMap<String, String> =
        [("LOG_FORMAT", "3"), ("LOG_NOTARY", "1"), ("LOG_QUEUE_TIME", "1")]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
    let p = Profile::from_values(&opts);
    let line = "01-Jan-1995 00:00:00 tcp_local D 0 0: 16:rfc822;a@a.a.com 9:a@a.a.com 1 0";
    let mut dec = Decoder::with_profile(Some(p));
    let rec = dec.decode(0, 1, line.as_bytes(), true);
    assert!(rec.error.is_none(), "{:?}", rec.error);
    assert_eq!(rec.str(F::Notary).as_deref(), Some("1"));
    assert_eq!(rec.str(F::QueueTime).as_deref(), Some("0"));
}
