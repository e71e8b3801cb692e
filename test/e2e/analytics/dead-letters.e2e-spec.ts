import { randomUUID } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import { Producer } from 'kafkajs';
import { envelope, objectId, orderData } from '../../../apps/analytics/src/testing/event-fixtures';
import { AnalyticsTarget, analyticsTarget, produce, Produced, startAnalyticsApp } from '../../support/analytics-app';
import { rows } from '../../support/databases';
import { eventually } from '../../support/eventually';
import { KafkaProbe, rawProducer } from '../../support/kafka-probe';

/** Poison messages go to dlq.<topic> with the original and the reason, and the consumer carries on. */
describe('analytics dead letters', () => {
  let target: AnalyticsTarget;
  let app: INestApplication;
  let producer: Producer;
  let dlq: KafkaProbe;

  beforeAll(async () => {
    target = await analyticsTarget('dlq');
    dlq = await KafkaProbe.start(['dlq.order']);
    app = await startAnalyticsApp(target);
    producer = await rawProducer();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await dlq?.stop();
    await app?.close();
    await target?.drop();
  });

  /** A valid order produced after the poison on the same partition is applied: the consumer did not stop. */
  async function provesConsumerContinued(poison: Produced): Promise<void> {
    const order = orderData();
    await produce(producer, 'order', order.id, envelope('order.created', order.id, order), poison.partition);
    await eventually(
      async () => {
        const found = await rows(target.db, 'SELECT status FROM orders WHERE order_id = ?', [order.id]);
        return found.length === 1 ? found : undefined;
      },
      { what: 'the order produced after the poison message' },
    );
  }

  async function dlqMessageFor(key: string) {
    const message = await dlq.waitFor((m) => m.key === key, 20_000, `the dead letter keyed ${key}`);
    expect(message.topic).toBe('dlq.order');
    return message;
  }

  it('dead-letters a value that is not JSON with the raw text as original_event', async () => {
    const key = randomUUID();
    const poison = await produce(producer, 'order', key, 'this is {not json');
    const letter = await dlqMessageFor(key);
    expect(letter.json).toEqual({
      original_event: 'this is {not json',
      error: expect.stringMatching(/^value is not JSON/),
      failed_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      retry_count: 0,
      attempts: 1,
      source_topic: 'order',
      source_partition: poison.partition,
      source_offset: poison.offset,
    });
    await provesConsumerContinued(poison);
  });

  it('dead-letters an envelope without data with the decoded envelope as original_event', async () => {
    const id = objectId();
    const { data: _data, ...withoutData } = envelope('order.created', id, orderData({ id }));
    const poison = await produce(producer, 'order', id, withoutData);
    const letter = await dlqMessageFor(id);
    expect(letter.json).toMatchObject({
      original_event: withoutData,
      error: 'envelope.data must be an object',
      retry_count: 0,
      attempts: 1,
      source_topic: 'order',
      source_partition: poison.partition,
      source_offset: poison.offset,
    });
    await provesConsumerContinued(poison);
    expect(await rows(target.db, 'SELECT * FROM processed_events WHERE event_id = ?', [withoutData.event_id])).toEqual([]);
  });

  it('dead-letters an order.created without items, naming the field, and writes nothing for it', async () => {
    const order = orderData({ items: [] });
    const event = envelope('order.created', order.id, order);
    const poison = await produce(producer, 'order', order.id, event);
    const letter = await dlqMessageFor(order.id);
    expect(letter.json).toMatchObject({
      original_event: event,
      error: 'order.created: data.items must have at least 1 item(s)',
      retry_count: 0,
      attempts: 1,
    });
    await provesConsumerContinued(poison);
    expect(await rows(target.db, 'SELECT * FROM orders WHERE order_id = ?', [order.id])).toEqual([]);
    expect(await rows(target.db, 'SELECT * FROM processed_events WHERE event_id = ?', [event.event_id])).toEqual([]);
  });
  it('dead-letters an order MySQL keeps rejecting (its order_number belongs to another order), after retries, and goes on', async () => {
    const first = orderData();
    await produce(producer, 'order', first.id, envelope('order.created', first.id, first));
    await eventually(async () =>
      (await rows(target.db, 'SELECT 1 FROM orders WHERE order_id = ?', [first.id])).length ? true : undefined,
    );

    const clash = orderData({ order_number: first.order_number });
    const event = envelope('order.created', clash.id, clash);
    const poison = await produce(producer, 'order', clash.id, event);
    const letter = await dlqMessageFor(clash.id);
    expect(letter.json).toMatchObject({
      original_event: event,
      error: expect.stringMatching(/^order\.created: MySQL rejected it after 3 attempts: .*Duplicate entry/),
      retry_count: 2,
      attempts: 3,
      source_offset: poison.offset,
    });
    await provesConsumerContinued(poison);
    expect(await rows(target.db, 'SELECT order_id FROM orders WHERE order_number = ?', [first.order_number])).toEqual([
      { order_id: first.id },
    ]);
    expect(await rows(target.db, 'SELECT * FROM order_items WHERE order_id = ?', [clash.id])).toEqual([]);
    expect(await rows(target.db, 'SELECT * FROM processed_events WHERE event_id = ?', [event.event_id])).toEqual([]);
  });

  it('dead-letters 200 KB of 0x01 bytes as a summary that fits one Kafka message, and goes on', async () => {
    const key = `bytes-${randomUUID()}`;
    const value = '\u0001'.repeat(200 * 1024); // as JSON text in a whole letter: 1.2 MB, over the broker's 1 MiB
    const poison = await produce(producer, 'order', key, value);
    const letter = await dlqMessageFor(key);
    expect(letter.json).toEqual({
      original_event: null,
      error: expect.stringMatching(/^value is not JSON/),
      failed_at: expect.any(String),
      retry_count: 0,
      attempts: 1,
      source_topic: 'order',
      source_partition: poison.partition,
      source_offset: poison.offset,
      truncated: { original_bytes: 200 * 1024, prefix: value.slice(0, 4096) },
    });
    await provesConsumerContinued(poison);
  });

  it('dead-letters an event produced on another topic than its event_type names (user.created on order)', async () => {
    const id = objectId();
    const misplaced = { ...envelope('order.created', id, orderData({ id })), event_type: 'user.created' };
    const poison = await produce(producer, 'order', id, misplaced);
    const letter = await dlqMessageFor(id);
    expect(letter.json).toMatchObject({
      original_event: misplaced,
      error: 'event_type "user.created" belongs on topic "user", not "order"',
      attempts: 1,
    });
    await provesConsumerContinued(poison);
    expect(await rows(target.db, 'SELECT 1 FROM users WHERE user_id = ?', [id])).toEqual([]);
  });
});
