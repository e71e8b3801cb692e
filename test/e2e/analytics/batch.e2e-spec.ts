import { EventEnvelope, EventType } from '@app/kafka';
import { INestApplication } from '@nestjs/common';
import { Producer } from 'kafkajs';
import { envelope, objectId, orderData, productData } from '../../../apps/analytics/src/testing/event-fixtures';
import { AnalyticsTarget, analyticsTarget, produce, startAnalyticsApp } from '../../support/analytics-app';
import { rows } from '../../support/databases';
import { eventually } from '../../support/eventually';
import { KafkaProbe, rawProducer } from '../../support/kafka-probe';

const t = (second: number): Date => new Date(Date.UTC(2026, 0, 1, 0, 0, second));

/**
 * Batch projection: events sent in one produce request land in one record batch, so the consumer fetches them
 * together and applies them in one MySQL transaction. The rows must be exactly what one event at a time gives.
 */
describe('analytics batch projection', () => {
  let target: AnalyticsTarget;
  let app: INestApplication;
  let producer: Producer;
  let dlq: KafkaProbe;

  beforeAll(async () => {
    target = await analyticsTarget('batch');
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

  /** All in one produce request, on one partition, in this order. */
  async function sendTogether(topic: string, partition: number, events: Array<EventEnvelope<EventType>>): Promise<void> {
    await producer.send({ topic, messages: events.map((e) => ({ key: e.entity_id, value: JSON.stringify(e), partition })) });
  }

  async function processed(events: Array<EventEnvelope<EventType>>) {
    const ids = [...new Set(events.map((e) => e.event_id))];
    return eventually(
      async () => {
        const found = await rows<{ event_id: string; outcome: string; processed_at: unknown }>(
          target.db,
          'SELECT event_id, outcome, processed_at FROM processed_events WHERE event_id IN (?)',
          [ids],
        );
        return found.length === ids.length ? new Map(found.map((r) => [r.event_id, r])) : undefined;
      },
      { what: `${ids.length} events in processed_events` },
    );
  }

  it('folds a batch of one partition per entity into the rows one event at a time gives, in one transaction', async () => {
    const [p1, p2, p3, p4, p5, p6] = [1, 2, 3, 4, 5, 6].map(() => productData({ id: objectId() }));
    // Rows MySQL already holds before the batch: p1 (to be updated) and p6 (to be deleted and created again).
    const before = [envelope('product.created', p1.id, p1, t(1)), envelope('product.created', p6.id, p6, t(1))];
    await sendTogether('product', 0, before);
    await processed(before);

    const deleted = (p: typeof p1, at: Date) =>
      envelope('product.deleted', p.id, { product_id: p.id, supplier_id: p.supplier_id, deleted_at: at.toISOString() }, at);
    const p1Update = envelope(
      'product.updated',
      p1.id,
      { ...p1, name: 'Lamp v2', variants: [{ ...p1.variants[0], sku: 'LAMP-RED' }] },
      t(2),
    );
    const p3Older = envelope('product.updated', p3.id, { ...p3, name: 'Older' }, t(2));
    const p5Again = envelope('product.created', p5.id, { ...p5, name: 'Back' }, t(4));
    const p6Again = envelope('product.created', p6.id, { ...p6, name: 'Recreated', variants: [p6.variants[1]] }, t(4));
    const batch = [
      p1Update,
      p1Update, // redelivered in the same batch
      envelope('product.created', p2.id, p2, t(1)),
      deleted(p2, t(2)),
      envelope('product.created', p3.id, { ...p3, name: 'Newest' }, t(3)),
      p3Older, // older than the row: stale
      deleted(p4, t(1)), // never seen: nothing to delete
      envelope('product.created', p5.id, p5, t(1)),
      deleted(p5, t(2)),
      envelope('product.updated', p5.id, { ...p5, name: 'Older than the delete' }, t(2)), // superseded
      p5Again,
      deleted(p6, t(2)),
      p6Again,
    ];
    await sendTogether('product', 0, batch);
    const outcomes = await processed(batch);

    expect(batch.map((e) => outcomes.get(e.event_id)!.outcome)).toEqual([
      'applied',
      'applied',
      'applied',
      'applied',
      'applied',
      'stale',
      'applied',
      'applied',
      'applied',
      'superseded',
      'applied',
      'applied',
      'applied',
    ]);
    // One transaction, one multi-row insert: every processed_events row of the batch has the same processed_at.
    expect(new Set([...outcomes.values()].map((r) => String(r.processed_at))).size).toBe(1);

    const products = await rows<{ product_id: string; name: string; event_id: string }>(
      target.db,
      'SELECT product_id, name, event_id FROM products WHERE product_id IN (?) ORDER BY name',
      [[p1.id, p2.id, p3.id, p4.id, p5.id, p6.id]],
    );
    expect(products).toEqual([
      { product_id: p5.id, name: 'Back', event_id: p5Again.event_id },
      { product_id: p1.id, name: 'Lamp v2', event_id: p1Update.event_id },
      { product_id: p3.id, name: 'Newest', event_id: expect.any(String) },
      { product_id: p6.id, name: 'Recreated', event_id: p6Again.event_id },
    ]);
    const variants = await rows<{ product_id: string; sku: string }>(
      target.db,
      'SELECT product_id, sku FROM product_variants WHERE product_id IN (?) ORDER BY product_id, sku',
      [[p1.id, p6.id]],
    );
    expect(variants).toEqual(
      [
        { product_id: p1.id, sku: 'LAMP-RED' },
        { product_id: p6.id, sku: 'LAMP-WHT' },
      ].sort((a, b) => a.product_id.localeCompare(b.product_id)),
    );
  });

  it('dead-letters a poison event and an event MySQL rejects from the middle of a batch, and applies the rest of it', async () => {
    const existing = orderData();
    const first = [envelope('order.created', existing.id, existing, t(1))];
    await sendTogether('order', 1, first);
    await processed(first);

    const o1 = orderData();
    const poison = orderData({ items: [] });
    const clash = orderData({ order_number: o1.order_number });
    const o4 = orderData();
    const cancel = (o: typeof o1, at: Date) =>
      envelope(
        'order.cancelled',
        o.id,
        { order_id: o.id, order_number: o.order_number, reason: 'changed my mind', cancelled_at: at.toISOString() },
        at,
      );
    const good = [
      envelope('order.created', o1.id, o1, t(2)),
      cancel(o1, t(3)),
      cancel(existing, t(3)),
      envelope('order.created', o4.id, o4, t(2)),
    ];
    const rejected = envelope('order.created', clash.id, clash, t(2));
    const bad = envelope('order.created', poison.id, poison, t(2));
    await sendTogether('order', 1, [good[0], bad, good[1], rejected, good[2], good[3]]);

    const letters = await eventually(
      () => {
        // Dead letters are at least once (a rebalance redelivers the batch): wait for both, not for any two.
        const found = dlq.messages.filter((m) => m.key === poison.id || m.key === clash.id);
        return found.some((m) => m.key === poison.id) && found.some((m) => m.key === clash.id) ? found : undefined;
      },
      { what: 'both dead letters', timeoutMs: 30_000 },
    );
    expect(letters.find((m) => m.key === poison.id)!.json).toMatchObject({
      error: 'order.created: data.items must have at least 1 item(s)',
      attempts: 1,
    });
    expect(letters.find((m) => m.key === clash.id)!.json).toMatchObject({
      original_event: rejected,
      error: expect.stringMatching(/^order\.created: MySQL rejected it after 3 attempts: .*Duplicate entry/),
      attempts: 3,
    });

    const outcomes = await processed(good);
    expect(good.map((e) => outcomes.get(e.event_id)!.outcome)).toEqual(['applied', 'applied', 'applied', 'applied']);
    expect(
      await rows(target.db, 'SELECT order_id, status FROM orders WHERE order_id IN (?) ORDER BY order_id', [
        [o1.id, existing.id, o4.id, clash.id, poison.id],
      ]),
    ).toEqual(
      [
        { order_id: o1.id, status: 'cancelled' },
        { order_id: existing.id, status: 'cancelled' },
        { order_id: o4.id, status: 'pending' },
      ].sort((a, b) => a.order_id.localeCompare(b.order_id)),
    );
    expect(
      (
        await rows<{ n: number }>(target.db, 'SELECT COUNT(*) AS n FROM order_items WHERE order_id IN (?)', [[o1.id, existing.id, o4.id]])
      ).map((r) => Number(r.n)),
    ).toEqual([6]);
    expect(
      await rows(target.db, 'SELECT event_id FROM processed_events WHERE event_id IN (?)', [[rejected.event_id, bad.event_id]]),
    ).toEqual([]);

    // The partition goes on after the batch.
    const after = orderData();
    await produce(producer, 'order', after.id, envelope('order.created', after.id, after), 1);
    await eventually(
      async () => ((await rows(target.db, 'SELECT 1 FROM orders WHERE order_id = ?', [after.id])).length ? true : undefined),
      {
        what: 'the order produced after the batch',
      },
    );
  });
  it("rejects an update that would give an order another order's order_number, and applies the rest of its batch", async () => {
    const [a, b] = [orderData(), orderData()];
    const created = [envelope('order.created', a.id, a, t(1)), envelope('order.created', b.id, b, t(1))];
    await sendTogether('order', 2, created);
    await processed(created);

    // Both rows exist: b's newer snapshot (taking a's order_number) and a's cancellation are updates in one batch.
    const stolen = envelope('order.created', b.id, { ...b, order_number: a.order_number }, t(2));
    const cancelled = envelope(
      'order.cancelled',
      a.id,
      { order_id: a.id, order_number: a.order_number, reason: null, cancelled_at: t(2).toISOString() },
      t(2),
    );
    await sendTogether('order', 2, [stolen, cancelled]);

    const letter = await eventually(() => dlq.messages.find((m) => m.key === b.id), { what: 'the dead letter', timeoutMs: 30_000 });
    expect(letter.json).toMatchObject({ original_event: stolen, error: expect.stringMatching(/Duplicate entry/) });
    await processed([cancelled]);
    expect(
      await rows(target.db, 'SELECT order_id, order_number, status FROM orders WHERE order_id IN (?) ORDER BY order_id', [[a.id, b.id]]),
    ).toEqual(
      [
        { order_id: a.id, order_number: a.order_number, status: 'cancelled' },
        { order_id: b.id, order_number: b.order_number, status: 'pending' },
      ].sort((x, y) => x.order_id.localeCompare(y.order_id)),
    );
  });
});
