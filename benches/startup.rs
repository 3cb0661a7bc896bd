//! Start-up: the whole `imtacfg` process on the small sample configuration
//! (examples/sample), as a user or a pre-commit hook runs it. `--version` is the floor
//! (process start and argument parsing); the difference is reading the catalog, the
//! settings and the files, linting and printing. Run with `cargo bench --bench startup`.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};

fn run(args: &[&str]) {
    let status = Command::new(env!("CARGO_BIN_EXE_imtacfg"))
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(status.code().is_some_and(|c| c <= 1), "{args:?}: {status}");
}

fn bench(c: &mut Criterion) {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/sample");
    let sample = sample.to_str().unwrap();
    let mut g = c.benchmark_group("startup");
    g.sample_size(20).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(3));
    g.bench_function("imtacfg --version", |b| b.iter(|| run(&["--version"])));
    g.bench_function("imtacfg lint examples/sample", |b| b.iter(|| run(&["lint", sample])));
    g.bench_function("imtacfg dump --format json examples/sample", |b| {
        b.iter(|| run(&["dump", "--format", "json", sample]))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
