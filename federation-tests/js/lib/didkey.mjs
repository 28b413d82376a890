/**
 * did:key (Ed25519 Multikey) resolution: builds the DID document and its
 * verification method from the key itself, with no network.
 */
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';

const DID_CONTEXT = 'https://www.w3.org/ns/did/v1';
const MULTIKEY_CONTEXT = 'https://w3id.org/security/multikey/v1';

/**
 * Resolves a did:key DID or DID URL.
 *
 * @param {string} url - `did:key:z6Mk...` or `did:key:z6Mk...#z6Mk...`.
 * @returns {Promise<object>} The DID document, or the verification method
 *   (with the Multikey context) when `url` has a fragment.
 */
export async function resolveDidKey(url) {
  const hash = url.indexOf('#');
  const did = hash === -1 ? url : url.slice(0, hash);
  const fragment = hash === -1 ? null : url.slice(hash + 1);
  const fingerprint = did.slice('did:key:'.length);
  if(!fingerprint.startsWith('z6Mk')) {
    throw new Error(
      `did:key "${did}" is not an Ed25519 Multikey (expected "z6Mk...")`);
  }
  // validates the multibase/multicodec header and the key length
  await Ed25519Multikey.from({
    type: 'Multikey', controller: did, publicKeyMultibase: fingerprint
  });
  const vmId = `${did}#${fingerprint}`;
  const verificationMethod = {
    id: vmId,
    type: 'Multikey',
    controller: did,
    publicKeyMultibase: fingerprint
  };
  if(fragment !== null) {
    if(fragment !== fingerprint) {
      throw new Error(`did:key "${did}" has no verification method "${url}"`);
    }
    return {'@context': MULTIKEY_CONTEXT, ...verificationMethod};
  }
  return {
    '@context': [DID_CONTEXT, MULTIKEY_CONTEXT],
    id: did,
    verificationMethod: [verificationMethod],
    authentication: [vmId],
    assertionMethod: [vmId],
    capabilityDelegation: [vmId],
    capabilityInvocation: [vmId]
  };
}
