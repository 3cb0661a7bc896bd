//! Parse + print gives back the same bytes, for every family and any input.

use std::sync::OnceLock;

use imtacfg::knowledge::Catalog;
use imtacfg::model::config_set::ConfigFile;
use imtacfg::source::SourceFile;
use imtacfg::syntax::Kind;
use proptest::prelude::*;

const KINDS: [Kind; 5] =
    [Kind::Imta, Kind::ImtaChannels, Kind::Option, Kind::Tailor, Kind::Dispatcher];

/// One catalog for every case (building it is not free).
static CATALOG: OnceLock<Catalog> = OnceLock::new();

/// Decode, parse, print, encode: must give back `bytes` (or refuse binary input).
fn check(bytes: &[u8], kind: Kind) -> Result<(), TestCaseError> {
    match SourceFile::from_bytes("p", bytes.to_vec()) {
        Err(_) => {
            prop_assert!(bytes.contains(&0), "only NUL bytes may be refused");
        }
        Ok(src) => {
            let tree = imtacfg::syntax::parse_unchunked(&src.text, kind)
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            tree.check_coverage(src.text.len()).map_err(|e| TestCaseError::fail(e.to_string()))?;
            for chunk in [1, 3, 17] {
                let chunked = imtacfg::syntax::parse_with_chunk(&src.text, kind, chunk)
                    .map_err(|e| TestCaseError::fail(e.to_string()))?;
                prop_assert_eq!(&chunked, &tree, "chunk size {}", chunk);
            }
            let printed = tree.print(&src.text);
            let out = imtacfg::source::encode(&printed, src.encoding).unwrap();
            prop_assert_eq!(out, bytes.to_vec());
            // A parsed file keeps no tree; asking for one parses its text again.
            let catalog = CATALOG.get_or_init(imtacfg::knowledge::Catalog::builtin);
            let file = ConfigFile::parse("p".into(), kind, src, catalog)
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(&file.syntax_tree(), &tree);
        }
    }
    Ok(())
}

/// Pieces that exercise every grammar path: line ends, blanks, continuation marks,
/// comment and include characters, section brackets, `=`, 8-bit bytes.
fn config_like() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        Just(b"\n".to_vec()),
        Just(b"\r\n".to_vec()),
        Just(b"\r".to_vec()),
        Just(b" ".to_vec()),
        Just(b"\t".to_vec()),
        Just(b"\\".to_vec()),
        Just(b"\\\n".to_vec()),
        Just(b"!".to_vec()),
        Just(b"#".to_vec()),
        Just(b";".to_vec()),
        Just(b"<".to_vec()),
        Just(b"[".to_vec()),
        Just(b"]".to_vec()),
        Just(b"=".to_vec()),
        Just(b"[SERVICE=SMTP]\n".to_vec()),
        Just(b"defaults".to_vec()),
        Just(b"notices 1 2".to_vec()),
        Just(b"$U%$D@tcp-daemon".to_vec()),
        Just(b"\xe9".to_vec()),
        Just("\u{e9}".as_bytes().to_vec()),
        "[a-z0-9_.@$%-]{1,6}".prop_map(|s| s.into_bytes()),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn arbitrary_bytes_round_trip(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        for kind in KINDS {
            check(&bytes, kind)?;
        }
    }

    #[test]
    fn config_like_text_round_trips(bytes in config_like()) {
        for kind in KINDS {
            check(&bytes, kind)?;
        }
    }
}

#[test]
fn deep_continuations_do_not_exhaust_the_stack() {
    let mut text = String::from("DELIVERY_OPTIONS=\\\n");
    for _ in 0..200_000 {
        text.push_str("  a,\\\n");
    }
    text.push_str("  z\n");
    for kind in [Kind::Option, Kind::Dispatcher] {
        check(text.as_bytes(), kind).unwrap();
    }
    let mut cnf = String::from("\ntcp_local smtp \\\n");
    for _ in 0..200_000 {
        cnf.push_str("  mx \\\n");
    }
    cnf.push_str("  single_sys\ntcp-daemon\n");
    check(cnf.as_bytes(), Kind::Imta).unwrap();
}

/// No rule of the grammars reaches itself, directly or through other rules: the depth pest
/// recurses to is then fixed by the grammar, whatever the input, which is why imtacfg can
/// turn pest's per-rule stack probe off (`vendor/pest_stack_guard`). A recursive rule
/// added later fails here and must bring the probe back.
#[test]
fn grammars_are_not_recursive() {
    use pest_meta::ast::Expr;
    use std::collections::{BTreeMap, BTreeSet};
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("grammar");
    let mut text = String::new();
    for name in ["common", "imta", "option", "dispatcher"] {
        text += &std::fs::read_to_string(dir.join(format!("{name}.pest"))).unwrap();
    }
    let pairs = pest_meta::parser::parse(pest_meta::parser::Rule::grammar_rules, &text).unwrap();
    let rules = pest_meta::parser::consume_rules(pairs).unwrap();
    let uses: BTreeMap<String, BTreeSet<String>> = rules
        .iter()
        .map(|r| {
            let called = r
                .expr
                .iter_top_down()
                .filter_map(|e| match e {
                    Expr::Ident(name) => Some(name),
                    _ => None,
                })
                .collect();
            (r.name.clone(), called)
        })
        .collect();
    assert!(uses.len() > 30, "only {} rules read", uses.len());
    // Every rule's reach, by walking from it; a rule in its own reach is recursive.
    for start in uses.keys() {
        let mut seen = BTreeSet::new();
        let mut todo: Vec<&String> = uses[start].iter().collect();
        while let Some(r) = todo.pop() {
            assert_ne!(r, start, "rule `{start}` reaches itself");
            if seen.insert(r.clone()) {
                todo.extend(uses.get(r).into_iter().flatten());
            }
        }
    }
}

/// Blank-separated words of `s` (space and tab only: a lone CR is data).
fn blank_split(s: &str) -> Vec<&str> {
    s.split([' ', '\t']).filter(|w| !w.is_empty()).collect()
}

/// The words the imta model found on channel, host and rewrite-rule lines are those a
/// plain split of each line gives (the grammar makes one token of them; the model splits).
fn check_imta_words(text: &str) -> Result<(), TestCaseError> {
    use imtacfg::model::imta;
    let catalog = imtacfg::knowledge::Catalog::builtin();
    let tree =
        imtacfg::syntax::parse(text, Kind::Imta).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let m = imta::build(&tree, text, &catalog);
    for r in &m.rewrite_rules {
        let words = blank_split(r.line.text(text));
        prop_assert_eq!(r.pattern.text(text), words[0]);
        let rest = r.line.text(text).trim_start_matches([' ', '\t'])[words[0].len()..]
            .trim_matches([' ', '\t']);
        prop_assert_eq!(r.template.map(|t| t.text(text)), (!rest.is_empty()).then_some(rest));
    }
    for b in &m.blocks {
        for h in &b.hosts {
            let names: Vec<&str> = h.names.iter().map(|n| n.text(text)).collect();
            prop_assert_eq!(names, blank_split(h.line.text(text)));
        }
        let Some(head) = b.head.as_ref().filter(|h| !h.malformed) else {
            continue;
        };
        let mut expected = Vec::new();
        for p in &head.physical_lines {
            let line = p.text(text);
            expected.extend(blank_split(line.strip_suffix('\\').unwrap_or(line)));
        }
        prop_assert_eq!(expected.first().copied(), Some(head.name.text(text)));
        let found: Vec<&str> = head
            .keywords
            .iter()
            .flat_map(|k| std::iter::once(k.name).chain(k.args.iter().copied()))
            .map(|w| w.text(text))
            .collect();
        prop_assert_eq!(&found[..], &expected[1..]);
    }
    Ok(())
}

/// Parsing in pieces on several threads gives the tree of a whole-file parse: many pieces
/// of random sizes, so a fragment appended out of order, twice or not at all shows.
fn check_pieces(text: &str, chunk: usize) -> Result<(), TestCaseError> {
    for kind in KINDS {
        let whole = imtacfg::syntax::parse_unchunked(text, kind)
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        let pieces = imtacfg::syntax::parse_with_chunk(text, kind, chunk)
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        pieces.check_coverage(text.len()).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert!(pieces == whole, "{:?}, chunk size {}", kind, chunk);
        if matches!(kind, Kind::Imta | Kind::ImtaChannels) {
            // The model built piece by piece, each piece's tree dropped once its fragment
            // is made, is the model of the whole tree.
            let catalog = CATALOG.get_or_init(Catalog::builtin);
            let by_piece = imtacfg::model::imta::parse_with_chunk(text, kind, catalog, chunk)
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            let of_tree = imtacfg::model::imta::build(&whole, text, catalog);
            prop_assert!(by_piece == of_tree, "model of {:?}, chunk size {}", kind, chunk);
        }
        if matches!(kind, Kind::Option | Kind::ChannelOption | Kind::Tailor) {
            let by_piece = imtacfg::model::options::parse_with_chunk(text, kind, chunk)
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            let of_tree = imtacfg::model::options::build(&whole, text);
            prop_assert!(by_piece == of_tree, "model of {:?}, chunk size {}", kind, chunk);
        }
        if matches!(kind, Kind::Dispatcher | Kind::JobController) {
            let by_piece = imtacfg::model::dispatcher::parse_with_chunk(text, kind, chunk)
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            let of_tree = imtacfg::model::dispatcher::build(&whole, text);
            prop_assert!(by_piece == of_tree, "model of {:?}, chunk size {}", kind, chunk);
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn imta_words_are_the_blank_separated_parts_of_lines(bytes in config_like()) {
        if let Ok(src) = SourceFile::from_bytes("p", bytes) {
            check_imta_words(&src.text)?;
        }
    }

    #[test]
    fn parallel_pieces_join_in_order(
        parts in prop::collection::vec(config_like(), 1..12),
        chunk in 1usize..200,
    ) {
        let bytes: Vec<u8> = parts.join(&b"\n\n"[..]);
        if let Ok(src) = SourceFile::from_bytes("p", bytes) {
            check_pieces(&src.text, chunk)?;
        }
    }
}

#[test]
fn a_large_generated_imta_cnf_parses_alike_in_parallel_pieces() {
    let mut text = String::from("! rules\n");
    for i in 0..3000 {
        text.push_str(&format!(".d{i}.example.com  $U%$H$D@c{}-daemon \n", i % 7));
    }
    text.push('\n');
    for i in 0..3000 {
        text.push_str(&format!(
            "c{i} smtp mx \\\n! note\n  maxjobs {i}  notices 1 2 \nc{i}-daemon\tlocal{i}\n\n"
        ));
    }
    for chunk in [256, 4096, 65536] {
        check_pieces(&text, chunk).unwrap();
    }
    check_imta_words(&text).unwrap();
    let catalog = imtacfg::knowledge::Catalog::builtin();
    let tree = imtacfg::syntax::parse_with_chunk(&text, Kind::Imta, 512).unwrap();
    let m = imtacfg::model::imta::build(&tree, &text, &catalog);
    assert_eq!(m.rewrite_rules.len(), 3000);
    assert_eq!(m.blocks.len(), 3000);
    let last = &m.blocks[2999];
    assert_eq!(last.name(&text), Some("c2999"));
    let head = last.head.as_ref().unwrap();
    assert_eq!(head.keywords[2].args[0].text(&text), "2999");
    assert_eq!(last.official_host().unwrap().text(&text), "c2999-daemon");
}
