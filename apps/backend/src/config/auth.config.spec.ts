import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { authSettingsFromEnv, isLoopback } from './auth.config';

describe('authSettingsFromEnv', () => {
  it('defaults to headers mode on the loopback address', () => {
    expect(authSettingsFromEnv({})).toEqual({ mode: 'headers', host: '127.0.0.1' });
  });

  it('refuses headers mode on a non-loopback HOST unless AUTH_ALLOW_REMOTE_HEADERS=true', () => {
    expect(() => authSettingsFromEnv({ HOST: '0.0.0.0' })).toThrow(/^HOST: "0.0.0.0" is not a loopback address, and AUTH_MODE=headers/);
    expect(authSettingsFromEnv({ HOST: '0.0.0.0', AUTH_ALLOW_REMOTE_HEADERS: 'true' })).toEqual({ mode: 'headers', host: '0.0.0.0' });
    expect(authSettingsFromEnv({ HOST: '::1' }).host).toBe('::1');
  });

  it('names the variable of a wrong value', () => {
    expect(() => authSettingsFromEnv({ AUTH_MODE: 'none' })).toThrow(/^AUTH_MODE: "none" is not headers or jwt/);
    expect(() => authSettingsFromEnv({ HOST: 'example.com' })).toThrow(/^HOST: /);
    expect(() => authSettingsFromEnv({ AUTH_MODE: 'jwt' })).toThrow(/^JWT_SECRET: AUTH_MODE=jwt needs exactly one of/);
    expect(() => authSettingsFromEnv({ AUTH_MODE: 'jwt', JWT_SECRET: 'short' })).toThrow(/^JWT_SECRET: must be at least 32 characters/);
    expect(() => authSettingsFromEnv({ AUTH_MODE: 'jwt', JWT_SECRET: 'x'.repeat(32), JWT_JWKS_FILE: '/x' })).toThrow(/^JWT_JWKS_FILE: /);
    expect(() => authSettingsFromEnv({ AUTH_MODE: 'jwt', JWT_PUBLIC_KEY_FILE: '/nonexistent' })).toThrow(
      /^JWT_PUBLIC_KEY_FILE: cannot read/,
    );
    expect(() => authSettingsFromEnv({ AUTH_ALLOW_REMOTE_HEADERS: 'maybe' })).toThrow(/^AUTH_ALLOW_REMOTE_HEADERS: /);
  });

  it('jwt mode listens anywhere and reads an HS256 secret, an RS256 PEM or a JWKS file', () => {
    expect(authSettingsFromEnv({ AUTH_MODE: 'jwt', HOST: '0.0.0.0', JWT_SECRET: 'x'.repeat(32) })).toEqual({
      mode: 'jwt',
      host: '0.0.0.0',
      keys: { alg: 'HS256', secret: 'x'.repeat(32) },
    });
    const dir = mkdtempSync(join(tmpdir(), 'auth-config-'));
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    writeFileSync(join(dir, 'key.pem'), publicKey.export({ type: 'spki', format: 'pem' }));
    writeFileSync(join(dir, 'jwks.json'), JSON.stringify({ keys: [{ ...publicKey.export({ format: 'jwk' }), kid: 'a' }] }));
    writeFileSync(join(dir, 'bad.json'), '{"keys": []}');
    expect(authSettingsFromEnv({ AUTH_MODE: 'jwt', JWT_PUBLIC_KEY_FILE: join(dir, 'key.pem') })).toMatchObject({ keys: { alg: 'RS256' } });
    expect(authSettingsFromEnv({ AUTH_MODE: 'jwt', JWT_JWKS_FILE: join(dir, 'jwks.json') })).toMatchObject({
      keys: { alg: 'RS256', keys: [{ kid: 'a' }] },
    });
    expect(() => authSettingsFromEnv({ AUTH_MODE: 'jwt', JWT_JWKS_FILE: join(dir, 'bad.json') })).toThrow(
      /^JWT_JWKS_FILE: .* holds no RSA key/,
    );
  });

  it('knows loopback addresses', () => {
    expect(['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost'].every(isLoopback)).toBe(true);
    expect(['0.0.0.0', '10.0.0.1', '::'].some(isLoopback)).toBe(false);
  });
});
