#!/usr/bin/env node
/**
 * Looks up a Mochila node's ActivityPub actor with Fedify 1.5, as an
 * independent fediverse implementation. Reads one JSON object on stdin:
 *
 *   {"actor": "http://localhost:<port>/actor"}
 *
 * Fedify fetches the actor over HTTP (private addresses allowed: the node
 * runs on loopback), parses it as an ActivityStreams actor, runs WebFinger
 * with the actor URL, and verifies the actor's FEP-8b32 integrity proof.
 * Prints what it read and exits 0:
 *
 *   {"id", "type", "handle", "name", "inbox", "sharedInbox", "outbox",
 *    "followers", "following", "aliases": [...],
 *    "publicKey": {"id", "owner", "pem"},
 *    "assertionMethods": [{"id", "controller", "multibase"}],
 *    "webfinger": {"subject", "self"}, "proofs": n, "proofVerified": bool}
 *
 * Exits 1 with {"errors": [...]} when Fedify cannot fetch or parse the actor,
 * 2 on unusable input. Contexts come from the shared vectors and Fedify's
 * preloaded set; only loopback URLs are fetched over the network.
 */
import {
  Organization, exportMultibaseKey, exportSpki, getDocumentLoader,
  lookupObject, lookupWebFinger, verifyObject
} from '@fedify/fedify';
import {UsageError} from './lib/args.mjs';
import {errorMessages, readJsonStdin} from './lib/io.mjs';
import {createStrictLoader} from './lib/loader.mjs';

class LookupError extends Error {}

function isLoopback(url) {
  const host = new URL(url).hostname;
  return host === 'localhost' || host === '127.0.0.1' || host === '[::1]';
}

/** Contexts served from Fedify's preloaded set when the vectors lack them. */
const FEDIFY_CONTEXTS = new Set([
  'https://www.w3.org/ns/activitystreams',
  'https://w3id.org/security/v1',
  'https://w3id.org/security/data-integrity/v1',
  'https://w3id.org/security/multikey/v1'
]);

async function loaders() {
  const vectors = await createStrictLoader();
  const fedify = getDocumentLoader({allowPrivateAddress: true});
  const contextLoader = async url => {
    if(FEDIFY_CONTEXTS.has(url)) {
      return fedify(url);
    }
    return vectors(url);
  };
  const documentLoader = async url => {
    if(isLoopback(url)) {
      return fedify(url);
    }
    return contextLoader(url);
  };
  return {documentLoader, contextLoader};
}

async function main() {
  const input = await readJsonStdin();
  if(typeof input.actor !== 'string' || !URL.canParse(input.actor)) {
    throw new UsageError('"actor" must be the actor URL');
  }
  if(!isLoopback(input.actor)) {
    throw new UsageError('"actor" must be on a loopback host');
  }
  const options = await loaders();
  const actor = await lookupObject(input.actor, options);
  if(actor == null) {
    throw new LookupError(`Fedify could not fetch or parse ${input.actor}`);
  }
  const key = await actor.getPublicKey(options);
  const methods = [];
  for await (const m of actor.getAssertionMethods(options)) {
    methods.push({
      id: m.id?.href ?? null,
      controller: m.controllerId?.href ?? null,
      multibase: m.publicKey == null ? null : await exportMultibaseKey(m.publicKey)
    });
  }
  const jrd = await lookupWebFinger(input.actor, {allowPrivateAddress: true});
  const self = jrd?.links?.find(l => l.rel === 'self' &&
    l.type === 'application/activity+json');
  const json = (await options.documentLoader(input.actor)).document;
  let proofs = 0;
  for await (const _ of actor.getProofs(options)) {
    proofs++;
  }
  const verified = proofs > 0 &&
    (await verifyObject(Organization, json, options)) != null;
  return {
    id: actor.id?.href ?? null,
    type: actor.constructor.typeId.href,
    handle: actor.preferredUsername?.toString() ?? null,
    name: actor.name?.toString() ?? null,
    inbox: actor.inboxId?.href ?? null,
    sharedInbox: actor.endpoints?.sharedInbox?.href ?? null,
    outbox: actor.outboxId?.href ?? null,
    followers: actor.followersId?.href ?? null,
    following: actor.followingId?.href ?? null,
    aliases: actor.aliasIds.map(u => u.href),
    publicKey: key == null ? null : {
      id: key.id?.href ?? null,
      owner: key.ownerId?.href ?? null,
      pem: key.publicKey == null ? null : await exportSpki(key.publicKey)
    },
    assertionMethods: methods,
    webfinger: jrd == null ? null : {subject: jrd.subject ?? null, self: self?.href ?? null},
    proofs,
    proofVerified: verified
  };
}

main().then(result => {
  process.stdout.write(JSON.stringify(result) + '\n');
}, error => {
  process.stdout.write(JSON.stringify({errors: errorMessages(error)}) + '\n');
  process.exitCode = error instanceof UsageError ? 2 : 1;
});
