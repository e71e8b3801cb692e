/**
 * `npm run docker:env`: writes `.env` for docker-compose from `.env.example`, every secret a fresh random value
 * (MySQL root and analytics passwords, MongoDB root and backend passwords, the backend's JWT secret). It never
 * overwrites an existing `.env`; `--print` writes to stdout instead.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');

/** `.env.example` with each `KEY=change-me` given a random value; other lines kept as they are. */
export function generateEnv(example: string, random = () => randomBytes(32).toString('base64url')): string {
  return example
    .split('\n')
    .map((line) => line.replace(/^([A-Z0-9_]+)=change-me$/, (_all, key: string) => `${key}=${random()}`))
    .join('\n');
}

function main(): void {
  const text = generateEnv(readFileSync(join(ROOT, '.env.example'), 'utf8'));
  if (process.argv.includes('--print')) {
    process.stdout.write(text);
    return;
  }
  const target = join(ROOT, '.env');
  if (existsSync(target)) throw new Error(`${target} exists; remove it first (its passwords are already in the containers' volumes)`);
  writeFileSync(target, text, { mode: 0o600 });
  console.log(`wrote ${target} (readable by you only); now: docker compose up --build`);
}

if (require.main === module) {
  try {
    main();
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
}
