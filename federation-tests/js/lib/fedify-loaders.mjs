/**
 * JSON-LD loaders for the Fedify peer (`js/fedify-peer.mjs`): documents on
 * loopback hosts are fetched over HTTP (the Mochila nodes and other peers of
 * a test), contexts come from Fedify's preloaded set or the shared vector
 * contexts, and any other URL is refused, so nothing leaves the machine.
 * Plain Node modules only: it is loaded by Node 20 (Fedify 1.5) and Node 22
 * (Fedify 2.3) alike and resolves no npm package.
 */
import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

/** Directory of the shared context documents, relative to this file. */
const VECTOR_CONTEXTS_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../../shared/vectors/contexts');

/** Mochila's microcredential extension context, as the node embeds it. */
const MOCHILA_CONTEXT_URL = 'https://w3id.org/mochila/microcredential/v1';
const MOCHILA_CONTEXT_FILE = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../protocol/contexts/mochila-microcredential-v1.jsonld');

/** Contexts that Fedify 1.5 preloads; 2.3 also exports its (longer) list. */
const FEDIFY_15_CONTEXTS = new Set([
  'https://www.w3.org/ns/activitystreams',
  'https://w3id.org/security/v1',
  'https://w3id.org/security/data-integrity/v1',
  'https://w3id.org/security/multikey/v1',
  'https://w3id.org/identity/v1',
  'https://www.w3.org/ns/did/v1',
  'https://gotosocial.org/ns',
  'https://purl.archive.org/socialweb/webfinger',
  'http://schema.org/'
]);

/**
 * Whether `url` is an http(s) URL on a loopback host.
 *
 * @param {string} url - Any string.
 * @returns {boolean}
 */
export function isLoopback(url) {
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if(parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return false;
  }
  const host = parsed.hostname;
  return host === 'localhost' || host === '[::1]' ||
    /^127\.\d+\.\d+\.\d+$/.test(host);
}

async function vectorContexts() {
  const documents = new Map();
  const indexFile = path.join(VECTOR_CONTEXTS_DIR, 'index.json');
  let index;
  try {
    index = JSON.parse(await readFile(indexFile, 'utf8'));
  } catch(e) {
    throw new Error(`cannot read the context index "${indexFile}": ${e.message}`);
  }
  for(const {url, file} of index) {
    documents.set(url, JSON.parse(
      await readFile(path.join(VECTOR_CONTEXTS_DIR, file), 'utf8')));
  }
  documents.set(MOCHILA_CONTEXT_URL,
    JSON.parse(await readFile(MOCHILA_CONTEXT_FILE, 'utf8')));
  return documents;
}

/**
 * Builds the peer's loaders on Fedify's own document loader.
 *
 * @param {object} fedifyModule - The loaded Fedify module: its
 *   `getDocumentLoader` and, when it has one, `preloadedContexts`.
 * @returns {Promise<{documentLoader: Function, contextLoader: Function}>}
 */
export async function createLoaders(fedifyModule) {
  const fedify = fedifyModule.getDocumentLoader({allowPrivateAddress: true});
  const preloaded = new Set([
    ...FEDIFY_15_CONTEXTS,
    ...Object.keys(fedifyModule.preloadedContexts ?? {})
  ]);
  const vectors = await vectorContexts();
  const contextLoader = async url => {
    const href = String(url);
    if(preloaded.has(href)) {
      return fedify(href);
    }
    if(vectors.has(href)) {
      return {
        contextUrl: null,
        documentUrl: href,
        document: structuredClone(vectors.get(href))
      };
    }
    if(isLoopback(href)) {
      return fedify(href);
    }
    throw new Error(`fedify-peer: refusing to load "${href}" (not a known ` +
      'context, not on a loopback host)');
  };
  const documentLoader = async url => {
    const href = String(url);
    return isLoopback(href) ? fedify(href) : contextLoader(href);
  };
  return {documentLoader, contextLoader};
}
