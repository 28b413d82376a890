//! RDFC-1.0 benchmarks on the realistic Open Badges 3.0 credential (116 quads, 11 blank
//! nodes), the dataset each `eddsa-rdfc-2022` signature canonicalises.

use std::hint::black_box;

use criterion::{Criterion, criterion_group};
use mochila_protocol::rdfc::{Limits, canonicalize, parse_nquads};

const REALISTIC: &str = include_str!("../../../shared/vectors/bench/ob3-realistic.canon.nq");
const POISON: &str = include_str!("../../../shared/vectors/rdf-canon/tests/rdfc10/test074-in.nq");
const NDEGREE: &str = include_str!("../../../shared/vectors/rdf-canon/tests/rdfc10/test044-in.nq");

fn bench(c: &mut Criterion) {
    let limits = Limits::default();
    let Ok(realistic) = parse_nquads(REALISTIC) else {
        panic!("the realistic dataset does not parse");
    };
    c.bench_function("rdfc/canonicalize ob3-realistic (116 quads)", |b| {
        b.iter(|| canonicalize(black_box(&realistic), &limits))
    });
    c.bench_function("rdfc/parse_nquads ob3-realistic", |b| {
        b.iter(|| parse_nquads(black_box(REALISTIC)))
    });
    // The same quads in a scrambled order (a fixed stride permutation), the worst case for
    // the final sort.
    let scrambled: Vec<_> = (0..realistic.len())
        .filter_map(|i| realistic.get(i * 37 % realistic.len()).cloned())
        .collect();
    c.bench_function("rdfc/canonicalize ob3-realistic scrambled order", |b| {
        b.iter(|| canonicalize(black_box(&scrambled), &limits))
    });
    let Ok(ndegree) = parse_nquads(NDEGREE) else {
        panic!("test044 does not parse");
    };
    c.bench_function("rdfc/canonicalize test044 (N-degree heavy)", |b| {
        b.iter(|| canonicalize(black_box(&ndegree), &limits))
    });
    let Ok(poison) = parse_nquads(POISON) else {
        panic!("test074 does not parse");
    };
    c.bench_function("rdfc/reject test074 (10-clique poison)", |b| {
        b.iter(|| canonicalize(black_box(&poison), &limits).is_err())
    });
}

/// Thread CPU time in nanoseconds (Linux `schedstat`), so that figures stay meaningful on a
/// machine shared with other jobs, where wall-clock time mostly measures waiting.
fn thread_cpu_ns() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    stat.split_whitespace().next()?.parse().ok()
}

/// Runs `f` for about two seconds of CPU time and prints the CPU time per call.
fn cpu_time_per_call(name: &str, mut f: impl FnMut()) {
    let Some(start) = thread_cpu_ns() else {
        return;
    };
    let mut calls = 0u64;
    let mut now = start;
    while now - start < 2_000_000_000 {
        for _ in 0..1000 {
            f();
        }
        calls += 1000;
        now = thread_cpu_ns().unwrap_or(u64::MAX);
    }
    let per_call = (now - start) as f64 / calls as f64;
    println!(
        "{name}: {:.2} µs CPU time per call ({calls} calls), {:.0} calls/s per core",
        per_call / 1000.0,
        1e9 / per_call
    );
}

criterion_group!(benches, bench);

fn main() {
    // `RDFC_ITERS=N` runs exactly N canonicalisations of the realistic dataset and exits,
    // for `perf stat` (instruction and cycle counts do not depend on the machine's load).
    if let Some(iters) = std::env::var("RDFC_ITERS")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    {
        let limits = Limits::default();
        if let Ok(realistic) = parse_nquads(REALISTIC) {
            for _ in 0..iters {
                let _ = black_box(canonicalize(black_box(&realistic), &limits));
            }
        }
        return;
    }
    benches();
    if std::env::args().any(|a| a == "--bench") {
        let limits = Limits::default();
        if let Ok(realistic) = parse_nquads(REALISTIC) {
            cpu_time_per_call("cpu-time rdfc/canonicalize ob3-realistic", || {
                let _ = black_box(canonicalize(black_box(&realistic), &limits));
            });
            let scrambled: Vec<_> = (0..realistic.len())
                .filter_map(|i| realistic.get(i * 37 % realistic.len()).cloned())
                .collect();
            cpu_time_per_call("cpu-time rdfc/canonicalize ob3-realistic scrambled", || {
                let _ = black_box(canonicalize(black_box(&scrambled), &limits));
            });
        }
    }
    Criterion::default().configure_from_args().final_summary();
}
