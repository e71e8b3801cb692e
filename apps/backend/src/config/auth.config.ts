import { createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { JwtKeys, keysFromJwks } from '../auth/jwt';
import { BackendConfigError } from './config-error';

/**
 * Where the acting identity comes from. `headers` (the default, for local runs and tests): X-User-ID / X-Supplier-ID,
 * trusted as sent, so the backend only listens on a loopback address unless AUTH_ALLOW_REMOTE_HEADERS=true.
 * `jwt`: Authorization: Bearer <token>, verified with `keys`.
 */
export type AuthSettings = { mode: 'headers'; host: string } | { mode: 'jwt'; host: string; keys: JwtKeys };

export const DEFAULT_AUTH: AuthSettings = { mode: 'headers', host: '127.0.0.1' };
const MIN_SECRET_LENGTH = 32;

export function isLoopback(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || (isIP(h) === 4 && h.startsWith('127.'));
}

/** AUTH_MODE, HOST, AUTH_ALLOW_REMOTE_HEADERS, JWT_SECRET | JWT_PUBLIC_KEY_FILE | JWT_JWKS_FILE. */
export function authSettingsFromEnv(env: NodeJS.ProcessEnv): AuthSettings {
  const mode = env.AUTH_MODE?.trim() || 'headers';
  const host = env.HOST?.trim() || '127.0.0.1';
  if (isIP(host.replace(/^\[|\]$/g, '')) === 0 && host !== 'localhost') {
    throw new BackendConfigError('HOST', `"${host}" is not an IP address or localhost`);
  }
  if (mode === 'headers') {
    const allowRemote = parseBoolean(env, 'AUTH_ALLOW_REMOTE_HEADERS');
    if (!isLoopback(host) && !allowRemote) {
      throw new BackendConfigError(
        'HOST',
        `"${host}" is not a loopback address, and AUTH_MODE=headers trusts any X-User-ID / X-Supplier-ID sent: ` +
          'use AUTH_MODE=jwt, or set AUTH_ALLOW_REMOTE_HEADERS=true if every client of this address is trusted',
      );
    }
    return { mode, host };
  }
  if (mode === 'jwt') return { mode, host, keys: jwtKeysFromEnv(env) };
  throw new BackendConfigError('AUTH_MODE', `"${mode}" is not headers or jwt`);
}

function jwtKeysFromEnv(env: NodeJS.ProcessEnv): JwtKeys {
  const given = (['JWT_SECRET', 'JWT_PUBLIC_KEY_FILE', 'JWT_JWKS_FILE'] as const).filter((v) => env[v]?.trim());
  if (given.length !== 1) {
    throw new BackendConfigError(
      given[1] ?? 'JWT_SECRET',
      'AUTH_MODE=jwt needs exactly one of JWT_SECRET (HS256), JWT_PUBLIC_KEY_FILE (RS256 PEM) or JWT_JWKS_FILE (RS256 JWKS)',
    );
  }
  const variable = given[0];
  const value = env[variable]!.trim();
  if (variable === 'JWT_SECRET') {
    if (value.length < MIN_SECRET_LENGTH)
      throw new BackendConfigError(variable, `must be at least ${MIN_SECRET_LENGTH} characters (it is ${value.length})`);
    return { alg: 'HS256', secret: value };
  }
  let text: string;
  try {
    text = readFileSync(value, 'utf8');
  } catch (err) {
    throw new BackendConfigError(variable, `cannot read ${value}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  try {
    if (variable === 'JWT_JWKS_FILE') return { alg: 'RS256', keys: keysFromJwks(JSON.parse(text)) };
    const key = createPublicKey(text);
    if (key.asymmetricKeyType !== 'rsa') throw new Error(`the key is ${key.asymmetricKeyType}, RS256 needs an RSA key`);
    return { alg: 'RS256', keys: [{ key }] };
  } catch (err) {
    throw new BackendConfigError(variable, `${value} is not a usable RS256 key: ${(err as Error).message}`);
  }
}

function parseBoolean(env: NodeJS.ProcessEnv, variable: string): boolean {
  const raw = env[variable]?.trim().toLowerCase();
  if (raw === undefined || raw === '' || raw === 'false' || raw === '0') return false;
  if (raw === 'true' || raw === '1') return true;
  throw new BackendConfigError(variable, `"${env[variable]}" is not true or false`);
}
