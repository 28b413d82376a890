// Verifies an OpenID Federation entity configuration with panva's `jose` (an independent
// JOSE implementation): reads {"jwt", "entity"} as JSON on stdin, takes the key named by
// the header's `kid` from the statement's own `jwks` (an entity configuration is
// self-signed), and checks the signature, `typ`, `iss`, `sub` and the validity period.
// Prints {"verified": true, "header", "payload"} or {"verified": false, "error"}.
import { decodeJwt, decodeProtectedHeader, importJWK, jwtVerify } from 'jose';

let input = '';
for await (const chunk of process.stdin) input += chunk;
const { jwt, entity } = JSON.parse(input);
try {
  const header = decodeProtectedHeader(jwt);
  const unverified = decodeJwt(jwt);
  const jwk = (unverified.jwks?.keys ?? []).find((k) => k.kid === header.kid);
  if (!jwk) throw new Error(`no key ${header.kid} in the statement's jwks`);
  const key = await importJWK(jwk, 'EdDSA');
  const { payload, protectedHeader } = await jwtVerify(jwt, key, {
    algorithms: ['EdDSA'],
    typ: 'entity-statement+jwt',
    issuer: entity,
    subject: entity,
  });
  console.log(JSON.stringify({ verified: true, header: protectedHeader, payload }));
} catch (e) {
  console.log(JSON.stringify({ verified: false, error: String(e?.message ?? e) }));
}
