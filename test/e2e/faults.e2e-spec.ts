import { buildApps } from '../../scripts/faults/apps';
import { runFaultSuite } from '../../scripts/faults/harness';
import { SHORT } from '../../scripts/faults/options';
import { isolatedTestProfile } from '../../scripts/faults/profile';
import { formatFigures } from '../../scripts/faults/verify';
import { down, up } from '../../scripts/stack/stack';

// The short form of `npm run faults`, on its own copy of the test stack (it stops Kafka and pauses MariaDB).
describe('fault suite (short form)', () => {
  const profile = isolatedTestProfile('faults', 10);

  beforeAll(async () => {
    await buildApps();
    await up(profile, () => undefined);
  }, 180_000);

  afterAll(() => down(profile, () => undefined), 60_000);

  it('loses, doubles and regresses nothing through six faults under load, and reconciles with drift 0', async () => {
    const lines: string[] = [];
    const result = await runFaultSuite(profile, { ...SHORT, say: (m) => lines.push(m) });
    const figures = result.figures.map(formatFigures);
    console.log([...lines, ...result.details.slice(0, 20), ...figures, result.reconcile.table].join('\n'));

    expect(result.figures.filter((f) => f.emitted > 0).map((f) => f.phase)).toHaveLength(result.figures.length);
    expect(result.figures.map((f) => [f.phase, f.lost, f.doubled, f.regressed])).toEqual(result.figures.map((f) => [f.phase, 0, 0, 0]));
    expect(result.figures.every((f) => f.projected === f.emitted)).toBe(true);
    expect(result.reconcile.drift).toBe(0);
  }, 480_000);
});
