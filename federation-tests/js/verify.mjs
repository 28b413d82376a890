#!/usr/bin/env node
/**
 * Verifies a credential (JSON on stdin) with Digital Bazaar's @digitalbazaar/vc
 * and a strict, offline document loader; prints
 * `{verified, errors, statusResult?}` and exits 0 (verified), 1 (not
 * verified) or 2 (unusable input).
 *
 * Options:
 *   --context URL=FILE      serve the context in FILE for URL (repeatable)
 *   --document URL=FILE     serve FILE for URL, e.g. a status list (repeatable)
 *   --did-document FILE     serve a DID document and its methods (repeatable)
 *   --allow-http-did-web    resolve did:web of loopback hosts over http and
 *                           fetch http documents (status lists) from them
 *   --allow-https-loopback  the same over https (the standard did:web
 *                           mapping); trust the server's CA with
 *                           NODE_EXTRA_CA_CERTS
 *   --only-context URL      serve only these contexts of the vector index
 *                           (repeatable; default: all of them)
 *   --check-status          check BitstringStatusList entries
 *   --now ISO               the time to check validity against
 */
import * as vc from '@digitalbazaar/vc';
import {checkStatus} from '@digitalbazaar/vc-bitstring-status-list';
import {parseArgs, parsePairs, UsageError} from './lib/args.mjs';
import {errorMessages, readJsonStdin} from './lib/io.mjs';
import {createStrictLoader} from './lib/loader.mjs';
import {CRYPTOSUITES, assertSafeJsonLd, verifySuite} from './lib/suites.mjs';

async function main() {
  const args = parseArgs(process.argv.slice(2), {
    flags: ['check-status', 'allow-http-did-web', 'allow-https-loopback'],
    single: ['now'],
    multi: ['context', 'document', 'did-document', 'only-context']
  });
  const documentLoader = await createStrictLoader({
    contexts: [
      ...parsePairs('context', args.multi.get('context')),
      ...parsePairs('document', args.multi.get('document'))
    ],
    didDocuments: args.multi.get('did-document'),
    allowHttpDidWeb: args.flags.has('allow-http-did-web'),
    allowHttpsLoopback: args.flags.has('allow-https-loopback'),
    onlyContexts: args.multi.get('only-context')
  });
  const now = args.single.get('now');
  if(now !== undefined && isNaN(new Date(now))) {
    throw new UsageError(`--now "${now}" is not a date`);
  }
  const credential = await readJsonStdin();
  const suite = suitesFor(credential);

  const errors = [];
  try {
    await assertSafeJsonLd(credential, documentLoader);
  } catch(e) {
    errors.push(...errorMessages(e).map(m => `JSON-LD safe mode: ${m}`));
    return {verified: false, errors};
  }

  const checkStatusRequested = args.flags.has('check-status');
  // @digitalbazaar/vc requires a checkStatus function whenever the credential
  // has credentialStatus; without --check-status the status is not looked at.
  const statusChecker = checkStatusRequested ?
    options => checkStatus({
      ...options,
      suite: CRYPTOSUITES.map(verifySuite),
      documentLoader
    }) :
    async () => ({verified: true});

  const result = await vc.verifyCredential({
    credential, suite, documentLoader, checkStatus: statusChecker, now
  });
  let verified = result.verified === true;
  errors.push(...errorMessages(result.error));
  for(const proofResult of result.results ?? []) {
    if(!proofResult.verified) {
      errors.push(...errorMessages(proofResult.error));
    }
  }
  const output = {verified, errors: [...new Set(errors)]};
  if(checkStatusRequested && result.statusResult) {
    const {statusResult} = result;
    errors.push(...errorMessages(statusResult.error));
    // a set bit (revoked or suspended) makes the credential unacceptable
    for(const entry of statusResult.results ?? []) {
      if(entry.status === true) {
        verified = false;
        errors.push(`credentialStatus: ${entry.credentialStatus?.statusPurpose} ` +
          `bit ${entry.credentialStatus?.statusListIndex} is set`);
      }
    }
    output.verified = verified;
    output.errors = [...new Set(errors)];
    output.statusResult = {
      verified: statusResult.verified === true,
      results: (statusResult.results ?? []).map(r => ({
        statusPurpose: r.credentialStatus?.statusPurpose,
        statusListIndex: r.credentialStatus?.statusListIndex,
        statusListCredential: r.credentialStatus?.statusListCredential,
        status: r.status
      }))
    };
  }
  if(output.verified && output.errors.length > 0) {
    output.verified = false;
  }
  return output;
}

function suitesFor(credential) {
  const {proof} = credential;
  if(proof === undefined) {
    throw new UsageError('credential has no "proof"');
  }
  const proofs = Array.isArray(proof) ? proof : [proof];
  const names = new Set();
  for(const [i, p] of proofs.entries()) {
    if(!(p && typeof p === 'object')) {
      throw new UsageError(`proof[${i}] is not an object`);
    }
    if(p.type !== 'DataIntegrityProof') {
      throw new UsageError(
        `proof[${i}].type "${p.type}" is not "DataIntegrityProof"`);
    }
    if(!CRYPTOSUITES.includes(p.cryptosuite)) {
      throw new UsageError(`proof[${i}].cryptosuite "${p.cryptosuite}" is ` +
        `not supported (supported: ${CRYPTOSUITES.join(', ')})`);
    }
    names.add(p.cryptosuite);
  }
  return [...names].map(verifySuite);
}

try {
  const output = await main();
  process.stdout.write(`${JSON.stringify(output)}\n`);
  process.exitCode = output.verified ? 0 : 1;
} catch(e) {
  const usage = e instanceof UsageError;
  process.stdout.write(`${JSON.stringify({
    verified: false,
    errors: errorMessages(e),
    unusableInput: usage
  })}\n`);
  process.exitCode = usage ? 2 : 1;
}
