import { resolveProfile } from '../../scripts/stack/profile';
import { up } from '../../scripts/stack/stack';

/** Brings the throw-away test stack up once per run (a no-op when it is already up). */
export default async function globalSetup(): Promise<void> {
  await up(resolveProfile('test'), (m) => process.stdout.write(`[test stack] ${m}\n`));
}
