//! Parse + print gives back the same bytes, for every family and any input.

use imtacfg::source::SourceFile;
use imtacfg::syntax::Kind;
use proptest::prelude::*;

const KINDS: [Kind; 5] = [
    Kind::Imta,
    Kind::ImtaChannels,
    Kind::Option,
    Kind::Tailor,
    Kind::Dispatcher,
];

/// Decode, parse, print, encode: must give back `bytes` (or refuse binary input).
fn check(bytes: &[u8], kind: Kind) -> Result<(), TestCaseError> {
    match SourceFile::from_bytes("p", bytes.to_vec()) {
        Err(_) => {
            prop_assert!(bytes.contains(&0), "only NUL bytes may be refused");
        }
        Ok(src) => {
            let tree = imtacfg::syntax::parse_unchunked(&src.text, kind)
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            tree.check_coverage(src.text.len())
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            for chunk in [1, 3, 17] {
                let chunked = imtacfg::syntax::parse_with_chunk(&src.text, kind, chunk)
                    .map_err(|e| TestCaseError::fail(e.to_string()))?;
                prop_assert_eq!(&chunked, &tree, "chunk size {}", chunk);
            }
            let printed = tree.print(&src.text);
            let out = imtacfg::source::encode(&printed, src.encoding).unwrap();
            prop_assert_eq!(out, bytes.to_vec());
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
