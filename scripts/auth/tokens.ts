import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { IdentityKind, signIdentityToken } from '../../apps/backend/src/auth/jwt';
import { resolveProfile } from '../stack/profile';

/** The HS256 secret `AUTH_MODE=jwt npm start` makes when no JWT_* key is given: local development only. */
export function devSecretPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(resolveProfile('dev', env).dataDir, 'jwt-secret');
}

/** Reads the development secret, creating it (48 random bytes, readable by this user only) on first use. */
export function ensureDevSecret(env: NodeJS.ProcessEnv = process.env): string {
  const path = devSecretPath(env);
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, randomBytes(48).toString('base64url'), { mode: 0o600 });
  }
  return readFileSync(path, 'utf8').trim();
}

type Signer = Parameters<typeof signIdentityToken>[1];

/** JWT_PRIVATE_KEY_FILE (RS256, JWT_KID optional), else JWT_SECRET (HS256), else the dev secret if it exists; else null. */
export function tokenSigner(env: NodeJS.ProcessEnv = process.env): Signer | null {
  if (env.JWT_PRIVATE_KEY_FILE) return { alg: 'RS256', privateKeyPem: readFileSync(env.JWT_PRIVATE_KEY_FILE, 'utf8'), kid: env.JWT_KID };
  if (env.JWT_SECRET) return { alg: 'HS256', secret: env.JWT_SECRET };
  if (existsSync(devSecretPath(env))) return { alg: 'HS256', secret: ensureDevSecret(env) };
  return null;
}

/** A token for `kind` `id`, valid for `ttlSeconds`; throws when no signer is configured. */
export function mintToken(kind: IdentityKind, id: string, ttlSeconds = 3600, env: NodeJS.ProcessEnv = process.env): string {
  const signer = tokenSigner(env);
  if (!signer) {
    throw new Error(
      `no signing key: set JWT_SECRET (or JWT_PRIVATE_KEY_FILE), or start the platform once with AUTH_MODE=jwt npm start (it creates ${devSecretPath(env)})`,
    );
  }
  return signIdentityToken({ sub: id, kind, ttlSeconds }, signer);
}
