//! What the output benchmarks share (`output`, `scaling`): the counting sink, the input
//! with one finding per channel, a set read from one generated file, and the dump case.

use std::io::Write;

use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, BenchmarkId, Throughput};
use imtacfg::dump;
use imtacfg::knowledge::Catalog;
use imtacfg::model::config_set::{ConfigSet, LoadOptions};

#[path = "generate.rs"]
#[allow(dead_code)] // each benchmark uses some of the generators
pub mod generate;

/// A writer that only counts, so that the figures are the output's and not the disk's.
#[derive(Default)]
pub struct Count(pub u64);

impl Write for Count {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len() as u64;
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// An imta.cnf with `n` channels, each with one unknown keyword (one IMTA201 finding).
pub fn unknown_keywords(n: usize) -> String {
    let mut s = String::from(".example.com $U%$D@tcp-daemon\n\ntcp_local smtp\ntcp-daemon\n");
    for i in 0..n {
        s.push_str(&format!("\nc{i} smtp sitegroup{i}\nc{i}-daemon\n"));
    }
    s
}

/// A directory holding one file, read as a set.
pub fn load(name: &str, text: &str) -> (tempfile::TempDir, ConfigSet) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(name), text).unwrap();
    let set = load_dir(dir.path());
    (dir, set)
}

/// A configuration directory read as a set.
pub fn load_dir(dir: &std::path::Path) -> ConfigSet {
    ConfigSet::load_dir(dir, "bench", &Catalog::builtin(), &LoadOptions::default()).unwrap()
}

/// The JSON dump of a generated imta.cnf at two sizes ten times apart (`1x`, `10x`), into
/// a group the caller has sized.
pub fn dump_json(g: &mut BenchmarkGroup<'_, WallTime>) {
    for (label, rules, channels) in [("1x", 20_000, 4_000), ("10x", 200_000, 40_000)] {
        let text = generate::imta(rules, channels);
        let (_dir, set) = load("imta.cnf", &text);
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(BenchmarkId::from_parameter(label), |b| {
            b.iter(|| {
                let mut out = Count::default();
                dump::write_json(&set, &mut out).unwrap();
                out.0
            })
        });
    }
}
