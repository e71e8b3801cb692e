/**
 * `npm run faults`: the fault suite on its own copy of the test stack (test ports + 10; the cluster form's: + 60), started
 * if needed, stopped afterwards if it started it. Builds the apps, runs them as processes, drives API load through six faults, prints
 * one line per fault and exits non-zero unless nothing was lost, doubled or moved back in time.
 * Shorter phases: FAULTS_SHORT=1 (what test/e2e/faults.e2e-spec.ts runs).
 * `--cluster`: on the cluster profile (3 brokers), its own six faults (scripts/faults/cluster.ts).
 */
import { down, up } from '../stack/stack';
import { buildApps } from './apps';
import { CLUSTER } from './cluster';
import { runFaultSuite, SINGLE_BROKER } from './harness';
import { CLUSTER_FULL, CLUSTER_SHORT, FULL, SHORT } from './options';
import { isolatedClusterProfile, isolatedTestProfile } from './profile';
import { clean, formatFigures } from './verify';

async function main(): Promise<number> {
  const cluster = process.argv.includes('--cluster');
  const short = process.env.FAULTS_SHORT === '1';
  const options = cluster ? (short ? CLUSTER_SHORT : CLUSTER_FULL) : short ? SHORT : FULL;
  await buildApps((m) => console.log(m));
  // A copy of the stack of its own (the one the fault e2e files use): the suite reconciles every document and row, and
  // the test stack's topics hold the e2e files' events (entities that only ever existed on Kafka: "extra in MySQL").
  const profile = cluster ? isolatedClusterProfile('faults-cluster', 10) : isolatedTestProfile('faults', 10);
  const stack = await up(profile, (m) => console.log(`  ${m}`));
  try {
    const result = await runFaultSuite(profile, options, cluster ? CLUSTER : SINGLE_BROKER);
    for (const line of result.details.slice(0, 30)) console.log(`  ${line}`);
    if (result.details.length > 30) console.log(`  ... ${result.details.length - 30} more`);
    console.log(`\nfault suite${cluster ? ' (cluster)' : ''}, ${result.seconds.toFixed(0)}s:`);
    for (const f of result.figures) console.log(formatFigures(f));
    for (const note of result.notes) console.log(`note: ${note}`);
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
