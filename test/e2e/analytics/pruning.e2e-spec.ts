import { EventType, PayloadOf } from '@app/kafka';
import { INestApplication } from '@nestjs/common';
import { Producer } from 'kafkajs';
import { Registry } from 'prom-client';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { ProcessedEventsPruner } from '../../../apps/analytics/src/projection/processed-events-pruner';
import { envelope, orderData, postData, productData, userData } from '../../../apps/analytics/src/testing/event-fixtures';
import { AnalyticsTarget, analyticsTarget, produceEvent, startAnalyticsApp } from '../../support/analytics-app';
import { rows } from '../../support/databases';
import { eventually } from '../../support/eventually';
import { rawProducer } from '../../support/kafka-probe';
import { sample } from '../../support/metrics';

const t = (ms: number) => new Date(Date.UTC(2025, 0, 1) + ms);

/** An event as the backend sends it: version n, dated n seconds in. */
function versioned<T extends EventType>(type: T, entityId: string, data: PayloadOf<T>, version: number) {
  return { ...envelope(type, entityId, data, t(version * 1000)), entity_version: version };
}

type Sent = ReturnType<typeof envelope>;

/** processed_events past PROCESSED_EVENTS_RETENTION_DAYS go; the rows' versions (and kept applied deletes) still refuse old events. */
describe('processed_events pruning', () => {
  let target: AnalyticsTarget;
  let app: INestApplication;
  let producer: Producer;

  beforeAll(async () => {
    target = await analyticsTarget('pruning');
    app = await startAnalyticsApp(target);
    producer = await rawProducer();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await app?.close();
    await target?.drop();
  });

  const send = (event: Sent) => produceEvent(producer, event);

  async function outcomes(events: Sent[]): Promise<string[]> {
    return eventually(
      async () => {
        const found = await rows<{ event_id: string; outcome: string }>(
          target.db,
          'SELECT event_id, outcome FROM processed_events WHERE event_id IN (?)',
          [events.map((e) => e.event_id)],
        );
        return found.length === events.length ? events.map((e) => found.find((f) => f.event_id === e.event_id)!.outcome) : undefined;
      },
      { what: `${events.length} events to be processed` },
    );
  }

  /** Makes the events' processed_events rows look processed `days` ago. */
  async function age(events: Sent[], days: number): Promise<void> {
    await target.db.query('UPDATE processed_events SET processed_at = processed_at - INTERVAL ? DAY WHERE event_id IN (?)', [
      days,
      events.map((e) => e.event_id),
    ]);
  }

  async function readModel(ids: { order: string; product: string; post: string; user: string }) {
    return {
      orders: await rows(target.db, 'SELECT * FROM orders WHERE order_id = ?', [ids.order]),
      items: await rows(target.db, 'SELECT * FROM order_items WHERE order_id = ? ORDER BY line_no', [ids.order]),
      products: await rows(target.db, 'SELECT * FROM products WHERE product_id = ?', [ids.product]),
      variants: await rows(target.db, 'SELECT * FROM product_variants WHERE product_id = ?', [ids.product]),
      posts: await rows(target.db, 'SELECT * FROM posts WHERE post_id = ?', [ids.post]),
      users: await rows(target.db, 'SELECT * FROM users WHERE user_id = ?', [ids.user]),
    };
  }

  it('deletes old rows in chunks but applied deletes, keeps recent ones; old events redelivered afterwards change no row', async () => {
    const [order, product, post, user] = [orderData(), productData(), postData(), userData()];
    const shipment = {
      order_id: order.id,
      order_number: order.order_number,
      carrier: 'DHL',
      tracking_number: 'JD014600006281234567',
      shipped_at: t(2000).toISOString(),
    };
    const orderCreated = versioned('order.created', order.id, order, 1);
    const orderShipped = versioned('order.shipped', order.id, shipment, 2);
    const productCreated = versioned('product.created', product.id, product, 1);
    const productDeleted = versioned(
      'product.deleted',
      product.id,
      { product_id: product.id, supplier_id: product.supplier_id, deleted_at: t(2000).toISOString() },
      2,
    );
    const postCreated = versioned('post.created', post.id, post, 1);
    const postDeleted = versioned('post.deleted', post.id, { post_id: post.id, deleted_at: t(2000).toISOString() }, 2);
    // Without entity_version (another producer): the row's event_timestamp orders it.
    const userCreated = envelope('user.created', user.id, user, t(1000));
    const userUpdated = envelope('user.updated', user.id, { ...user, email: `new.${user.email}` }, t(2000));
    const old: Sent[] = [orderCreated, orderShipped, productCreated, productDeleted, postCreated, postDeleted, userCreated, userUpdated];
    for (const event of old) await send(event);
    expect(await outcomes(old)).toEqual(old.map(() => 'applied'));
    const recentUser = userData();
    const recent = envelope('user.created', recentUser.id, recentUser);
    await send(recent);
    await outcomes([recent]);
    const ids = { order: order.id, product: product.id, post: post.id, user: user.id };
    const before = await readModel(ids);
    expect([before.orders.length, before.items.length, before.products.length, before.posts.length, before.users.length]).toEqual([
      1, 2, 0, 1, 1,
    ]);

    await age(old, 8);
    // 3 rows a statement: the walk over (processed_at, event_id) goes on past the kept rows.
    expect(await app.get(ProcessedEventsPruner).prune(3)).toBe(6);

    const left = await rows<{ event_id: string }>(
      target.db,
      'SELECT event_id FROM processed_events WHERE event_id IN (?) ORDER BY event_id',
      [[...old, recent].map((e) => e.event_id)],
    );
    expect(left.map((r) => r.event_id)).toEqual([productDeleted.event_id, postDeleted.event_id, recent.event_id].sort());
    const metrics = (await request(app.getHttpServer()).get('/metrics').expect(200)).text;
    expect(sample(metrics, 'analytics_processed_events_pruned_total', {})).toBe(6);

    // Old events again, same event_ids, their processed_events rows gone: the creates and the shipment, not the deletes.
    const again = [orderCreated, orderShipped, productCreated, postCreated, userCreated];
    for (const event of again) await send(event);
    expect(await outcomes(again)).toEqual([
      'stale', // entity_version 1 <= the row's 2
      'stale',
      'superseded', // the product row is gone: the kept product.deleted row is what refuses it
      'superseded',
      'stale', // no version: older than the row's event_timestamp
    ]);
    expect(await readModel(ids)).toEqual(before);
  });

  it('prunes at start and then on its interval, only past the retention, and not at all when off', async () => {
    const dataSource = app.get(DataSource);
    const agedUser = async () => {
      const user = userData();
      const created = envelope('user.created', user.id, user);
      await send(created);
      await outcomes([created]);
      await age([created], 8);
      return created.event_id;
    };
    const present = async (eventId: string) =>
      (await rows(target.db, 'SELECT 1 FROM processed_events WHERE event_id = ?', [eventId])).length === 1;
    const gone = (eventId: string, what: string) => eventually(async () => ((await present(eventId)) ? undefined : true), { what });
    const first = await agedUser();

    const off = new ProcessedEventsPruner(dataSource, new Registry(), { retentionDays: null, pruneIntervalMs: 100 });
    off.onApplicationBootstrap();
    expect(await off.prune()).toBe(0);
    await off.onModuleDestroy();
    const monthly = new ProcessedEventsPruner(dataSource, new Registry(), { retentionDays: 30, pruneIntervalMs: 3_600_000 });
    expect(await monthly.prune()).toBe(0);
    expect(await present(first)).toBe(true);

    const often = new ProcessedEventsPruner(dataSource, new Registry(), { retentionDays: 7, pruneIntervalMs: 200 });
    often.onApplicationBootstrap();
    try {
      await gone(first, 'the run at start');
      // Aged after that run ended (its one chunk was short): only a later run on the interval can remove it.
      const second = await agedUser();
      await gone(second, 'a run on the interval');
    } finally {
      await often.onModuleDestroy();
    }
  });
});
