#!/usr/bin/env node
/**
 * Signs a credential (JSON on stdin) with Digital Bazaar's @digitalbazaar/vc
 * and prints the signed credential. Exits 2 on unusable input.
 *
 * Options:
 *   --suite eddsa-rdfc-2022|eddsa-jcs-2022   (required)
 *   --key-seed HEX                           32-byte Ed25519 seed, or
 *   --secret-multibase z... --public-multibase z...
 *   --controller DID                         default: the key's did:key
 *   --verification-method ID                 default: CONTROLLER#PUBLICKEY
 *   --created ISO                            proof `created`; default now
 *   --context URL=FILE                       extra documents (repeatable)
 */
import * as vc from '@digitalbazaar/vc';
import {parseArgs, parsePairs, UsageError} from './lib/args.mjs';
import {errorMessages, readJsonStdin} from './lib/io.mjs';
import {createStrictLoader} from './lib/loader.mjs';
import {assertSafeJsonLd, loadKeyPair, signSuite} from './lib/suites.mjs';

async function main() {
  const args = parseArgs(process.argv.slice(2), {
    single: [
      'suite', 'key-seed', 'secret-multibase', 'public-multibase',
      'controller', 'verification-method', 'created'
    ],
    multi: ['context']
  });
  const suiteName = args.single.get('suite');
  if(suiteName === undefined) {
    throw new UsageError('--suite is required');
  }
  const created = args.single.get('created');
  if(created !== undefined && isNaN(new Date(created))) {
    throw new UsageError(`--created "${created}" is not a date`);
  }
  const keyPair = await loadKeyPair({
    seedHex: args.single.get('key-seed'),
    secretMultibase: args.single.get('secret-multibase'),
    publicMultibase: args.single.get('public-multibase'),
    controller: args.single.get('controller'),
    verificationMethod: args.single.get('verification-method')
  });
  const suite = signSuite(suiteName, keyPair, created);
  const documentLoader = await createStrictLoader({
    contexts: parsePairs('context', args.multi.get('context'))
  });
  const credential = await readJsonStdin();
  if(credential.proof !== undefined) {
    throw new UsageError('credential already has a "proof"');
  }
  try {
    await assertSafeJsonLd(credential, documentLoader);
  } catch(e) {
    throw new UsageError(
      `JSON-LD safe mode: ${errorMessages(e).join('; ')}`);
  }
  return vc.issue({credential, suite, documentLoader});
}

try {
  const signed = await main();
  process.stdout.write(`${JSON.stringify(signed, null, 2)}\n`);
} catch(e) {
  process.stderr.write(`sign.mjs: ${errorMessages(e).join('; ')}\n`);
  process.exitCode = e instanceof UsageError ? 2 : 1;
}
