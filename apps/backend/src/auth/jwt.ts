import {
  createHmac,
  createPublicKey,
  JsonWebKey,
  KeyObject,
  timingSafeEqual,
  verify as verifySignature,
  sign as rsaSign,
} from 'node:crypto';

export type IdentityKind = 'user' | 'supplier';
export const IDENTITY_KINDS: readonly IdentityKind[] = ['user', 'supplier'];

/** The claims the backend requires: sub = the user or supplier id, kind, exp (seconds since the epoch). */
export interface IdentityClaims {
  sub: string;
  kind: IdentityKind;
  exp: number;
}

/** How tokens are checked: an HS256 shared secret, or RS256 public keys (a PEM file or a JWKS file, by `kid`). */
export type JwtKeys = { alg: 'HS256'; secret: string } | { alg: 'RS256'; keys: Array<{ kid?: string; key: KeyObject }> };

/** Why a token was refused; `code` lands in the 401 body. */
export class TokenRejected extends Error {
  constructor(
    readonly code: 'TOKEN_MALFORMED' | 'TOKEN_ALGORITHM' | 'TOKEN_SIGNATURE' | 'TOKEN_EXPIRED' | 'TOKEN_CLAIMS',
    reason: string,
  ) {
    super(reason);
    this.name = 'TokenRejected';
  }
}

/** Longer than any token this backend mints or accepts (a few hundred bytes); bounds the work spent on junk. */
export const MAX_TOKEN_LENGTH = 4096;
const SEGMENT = /^[A-Za-z0-9_-]+$/;
const OBJECT_ID = /^[0-9a-f]{24}$/;

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

function decodeJson(segment: string, what: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw new TokenRejected('TOKEN_MALFORMED', `the token's ${what} is not a base64url JSON object`);
}

function checkSignature(keys: JwtKeys, header: Record<string, unknown>, signed: string, signature: Buffer): boolean {
  if (keys.alg === 'HS256') {
    const expected = createHmac('sha256', keys.secret).update(signed).digest();
    return expected.length === signature.length && timingSafeEqual(expected, signature);
  }
  const kid = typeof header.kid === 'string' ? header.kid : undefined;
  // A key without a kid (a PEM file) is tried for every token; a JWKS key only for its own kid (or a token without one).
  const candidates = kid === undefined ? keys.keys : keys.keys.filter((k) => k.kid === undefined || k.kid === kid);
  if (candidates.length === 0) throw new TokenRejected('TOKEN_SIGNATURE', `no configured key has kid "${kid?.slice(0, 64)}"`);
  return candidates.some((k) => verifySignature('RSA-SHA256', Buffer.from(signed), k.key, signature));
}

/** Verifies a compact JWS and its claims; throws TokenRejected with the reason. `now` in ms. */
export function verifyIdentityToken(token: string, keys: JwtKeys, now = Date.now()): IdentityClaims {
  if (token.length > MAX_TOKEN_LENGTH)
    throw new TokenRejected('TOKEN_MALFORMED', `the token is longer than ${MAX_TOKEN_LENGTH} characters`);
  const parts = token.split('.');
  if (parts.length !== 3 || !parts.every((p) => SEGMENT.test(p))) {
    throw new TokenRejected('TOKEN_MALFORMED', 'the token is not three base64url segments (header.payload.signature)');
  }
  const header = decodeJson(parts[0], 'header');
  if (header.alg !== keys.alg) {
    throw new TokenRejected('TOKEN_ALGORITHM', `the token's alg must be ${keys.alg}, not ${JSON.stringify(header.alg)?.slice(0, 32)}`);
  }
  const claims = decodeJson(parts[1], 'payload');
  if (!checkSignature(keys, header, `${parts[0]}.${parts[1]}`, Buffer.from(parts[2], 'base64url'))) {
    throw new TokenRejected('TOKEN_SIGNATURE', 'the token signature does not verify');
  }
  if (typeof claims.exp !== 'number' || !Number.isFinite(claims.exp))
    throw new TokenRejected('TOKEN_CLAIMS', 'the token has no numeric exp claim');
  if (claims.exp * 1000 <= now)
    throw new TokenRejected('TOKEN_EXPIRED', `the token expired at ${new Date(claims.exp * 1000).toISOString()}`);
  if (typeof claims.nbf === 'number' && claims.nbf * 1000 > now)
    throw new TokenRejected('TOKEN_CLAIMS', 'the token is not valid yet (nbf)');
  if (typeof claims.sub !== 'string' || !OBJECT_ID.test(claims.sub.toLowerCase())) {
    throw new TokenRejected('TOKEN_CLAIMS', 'the token sub claim must be a 24-character hex ObjectId');
  }
  if (!IDENTITY_KINDS.includes(claims.kind as IdentityKind))
    throw new TokenRejected('TOKEN_CLAIMS', 'the token kind claim must be user or supplier');
  return { sub: claims.sub.toLowerCase(), kind: claims.kind as IdentityKind, exp: claims.exp };
}

/** Signs a token (HS256 with a secret, RS256 with a PEM private key): `npm run token` and the tests use it. */
export function signIdentityToken(
  claims: { sub: string; kind: IdentityKind; ttlSeconds?: number; exp?: number },
  signer: { alg: 'HS256'; secret: string } | { alg: 'RS256'; privateKeyPem: string; kid?: string },
  now = Date.now(),
): string {
  const exp = claims.exp ?? Math.floor(now / 1000) + (claims.ttlSeconds ?? 3600);
  const header = { alg: signer.alg, typ: 'JWT', ...(signer.alg === 'RS256' && signer.kid ? { kid: signer.kid } : {}) };
  const signed = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify({ sub: claims.sub, kind: claims.kind, iat: Math.floor(now / 1000), exp }))}`;
  const signature =
    signer.alg === 'HS256'
      ? createHmac('sha256', signer.secret).update(signed).digest()
      : rsaSign('RSA-SHA256', Buffer.from(signed), signer.privateKeyPem);
  return `${signed}.${b64url(signature)}`;
}

/** The RS256 keys of a JWKS document ({keys: [{kty: 'RSA', n, e, kid}]}); other key types are skipped. */
export function keysFromJwks(jwks: unknown): Array<{ kid?: string; key: KeyObject }> {
  const list = (jwks as { keys?: unknown })?.keys;
  if (!Array.isArray(list)) throw new Error('a JWKS document must be {"keys": [...]}');
  const keys = list
    .filter((k): k is JsonWebKey & { kid?: string } => typeof k === 'object' && k !== null && (k as JsonWebKey).kty === 'RSA')
    .map((k) => ({ kid: typeof k.kid === 'string' ? k.kid : undefined, key: createPublicKey({ key: k, format: 'jwk' }) }));
  if (keys.length === 0) throw new Error('the JWKS document holds no RSA key');
  return keys;
}
