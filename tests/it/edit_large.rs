//! Edits of files of 1 MiB and more, where the edit pipeline works on two cores (the
//! change's copies beside the re-parse, the faithfulness check beside the re-lint): the
//! same results and the same refusals as the path the small files of the other edit
//! tests take.

use imtacfg::edit::logging::{self, Channels};
use imtacfg::edit::pipeline::{self, Refusal};
use imtacfg::edit::verify::Intent;
use imtacfg::edit::{Plan, apply};
use imtacfg::knowledge::Catalog;
use imtacfg::lint::{LintOptions, lint};
use imtacfg::model::Span;
use imtacfg::model::config_set::{ConfigFile, ConfigSet};
use imtacfg::source::{Encoding, SourceFile};
use imtacfg::syntax::Kind;

/// An imta.cnf of about 1.3 MB whose channels do not log.
fn large_imta() -> String {
    let mut s = String::from("! large\n");
    for i in 0..8_000 {
        s.push_str(&format!("d{i}.example.com $U%$D@chan{}-daemon\n", i % 9_000));
    }
    s.push('\n');
    for i in 0..9_000 {
        s.push_str(&format!(
            "chan{i} defragment charset7 us-ascii notices 1 2 3\nchan{i}-daemon host{i}.example.com\n\n"
        ));
    }
    assert!(s.len() > 1 << 20, "the file must reach the two-core path: {}", s.len());
    s
}

fn set_of(text: &str) -> ConfigSet {
    ConfigSet::from_source(
        SourceFile::from_text("imta.cnf", text.to_string(), Encoding::Utf8),
        Kind::Imta,
        &Catalog::builtin(),
    )
}

fn prepare(set: &ConfigSet, plan: &Plan) -> Result<pipeline::Prepared, Refusal> {
    let catalog = Catalog::builtin();
    let options = LintOptions::default();
    pipeline::prepare(set, plan, &catalog, &|s: &ConfigSet| lint(s, &catalog, &options), false)
}

/// Where `needle` starts in `text`, as a span of its length.
fn span_of(text: &str, needle: &str) -> Span {
    let at = text.find(needle).unwrap_or_else(|| panic!("{needle:?} not in the text"));
    Span::new(at, at + needle.len())
}

#[test]
fn a_large_edit_carries_the_texts_and_the_model_of_a_whole_parse() {
    let old = large_imta();
    let set = set_of(&old);
    let catalog = Catalog::builtin();
    for per_channel in [false, true] {
        let plan = logging::enable(&set, &catalog, &Channels::All, per_channel).unwrap();
        let edits: Vec<_> = plan.edits.iter().collect();
        let expected = apply(&old, &edits).unwrap();
        let prepared = prepare(&set, &plan).unwrap();
        assert_eq!(prepared.changes.len(), 1);
        let c = &prepared.changes[0];
        assert!(c.new_text == expected, "the new text is not the patched text");
        assert!(c.new_bytes == expected.as_bytes(), "the new bytes are not the new text");
        assert!(c.old_text.as_deref() == Some(old.as_str()), "the old text is not the file's");
        assert!(c.old_bytes.as_deref() == Some(old.as_bytes()), "the old bytes are not the file's");
        let whole = ConfigFile::parse(
            "imta.cnf".into(),
            Kind::Imta,
            SourceFile::from_text("imta.cnf", expected.clone(), Encoding::Utf8),
            &catalog,
        )
        .unwrap();
        let after = &prepared.after.files[0];
        assert!(
            after.doc == whole.doc,
            "per_channel {per_channel}: the model is not a whole parse's"
        );
        assert_eq!(after.source.line_count(), whole.source.line_count());
    }
}

#[test]
fn a_large_edit_that_does_not_do_what_it_says_is_refused() {
    let old = large_imta();
    let set = set_of(&old);
    // Says every channel will log, but writes `nologging` on one of them.
    let mut plan = Plan::default();
    let at = span_of(&old, "\nchan17 ").end;
    plan.push(0usize, Span::new(at as usize, at as usize), "nologging ");
    plan.intents.push(Intent::Logging { channels: None, on: true, unchecked: Vec::new() });
    match prepare(&set, &plan) {
        Err(Refusal::Unfaithful(problems)) => {
            assert!(problems.iter().any(|p| p.contains("chan17")), "{problems:?}");
        }
        other => panic!("not refused as unfaithful: {:?}", other.map(|p| p.changes.len())),
    }
}

#[test]
fn a_large_edit_that_adds_an_error_is_refused() {
    let old = large_imta();
    let set = set_of(&old);
    // An unsafe fix (its meaning is not compared) that gives chan2 the official host
    // name of chan1: IMTA108, an error the file did not have.
    let mut plan = Plan::default();
    plan.push(0usize, span_of(&old, "\nchan2-daemon "), "\nchan1-daemon ");
    plan.intents.push(Intent::Fix { file: 0usize.into(), keeps_meaning: false });
    match prepare(&set, &plan) {
        Err(Refusal::AddsErrors(added)) => {
            assert!(added.iter().any(|a| a.code == "IMTA108"), "{added:?}");
        }
        other => panic!("not refused for the new error: {:?}", other.map(|p| p.changes.len())),
    }
}
