/**
 * What the Fedify peer records of each request to its inbox, before Fedify
 * itself handles it: the activity's fields, whether it carries an object
 * integrity proof or a Linked Data signature, and an independent check of its
 * HTTP signature with Fedify's own exported `verifyRequest` (Fedify accepts an
 * activity when ANY of those verifies, so the test must know which did).
 */

/**
 * The `key="value"` parameters of a draft-cavage `Signature` header.
 *
 * @param {string} header - The header value.
 * @returns {Map<string, string>}
 */
function cavageParams(header) {
  const params = new Map();
  for(const match of header.matchAll(/([A-Za-z]+)="([^"]*)"/g)) {
    params.set(match[1], match[2]);
  }
  return params;
}

/**
 * The first member of an RFC 9421 `Signature-Input` header: label, covered
 * components and the `keyid`/`alg` parameters.
 *
 * @param {string} header - The header value.
 * @returns {{label: string|null, components: string[], keyId: string|null,
 *   algorithm: string|null}}
 */
function rfc9421Input(header) {
  const member = header.match(/^\s*([a-z0-9_.*-]+)=\(([^)]*)\)([^,]*)/i);
  if(member == null) {
    return {label: null, components: [], keyId: null, algorithm: null};
  }
  const [, label, inner, params] = member;
  const components = [...inner.matchAll(/"([^"]*)"/g)].map(m => m[1]);
  return {
    label,
    components,
    keyId: params.match(/;\s*keyid="([^"]*)"/i)?.[1] ?? null,
    algorithm: params.match(/;\s*alg="([^"]*)"/i)?.[1] ?? null
  };
}

/**
 * Which HTTP signature scheme `request` uses and what its headers declare.
 *
 * @param {Request} request - The incoming request.
 * @returns {object} `{present, spec, keyId, algorithm, covered}`.
 */
export function declaredSignature(request) {
  const input = request.headers.get('signature-input');
  if(input != null && request.headers.has('signature')) {
    const parsed = rfc9421Input(input);
    return {
      present: true,
      spec: 'rfc9421',
      label: parsed.label,
      keyId: parsed.keyId,
      algorithm: parsed.algorithm,
      covered: parsed.components
    };
  }
  const signature = request.headers.get('signature');
  if(signature != null) {
    const params = cavageParams(signature);
    return {
      present: true,
      spec: 'draft-cavage-http-signatures-12',
      keyId: params.get('keyId') ?? null,
      algorithm: params.get('algorithm') ?? null,
      covered: (params.get('headers') ?? 'date').split(/\s+/).filter(Boolean)
    };
  }
  return {present: false, spec: null, keyId: null, algorithm: null, covered: []};
}

/**
 * Verifies the HTTP signature of `request` with Fedify's own verifier: the
 * detailed one when this Fedify version has it (2.x), else `verifyRequest`.
 *
 * @param {object} fedify - The loaded Fedify module.
 * @param {Request} request - A clone of the incoming request.
 * @param {object} loaders - `{documentLoader, contextLoader}`.
 * @returns {Promise<object>} `{verified, keyId, reason}`.
 */
async function verifyWithFedify(fedify, request, loaders) {
  try {
    if(typeof fedify.verifyRequestDetailed === 'function') {
      const result = await fedify.verifyRequestDetailed(request, loaders);
      return result.verified ?
        {verified: true, keyId: result.key?.id?.href ?? null, reason: null} :
        {
          verified: false,
          keyId: result.reason?.keyId?.href ?? null,
          reason: result.reason?.type ?? 'unknown'
        };
    }
    const key = await fedify.verifyRequest(request, loaders);
    return key == null ?
      {verified: false, keyId: null, reason: 'verifyRequest returned null'} :
      {verified: true, keyId: key.id?.href ?? null, reason: null};
  } catch(e) {
    return {verified: false, keyId: null, reason: `error: ${e?.message ?? e}`};
  }
}

function idOf(value) {
  if(typeof value === 'string') {
    return value;
  }
  if(value && typeof value === 'object' && typeof value.id === 'string') {
    return value.id;
  }
  return null;
}

function typeOf(value) {
  if(value && typeof value === 'object' && !Array.isArray(value)) {
    return Array.isArray(value.type) ? value.type.join(' ') : value.type ?? null;
  }
  return null;
}

/**
 * Inspects one inbox request (which is left unread: clones are used).
 *
 * @param {object} fedify - The loaded Fedify module.
 * @param {Request} request - The incoming request.
 * @param {object} loaders - `{documentLoader, contextLoader}`.
 * @returns {Promise<object>} The record for the `received` event.
 */
export async function inspectInbound(fedify, request, loaders) {
  const text = await request.clone().text();
  let activity = null;
  try {
    activity = JSON.parse(text);
  } catch {
    // recorded as a null activity: Fedify answers the sender
  }
  const declared = declaredSignature(request);
  const checked = declared.present ?
    await verifyWithFedify(fedify, request.clone(), loaders) :
    {verified: false, keyId: null, reason: 'noSignature'};
  const object = activity?.object;
  return {
    id: idOf(activity),
    type: typeOf(activity),
    actor: idOf(activity?.actor),
    object: idOf(object),
    objectType: typeOf(object),
    httpSignature: {
      ...declared,
      verified: checked.verified,
      verifiedKeyId: checked.keyId,
      reason: checked.reason
    },
    proof: activity != null && typeof activity === 'object' &&
      activity.proof != null,
    ldSignature: activity != null && typeof activity === 'object' &&
      activity.signature != null,
    contentType: request.headers.get('content-type'),
    headers: Object.fromEntries(request.headers),
    activity
  };
}
