//! Throughput of the transaction-log decoder and of `log stats`, on a generated
//! standard-format log (LOG_FORMAT=1 with LOG_PROCESS, LOG_FILENAME, LOG_MESSAGE_ID and
//! LOG_CONNECTION=3 on): enqueues with connection information, local and SMTP dequeues
//! with the full diagnostic tail, retries, bounces and connection entries.
//!
//! Run with `cargo bench --bench log`. Figures are per byte (MiB/s).
//! `stats-on-all-cores-64M` is `log stats` as the command runs it (batches decoded and
//! counted on every core, merged in order). `benches/log_gen.py` writes the same shapes
//! to a file, for timing the release binary and the Python baseline
//! `benches/log_stats.py`.

use std::ops::ControlFlow;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use imtacfg::log::stats::{By, Part, Stats};
use imtacfg::log::{Decoder, Profile};

/// About `bytes` of log text.
pub fn generate(bytes: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes + 4096);
    let mut i: u64 = 0;
    while out.len() < bytes {
        i += 1;
        let (h, m, s, c) = ((i / 360_000) % 24, (i / 6000) % 60, (i / 100) % 60, i % 100);
        let t = format!("19-Feb-2007 {h:02}:{m:02}:{s:02}.{c:02}");
        let pid = 0x1f000 + (i % 64);
        let id = format!("<0JE5{:08X}@sesta.com>", i);
        let user = format!("user{}", i % 5000);
        let q = format!("/opt/SUNWmsgsr/data/queue/ims-ms/{:03}/ZZf0s{:07}.00", i % 20, i);
        let ip = format!("192.160.{}.{}", (i / 250) % 250, i % 250 + 1);
        let lines = [
            format!(
                "{t} {pid:x}.{}.0 tcp_local    +            O TCP|206.184.139.12|25|{ip}|{} SMTP\n",
                i % 8,
                1024 + i % 60000
            ),
            format!(
                "{t} {pid:x}.{}.1 tcp_local    ims-ms       EE {} adam@sesta.com rfc822;{user}@siroe.com {user}@ims-ms-daemon {q} {id} mail.siroe.com (mail.siroe.com [{ip}])\n",
                i % 8,
                1 + i % 40
            ),
            format!(
                "{t} {pid:x}.{}.2 tcp_local    +            C TCP|206.184.139.12|25|{ip}|{} SMTP\n",
                i % 8,
                1024 + i % 60000
            ),
            format!(
                "{t} {:x}.{} ims-ms                    D {} adam@sesta.com rfc822;{user}@siroe.com {user}@ims-ms-daemon {q} {id}\n",
                pid + 7,
                i % 9,
                1 + i % 40
            ),
        ];
        for l in &lines {
            out.extend_from_slice(l.as_bytes());
        }
        if i.is_multiple_of(4) {
            let tq = format!("/opt/SUNWmsgsr/data/queue/tcp_local/{:03}/ZZf0t{:07}.00", i % 20, i);
            out.extend_from_slice(format!("{t} {pid:x}.{}.1 tcp_intranet tcp_local    EE 3 {user}@sesta.com rfc822;bob@example.org bob@example.org {tq} {id} sesta.com (sesta.com [10.0.0.1])\n", i % 8).as_bytes());
            out.extend_from_slice(format!("{t} {pid:x}.{}.3 tcp_local                 DE 3 {user}@sesta.com rfc822;bob@example.org bob@example.org {tq} {id} mx.example.org dns;mx.example.org (TCP|206.184.139.12|2788|{ip}|25) (mx.example.org ESMTP Sendmail ready at Thu, 15 Feb 2007 21:37:29 -0700 [MST]) smtp;250 2.1.5 <bob@example.org>... Recipient ok\n", i % 8).as_bytes());
        }
        if i.is_multiple_of(16) {
            out.extend_from_slice(format!("{t} {pid:x}.{}.4 tcp_local                 Q 3 {user}@sesta.com rfc822;carl@example.net carl@example.net /opt/SUNWmsgsr/data/queue/tcp_local/001/ZYf0u{i:07}.00 {id} TCP active open: Failed connect()    Error: no route to host\n", i % 8).as_bytes());
        }
    }
    out
}

fn decode_all(data: &[u8], dec: &mut Decoder) -> usize {
    let mut n = 0;
    let mut start = 0;
    for nl in memchr::memchr_iter(b'\n', data) {
        let rec = dec.decode(0, n as u64, &data[start..nl], true);
        n += usize::from(rec.error.is_none());
        start = nl + 1;
    }
    n
}

fn bench(c: &mut Criterion) {
    let data = generate(64 << 20);
    let mut g = c.benchmark_group("log");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(data.len() as u64));
    g.bench_function("decode-inferred-64M", |b| {
        let mut dec = Decoder::default();
        b.iter(|| decode_all(&data, &mut dec))
    });
    let mut opts = std::collections::BTreeMap::new();
    for (k, v) in [
        ("LOG_PROCESS", "1"),
        ("LOG_FILENAME", "1"),
        ("LOG_MESSAGE_ID", "1"),
        ("LOG_CONNECTION", "3"),
    ] {
        opts.insert(k.to_string(), v.to_string());
    }
    let profile = Profile::from_values(&opts);
    g.bench_function("decode-configured-64M", |b| {
        let mut dec = Decoder::with_profile(Some(profile.clone()));
        b.iter(|| decode_all(&data, &mut dec))
    });
    g.bench_function("stats-by-channel-64M", |b| {
        b.iter(|| {
            let mut dec = Decoder::default();
            let mut st = Stats::new(By::Channel);
            let mut part = st.part();
            let mut start = 0;
            for (i, nl) in memchr::memchr_iter(b'\n', &data).enumerate() {
                part.feed(&dec.decode(0, 0, &data[start..nl], true));
                start = nl + 1;
                // As the command does: one part per batch of about 2 MiB.
                if i % 10_000 == 9_999 {
                    st.merge(&mut part);
                }
            }
            st.merge(&mut part);
            st.records
        })
    });
    g.finish();
    // The streaming reader over a file, as the command runs it.
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("mail.log_current");
    std::fs::write(&f, &data).unwrap();
    let inputs = imtacfg::log::Inputs::from_args(&[f.display().to_string()]).unwrap();
    let mut g = c.benchmark_group("log-file");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(data.len() as u64));
    g.bench_function("read+decode-64M", |b| {
        b.iter(|| {
            let mut dec = Decoder::default();
            let mut n = 0u64;
            imtacfg::log::for_each_record(&inputs, &mut dec, &mut |_| {}, &mut |_| {
                n += 1;
                ControlFlow::Continue(())
            })
            .unwrap();
            n
        })
    });
    g.bench_function("stats-on-all-cores-64M", |b| {
        b.iter(|| {
            let mut dec = Decoder::default();
            let mut st = Stats::new(By::Channel);
            imtacfg::log::fold_records(
                &inputs,
                &mut dec,
                &mut |_| {},
                &|| Part::new(By::Channel),
                &|p: &mut Part, r| p.feed(r),
                &mut |mut p| st.merge(&mut p),
            )
            .unwrap();
            st.records
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
