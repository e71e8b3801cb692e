import { createHmac, generateKeyPairSync } from 'node:crypto';
import { keysFromJwks, signIdentityToken, TokenRejected, verifyIdentityToken } from './jwt';

const SECRET = 'x'.repeat(32);
const HS = { alg: 'HS256' as const, secret: SECRET };
const ID = '6650a1b2c3d4e5f601234567';
const NOW = Date.UTC(2026, 11, 1);

function rejected(run: () => unknown): { code: string; message: string } {
  try {
    run();
  } catch (err) {
    if (err instanceof TokenRejected) return { code: err.code, message: err.message };
    throw err;
  }
  throw new Error('the token was accepted');
}

const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('verifyIdentityToken', () => {
  it('accepts an HS256 token with sub, kind and a future exp', () => {
    const token = signIdentityToken({ sub: ID, kind: 'user', ttlSeconds: 60 }, HS, NOW);
    expect(verifyIdentityToken(token, HS, NOW)).toEqual({ sub: ID, kind: 'user', exp: NOW / 1000 + 60 });
  });

  it('accepts RS256 tokens from a PEM key or a JWKS document, by kid', () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const jwks = { keys: [{ ...publicKey.export({ format: 'jwk' }), kid: 'k1' }] };
    const token = signIdentityToken({ sub: ID, kind: 'supplier' }, { alg: 'RS256', privateKeyPem: pem, kid: 'k1' }, NOW);
    expect(verifyIdentityToken(token, { alg: 'RS256', keys: [{ key: publicKey }] }, NOW).kind).toBe('supplier');
    expect(verifyIdentityToken(token, { alg: 'RS256', keys: keysFromJwks(jwks) }, NOW).sub).toBe(ID);
    const other = signIdentityToken({ sub: ID, kind: 'user' }, { alg: 'RS256', privateKeyPem: pem, kid: 'k2' }, NOW);
    expect(rejected(() => verifyIdentityToken(other, { alg: 'RS256', keys: keysFromJwks(jwks) }, NOW)).code).toBe('TOKEN_SIGNATURE');
  });

  it.each([
    ['an expired token', signIdentityToken({ sub: ID, kind: 'user', exp: NOW / 1000 - 1 }, HS, NOW), 'TOKEN_EXPIRED'],
    ['another secret', signIdentityToken({ sub: ID, kind: 'user' }, { alg: 'HS256', secret: 'y'.repeat(32) }, NOW), 'TOKEN_SIGNATURE'],
    ['alg none', `${part({ alg: 'none' })}.${part({ sub: ID, kind: 'user', exp: NOW / 1000 + 60 })}.`, 'TOKEN_MALFORMED'],
    ['alg none with a signature', `${part({ alg: 'none' })}.${part({ sub: ID, kind: 'user', exp: 9e9 })}.AA`, 'TOKEN_ALGORITHM'],
    ['RS256 where HS256 is configured', `${part({ alg: 'RS256' })}.${part({ sub: ID, kind: 'user', exp: 9e9 })}.AA`, 'TOKEN_ALGORITHM'],
    ['two segments', 'abc.def', 'TOKEN_MALFORMED'],
    ['a huge token', 'a'.repeat(5000), 'TOKEN_MALFORMED'],
    ['a header that is not JSON', `bm90IGpzb24.${part({})}.AA`, 'TOKEN_MALFORMED'],
  ])('refuses %s', (_what, token, code) => {
    expect(rejected(() => verifyIdentityToken(token, HS, NOW)).code).toBe(code);
  });

  it.each([
    ['no exp', { sub: ID, kind: 'user' }, /no numeric exp/],
    ['a sub that is not an ObjectId', { sub: 'admin', kind: 'user', exp: 9e9 }, /sub claim/],
    ['an unknown kind', { sub: ID, kind: 'admin', exp: 9e9 }, /kind claim/],
    ['a future nbf', { sub: ID, kind: 'user', exp: 9e9, nbf: 9e9 - 1 }, /not valid yet/],
  ])('refuses a validly signed token with %s', (_what, claims, reason) => {
    const signed = `${part({ alg: 'HS256' })}.${part(claims)}`;
    const token = `${signed}.${createHmac('sha256', SECRET).update(signed).digest('base64url')}`;
    const result = rejected(() => verifyIdentityToken(token, HS, NOW));
    expect(result.code).toBe('TOKEN_CLAIMS');
    expect(result.message).toMatch(reason);
  });
});
