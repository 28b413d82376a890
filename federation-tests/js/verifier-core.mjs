#!/usr/bin/env node
/**
 * Verifies a credential (JSON on stdin) with the Digital Credentials
 * Consortium's @digitalcredentials/verifier-core as it ships: its own
 * document loader (bundled contexts, did:web over https, any other URL
 * fetched from the web), its own suites, status and schema checks. Nothing of
 * it is replaced; every HTTP request it makes is only recorded.
 *
 * Prints `{log?, errors?, additionalInformation?, fetches}`: verifier-core's
 * response without the echoed credential (`log` holds one `{id, valid}` step
 * per check: valid_signature, revocation_status, suspension_status,
 * expiration, registered_issuer; `errors` its fatal errors) and `fetches`, one
 * `{url, status}` or `{url, error}` per request. Exits 0 when verifier-core
 * answered (whatever it found), 2 on unusable input, 1 otherwise.
 *
 * Options:
 *   --known-registries FILE  the issuer registries to look the issuer up in
 *                            (verifier-core's `knownDIDRegistries`; default
 *                            none)
 *
 * To trust a test CA, start Node with NODE_EXTRA_CA_CERTS.
 */
import {parseArgs, UsageError} from './lib/args.mjs';
import {errorMessages, readJsonFile, readJsonStdin} from './lib/io.mjs';

// verifier-core and its libraries log to the console; stdout is for the
// result alone
console.log = console.info = console.warn = console.error;

const fetches = [];
const realFetch = globalThis.fetch;
globalThis.fetch = async function recordingFetch(input, init) {
  const url = typeof input === 'string' ? input : String(input?.url ?? input);
  try {
    const response = await realFetch(input, init);
    fetches.push({url, status: response.status});
    return response;
  } catch(e) {
    fetches.push({url, error: errorMessages(e.cause ?? e).join('; ')});
    throw e;
  }
};
// imported after the recorder is in place, in case a library keeps a
// reference to `fetch`
const {verifyCredential} = await import('@digitalcredentials/verifier-core');

async function main() {
  const args = parseArgs(process.argv.slice(2), {single: ['known-registries']});
  const registriesFile = args.single.get('known-registries');
  let knownDIDRegistries = [];
  if(registriesFile !== undefined) {
    const registries = await readJsonFile(registriesFile).catch(() => null);
    knownDIDRegistries = registries?.registries ?? registries;
    if(!Array.isArray(knownDIDRegistries)) {
      throw new UsageError(`--known-registries "${registriesFile}" must ` +
        'hold a JSON array of registries or {"registries": [...]}');
    }
  }
  const credential = await readJsonStdin();
  const response = await verifyCredential({credential, knownDIDRegistries});
  const {credential: _echoed, ...rest} = response;
  if(Array.isArray(rest.errors)) {
    rest.errors = rest.errors.map(summarise);
  }
  for(const step of rest.log ?? []) {
    if(step.error) {
      step.error = summarise(step.error);
    }
  }
  return {...rest, fetches};
}

// a fatal error carries the thrown error as `stackTrace`; keep its messages
function summarise({name, message, stackTrace, details}) {
  const cause = stackTrace === undefined ? [] :
    typeof stackTrace === 'string' ? [stackTrace.split('\n')[0]] :
      errorMessages(stackTrace);
  return {
    name, message,
    ...(details === undefined ? {} : {details}),
    ...(cause.length === 0 ? {} : {cause})
  };
}

try {
  process.stdout.write(`${JSON.stringify(await main())}\n`);
} catch(e) {
  const usage = e instanceof UsageError;
  process.stdout.write(`${JSON.stringify({
    errors: errorMessages(e).map(message => ({name: 'harness', message})),
    fetches,
    unusableInput: usage
  })}\n`);
  process.exitCode = usage ? 2 : 1;
}
