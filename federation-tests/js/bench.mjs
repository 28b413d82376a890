#!/usr/bin/env node
/**
 * Side-by-side benchmark: Digital Bazaar's signer/verifier on the same realistic Open
 * Badges 3.0 credential that `cargo bench -p mochila-protocol --bench credential` uses
 * (../shared/vectors/bench/ob3-realistic-unsigned.json), single thread, contexts served
 * from memory by the strict loader. Prints one JSON line per measurement:
 * {"suite", "op", "iterations", "per_second", "mean_us"}.
 *
 * Usage: node js/bench.mjs [--iterations N]   (default 300, after 30 warm-up rounds)
 */
import {readFile} from 'node:fs/promises';
import path from 'node:path';
import * as vc from '@digitalbazaar/vc';
import {parseArgs} from './lib/args.mjs';
import {createStrictLoader, VECTOR_CONTEXTS_DIR} from './lib/loader.mjs';
import {CRYPTOSUITES, loadKeyPair, signSuite, verifySuite} from './lib/suites.mjs';

// Status lists are not fetched on either side: both measure the proof alone.
const checkStatus = async () => ({verified: true});

const SEED = '9b937b81322d816cfab9d5a3baacc9b2a5febe4b149f126b3630f93a29527017';

async function measure(iterations, fn) {
  for(let i = 0; i < 30; i++) {
    await fn();
  }
  const start = process.hrtime.bigint();
  for(let i = 0; i < iterations; i++) {
    await fn();
  }
  const ns = Number(process.hrtime.bigint() - start);
  return {iterations, per_second: iterations / (ns / 1e9), mean_us: ns / iterations / 1e3};
}

async function main() {
  const args = parseArgs(process.argv.slice(2), {single: ['iterations']});
  const iterations = Number(args.single.get('iterations') ?? 300);
  const file = path.resolve(VECTOR_CONTEXTS_DIR, '..', 'bench', 'ob3-realistic-unsigned.json');
  const unsigned = JSON.parse(await readFile(file, 'utf8'));
  const keyPair = await loadKeyPair({seedHex: SEED});
  unsigned.issuer = {...unsigned.issuer, id: keyPair.controller};
  const documentLoader = await createStrictLoader({});
  for(const suiteName of CRYPTOSUITES) {
    const suite = signSuite(suiteName, keyPair, '2026-01-01T00:00:00Z');
    const sign = () => vc.issue({credential: structuredClone(unsigned), suite, documentLoader});
    const signed = await sign();
    const check = await vc.verifyCredential({
      credential: signed, suite: verifySuite(suiteName), documentLoader, checkStatus
    });
    if(!check.verified) {
      throw new Error(`${suiteName}: Digital Bazaar cannot verify its own credential: ${JSON.stringify(check.error?.message ?? check)}`.slice(0, 2000));
    }
    const verify = () => vc.verifyCredential({
      credential: signed, suite: verifySuite(suiteName), documentLoader, checkStatus
    });
    for(const [op, fn] of [['sign', sign], ['verify', verify]]) {
      const result = await measure(iterations, fn);
      console.log(JSON.stringify({suite: suiteName, op, ...result}));
    }
  }
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
