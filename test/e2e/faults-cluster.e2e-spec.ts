import { buildApps } from '../../scripts/faults/apps';
import { CLUSTER } from '../../scripts/faults/cluster';
import { runFaultSuite } from '../../scripts/faults/harness';
import { CLUSTER_SHORT } from '../../scripts/faults/options';
import { isolatedClusterProfile } from '../../scripts/faults/profile';
import { formatFigures } from '../../scripts/faults/verify';
import { down, up } from '../../scripts/stack/stack';

// The short form of `npm run faults -- --cluster`, on its own copy of the cluster profile (test ports + 60: it kills,
// stops and restarts brokers while kafka-cluster.e2e-spec.ts may run on the plain cluster profile beside it).
describe('fault suite, cluster form (short)', () => {
  const profile = isolatedClusterProfile('faults-cluster', 10);

  beforeAll(async () => {
    await buildApps();
    await up(profile, () => undefined);
  }, 300_000);

  afterAll(() => down(profile, () => undefined), 120_000);

  it('loses, doubles and regresses nothing through broker, backend and consumer faults on 3 brokers, and reconciles with drift 0', async () => {
    const lines: string[] = [];
    const result = await runFaultSuite(profile, { ...CLUSTER_SHORT, say: (m) => lines.push(m) }, CLUSTER);
    const figures = result.figures.map(formatFigures);
    console.log([...lines, ...result.details.slice(0, 20), ...figures, ...result.notes, result.reconcile.table].join('\n'));

    expect(result.figures.map((f) => f.phase)).toHaveLength(8);
    expect(result.figures.filter((f) => f.emitted > 0)).toHaveLength(result.figures.length);
    expect(result.figures.map((f) => [f.phase, f.lost, f.doubled, f.regressed])).toEqual(result.figures.map((f) => [f.phase, 0, 0, 0]));
    expect(result.figures.every((f) => f.projected === f.emitted)).toBe(true);
    // Below min.insync.replicas the outbox holds the events: the API still answers 2xx; delivery resumes once one
    // broker is back (before the producer renewed its spoiled producer id, it waited for the backend's restart).
    const belowMinInsync = result.figures.find((f) => f.phase.startsWith('stop 2 brokers'));
    expect(belowMinInsync?.refused).toBe(0);
    expect(belowMinInsync?.recoverySeconds).not.toBeNull();
    expect(result.reconcile.drift).toBe(0);
  }, 1_200_000);
});
