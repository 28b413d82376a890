//! RDFC-1.0 benchmarks on the realistic Open Badges 3.0 credential (116 quads, 11 blank
//! nodes), the dataset each `eddsa-rdfc-2022` signature canonicalises.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
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

criterion_group!(benches, bench);
criterion_main!(benches);
