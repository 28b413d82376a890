//! JSON-LD toRdf on the realistic OB 3.0 credential, with a warm context cache (the node's
//! steady state), plus the same followed by RDFC-1.0. With `TO_RDF_ITERS=<n>` it runs toRdf
//! `n` times instead, without criterion, for a profiler
//! (`TO_RDF_ITERS=20000 perf record target/release/deps/to_rdf-<hash>`).

use criterion::{Criterion, criterion_group};
use mochila_protocol::jsonld::Processor;
use mochila_protocol::rdfc::{self, Limits};
use serde_json::Value;

fn credential() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/vectors/bench/ob3-realistic-unsigned.json"
    );
    let text = std::fs::read_to_string(path).unwrap_or_default();
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

fn bench(c: &mut Criterion) {
    let doc = credential();
    let processor = Processor::default();
    let warm = processor.to_rdf(&doc).map(|d| d.len()).unwrap_or(0);
    assert_eq!(warm, 116, "the credential should give 116 quads");
    c.bench_function("to_rdf ob3-realistic (warm cache)", |b| {
        b.iter(|| processor.to_rdf(std::hint::black_box(&doc)))
    });
    c.bench_function("to_rdf + rdfc ob3-realistic (warm cache)", |b| {
        b.iter(|| {
            processor
                .to_rdf(std::hint::black_box(&doc))
                .map(|d| rdfc::canonicalize(&d, &Limits::default()))
        })
    });
    c.bench_function("to_rdf ob3-realistic (cold processor)", |b| {
        b.iter(|| Processor::default().to_rdf(std::hint::black_box(&doc)))
    });
}

criterion_group!(benches, bench);

/// `TO_RDF_ITERS` calls of toRdf, timed by the wall clock, for profiling.
fn profiling_loop(iters: u32) {
    let doc = credential();
    let processor = Processor::default();
    let start = std::time::Instant::now();
    for _ in 0..iters {
        std::hint::black_box(processor.to_rdf(std::hint::black_box(&doc)).ok());
    }
    println!(
        "to_rdf: {:?} per call (wall)",
        start.elapsed() / iters.max(1)
    );
}

fn main() {
    match std::env::var("TO_RDF_ITERS")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        Some(iters) => profiling_loop(iters),
        None => {
            benches();
            Criterion::default().configure_from_args().final_summary();
        }
    }
}
