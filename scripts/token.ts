/**
 * `npm run token -- user <id> [--ttl <seconds>]` (or `supplier <id>`): prints a development token for a backend
 * running AUTH_MODE=jwt, signed with JWT_PRIVATE_KEY_FILE (RS256), JWT_SECRET (HS256) or the secret
 * `AUTH_MODE=jwt npm start` created. Paste it into Swagger UI's Authorize, or send `Authorization: Bearer <token>`.
 */
import { IDENTITY_KINDS, IdentityKind } from '../apps/backend/src/auth/jwt';
import { mintToken } from './auth/tokens';

function main(args: string[]): void {
  const [kind, id] = args;
  const ttlAt = args.indexOf('--ttl');
  const ttl = ttlAt >= 0 ? Number(args[ttlAt + 1]) : 3600;
  if (!IDENTITY_KINDS.includes(kind as IdentityKind) || !/^[0-9a-fA-F]{24}$/.test(id ?? '') || !Number.isInteger(ttl) || ttl < 1) {
    throw new Error('usage: npm run token -- user|supplier <24-hex id> [--ttl <seconds>]');
  }
  console.log(mintToken(kind as IdentityKind, id.toLowerCase(), ttl));
}

try {
  main(process.argv.slice(2));
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}
