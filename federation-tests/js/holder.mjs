#!/usr/bin/env node
/**
 * An independent wallet: makes a fresh Ed25519 did:key and claims a credential from a
 * Mochila wallet exchange, the way real wallets do. Reads
 * `{"exchangeUrl": ..., "walletUrl": ...}` on stdin; prints
 * `{holder, status, response}` (the node's last HTTP status and JSON body) and exits 0
 * when the node answered 200, 1 otherwise, 2 for unusable input.
 *
 * Options:
 *   --wallet vc-api   Digital Bazaar's stack (@digitalbazaar/vc signPresentation, an
 *                     eddsa-rdfc-2022 DataIntegrityProof, @digitalbazaar/did-method-key):
 *                     POST {} to the exchange, read the VerifiablePresentationRequest,
 *                     POST {"verifiablePresentation": <DIDAuth over its challenge and
 *                     domain>}. (default)
 *   --wallet lcw      The Learner Credential Wallet's stack (@digitalcredentials/vc with
 *                     an Ed25519Signature2020 suite, as app/lib/present.ts): take the
 *                     challenge and vc_request_url from the lcw.app deep link and POST the
 *                     signed presentation itself (no domain), as the app does.
 *   --challenge STR   sign over this challenge instead of the one offered (refusals)
 *   --domain STR      sign over this domain instead of the one offered (vc-api)
 */
import * as vc from '@digitalbazaar/vc';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import {driver as didKeyDriver} from '@digitalbazaar/did-method-key';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {parseArgs, UsageError} from './lib/args.mjs';
import {errorMessages, readJsonStdin} from './lib/io.mjs';
import {createStrictLoader} from './lib/loader.mjs';

const HTTP_TIMEOUT_MS = 30000;

async function post(url, body) {
  const response = await fetch(url, {
    method: 'POST',
    headers: {'content-type': 'application/json', accept: 'application/json'},
    body: JSON.stringify(body),
    redirect: 'error',
    signal: AbortSignal.timeout(HTTP_TIMEOUT_MS)
  });
  const text = await response.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = {unparsed: text};
  }
  return {status: response.status, response: json};
}

/** Digital Bazaar: a did:key from did-method-key, a DIDAuth signed by @digitalbazaar/vc. */
async function vcApiWallet({exchangeUrl}, overrides) {
  const keys = didKeyDriver();
  keys.use({multibaseMultikeyHeader: 'z6Mk', fromMultibase: Ed25519Multikey.from});
  const verificationKeyPair = await Ed25519Multikey.generate();
  const {didDocument, methodFor} = await keys.fromKeyPair({verificationKeyPair});
  const authentication = methodFor({purpose: 'authentication'});
  const signingKey = await Ed25519Multikey.from({
    ...await verificationKeyPair.export({publicKey: true, secretKey: true}),
    id: authentication.id,
    controller: didDocument.id
  });
  const holder = didDocument.id;

  const first = await post(exchangeUrl, {});
  if(first.status !== 200) {
    return {holder, ...first};
  }
  const vpr = first.response.verifiablePresentationRequest;
  const query = [].concat(vpr?.query ?? []);
  if(!query.some(q => q.type === 'DIDAuthentication' &&
    (q.acceptedMethods ?? []).some(m => m.method === 'key'))) {
    throw new Error(`no DIDAuthentication query for did:key: ${JSON.stringify(first.response)}`);
  }
  const documentLoader = await createStrictLoader();
  const presentation = vc.createPresentation({holder});
  const suite = new DataIntegrityProof({
    signer: signingKey.signer(), cryptosuite: eddsaRdfc2022
  });
  const verifiablePresentation = await vc.signPresentation({
    presentation,
    suite,
    challenge: overrides.challenge ?? vpr.challenge,
    domain: overrides.domain ?? vpr.domain,
    documentLoader
  });
  return {holder, ...await post(exchangeUrl, {verifiablePresentation})};
}

/** The Learner Credential Wallet's own libraries and its deep-link flow. */
async function lcwWallet({walletUrl}, overrides) {
  // Transitive dependencies of @digitalcredentials/verifier-core: the exact libraries the
  // Learner Credential Wallet signs with.
  const dcc = await import('@digitalcredentials/vc');
  const {Ed25519Signature2020} = await import('@digitalcredentials/ed25519-signature-2020');
  const {Ed25519VerificationKey2020} =
    await import('@digitalcredentials/ed25519-verification-key-2020');
  const {securityLoader} = await import('@digitalcredentials/security-document-loader');
  const link = new URL(walletUrl);
  const challenge = overrides.challenge ?? link.searchParams.get('challenge');
  const requestUrl = link.searchParams.get('vc_request_url');
  if(!link.searchParams.get('issuer') || !requestUrl ||
    link.searchParams.get('auth_type') !== 'bearer') {
    throw new UsageError(`not an LCW credential request deep link: ${walletUrl}`);
  }
  const key = await Ed25519VerificationKey2020.generate();
  const did = `did:key:${key.fingerprint()}`;
  key.controller = did;
  key.id = `${did}#${key.fingerprint()}`;
  const presentation = dcc.createPresentation({holder: did, verify: false});
  const verifiablePresentation = await dcc.signPresentation({
    presentation,
    suite: new Ed25519Signature2020({key}),
    challenge,
    documentLoader: securityLoader().build()
  });
  return {holder: did, ...await post(requestUrl, verifiablePresentation)};
}

async function main() {
  const args = parseArgs(process.argv.slice(2), {
    flags: [],
    single: ['wallet', 'challenge', 'domain'],
    multi: []
  });
  const input = await readJsonStdin();
  const overrides = {
    challenge: args.single.get('challenge'),
    domain: args.single.get('domain')
  };
  const wallet = args.single.get('wallet') ?? 'vc-api';
  switch(wallet) {
    case 'vc-api':
      if(typeof input.exchangeUrl !== 'string') {
        throw new UsageError('input needs "exchangeUrl"');
      }
      return vcApiWallet(input, overrides);
    case 'lcw':
      if(typeof input.walletUrl !== 'string') {
        throw new UsageError('input needs "walletUrl"');
      }
      return lcwWallet(input, overrides);
    default:
      throw new UsageError(`--wallet must be vc-api or lcw, not "${wallet}"`);
  }
}

try {
  const output = await main();
  process.stdout.write(`${JSON.stringify(output)}\n`);
  process.exitCode = output.status === 200 ? 0 : 1;
} catch(e) {
  const usage = e instanceof UsageError;
  process.stdout.write(`${JSON.stringify({errors: errorMessages(e), unusableInput: usage})}\n`);
  process.exitCode = usage ? 2 : 1;
}
