/**
 * Digital Bazaar Data Integrity suites for the two EdDSA cryptosuites, and the
 * JSON-LD safe-mode check applied to every document before signing/verifying.
 */
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import {cryptosuite as eddsaRdfc2022CryptoSuite} from
  '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {
  createSignCryptosuite as createJcsSignCryptosuite,
  createVerifyCryptosuite as createJcsVerifyCryptosuite
} from '@digitalbazaar/eddsa-jcs-2022-cryptosuite';
import jsonld from 'jsonld';
import {UsageError} from './args.mjs';

/** The cryptosuites this harness knows. */
export const CRYPTOSUITES = ['eddsa-rdfc-2022', 'eddsa-jcs-2022'];

/**
 * A verification suite for one cryptosuite name.
 *
 * @param {string} name - `eddsa-rdfc-2022` or `eddsa-jcs-2022`.
 * @returns {DataIntegrityProof}
 */
export function verifySuite(name) {
  switch(name) {
    case 'eddsa-rdfc-2022':
      return new DataIntegrityProof({cryptosuite: eddsaRdfc2022CryptoSuite});
    case 'eddsa-jcs-2022':
      return new DataIntegrityProof({cryptosuite: createJcsVerifyCryptosuite()});
    default:
      throw new UsageError(`unsupported cryptosuite "${name}" ` +
        `(supported: ${CRYPTOSUITES.join(', ')})`);
  }
}

/**
 * A signing suite for one cryptosuite name and key.
 *
 * @param {string} name - `eddsa-rdfc-2022` or `eddsa-jcs-2022`.
 * @param {object} keyPair - An Ed25519Multikey key pair with a secret key
 *   and `id` (the verification method).
 * @param {string|undefined} created - `created` date, or now.
 * @returns {DataIntegrityProof}
 */
export function signSuite(name, keyPair, created) {
  const signer = keyPair.signer();
  const date = created ?? undefined;
  switch(name) {
    case 'eddsa-rdfc-2022':
      return new DataIntegrityProof(
        {signer, date, cryptosuite: eddsaRdfc2022CryptoSuite});
    case 'eddsa-jcs-2022':
      return new DataIntegrityProof(
        {signer, date, cryptosuite: createJcsSignCryptosuite()});
    default:
      throw new UsageError(`unsupported cryptosuite "${name}" ` +
        `(supported: ${CRYPTOSUITES.join(', ')})`);
  }
}

/**
 * Loads an Ed25519 key pair from a 32-byte hex seed or a multibase pair.
 *
 * @param {object} options - Key material and naming.
 * @param {string} [options.seedHex] - 64 hex characters.
 * @param {string} [options.secretMultibase] - `z3u2...` secret key.
 * @param {string} [options.publicMultibase] - `z6Mk...` public key.
 * @param {string} [options.controller] - Controller DID; default the did:key.
 * @param {string} [options.verificationMethod] - VM id; default
 *   `controller#publicKeyMultibase`.
 * @returns {Promise<object>}
 */
export async function loadKeyPair({
  seedHex, secretMultibase, publicMultibase, controller, verificationMethod
}) {
  let key;
  if(seedHex !== undefined) {
    if(secretMultibase !== undefined || publicMultibase !== undefined) {
      throw new UsageError(
        'give either --key-seed or --secret-multibase/--public-multibase');
    }
    if(!/^[0-9a-fA-F]{64}$/.test(seedHex)) {
      throw new UsageError('--key-seed must be 64 hex characters (32 bytes)');
    }
    key = await Ed25519Multikey.generate({seed: Buffer.from(seedHex, 'hex')});
  } else if(secretMultibase !== undefined && publicMultibase !== undefined) {
    try {
      key = await Ed25519Multikey.from({
        type: 'Multikey',
        publicKeyMultibase: publicMultibase,
        secretKeyMultibase: secretMultibase
      });
    } catch(e) {
      throw new UsageError(`invalid multibase key pair: ${e.message}`);
    }
  } else {
    throw new UsageError(
      'a key is required: --key-seed HEX, or --secret-multibase and ' +
      '--public-multibase');
  }
  const did = controller ?? `did:key:${key.publicKeyMultibase}`;
  const id = verificationMethod ?? `${did}#${key.publicKeyMultibase}`;
  return Ed25519Multikey.from({
    type: 'Multikey',
    id,
    controller: did,
    publicKeyMultibase: key.publicKeyMultibase,
    secretKeyMultibase: key.secretKeyMultibase
  });
}

/**
 * Expands the document in JSON-LD safe mode: any term or type the contexts do
 * not define, any relative IRI, any dropped value, is an error. The rdfc
 * suite canonicalises in safe mode already; jcs does not touch JSON-LD at all,
 * so this check makes both suites equally strict.
 *
 * @param {object} document - The credential.
 * @param {Function} documentLoader - The strict loader.
 * @returns {Promise<void>}
 */
export async function assertSafeJsonLd(document, documentLoader) {
  await jsonld.expand(structuredClone(document),
    {documentLoader, safe: true, base: null});
}
