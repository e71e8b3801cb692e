/**
 * `npm run faults`: the fault suite on the test stack (started if needed, stopped afterwards if it
 * started it). Builds the apps, runs them as processes, drives API load through six faults, prints
 * one line per fault and exits non-zero unless nothing was lost, doubled or moved back in time.
 * Shorter phases: FAULTS_SHORT=1 (what test/e2e/faults.e2e-spec.ts runs).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO_DIR, resolveProfile } from '../stack/profile';
import { down, up } from '../stack/stack';
import { runFaultSuite } from './harness';
import { FULL, SHORT } from './options';
import { clean, formatFigures } from './verify';

async function main(): Promise<number> {
  const options = process.env.FAULTS_SHORT === '1' ? SHORT : FULL;
  for (const app of ['backend', 'analytics']) {
    const build = spawnSync(join(REPO_DIR, 'node_modules', '.bin', 'nest'), ['build', app], { cwd: REPO_DIR, stdio: 'inherit' });
    if (build.status !== 0) throw new Error(`nest build ${app} failed`);
  }
  const profile = resolveProfile('test');
  const stack = await up(profile, (m) => console.log(`  ${m}`));
  try {
    const result = await runFaultSuite(profile, options);
    for (const line of result.details.slice(0, 30)) console.log(`  ${line}`);
    if (result.details.length > 30) console.log(`  ... ${result.details.length - 30} more`);
    console.log(`\nfault suite, ${result.seconds.toFixed(0)}s:`);
    for (const f of result.figures) console.log(formatFigures(f));
    console.log(`\nreconcile at the end:\n${result.reconcile.table}`);
    const ok = clean(result.figures) && result.reconcile.drift === 0;
    console.log(ok ? 'fault suite: PASS (0 lost, 0 doubled, 0 regressed, reconcile drift 0)' : 'fault suite: FAIL');
    return ok ? 0 : 1;
  } finally {
    if (stack === 'started' && process.env.KEEP_TEST_STACK !== '1') await down(profile, () => undefined);
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(2);
  },
);
