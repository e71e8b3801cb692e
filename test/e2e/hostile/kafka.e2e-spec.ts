import { randomUUID } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import { Producer } from 'kafkajs';
import request from 'supertest';
import { envelope, objectId, productData, userData } from '../../../apps/analytics/src/testing/event-fixtures';
import { createAnalyticsApp } from '../../../apps/analytics/src/analytics.app';
import { AnalyticsTarget, analyticsEnv, analyticsTarget, Produced, testLogger } from '../../support/analytics-app';
import { rows } from '../../support/databases';
import { eventually } from '../../support/eventually';
import { KafkaProbe, rawProducer } from '../../support/kafka-probe';

const DOTS = 'a.'.repeat(400_000); // 800 KB: the redactor used to take minutes on this

/** What one hostile message is: its value (object, raw text or null), its key, and its topic. */
interface Poison {
  topic: 'user' | 'product';
  key: string | null;
  value: unknown;
  /** The dead letter's `error` (the reason). */
  reason: RegExp;
  /** The entity the message names, when it names a valid one: it must get no row. */
  entityId?: string;
  eventId?: string;
}

function userEvent(overrides: Record<string, unknown> = {}, data: Record<string, unknown> = {}) {
  const user = userData();
  const event = { ...envelope('user.created', user.id, user), ...overrides };
  return { ...event, data: { ...event.data, ...data } };
}

const CASES: Array<[string, () => Poison]> = [
  [
    "an entity_id of 'a.' x 400,000 (an 800 KB message)",
    () => ({
      topic: 'user',
      key: 'k',
      value: userEvent({ entity_id: DOTS }),
      reason: /^envelope\.entity_id must be a 24-character hex ObjectId, not "a\.a\./,
    }),
  ],
  [
    "'a.' x 400,000 in a payload field",
    () => {
      const e = userEvent({}, { email: DOTS });
      return {
        topic: 'user',
        key: e.entity_id,
        value: e,
        reason: /data\.email must be at most \d+ characters/,
        entityId: e.entity_id,
        eventId: e.event_id,
      };
    },
  ],
  [
    // kafkajs 2.2.4 itself never completes the send of an 800 KB key, so the long key is 2 KB.
    "a key of 'a.' x 1,000",
    () => {
      const e = userEvent();
      return {
        topic: 'user',
        key: 'a.'.repeat(1000),
        value: e,
        reason: /^the message key "a\.a\..{60,}\.\.\." is not the envelope's entity_id/,
        entityId: e.entity_id,
        eventId: e.event_id,
      };
    },
  ],
  [
    'an entity_id that is not an ObjectId',
    () => ({
      topic: 'user',
      key: 'not-an-id',
      value: userEvent({ entity_id: 'not-an-id' }),
      reason: /entity_id must be a 24-character hex ObjectId, not "not-an-id"/,
    }),
  ],
  [
    'an operator as the entity_id',
    () => ({
      topic: 'user',
      key: 'x',
      value: userEvent({ entity_id: { $ne: null } }),
      reason: /^envelope\.entity_id must be a non-empty string/,
    }),
  ],
  [
    "a key that is not the envelope's entity_id",
    () => {
      const e = userEvent();
      return {
        topic: 'user',
        key: objectId(),
        value: e,
        reason: /^the message key "[0-9a-f]{24}" is not the envelope's entity_id/,
        entityId: e.entity_id,
        eventId: e.event_id,
      };
    },
  ],
  [
    'no key',
    () => {
      const e = userEvent();
      return {
        topic: 'user',
        key: null,
        value: e,
        reason: /^the message has no key; it must be the envelope's entity_id/,
        entityId: e.entity_id,
        eventId: e.event_id,
      };
    },
  ],
  [
    'a value that is not JSON',
    () => ({ topic: 'user', key: objectId(), value: '{"event_type": "user.created", ', reason: /^value is not JSON/ }),
  ],
  ['no value (a tombstone)', () => ({ topic: 'user', key: objectId(), value: null, reason: /^message has no value$/ })],
  ['a JSON array', () => ({ topic: 'user', key: objectId(), value: [userEvent()], reason: /^envelope must be a JSON object$/ })],
  [
    'an event_id that is not a UUID',
    () => ({ topic: 'user', key: 'k', value: userEvent({ event_id: "1' OR '1'='1" }), reason: /^envelope\.event_id must be a UUID$/ }),
  ],
  [
    'a timestamp that is not ISO 8601 UTC',
    () => ({
      topic: 'user',
      key: 'k',
      value: userEvent({ timestamp: 'yesterday' }),
      reason: /^envelope\.timestamp must be an ISO 8601 UTC timestamp$/,
    }),
  ],
  [
    'data that is null',
    () => ({ topic: 'user', key: 'k', value: { ...userEvent(), data: null }, reason: /^envelope\.data must be an object$/ }),
  ],
  [
    'an event type of another topic',
    () => {
      const e = userEvent({ event_type: 'order.created' });
      return {
        topic: 'user',
        key: e.entity_id,
        value: e,
        reason: /^event_type "order\.created" belongs on topic "order", not "user"/,
        entityId: e.entity_id,
      };
    },
  ],
  [
    'a data.id that is not the entity_id',
    () => {
      const e = userEvent({}, { id: objectId() });
      return {
        topic: 'user',
        key: e.entity_id,
        value: e,
        reason: /data\.id must equal the envelope's entity_id/,
        entityId: e.entity_id,
        eventId: e.event_id,
      };
    },
  ],
  [
    'a number as the email',
    () => {
      const e = userEvent({}, { email: 42 });
      return {
        topic: 'user',
        key: e.entity_id,
        value: e,
        reason: /data\.email must be a non-empty string/,
        entityId: e.entity_id,
        eventId: e.event_id,
      };
    },
  ],
  [
    'an operator as the email',
    () => {
      const e = userEvent({}, { email: { $gt: '' } });
      return {
        topic: 'user',
        key: e.entity_id,
        value: e,
        reason: /data\.email must be a non-empty string/,
        entityId: e.entity_id,
        eventId: e.event_id,
      };
    },
  ],
  [
    'a price of 1e400 (Infinity once parsed)',
    () => {
      const product = productData();
      const e = envelope('product.created', product.id, product);
      const text = JSON.stringify(e).replace(`"base_price_cents":${product.base_price_cents}`, '"base_price_cents":1e400');
      return {
        topic: 'product',
        key: product.id,
        value: text,
        reason: /data\.base_price_cents must be an integer/,
        entityId: product.id,
        eventId: e.event_id,
      };
    },
  ],
];

describe('hostile Kafka messages', () => {
  let target: AnalyticsTarget;
  let app: INestApplication;
  let producer: Producer;
  let letters: KafkaProbe;

  beforeAll(async () => {
    target = await analyticsTarget('hostile');
    letters = await KafkaProbe.start(['dlq.user', 'dlq.product']);
    // From the end of the topics: the shared topics hold every earlier suite's messages (deliberate rejections
    // retried with backoff among them), and this suite is about what happens after each message it sends.
    app = await createAnalyticsApp({ ...analyticsEnv(target), KAFKA_AUTO_OFFSET_RESET: 'latest' }, { logger: testLogger() });
    producer = await rawProducer();
    // The group starts at the end of each partition once assigned: send until one event per partition is projected.
    for (const topic of ['user', 'product'] as const) {
      for (const partition of [0, 1, 2]) await warmUp(topic, partition);
    }
  }, 120_000);

  async function warmUp(topic: 'user' | 'product', partition: number): Promise<void> {
    const sent: string[] = [];
    const table = topic === 'user' ? 'users' : 'products';
    await eventually(
      async () => {
        const data = topic === 'user' ? userData() : productData();
        sent.push(data.id);
        await send(topic, data.id, envelope(`${topic}.created`, data.id, data as never), partition);
        return (await rows(target.db, `SELECT 1 FROM ${table} WHERE ${topic}_id IN (?)`, [sent])).length ? true : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 1000, what: `the consumer reading ${topic}[${partition}]` },
    );
  }

  /** What each case got, printed at the end: the suite's answers, for the record. */
  const answers: string[] = [];

  afterAll(async () => {
    if (answers.length) console.log(`hostile Kafka messages and their dead letters:\n${answers.join('\n')}`);
    await producer?.disconnect();
    await letters?.stop();
    await app?.close();
    await target?.drop();
  });

  async function send(topic: string, key: string | null, value: unknown, partition?: number): Promise<Produced> {
    const text = value === null ? null : typeof value === 'string' ? value : JSON.stringify(value);
    const [meta] = await producer.send({ topic, messages: [{ key, value: text, partition }] });
    return { topic, partition: meta.partition, offset: meta.baseOffset ?? '' };
  }

  /** A fresh, valid user.created behind the poison on its partition is projected within 15 s: nothing stalled. */
  async function freshEventProjected(partition: number): Promise<void> {
    const user = userData();
    await send('user', user.id, envelope('user.created', user.id, user), partition);
    await eventually(async () => ((await rows(target.db, 'SELECT 1 FROM users WHERE user_id = ?', [user.id])).length ? true : undefined), {
      timeoutMs: 15_000,
      what: 'a fresh user.created behind the hostile message, within 15 s',
    });
  }

  it.each(CASES)('dead-letters %s with its reason, stores nothing, and goes on', async (name, make) => {
    const poison = make();
    const at = await send(poison.topic, poison.key, poison.value);
    const letter = await letters.waitFor(
      (m) => m.topic === `dlq.${poison.topic}` && m.json?.source_partition === at.partition && m.json?.source_offset === at.offset,
      20_000,
      `the dead letter of ${poison.topic}[${at.partition}]@${at.offset}`,
    );
    expect(letter.json.error).toMatch(poison.reason);
    expect(letter.json.attempts).toBe(1);
    answers.push(`  ${name} -> dlq.${poison.topic}: ${String(letter.json.error).slice(0, 140)}`);
    if (poison.entityId) {
      const table = poison.topic === 'user' ? 'users' : 'products';
      expect(await rows(target.db, `SELECT 1 FROM ${table} WHERE ${poison.topic}_id = ?`, [poison.entityId])).toEqual([]);
    }
    if (poison.eventId) expect(await rows(target.db, 'SELECT 1 FROM processed_events WHERE event_id = ?', [poison.eventId])).toEqual([]);
    await freshEventProjected(at.partition);
  });

  it('counts 150 invented event types under at most 100 labels plus one "other", and goes on', async () => {
    const run = randomUUID().replace(/-/g, '').replace(/\d/g, '').slice(0, 6);
    const partition = 0;
    for (let i = 0; i < 150; i += 50) {
      await producer.send({
        topic: 'user',
        messages: Array.from({ length: 50 }, (_, j) => {
          const e = userEvent({
            event_type: `user.invented_${run}_${String.fromCharCode(97 + ((i + j) % 26))}${String.fromCharCode(97 + Math.floor((i + j) / 26))}`,
          });
          return { key: e.entity_id, value: JSON.stringify(e), partition };
        }),
      });
    }
    await freshEventProjected(partition);
    const metrics = (await request(app.getHttpServer()).get('/metrics').expect(200)).text;
    const labels = metrics.split('\n').filter((line) => line.startsWith('analytics_events_skipped_total{'));
    expect(labels.length).toBeLessThanOrEqual(101);
    expect(labels.some((line) => line.includes('event_type="other"'))).toBe(true);
  });
});
