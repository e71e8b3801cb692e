import { Producer } from 'kafkajs';
import { envelope, userData } from '../../../apps/analytics/src/testing/event-fixtures';
import { AnalyticsTarget, analyticsTarget, produce, Produced } from '../../support/analytics-app';
import { Running, startProcess } from '../../support/analytics-process';
import { rows } from '../../support/databases';
import { eventually } from '../../support/eventually';
import { rawProducer, testKafka } from '../../support/kafka-probe';

const N = 300;
const HELD = 100;

describe('analytics graceful shutdown (SIGTERM)', () => {
  let target: AnalyticsTarget;
  let producer: Producer;
  const running: Running[] = [];

  beforeAll(async () => {
    target = await analyticsTarget('shutdown');
    producer = await rawProducer();
  });

  afterAll(async () => {
    for (const r of running) if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill('SIGKILL');
    await producer?.disconnect();
    await target?.drop();
  });

  async function processedIds(ids: string[]): Promise<Set<string>> {
    const found = await rows<{ event_id: string }>(target.db, 'SELECT event_id FROM processed_events WHERE event_id IN (?)', [ids]);
    return new Set(found.map((r) => r.event_id));
  }

  it('stops mid-burst with exit 0, commits exactly what it applied, and a restart applies the rest once', async () => {
    const first = startProcess(target);
    running.push(first);
    const users = Array.from({ length: N }, () => userData());
    const events = users.map((u) => envelope('user.created', u.id, u));
    const ids = events.map((e) => e.event_id);

    // The burst goes out while the consumer works through it and while it stops; its last HELD events only once it
    // has exited, so the stop is always mid-burst (the consumer can otherwise apply the whole burst before it stops).
    const landed: Produced[] = [];
    const send = async (slice: typeof events) => {
      for (const e of slice) landed.push(await produce(producer, 'user', e.entity_id, e));
    };
    const burst = send(events.slice(0, N - HELD));
    await eventually(async () => ((await processedIds(ids)).size >= 30 ? true : undefined), {
      timeoutMs: 60_000,
      what: 'the first 30 events of the burst to be applied',
    });
    first.child.kill('SIGTERM');
    const stopped = await first.exit;
    await burst;
    await send(events.slice(N - HELD));
    expect({ ...stopped, log: stopped.code === 0 ? '' : first.output.join('') }).toEqual({ code: 0, signal: null, log: '' });

    const appliedAtStop = await processedIds(ids);
    expect(appliedAtStop.size).toBeGreaterThanOrEqual(30);
    expect(appliedAtStop.size).toBeLessThan(N);

    // What the group committed at stop is exactly what it applied: nothing applied is redelivered, nothing unapplied skipped.
    const admin = testKafka().admin();
    await admin.connect();
    const [committed] = await admin.fetchOffsets({ groupId: target.groupId, topics: ['user'] });
    await admin.disconnect();
    const committedByPartition = new Map(committed.partitions.map((p) => [p.partition, BigInt(p.offset)]));
    const mismatches = events.filter((e, i) => {
      const where = landed[i];
      const isCommitted = BigInt(where.offset) < (committedByPartition.get(where.partition) ?? -1n);
      return isCommitted !== appliedAtStop.has(e.event_id);
    });
    expect(mismatches.map((e) => e.event_id)).toEqual([]);

    const second = startProcess(target);
    running.push(second);
    await eventually(async () => ((await processedIds(ids)).size === N ? true : undefined), {
      timeoutMs: 60_000,
      what: `all ${N} events to be applied after the restart`,
    });
    const userIds = users.map((u) => u.id);
    expect(await rows(target.db, 'SELECT COUNT(*) AS n FROM users WHERE user_id IN (?)', [userIds])).toEqual([{ n: N }]);
    expect(
      await rows(
        target.db,
        "SELECT COUNT(*) AS n, COUNT(DISTINCT entity_id) AS entities FROM processed_events WHERE entity_id IN (?) AND outcome = 'applied'",
        [userIds],
      ),
    ).toEqual([{ n: N, entities: N }]);
    // Each row still carries the event that created it: nothing was applied twice.
    const mismatchedRows = await rows(
      target.db,
      'SELECT u.user_id FROM users u JOIN processed_events p ON p.entity_id = u.user_id WHERE u.user_id IN (?) AND p.event_id <> u.event_id',
      [userIds],
    );
    expect(mismatchedRows).toEqual([]);

    second.child.kill('SIGTERM');
    expect(await second.exit).toEqual({ code: 0, signal: null });
  }, 180_000);
});
