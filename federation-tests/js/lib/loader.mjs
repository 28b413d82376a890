/**
 * The strict JSON-LD document loader: serves only documents given to it
 * (the vector contexts, extra contexts, DID documents, did:key) and, when
 * allowed, did:web and status lists from loopback servers, over http or over
 * https (the standard did:web mapping; the server's CA comes from
 * NODE_EXTRA_CA_CERTS). Any other URL is an error, so nothing is ever fetched
 * from the network by accident.
 */
import {readFile} from 'node:fs/promises';
import {fileURLToPath} from 'node:url';
import path from 'node:path';
import {UsageError} from './args.mjs';
import {readJsonFile} from './io.mjs';
import {resolveDidKey} from './didkey.mjs';

const MULTIKEY_CONTEXT = 'https://w3id.org/security/multikey/v1';
const HTTP_TIMEOUT_MS = 10_000;
const HTTP_MAX_BYTES = 4 * 1024 * 1024;

/** Directory of the shared context documents, relative to this file. */
export const VECTOR_CONTEXTS_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../../shared/vectors/contexts');

/**
 * Builds the loader.
 *
 * @param {object} options - What to serve.
 * @param {Array<{url: string, file: string}>} [options.contexts] - Extra
 *   contexts (and other documents) served by URL.
 * @param {string[]} [options.didDocuments] - Files of DID documents, served
 *   for their `id` and their verification methods' ids.
 * @param {boolean} [options.allowHttpDidWeb] - Resolve did:web of loopback
 *   hosts over http and fetch http documents (status lists) from them.
 * @param {boolean} [options.allowHttpsLoopback] - Resolve did:web of loopback
 *   hosts over https and fetch https documents from them.
 * @param {string[]} [options.onlyContexts] - Serve only these URLs of the
 *   context index (default: all of it); each must be in the index.
 * @returns {Promise<Function>} A jsonld.js document loader.
 */
export async function createStrictLoader({
  contexts = [], didDocuments = [], allowHttpDidWeb = false,
  allowHttpsLoopback = false, onlyContexts = []
} = {}) {
  const documents = new Map();
  const indexFile = path.join(VECTOR_CONTEXTS_DIR, 'index.json');
  let index;
  try {
    index = JSON.parse(await readFile(indexFile, 'utf8'));
  } catch(e) {
    throw new UsageError(`cannot read context index "${indexFile}": ${e.message}`);
  }
  const only = new Set(onlyContexts);
  for(const url of only) {
    if(!index.some(entry => entry.url === url)) {
      throw new UsageError(`context "${url}" is not in "${indexFile}"`);
    }
  }
  for(const {url, file} of index) {
    if(only.size === 0 || only.has(url)) {
      documents.set(url, await readJsonFile(path.join(VECTOR_CONTEXTS_DIR, file)));
    }
  }
  // https first: it is how did:web resolves outside tests
  const schemes = [
    ...(allowHttpsLoopback ? ['https:'] : []),
    ...(allowHttpDidWeb ? ['http:'] : [])
  ];
  for(const {url, file} of contexts) {
    documents.set(url, await readJsonFile(file));
  }
  const dids = new Map();
  for(const file of didDocuments) {
    const doc = await readJsonFile(file);
    if(typeof doc.id !== 'string' || !doc.id.startsWith('did:')) {
      throw new UsageError(`DID document "${file}" has no "id" that is a DID`);
    }
    dids.set(doc.id, doc);
  }

  return async function strictDocumentLoader(url) {
    if(typeof url !== 'string') {
      throw new Error(`strict loader: URL must be a string, got ${typeof url}`);
    }
    const document = await load(url);
    return {contextUrl: null, documentUrl: url, document};
  };

  async function load(url) {
    if(documents.has(url)) {
      return structuredClone(documents.get(url));
    }
    const {did, fragment} = splitDidUrl(url);
    if(did !== null && dids.has(did)) {
      return fromDidDocument(dids.get(did), url, fragment);
    }
    if(did !== null && did.startsWith('did:key:')) {
      return resolveDidKey(url);
    }
    if(schemes.length > 0 && did !== null && did.startsWith('did:web:')) {
      const doc = await fetchJson(didWebUrl(did, schemes[0]));
      if(doc.id !== did) {
        throw new Error(
          `strict loader: DID document for "${did}" has id "${doc.id}"`);
      }
      return fromDidDocument(doc, url, fragment);
    }
    if(did === null && isLoopback(url, schemes)) {
      return fetchJson(url);
    }
    throw new Error(`strict loader: "${url}" is not a known document ` +
      '(not in the context index, not given with --context, --document or ' +
      '--did-document)');
  }
}

function splitDidUrl(url) {
  if(!url.startsWith('did:')) {
    return {did: null, fragment: null};
  }
  const hash = url.indexOf('#');
  return hash === -1 ?
    {did: url, fragment: null} :
    {did: url.slice(0, hash), fragment: url.slice(hash + 1)};
}

// Serves a DID document, or one of its verification methods by DID URL.
function fromDidDocument(doc, url, fragment) {
  if(fragment === null) {
    return structuredClone(doc);
  }
  const candidates = [
    ...(Array.isArray(doc.verificationMethod) ? doc.verificationMethod : []),
    ...(Array.isArray(doc.assertionMethod) ? doc.assertionMethod : [])
  ].filter(vm => vm && typeof vm === 'object');
  const vm = candidates.find(
    vm => vm.id === url || `${doc.id}${vm.id}` === url);
  if(!vm) {
    throw new Error(`strict loader: DID document "${doc.id}" has no ` +
      `verification method "${url}"`);
  }
  const context = vm.type === 'Multikey' ? MULTIKEY_CONTEXT : doc['@context'];
  return {
    '@context': context,
    ...structuredClone(vm),
    id: url,
    controller: vm.controller ?? doc.id
  };
}

/**
 * did:web -> URL, for loopback hosts only.
 *
 * @param {string} did - `did:web:localhost%3A8443[:path:segments]`.
 * @param {string} [scheme] - `http:` (a test shortcut) or `https:`.
 * @returns {string}
 */
export function didWebUrl(did, scheme = 'http:') {
  const parts = did.slice('did:web:'.length).split(':');
  const host = decodeURIComponent(parts[0] ?? '');
  const segments = parts.slice(1).map(decodeURIComponent);
  const pathPart = segments.length === 0 ?
    '/.well-known/did.json' : `/${segments.join('/')}/did.json`;
  const url = `${scheme}//${host}${pathPart}`;
  if(!isLoopback(url, [scheme])) {
    throw new Error(
      `strict loader: did:web "${did}" is not on a loopback host`);
  }
  return url;
}

function isLoopback(url, schemes) {
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if(!schemes.includes(parsed.protocol)) {
    return false;
  }
  const host = parsed.hostname;
  return host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

async function fetchJson(url) {
  let response;
  try {
    response = await fetch(url, {
      headers: {accept: 'application/did+json, application/ld+json, application/json'},
      redirect: 'error',
      signal: AbortSignal.timeout(HTTP_TIMEOUT_MS)
    });
  } catch(e) {
    throw new Error(`strict loader: GET ${url} failed: ${e.message}`);
  }
  if(!response.ok) {
    throw new Error(`strict loader: GET ${url} returned ${response.status}`);
  }
  const body = await response.arrayBuffer();
  if(body.byteLength > HTTP_MAX_BYTES) {
    throw new Error(`strict loader: GET ${url} body exceeds ${HTTP_MAX_BYTES} bytes`);
  }
  try {
    return JSON.parse(Buffer.from(body).toString('utf8'));
  } catch(e) {
    throw new Error(`strict loader: GET ${url} is not JSON: ${e.message}`);
  }
}
