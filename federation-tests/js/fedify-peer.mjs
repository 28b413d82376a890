#!/usr/bin/env node
/**
 * A Fedify ActivityPub server (one actor) as an independent peer for the
 * Mochila federation tests. The same script runs Fedify 1.5 on Node 20 (from
 * federation-tests/: `node js/fedify-peer.mjs`) and Fedify 2.3 on Node 22
 * (`fedify2/node_modules/.bin/node js/fedify-peer.mjs --fedify
 * fedify2/fedify.mjs`).
 *
 * Options: --fedify <module or path> (default `@fedify/fedify`), --port <n>
 * (default 0: any free port), --handle <name> (default `peer`), --no-proofs
 * (RSA key only: no Ed25519 key, so no object integrity proofs).
 *
 * Serves http://localhost:<port> on 127.0.0.1: the actor
 * /users/<handle> (a Person with an RSA `publicKey` and, unless --no-proofs,
 * an Ed25519 Multikey), its inbox /users/<handle>/inbox, the shared inbox
 * /inbox and WebFinger. No message queue: activities are sent before a
 * command answers and handled before the inbox answers.
 *
 * Line-delimited JSON. Stdout: first
 *   {"event":"ready","actor","inbox","sharedInbox","keyId","fedify","node"}
 * then, per request to an inbox, {"event":"received", ...} when Fedify
 * accepted the activity (its listener ran) or {"event":"rejected","status",
 * ...} when Fedify refused it; both carry the independent HTTP signature
 * check (see lib/fedify-inspect.mjs). Follow requests are answered with an
 * Accept, sent after the Follow's response.
 * Stdin, one command a line (an optional "tag" is echoed back):
 *   {"cmd":"follow","target":"<actor URL>"}
 *   {"cmd":"create","target":"<actor URL>","content":"..."}
 *   {"cmd":"undo-follow","target":"<actor URL>"}
 * each answered {"event":"sent","cmd","id","target"} or
 * {"event":"error","cmd","errors":[...]}, and
 *   {"cmd":"lookup","target":"<actor URL>"}
 * answered {"event":"looked-up","object":{"id","type","inbox","publicKey":
 * {"id","owner","pem"},"assertionMethods":[{"id","controller"}],...}}. The script exits when stdin closes.
 */
import {randomUUID} from 'node:crypto';
import {readFile} from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import readline from 'node:readline';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {errorMessages} from './lib/io.mjs';
import {createLoaders, isLoopback} from './lib/fedify-loaders.mjs';
import {inspectInbound} from './lib/fedify-inspect.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));

function emit(event) {
  process.stdout.write(JSON.stringify(event) + '\n');
}

function parseArgs(argv) {
  const options = {fedify: '@fedify/fedify', port: 0, handle: 'peer', proofs: true};
  for(let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      if(i + 1 >= argv.length) {
        throw new Error(`${arg} needs a value`);
      }
      return argv[++i];
    };
    if(arg === '--fedify') {
      options.fedify = value();
    } else if(arg === '--port') {
      options.port = Number.parseInt(value(), 10);
      if(!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) {
        throw new Error('--port must be a port number');
      }
    } else if(arg === '--handle') {
      options.handle = value();
      if(!/^[a-z0-9_]+$/.test(options.handle)) {
        throw new Error('--handle must be [a-z0-9_]+');
      }
    } else if(arg === '--no-proofs') {
      options.proofs = false;
    } else {
      throw new Error(`unknown argument ${arg}`);
    }
  }
  return options;
}

/** Imports Fedify and reads which version it is. */
async function loadFedify(spec) {
  const isPath = /^[./]/.test(spec) || /\.[cm]?js$/.test(spec);
  const module = await import(isPath ? pathToFileURL(path.resolve(spec)).href : spec);
  const packageDir = isPath ? path.dirname(path.resolve(spec)) : path.dirname(HERE);
  let version = null;
  try {
    const pkg = JSON.parse(await readFile(
      path.join(packageDir, 'node_modules/@fedify/fedify/package.json'), 'utf8'));
    version = pkg.version;
  } catch {
    // the version is only reported
  }
  return {F: module, version};
}

/** Node's request as a fetch `Request`, its URL from the Host header. */
async function toRequest(req) {
  const chunks = [];
  for await (const chunk of req) {
    chunks.push(chunk);
  }
  const headers = new Headers();
  for(let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    headers.append(req.rawHeaders[i], req.rawHeaders[i + 1]);
  }
  const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
  const body = req.method === 'GET' || req.method === 'HEAD' ?
    undefined : Buffer.concat(chunks);
  return new Request(url, {method: req.method, headers, body});
}

async function writeResponse(res, response) {
  const headers = {};
  for(const [name, value] of response.headers) {
    headers[name] = value;
  }
  res.writeHead(response.status, headers);
  res.end(Buffer.from(await response.arrayBuffer()));
}

function buildFederation(F, origin, loaders, handle, keyPairs, onInbound) {
  const federation = F.createFederation({
    kv: new F.MemoryKvStore(),
    origin,
    documentLoaderFactory: () => loaders.documentLoader,
    contextLoaderFactory: () => loaders.contextLoader,
    // signed GETs (e.g. ctx.lookupObject) to loopback peers only
    authenticatedDocumentLoaderFactory: identity => {
      const signed = F.getAuthenticatedDocumentLoader(identity, {allowPrivateAddress: true});
      return url => (isLoopback(String(url)) ? signed(url) : loaders.contextLoader(url));
    }
  });
  federation
    .setActorDispatcher('/users/{identifier}', async (ctx, identifier) => {
      if(identifier !== handle) {
        return null;
      }
      const keys = await ctx.getActorKeyPairs(identifier);
      return new F.Person({
        id: ctx.getActorUri(identifier),
        preferredUsername: identifier,
        name: `Fedify peer ${identifier}`,
        inbox: ctx.getInboxUri(identifier),
        endpoints: new F.Endpoints({sharedInbox: ctx.getInboxUri()}),
        publicKey: keys[0]?.cryptographicKey,
        assertionMethods: keys.map(k => k.multikey)
      });
    })
    .setKeyPairsDispatcher((_ctx, identifier) => (identifier === handle ? keyPairs : []));
  const inbox = federation.setInboxListeners('/users/{identifier}/inbox', '/inbox');
  inbox
    .on(F.Follow, async (ctx, follow) => {
      onInbound(ctx.data, follow);
      if(follow.objectId?.href !== ctx.getActorUri(handle).href) {
        return;
      }
      const follower = await follow.getActor(ctx);
      if(follower == null) {
        emit({event: 'error', during: 'accept', errors: ['cannot fetch the follower']});
        return;
      }
      const accept = new F.Accept({
        id: new URL(`/accepts/${randomUUID()}`, origin),
        actor: ctx.getActorUri(handle),
        object: follow,
        to: follower.id
      });
      // after the Follow's response, as a server with a queue would
      ctx.data.after.push(async () => {
        await ctx.sendActivity({identifier: handle}, follower, accept, {immediate: true});
        emit({event: 'sent', cmd: 'accept', id: accept.id.href, target: follower.id?.href});
      });
    })
    .on(F.Activity, async (ctx, activity) => {
      onInbound(ctx.data, activity);
    })
    .onError((_ctx, error) => {
      emit({event: 'error', during: 'inbox', errors: errorMessages(error)});
    });
  return federation;
}

/** What Fedify read of a remote actor (for the `lookup` command). */
async function describeActor(F, ctx, actor) {
  const key = await actor.getPublicKey(ctx);
  const methods = [];
  for await (const method of actor.getAssertionMethods(ctx)) {
    methods.push({id: method.id?.href ?? null, controller: method.controllerId?.href ?? null});
  }
  return {
    id: actor.id?.href ?? null,
    type: actor.constructor.typeId?.href ?? null,
    preferredUsername: actor.preferredUsername?.toString() ?? null,
    inbox: actor.inboxId?.href ?? null,
    sharedInbox: actor.endpoints?.sharedInbox?.href ?? null,
    publicKey: key == null ? null : {
      id: key.id?.href ?? null,
      owner: key.ownerId?.href ?? null,
      pem: key.publicKey == null ? null : await F.exportSpki(key.publicKey)
    },
    assertionMethods: methods
  };
}

function commandRunner(F, federation, origin, handle) {
  const follows = new Map();
  const context = () => federation.createContext(new URL(origin), {inbound: null, after: []});
  const lookup = async (ctx, target) => {
    if(typeof target !== 'string' || !isLoopback(target)) {
      throw new Error('"target" must be an actor URL on a loopback host');
    }
    const actor = await ctx.lookupObject(target);
    if(actor == null || actor.inboxId == null) {
      // lookupObject swallows its errors: fetch again to say why
      const why = await ctx.documentLoader(target).then(
        r => `it is ${JSON.stringify(r.document).slice(0, 300)}`,
        e => errorMessages(e).join('; '));
      throw new Error(`Fedify found no actor with an inbox at ${target}: ${why}`);
    }
    return actor;
  };
  const send = async (ctx, actor, activity) => {
    await ctx.sendActivity({identifier: handle}, actor, activity, {immediate: true});
    return {event: 'sent', id: activity.id.href};
  };
  const commands = {
    async follow(ctx, cmd, me) {
      const actor = await lookup(ctx, cmd.target);
      const follow = new F.Follow({
        id: new URL(`/follows/${randomUUID()}`, origin), actor: me, object: actor.id, to: actor.id
      });
      const sent = await send(ctx, actor, follow);
      follows.set(cmd.target, follow);
      return sent;
    },
    async create(ctx, cmd, me) {
      if(typeof cmd.content !== 'string') {
        throw new Error('"content" must be a string');
      }
      const actor = await lookup(ctx, cmd.target);
      const note = new F.Note({
        id: new URL(`/notes/${randomUUID()}`, origin),
        attribution: me, content: cmd.content, to: actor.id
      });
      return send(ctx, actor, new F.Create({
        id: new URL(`/creates/${randomUUID()}`, origin), actor: me, object: note, to: actor.id
      }));
    },
    async 'undo-follow'(ctx, cmd, me) {
      const follow = follows.get(cmd.target);
      if(follow == null) {
        throw new Error(`no Follow of ${cmd.target} was sent`);
      }
      const actor = await lookup(ctx, cmd.target);
      const sent = await send(ctx, actor, new F.Undo({
        id: new URL(`/undos/${randomUUID()}`, origin), actor: me, object: follow, to: actor.id
      }));
      follows.delete(cmd.target);
      return sent;
    },
    async lookup(ctx, cmd) {
      const actor = await lookup(ctx, cmd.target);
      return {event: 'looked-up', object: await describeActor(F, ctx, actor)};
    }
  };
  return async line => {
    let cmd;
    try {
      cmd = JSON.parse(line);
    } catch(e) {
      emit({event: 'error', cmd: null, errors: [`not JSON: ${e.message}`]});
      return;
    }
    const run = commands[cmd?.cmd];
    const answer = {cmd: cmd?.cmd ?? null, target: cmd?.target ?? null};
    if(cmd?.tag !== undefined) {
      answer.tag = cmd.tag;
    }
    if(run === undefined) {
      emit({event: 'error', ...answer, errors: [`unknown command ${JSON.stringify(cmd?.cmd)}`]});
      return;
    }
    try {
      const ctx = context();
      emit({...answer, ...await run(ctx, cmd, ctx.getActorUri(handle))});
    } catch(e) {
      emit({event: 'error', ...answer, errors: errorMessages(e)});
    }
  };
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const {F, version} = await loadFedify(options.fedify);
  const loaders = await createLoaders(F);
  const keyPairs = [await F.generateCryptoKeyPair('RSASSA-PKCS1-v1_5')];
  if(options.proofs) {
    keyPairs.push(await F.generateCryptoKeyPair('Ed25519'));
  }

  let federation = null;
  const inboxPaths = new Set([`/users/${options.handle}/inbox`, '/inbox']);
  const server = http.createServer((req, res) => {
    handle(req, res).catch(error => {
      emit({event: 'error', during: 'http', errors: errorMessages(error)});
      if(!res.headersSent) {
        res.writeHead(500).end();
      }
    });
  });
  async function handle(req, res) {
    const request = await toRequest(req);
    const isInbox = request.method === 'POST' && inboxPaths.has(new URL(request.url).pathname);
    const data = {inbound: null, after: [], recorded: false};
    if(isInbox) {
      data.inbound = await inspectInbound(F, request, loaders);
    }
    const response = await federation.fetch(request, {contextData: data});
    await writeResponse(res, response.clone());
    if(isInbox && !data.recorded) {
      const body = await response.text();
      emit({
        event: 'rejected', status: response.status, response: body.slice(0, 500),
        ...data.inbound
      });
    }
    for(const task of data.after) {
      await task().catch(error => emit({event: 'error', during: 'accept', errors: errorMessages(error)}));
    }
  }
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', resolve);
  });
  const origin = `http://localhost:${server.address().port}`;

  const onInbound = (data, activity) => {
    if(data?.inbound == null) {
      return;
    }
    data.recorded = true;
    emit({event: 'received', ...data.inbound, parsedType: activity.constructor.typeId?.href ?? null});
  };
  federation = buildFederation(F, origin, loaders, options.handle, keyPairs, onInbound);

  const run = commandRunner(F, federation, origin, options.handle);
  let pending = Promise.resolve();
  const lines = readline.createInterface({input: process.stdin});
  lines.on('line', line => {
    if(line.trim() !== '') {
      pending = pending.then(() => run(line));
    }
  });
  lines.on('close', () => {
    pending.finally(() => {
      server.close();
      process.exit(0);
    });
  });

  const actor = `${origin}/users/${options.handle}`;
  emit({
    event: 'ready', actor, inbox: `${actor}/inbox`, sharedInbox: `${origin}/inbox`,
    keyId: `${actor}#main-key`, fedify: version, node: process.version, proofs: options.proofs
  });
}

main().catch(error => {
  emit({event: 'error', during: 'startup', errors: errorMessages(error)});
  process.exit(1);
});
