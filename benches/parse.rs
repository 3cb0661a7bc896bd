//! Throughput and scaling of parse + model for each family, on generated large inputs.
//!
//! Run with `cargo bench --bench parse`. Figures are reported per byte (MiB/s).

use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, Criterion, Throughput, criterion_group, criterion_main};
use imtacfg::knowledge::Catalog;
use imtacfg::model::{dispatcher, imta, options};
use imtacfg::syntax::{Kind, SyntaxTree, parse, parse_with_chunk};

#[path = "generate.rs"]
mod generate;

/// One family's parse + model of `text`, measured per byte.
fn family<M>(
    g: &mut BenchmarkGroup<'_, WallTime>,
    label: &str,
    text: &str,
    kind: Kind,
    model: impl Fn(&SyntaxTree, &str) -> M,
) {
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function(label, |b| {
        b.iter(|| {
            let tree = parse(text, kind).unwrap();
            model(&tree, text)
        })
    });
}

fn bench(c: &mut Criterion) {
    let catalog = Catalog::builtin();
    let mut g = c.benchmark_group("parse+model");
    g.sample_size(10);
    for (label, rules, channels) in
        [("imta-small", 100_000, 20_000), ("imta-large", 1_000_000, 200_000)]
    {
        let text = generate::imta(rules, channels);
        family(&mut g, label, &text, Kind::Imta, |t, s| imta::build(t, s, &catalog));
    }
    let text = generate::options(100_000);
    family(&mut g, "option-100k", &text, Kind::Option, options::build);
    let text = generate::dispatcher(10_000);
    family(&mut g, "dispatcher-10k", &text, Kind::Dispatcher, dispatcher::build);
    g.finish();
}

/// Parse alone (no model) of the large imta.cnf in pieces of several sizes: the pieces are
/// parsed on all cores, so this shows the trade between balance and per-piece start-up.
fn chunks(c: &mut Criterion) {
    let text = generate::imta(1_000_000, 200_000);
    let mut g = c.benchmark_group("parse-chunk");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(text.len() as u64));
    for kib in [64, 128, 256, 1024] {
        g.bench_function(format!("imta-large-{kib}k"), |b| {
            b.iter(|| parse_with_chunk(&text, Kind::Imta, kib << 10).unwrap())
        });
    }
    g.finish();
}

criterion_group!(benches, bench, chunks);
criterion_main!(benches);
