//! What the built-in catalogs cost next to the work they serve.
//!
//! Run with `cargo bench --bench catalog`. A process indexes the data files once and reads
//! a row the first time it is looked up. Compare "lint examples/sample, fresh catalog"
//! (what a run on a small configuration does) with "lint examples/sample" (the same with
//! every row it needs already read): the difference is the share of the catalogs.

use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use imtacfg::knowledge::{Catalog, data};
use imtacfg::lint::{LintOptions, lint};
use imtacfg::model::config_set::{ConfigSet, LoadOptions};

fn bench(c: &mut Criterion) {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/sample");
    let load = LoadOptions::default();
    let options = LintOptions::default();
    let run = |catalog: &Catalog| {
        let set = ConfigSet::load_dir(&sample, "sample", catalog, &load).unwrap();
        lint(&set, catalog, &options)
    };
    let mut g = c.benchmark_group("catalog");
    g.bench_function("index the data files (Catalog::from_data)", |b| b.iter(Catalog::from_data));
    g.bench_function("Catalog::builtin, after the first", |b| b.iter(Catalog::builtin));
    g.bench_function("read every row (data::parse)", |b| b.iter(|| data::parse().unwrap()));
    g.bench_function("the same files through toml_edit", |b| {
        b.iter(|| {
            for (_, text) in data::FILES {
                text.parse::<toml_edit::DocumentMut>().unwrap();
            }
        })
    });
    let warm = Catalog::builtin();
    run(&warm);
    g.bench_function("lint examples/sample", |b| b.iter(|| run(&warm)));
    g.bench_function("lint examples/sample, fresh catalog", |b| {
        b.iter(|| run(&Catalog::from_data()))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
