//! What an edit costs next to a lint of the same configuration (issue 11), each from
//! reading the directory to the output, as the commands do it:
//!
//! - `lint`: read, lint, render the human report;
//! - `logging enable --all`: read, plan (one changed line, on the defaults line), apply,
//!   re-parse, verify, the re-lint gate, the diff;
//! - `logging enable --all --per-channel`: the same with one edit per channel.
//!
//! Each runs at two sizes ten times apart. The figures to watch: enable --all at most
//! 1.5 times lint, --per-channel at most 3 times, and each at most 11 times slower at 10
//! times the size. Run with `cargo bench --bench edit`.

use std::path::Path;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use imtacfg::edit::logging::{Channels, enable};
use imtacfg::edit::{diff, pipeline};
use imtacfg::knowledge::Catalog;
use imtacfg::lint::{LintOptions, lint};
use imtacfg::model::config_set::{ConfigSet, LoadOptions};
use imtacfg::report::{Linted, human};

#[path = "generate.rs"]
#[allow(dead_code)] // only the imta.cnf generator is used here
mod generate;

fn load(dir: &Path, catalog: &Catalog) -> ConfigSet {
    ConfigSet::load_dir(dir, "bench", catalog, &LoadOptions::default()).unwrap()
}

/// Read, plan `logging enable --all`, check and diff; the size of the diff.
fn logging_enable(dir: &Path, catalog: &Catalog, per_channel: bool) -> usize {
    let options = LintOptions::default();
    let set = load(dir, catalog);
    let plan = enable(&set, catalog, &Channels::All, per_channel).unwrap();
    assert!(!plan.edits.is_empty());
    let linter = |s: &ConfigSet| lint(s, catalog, &options);
    let p = pipeline::prepare(&set, &plan, catalog, &linter, false).unwrap();
    p.changes
        .iter()
        .map(|c| diff::unified(&c.name, c.old_text.as_deref(), &c.new_text, c.encoding).len())
        .sum()
}

fn bench(c: &mut Criterion) {
    let catalog = Catalog::builtin();
    let options = LintOptions::default();
    let mut g = c.benchmark_group("edit");
    g.sample_size(10).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(3));
    for (label, rules, channels) in [("1x", 20_000, 4_000), ("10x", 200_000, 40_000)] {
        // The generated defaults line has `logging`; without it, enable --all has one line
        // to change.
        let text = generate::imta(rules, channels).replacen("defaults logging ", "defaults ", 1);
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("imta.cnf"), &text).unwrap();
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(BenchmarkId::new("lint", label), |b| {
            b.iter(|| {
                let set = load(dir.path(), &catalog);
                let diags = lint(&set, &catalog, &options);
                human::render(&[Linted::new(&set, &diags)], false).len()
            })
        });
        g.bench_function(BenchmarkId::new("logging enable --all", label), |b| {
            b.iter(|| logging_enable(dir.path(), &catalog, false))
        });
        g.bench_function(BenchmarkId::new("logging enable --all --per-channel", label), |b| {
            b.iter(|| logging_enable(dir.path(), &catalog, true))
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
