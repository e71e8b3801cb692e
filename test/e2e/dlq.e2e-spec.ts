import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { Producer } from 'kafkajs';
import request from 'supertest';
import { envelope, objectId, orderData } from '../../apps/analytics/src/testing/event-fixtures';
import { LetterSummary } from '../../scripts/dlq/letters';
import { AnalyticsTarget, analyticsTarget, produce, startAnalyticsApp } from '../support/analytics-app';
import { rows } from '../support/databases';
import { eventually } from '../support/eventually';
import { KafkaProbe, rawProducer, testKafka } from '../support/kafka-probe';
import { sample } from '../support/metrics';

const ROOT = join(__dirname, '..', '..');

let readModel: Record<string, string> = {};

/** `npm run dlq -- <args>` against the test stack (the env points at it) and this suite's read model database. */
function dlq(...args: string[]): string {
  const run = spawnSync(join(ROOT, 'node_modules', '.bin', 'tsx'), [join(ROOT, 'scripts', 'dlq.ts'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...readModel },
    // The dlq topics are shared by every suite on the stack: `list --json` can be long.
    maxBuffer: 256 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`dlq ${args.join(' ')} failed: ${run.stderr}`);
  return run.stdout;
}

/** The operator's loop: list the dead letters, fix the cause, replay, and the event is applied once. */
describe('npm run dlq', () => {
  let target: AnalyticsTarget;
  let app: INestApplication;
  let producer: Producer;

  beforeAll(async () => {
    target = await analyticsTarget('dlq');
    readModel = { MYSQL_DATABASE: target.database };
    app = await startAnalyticsApp(target);
    producer = await rawProducer();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await app?.close();
    await target?.drop();
  });

  it('lists a dead letter with its reason and attempts, replays it after the fix, refuses a second replay unless --force', async () => {
    const first = orderData();
    await produce(producer, 'order', first.id, envelope('order.created', first.id, first));
    await eventually(async () =>
      (await rows(target.db, 'SELECT 1 FROM orders WHERE order_id = ?', [first.id])).length ? true : undefined,
    );
    const clash = orderData({ order_number: first.order_number });
    const rejected = envelope('order.created', clash.id, clash);
    const sent = await produce(producer, 'order', clash.id, rejected);
    // Other suites' consumers read topic order too and dead-letter the same event into dlq.order, sometimes before this
    // suite's consumer has (it retries 3 times): the fix below must come after this consumer is done with it, or its
    // retry applies the event and the replay is refused as a duplicate. Done = its group committed past the event.
    const admin = testKafka().admin();
    await admin.connect();
    try {
      await eventually(
        async () => {
          const [order] = await admin.fetchOffsets({ groupId: target.groupId, topics: ['order'] });
          const committed = order?.partitions.find((p) => p.partition === sent.partition)?.offset ?? '-1';
          return BigInt(committed) > BigInt(sent.offset) ? true : undefined;
        },
        { timeoutMs: 30_000, intervalMs: 200, what: "this suite's consumer to be done with the clashing order" },
      );
    } finally {
      await admin.disconnect();
    }

    const letter = await eventually(
      () => (JSON.parse(dlq('list', '--topic', 'order', '--json')) as LetterSummary[]).find((l) => l.event_id === rejected.event_id),
      { timeoutMs: 30_000, intervalMs: 500, what: 'the dead letter in `dlq list`' },
    );
    expect(letter).toMatchObject({ event_type: 'order.created', entity_id: clash.id, attempts: 3, truncated: false });
    expect(letter.reason).toMatch(/MySQL rejected it after 3 attempts: .*Duplicate entry/);
    // Other suites' consumers read topic order too and may dead-letter a replay into their own letters: pick this one by place.
    const [partitionAt] = letter.where.split(':').slice(-1);
    expect(JSON.parse(dlq('show', 'order', partitionAt))).toMatchObject({
      original_event: rejected,
      retry_count: 2,
      source_topic: 'order',
    });

    // The fix: the order holding the number goes away (say it was a test order); then the replay applies.
    await target.db.query('DELETE FROM orders WHERE order_id = ?', [first.id]);
    expect(dlq('replay', 'order', '--offset', partitionAt)).toContain('1 replayed, 0 refused');
    await eventually(async () =>
      (await rows(target.db, "SELECT 1 FROM processed_events WHERE event_id = ? AND outcome = 'applied'", [rejected.event_id])).length
        ? true
        : undefined,
    );
    expect(await rows(target.db, 'SELECT order_number FROM orders WHERE order_id = ?', [clash.id])).toEqual([
      { order_number: first.order_number },
    ]);

    const duplicates = async () =>
      sample((await request(app.getHttpServer()).get('/metrics')).text, 'analytics_events_applied_total', {
        event_type: 'order.created',
        outcome: 'duplicate',
      });
    const before = await duplicates();
    const again = dlq('replay', 'order', '--offset', partitionAt);
    expect(again).toContain(`event_id ${rejected.event_id} is already in processed_events (applied at `);
    expect(again).toContain('0 replayed, 1 refused');
    expect(dlq('replay', 'order', '--offset', partitionAt, '--force')).toContain('1 replayed, 0 refused');
    await eventually(async () => ((await duplicates()) > before ? true : undefined), {
      what: 'the second replay to be seen as a duplicate',
    });
    expect(await rows(target.db, 'SELECT outcome FROM processed_events WHERE event_id = ?', [rejected.event_id])).toEqual([
      { outcome: 'applied' },
    ]);
  });

  /** The letter of an order.created MySQL refuses (its order_number taken), and where it is. */
  async function deadLetteredOrder(): Promise<{ rejected: ReturnType<typeof envelope>; at: string; holder: string }> {
    const first = orderData();
    await produce(producer, 'order', first.id, envelope('order.created', first.id, first));
    await eventually(async () =>
      (await rows(target.db, 'SELECT 1 FROM orders WHERE order_id = ?', [first.id])).length ? true : undefined,
    );
    const clash = orderData({ order_number: first.order_number });
    const rejected = envelope('order.created', clash.id, clash);
    await produce(producer, 'order', clash.id, rejected);
    const letter = await eventually(
      () => (JSON.parse(dlq('list', '--topic', 'order', '--json')) as LetterSummary[]).find((l) => l.event_id === rejected.event_id),
      { timeoutMs: 30_000, intervalMs: 500, what: 'the dead letter in `dlq list`' },
    );
    return { rejected, at: letter.where.split(':').slice(-1)[0], holder: first.id };
  }

  it("refuses to replay a letter whose event_id another producer's event took first, saying so", async () => {
    const { rejected, at, holder } = await deadLetteredOrder();
    // Another producer publishes its own event under the letter's event_id; the consumer applies it.
    const squatter = orderData();
    await produce(producer, 'order', squatter.id, { ...envelope('order.created', squatter.id, squatter), event_id: rejected.event_id });
    await eventually(async () =>
      (await rows(target.db, 'SELECT 1 FROM orders WHERE order_id = ?', [squatter.id])).length ? true : undefined,
    );
    await target.db.query('DELETE FROM orders WHERE order_id = ?', [holder]);

    const out = dlq('replay', 'order', '--offset', at);
    expect(out).toContain(`refused dlq.order:${at}: event_id ${rejected.event_id} is already in processed_events`);
    expect(out).toContain('0 replayed, 1 refused');
  });

  it('--dry-run prints the checked envelope it would send, and sends nothing', async () => {
    const { rejected, at } = await deadLetteredOrder();
    const out = dlq('replay', 'order', '--offset', at, '--dry-run');
    expect(out).toContain(`would replay dlq.order:${at} -> order key ${rejected.entity_id}: ${JSON.stringify(rejected)}`);
    expect(out).toContain('dry run: 1 would be replayed, 0 refused');
    // Other suites write to `order` meanwhile: read the topic up to its end as it is now, and find the event once (the original).
    const admin = testKafka().admin();
    await admin.connect();
    const probe = await KafkaProbe.start(['order']);
    try {
      const ends = (await admin.fetchTopicOffsets('order')).filter((p) => BigInt(p.high) > BigInt(p.low));
      await eventually(
        () =>
          ends.every((p) => probe.messages.some((m) => m.partition === p.partition && BigInt(m.offset) >= BigInt(p.high) - 1n)) ||
          undefined,
        { timeoutMs: 60_000, what: 'the order topic read up to its end' },
      );
      expect(probe.messages.filter((m) => m.json?.event_id === rejected.event_id)).toHaveLength(1);
    } finally {
      await probe.stop();
      await admin.disconnect();
    }
  });

  it('list escapes control characters in what a letter holds (the JSON error quotes the raw value)', async () => {
    await produce(producer, 'order', objectId(), '\u001b[2J\u001b[31mnot json');
    await eventually(
      () => (JSON.parse(dlq('list', '--topic', 'order', '--json')) as LetterSummary[]).find((l) => l.reason.includes('\u001b[2J')),
      { timeoutMs: 30_000, intervalMs: 500, what: 'the poison letter' },
    );
    const text = dlq('list', '--topic', 'order');
    expect(text).toContain('\\u001b[2J');
    expect(text).not.toContain('\u001b');
  });
});
