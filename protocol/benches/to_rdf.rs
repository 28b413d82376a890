//! JSON-LD toRdf on the realistic OB 3.0 credential, with a warm context cache (the node's
//! steady state), plus the same followed by RDFC-1.0.

use criterion::{Criterion, criterion_group, criterion_main};
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
criterion_main!(benches);
