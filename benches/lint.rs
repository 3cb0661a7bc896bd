//! Lint cost relative to parsing, on a large generated configuration directory.
//!
//! Run with `cargo bench --bench lint`. The figure to watch is lint time divided by
//! parse+model time for the same directory (target: at most 1.5).

use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use imtacfg::knowledge::Catalog;
use imtacfg::lint::{LintOptions, lint};
use imtacfg::model::config_set::{ConfigSet, LoadOptions};

#[path = "generate.rs"]
mod generate;

fn write_dir(dir: &Path) {
    std::fs::write(dir.join("imta.cnf"), generate::imta(200_000, 40_000)).unwrap();
    std::fs::write(dir.join("option.dat"), generate::options(20_000)).unwrap();
    std::fs::write(dir.join("dispatcher.cnf"), generate::dispatcher(2_000)).unwrap();
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    write_dir(dir.path());
    let catalog = Catalog::builtin();
    let load = LoadOptions::default();
    let mut g = c.benchmark_group("lint");
    g.sample_size(10);
    g.bench_function("load (read + parse + model)", |b| {
        b.iter(|| ConfigSet::load_dir(dir.path(), "bench", &catalog, &load).unwrap())
    });
    let set = ConfigSet::load_dir(dir.path(), "bench", &catalog, &load).unwrap();
    let options = LintOptions::default();
    g.bench_function("lint (all rules)", |b| b.iter(|| lint(&set, &catalog, &options)));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
