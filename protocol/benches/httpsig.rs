//! HTTP signature benchmarks: signing and verifying an ActivityPub delivery (a POST with a
//! ~1 KiB JSON body) with RFC 9421 and draft-cavage-12, Ed25519 and RSA-2048 keys,
//! single thread. Verification includes parsing the headers and checking the digest.

/// The node's allocator (see node/src/main.rs), so that figures match what it runs.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::hint::black_box;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use mochila_protocol::httpsig::rfc9421::{self, SignOptions};
use mochila_protocol::httpsig::{self, DEFAULT_MAX_SKEW, Request, SigningKey, cavage};
use time::OffsetDateTime;

const NOW: i64 = 1_800_000_000;
const KEY_ID: &str = "https://uni.example/actor#main-key";

fn delivery() -> Request {
    let note = "x".repeat(900);
    Request::new("POST", "https://remote.example/users/ana/inbox")
        .with_header("Content-Type", "application/activity+json")
        .with_body(format!(
            r#"{{"@context":"https://www.w3.org/ns/activitystreams","id":"https://uni.example/activities/1","type":"Create","actor":"https://uni.example/actor","object":{{"type":"Note","content":"{note}"}}}}"#
        ))
}

type Signer = fn(&mut Request, &SigningKey, OffsetDateTime);

fn sign_9421(r: &mut Request, key: &SigningKey, now: OffsetDateTime) {
    rfc9421::sign(r, key, &SignOptions::new(KEY_ID, now.unix_timestamp()))
        .unwrap_or_else(|e| panic!("sign: {e}"));
}

fn sign_cavage(r: &mut Request, key: &SigningKey, now: OffsetDateTime) {
    cavage::sign(r, key, KEY_ID, now).unwrap_or_else(|e| panic!("sign: {e}"));
}

fn bench(c: &mut Criterion) {
    let now = OffsetDateTime::from_unix_timestamp(NOW).unwrap_or_else(|e| panic!("{e}"));
    let ed = SigningKey::Ed25519(ed25519_dalek::SigningKey::from_bytes(&[42u8; 32]));
    let mut rng = getrandom::rand_core::UnwrapErr(getrandom::SysRng);
    let rsa = SigningKey::Rsa(
        rsa::PrivateKey::new(&mut rng, 2048).unwrap_or_else(|e| panic!("RSA key: {e}")),
    );
    let schemes: [(&str, Signer); 2] = [("rfc9421", sign_9421), ("cavage", sign_cavage)];
    for (key_name, key) in [("ed25519", &ed), ("rsa2048", &rsa)] {
        let public = key.public_key();
        for (scheme, sign) in schemes {
            c.bench_function(&format!("httpsig/{scheme}/{key_name}/sign"), |b| {
                b.iter_batched(
                    delivery,
                    |mut r| {
                        sign(&mut r, key, now);
                        r
                    },
                    BatchSize::SmallInput,
                )
            });
            let mut signed = delivery();
            sign(&mut signed, key, now);
            c.bench_function(&format!("httpsig/{scheme}/{key_name}/verify"), |b| {
                b.iter(|| {
                    let params =
                        httpsig::parse(black_box(&signed)).unwrap_or_else(|e| panic!("parse: {e}"));
                    httpsig::verify(&params, &signed, &public, now, DEFAULT_MAX_SKEW)
                        .unwrap_or_else(|e| panic!("verify: {e}"));
                })
            });
        }
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
