#!/usr/bin/env node
/**
 * HTTP signatures with Fedify's `signRequest`/`verifyRequest`, as an
 * independent implementation for the Rust interop tests: Fedify 1.5 (the
 * default, on Node 20) signs and verifies draft-cavage-12 `rsa-sha256`;
 * Fedify 2.3 (`--fedify fedify2/fedify.mjs`, on Node 22) also RFC 9421
 * (`rsa-v1_5-sha256` when it signs). Reads one JSON object on stdin:
 *
 *   {"mode": "sign", "privateKeyPem", "keyId", "method", "url",
 *    "headers": [[name, value], ...], "body"?: string,
 *    "spec"?: "rfc9421" | "draft-cavage-http-signatures-12"}
 *     -> prints {"headers": [[name, value], ...]} (the signed request's
 *        headers) and exits 0.
 *
 *   {"mode": "verify", "publicKeyPem", "keyId", "owner", "now", "method",
 *    "url", "headers", "body"?}
 *     -> prints {"verified": bool, "keyId"?: string} and exits 0 (verified)
 *        or 1 (not verified).
 *
 * Exits 2 on unusable input. Nothing is fetched from the network: the key
 * document is served from the input and contexts from Fedify's preloaded set.
 */
import {createPrivateKey, webcrypto} from 'node:crypto';
import path from 'node:path';
import {pathToFileURL} from 'node:url';
import {UsageError} from './lib/args.mjs';
import {errorMessages, readJsonStdin} from './lib/io.mjs';

/** `--fedify <module or path>` (default `@fedify/fedify`): which Fedify. */
function fedifyModule(argv) {
  if(argv.length === 0) {
    return '@fedify/fedify';
  }
  if(argv.length === 2 && argv[0] === '--fedify') {
    return argv[1];
  }
  throw new UsageError('usage: httpsig.mjs [--fedify <module or path>]');
}

/** Imports Fedify (and the Temporal it uses: its own export, else 1.5's polyfill). */
async function loadFedify(spec) {
  const isPath = /^[./]/.test(spec) || /\.[cm]?js$/.test(spec);
  const F = await import(isPath ? pathToFileURL(path.resolve(spec)).href : spec);
  const Temporal = F.Temporal ?? (await import('@js-temporal/polyfill')).Temporal;
  return {F, Temporal};
}

/** Contexts a key document may use, served by Fedify from its preloaded set. */
const ALLOWED_CONTEXTS = new Set([
  'https://www.w3.org/ns/activitystreams',
  'https://w3id.org/security/v1',
  'https://w3id.org/security/data-integrity/v1',
  'https://w3id.org/security/multikey/v1'
]);

function field(input, name, type = 'string') {
  const value = input[name];
  if(typeof value !== type) {
    throw new UsageError(`"${name}" must be a ${type}`);
  }
  return value;
}

function buildRequest(input) {
  const headers = input.headers;
  if(!Array.isArray(headers) || !headers.every(h =>
    Array.isArray(h) && h.length === 2 && h.every(x => typeof x === 'string'))) {
    throw new UsageError('"headers" must be an array of [name, value] pairs');
  }
  const method = field(input, 'method');
  const init = {method, headers};
  if(input.body !== undefined && method !== 'GET' && method !== 'HEAD') {
    init.body = field(input, 'body');
  }
  return new Request(field(input, 'url'), init);
}

async function sign({F}, input) {
  const der = createPrivateKey(field(input, 'privateKeyPem'))
    .export({format: 'der', type: 'pkcs8'});
  const key = await webcrypto.subtle.importKey(
    'pkcs8', der, {name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256'}, true, ['sign']);
  const spec = input.spec ?? 'draft-cavage-http-signatures-12';
  if(spec !== 'rfc9421' && spec !== 'draft-cavage-http-signatures-12') {
    throw new UsageError('"spec" must be "rfc9421" or "draft-cavage-http-signatures-12"');
  }
  const signed = await F.signRequest(
    buildRequest(input), key, new URL(field(input, 'keyId')), {spec});
  return {headers: [...signed.headers]};
}

async function verify({F, Temporal}, input) {
  const keyId = field(input, 'keyId');
  const keyDocument = {
    '@context': 'https://w3id.org/security/v1',
    id: keyId,
    type: 'CryptographicKey',
    owner: field(input, 'owner'),
    publicKeyPem: field(input, 'publicKeyPem')
  };
  const contexts = F.getDocumentLoader();
  const documentLoader = async url => {
    if(url === keyId) {
      return {contextUrl: null, documentUrl: url, document: keyDocument};
    }
    if(ALLOWED_CONTEXTS.has(url)) {
      return contexts(url);
    }
    throw new Error(`refusing to load ${url}`);
  };
  const now = Temporal.Instant.from(field(input, 'now'));
  const key = await F.verifyRequest(buildRequest(input), {
    documentLoader,
    contextLoader: documentLoader,
    currentTime: now
  });
  return key == null ? {verified: false} : {verified: true, keyId: key.id?.href};
}

async function main() {
  const fedify = await loadFedify(fedifyModule(process.argv.slice(2)));
  const input = await readJsonStdin();
  switch(input.mode) {
    case 'sign': return sign(fedify, input);
    case 'verify': return verify(fedify, input);
    default: throw new UsageError('"mode" must be "sign" or "verify"');
  }
}

main().then(result => {
  process.stdout.write(JSON.stringify(result) + '\n');
  process.exitCode = result.verified === false ? 1 : 0;
}, error => {
  const usage = error instanceof UsageError;
  process.stdout.write(JSON.stringify({errors: errorMessages(error)}) + '\n');
  process.exitCode = usage ? 2 : 3;
});
