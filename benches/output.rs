//! Output cost against input size: each case runs at two sizes ten times apart, and the
//! figure to watch is the ratio of their times (target: at most 11 for 10 times the input).
//!
//! - `dump-json`: the JSON dump of a generated imta.cnf, written to a sink;
//! - `human`: the human report of a file with one unknown keyword per channel;
//! - `includes`: an imta.cnf with that many include lines (of missing files): reading the
//!   directory, then linting and dumping it (JSON and expanded source).
//!
//! Run with `cargo bench --bench output` (`-- --quick` for a fast look).

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use imtacfg::dump;
use imtacfg::knowledge::Catalog;
use imtacfg::lint::{LintOptions, lint};
use imtacfg::model::config_set::{ConfigSet, LoadOptions};
use imtacfg::report::{Linted, human};

#[path = "shared.rs"]
mod shared;

use shared::{Count, load, unknown_keywords};

/// An imta.cnf with `n` include lines of files that do not exist.
fn includes(n: usize) -> String {
    let mut s = String::from("! includes\n");
    for i in 0..n {
        s.push_str(&format!("<IMTA_TABLE:r{i}.rules\n"));
    }
    s.push_str(".example.com $U%$D@tcp-daemon\n\ntcp_local smtp\ntcp-daemon\n");
    s
}

fn dump_json(c: &mut Criterion) {
    let mut g = c.benchmark_group("dump-json");
    g.sample_size(10);
    shared::dump_json(&mut g);
    g.finish();
}

fn human_report(c: &mut Criterion) {
    let catalog = Catalog::builtin();
    let mut g = c.benchmark_group("human");
    g.sample_size(10);
    for n in [4_000, 40_000] {
        let (_dir, set) = load("imta.cnf", &unknown_keywords(n));
        let diags = lint(&set, &catalog, &LintOptions::default());
        assert!(diags.len() >= n);
        let linted = [Linted::new(&set, &diags)];
        g.throughput(Throughput::Elements(diags.len() as u64));
        g.bench_function(BenchmarkId::new("findings", n), |b| {
            b.iter(|| human::render(&linted, false).len())
        });
    }
    g.finish();
}

fn include_lines(c: &mut Criterion) {
    let catalog = Catalog::builtin();
    let options = LintOptions::default();
    let mut g = c.benchmark_group("includes");
    g.sample_size(10);
    for n in [4_000, 40_000] {
        let (dir, set) = load("imta.cnf", &includes(n));
        g.throughput(Throughput::Elements(n as u64));
        // Reading the directory resolves every include (one file lookup each).
        g.bench_function(BenchmarkId::new("load", n), |b| {
            b.iter(|| {
                ConfigSet::load_dir(dir.path(), "bench", &catalog, &LoadOptions::default())
                    .unwrap()
                    .includes
                    .len()
            })
        });
        // What looks the include lines up edge by edge: the X1xx rules, the dump's
        // include list and the expanded source.
        g.bench_function(BenchmarkId::new("lint+dump", n), |b| {
            b.iter(|| {
                let found = lint(&set, &catalog, &options).len();
                let mut out = Count::default();
                dump::write_json(&set, &mut out).unwrap();
                dump::write_source(&set, 0, true, &mut out).unwrap();
                (found, out.0)
            })
        });
    }
    g.finish();
}

criterion_group!(benches, dump_json, human_report, include_lines);
criterion_main!(benches);
