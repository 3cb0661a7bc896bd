//! No input makes imtacfg panic: random configuration-like files of every family go
//! through loading, every lint rule, every report format, the dump JSON, and the planning
//! and checking of the editing commands.

use imtacfg::edit::{self, logging::Channels};
use imtacfg::knowledge::Catalog;
use imtacfg::lint::engine::{Datasize, LintOptions};
use imtacfg::model::config_set::{ConfigSet, LoadOptions};
use imtacfg::report::{self, Linted};
use proptest::prelude::*;

/// Pieces that make configuration-like text, broken in many ways.
fn text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just(" ".to_string()),
        Just("\\\n".to_string()),
        Just("!".to_string()),
        Just("#".to_string()),
        Just("<".to_string()),
        Just("[SERVICE=SMTP]\n".to_string()),
        Just("![SERVICE=X]\n".to_string()),
        Just("[POOL=P]\n".to_string()),
        Just("=".to_string()),
        Just("defaults logging ".to_string()),
        Just("nodefaults\n".to_string()),
        Just("l\n".to_string()),
        Just("tcp_local smtp pool P maxjobs ".to_string()),
        Just("notices 1 2 ".to_string()),
        Just("backoff pt5m ".to_string()),
        Just("$U%$D@tcp-daemon".to_string()),
        Just("PORT=25\n".to_string()),
        Just("MAX_CONNS=-1\n".to_string()),
        Just("STACKSIZE=16%FFFFFFFFFFFFFFFFFFF\n".to_string()),
        Just("DEBUG=-1\n".to_string()),
        Just("PARAMETER=CHANNEL=x\n".to_string()),
        Just("LOG_CONNECTION=99999999999999999999\n".to_string()),
        Just("IMTA_TABLE=/x/\n".to_string()),
        Just("! imtacfg: disable-next-line IMTA201\n".to_string()),
        Just("! imtacfg: disable".to_string()),
        Just("\u{e9}".to_string()),
        "[a-z0-9_.@$%-]{1,6}".prop_map(|s| s),
    ];
    prop::collection::vec(piece, 0..30).prop_map(|v| v.concat())
}

const FILES: [&str; 6] = [
    "imta.cnf", "option.dat", "dispatcher.cnf", "job_controller.cnf", "imta_tailor",
    "tcp_local_option",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn everything_survives_random_configurations(texts in prop::collection::vec(text(), 6)) {
        let dir = tempfile::tempdir().unwrap();
        for (name, t) in FILES.iter().zip(&texts) {
            std::fs::write(dir.path().join(name), t).unwrap();
        }
        let catalog = Catalog::builtin();
        let set = ConfigSet::load_dir(dir.path(), "conf", &catalog, &LoadOptions::default()).unwrap();
        let options = LintOptions { datasize: Some(Datasize::Bytes(1 << 20)), ..Default::default() };
        let diags = imtacfg::lint::lint(&set, &catalog, &options);
        let linted = [Linted::new(&set, &diags)];
        let _ = report::human::render(&linted, false);
        let _ = report::concise::render(&linted);
        let _ = report::github::render(&linted);
        let _ = report::json::to_value(&linted);
        let _ = report::sarif::to_value(&linted);
        imtacfg::dump::write_json(&set, std::io::sink()).unwrap();
        for fi in 0..set.files.len() {
            for expand in [false, true] {
                let _ = imtacfg::dump::write_source(&set, fi, expand, &mut std::io::sink());
            }
        }
        let _ = imtacfg::model::logging::channel_logging(&set);
        let linter = |s: &ConfigSet| imtacfg::lint::lint(s, &catalog, &options);
        for enable in [true, false] {
            for per_channel in [false, true] {
                let plan = if enable {
                    edit::logging::enable(&set, &catalog, &Channels::All, per_channel)
                } else {
                    edit::logging::disable(&set, &catalog, &Channels::All, per_channel)
                };
                if let Ok(plan) = plan {
                    let _ = edit::pipeline::prepare(&set, &plan, &catalog, &linter, false);
                }
            }
        }
        if let Ok(target) = edit::options::option_dat(&set, "conf")
            && let Ok(plan) = edit::options::set(&set, &target, &[("LOG_CONNECTION".into(), "3".into())]) {
            let _ = edit::pipeline::prepare(&set, &plan, &catalog, &linter, true);
        }
        if let Some((fi, _)) = set.file_of(imtacfg::syntax::Kind::Dispatcher)
            && let Ok(plan) = edit::dispatcher::set(&set, fi, Some("SMTP"), &[("DEBUG".into(), "1".into())])
        {
            let _ = edit::pipeline::prepare(&set, &plan, &catalog, &linter, true);
        }
        for at in edit::keywords::find_channel(&set, "tcp_local") {
            let plan = edit::keywords::add(&set, &catalog, at, "logging", &[]);
            let _ = edit::pipeline::prepare(&set, &plan, &catalog, &linter, true);
            let plan = edit::keywords::remove_all(&set, at, "maxjobs");
            let _ = edit::pipeline::prepare(&set, &plan, &catalog, &linter, true);
        }
    }
}
