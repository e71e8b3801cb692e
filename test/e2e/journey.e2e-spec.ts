import { DOMAIN_EVENT_TYPES } from '@app/kafka';
import { INestApplication } from '@nestjs/common';
import { Db } from 'mongodb';
import { EntityKind, JourneyResult, JourneyStep, runJourney, Touched } from '../../scripts/demo/journey';
import { AnalyticsTarget, analyticsTarget, startAnalyticsApp } from '../support/analytics-app';
import { startBackendApp } from '../support/backend-app';
import { rows, testMongo } from '../support/databases';
import { eventually } from '../support/eventually';
import { expectedReadModel, readModelOf, ReadModelView } from '../support/read-model';

/**
 * The whole pipeline as a user sees it: both apps on the real test stack, a journey through the HTTP API
 * only (scripts/demo/journey.ts, the one `npm run demo` drives), and after every step a wait until the
 * MySQL rows of what it changed say what the contract says about the MongoDB document.
 */
describe('the journey: API -> MongoDB -> Kafka -> analytics -> MySQL', () => {
  let backend: INestApplication;
  let analytics: INestApplication;
  let target: AnalyticsTarget;
  let mongo: { db: Db; close: () => Promise<void> };
  let journey: JourneyResult;
  const delays: Array<{ label: string; ms: number }> = [];

  /** What MongoDB holds now for `touched`, and what MySQL holds, in the contract's columns. */
  async function views(touched: Touched): Promise<{ expected: ReadModelView; actual: ReadModelView }> {
    const [expected, actual] = await Promise.all([expectedReadModel(mongo.db, touched), readModelOf(target.db, touched)]);
    return { expected, actual };
  }

  /** Polls until MySQL shows exactly what MongoDB says for each entity the step touched; records the delay. */
  async function waitForReadModel(step: JourneyStep): Promise<void> {
    const since = Date.now();
    for (const touched of step.touched) {
      let last = await views(touched);
      await eventually(
        async () => {
          last = await views(touched);
          return isEqual(last.expected, last.actual) ? true : undefined;
        },
        { timeoutMs: 30_000, intervalMs: 20, what: `the read model after ${step.label}` },
      ).catch(() => undefined);
      // Past the deadline this fails with the field-by-field difference.
      expect({ step: step.label, ...touched, row: last.actual }).toEqual({ step: step.label, ...touched, row: last.expected });
    }
    delays.push({ label: step.label, ms: Date.now() - since });
  }

  beforeAll(async () => {
    target = await analyticsTarget('journey');
    [backend, analytics, mongo] = await Promise.all([startBackendApp(), startAnalyticsApp(target), testMongo()]);
    await backend.listen(0, '127.0.0.1');
  });

  afterAll(async () => {
    await Promise.all([backend?.close(), analytics?.close(), mongo?.close()]);
    await target?.drop();
  });

  it('walks all 20 event types through the HTTP API, and the read model follows every step', async () => {
    const started = Date.now();
    journey = await runJourney(await backend.getUrl(), { afterStep: waitForReadModel });
    const took = Date.now() - started;

    expect(new Set(journey.steps.map((s) => s.eventType))).toEqual(new Set(DOMAIN_EVENT_TYPES));
    expect(delays).toHaveLength(journey.steps.length);
    const worst = delays.reduce((a, b) => (b.ms > a.ms ? b : a));
    const median = [...delays].sort((a, b) => a.ms - b.ms)[Math.floor(delays.length / 2)].ms;
    console.log(
      `journey: ${journey.steps.length} steps, ${journey.requests} API calls in ${took} ms; ` +
        `API-to-MySQL delay median ${median} ms, worst ${worst.ms} ms (${worst.label})`,
    );
  });

  it('ends with every MongoDB document and its MySQL rows equal, field by field, for the contract columns', async () => {
    const everything: Touched[] = [
      ...journey.users.map((id) => ({ kind: 'user' as const, id })),
      ...journey.suppliers.map((id) => ({ kind: 'supplier' as const, id })),
      ...journey.products.map((id) => ({ kind: 'product' as const, id })),
      ...journey.orders.map((id) => ({ kind: 'order' as const, id })),
      ...journey.posts.map((id) => ({ kind: 'post' as const, id })),
    ];
    for (const touched of everything) {
      const { expected, actual } = await views(touched);
      expect({ ...touched, row: actual }).toEqual({ ...touched, row: expected });
    }
    // The deleted ones are really gone (hard) or marked (soft), not just equal to an empty view.
    const kinds = (kind: EntityKind) => everything.filter((t) => t.kind === kind).length;
    expect([kinds('user'), kinds('supplier'), kinds('product'), kinds('order'), kinds('post')]).toEqual([4, 2, 5, 8, 3]);
    expect(await rows(target.db, 'SELECT supplier_id FROM suppliers WHERE supplier_id = ?', [journey.suppliers[1]])).toEqual([]);
    expect(await rows(target.db, 'SELECT sku FROM product_variants WHERE product_id = ?', [journey.products[4]])).toEqual([]);
    expect(await rows(target.db, 'SELECT status FROM users WHERE user_id = ? AND deleted_at IS NOT NULL', [journey.users[3]])).toEqual([
      { status: 'deleted' },
    ]);
  });

  it('applied each event once, in the order the API emitted them per entity', async () => {
    const expected = new Map<string, string[]>();
    for (const step of journey.steps) {
      for (const { id } of step.touched) expected.set(id, [...(expected.get(id) ?? []), step.eventType]);
    }
    const ids = [...expected.keys()];
    const processed = await rows<{ entity_id: string; event_type: string; outcome: string }>(
      target.db,
      `SELECT entity_id, event_type, outcome FROM processed_events WHERE entity_id IN (${ids.map(() => '?').join(',')})
        ORDER BY event_timestamp, processed_at`,
      ids,
    );
    const actual = new Map<string, string[]>();
    for (const p of processed) {
      expect(p.outcome).toBe('applied');
      actual.set(p.entity_id, [...(actual.get(p.entity_id) ?? []), p.event_type]);
    }
    expect(actual).toEqual(expected);
  });
});

function isEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
