import { AnyEventEnvelope, EventEnvelope, EventType, topicOf } from '@app/kafka';
import { INestApplication } from '@nestjs/common';
import { Producer } from 'kafkajs';
import request from 'supertest';
import { envelope, orderData, postData, productData, supplierData, userData } from '../../../apps/analytics/src/testing/event-fixtures';
import { AnalyticsTarget, analyticsTarget, produce, startAnalyticsApp } from '../../support/analytics-app';
import { rows } from '../../support/databases';
import { eventually } from '../../support/eventually';
import { rawProducer } from '../../support/kafka-probe';

/** Every one of the 25 event types (20 domain events, 5 snapshots), produced as raw envelopes, lands as the exact rows of the read model. */
describe('analytics projections', () => {
  let target: AnalyticsTarget;
  let app: INestApplication;
  let producer: Producer;
  const seen = new Set<EventType>();

  beforeAll(async () => {
    target = await analyticsTarget('projections');
    app = await startAnalyticsApp(target);
    producer = await rawProducer();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await app?.close();
    await target?.drop();
  });

  async function emit<E extends AnyEventEnvelope>(event: E): Promise<E> {
    seen.add(event.event_type);
    await produce(producer, topicOf(event.event_type), event.entity_id, event);
    return event;
  }

  /** Waits until the event is recorded in processed_events, then returns the rows of `sql`. */
  async function applied<T>(event: EventEnvelope, sql: string, params: unknown[]): Promise<T[]> {
    await eventually(
      async () =>
        (await rows(target.db, 'SELECT 1 FROM processed_events WHERE event_id = ?', [event.event_id])).length ? true : undefined,
      { what: `${event.event_type} ${event.event_id} to be processed` },
    );
    return rows<T>(target.db, sql, params);
  }

  it('answers GET /health (readiness) with mysql, kafka and the consumer up', async () => {
    const res = await eventually(
      async () => {
        const answer = await request(app.getHttpServer()).get('/health');
        return answer.status === 200 ? answer : undefined;
      },
      { what: 'readiness once the consumer joined its group' },
    );
    expect(res.body).toEqual({
      status: 'ok',
      info: { mysql: { status: 'up' }, kafka: { status: 'up' }, consumer: { status: 'up', state: 'member', lag: expect.any(Number) } },
      error: {},
      details: expect.any(Object),
    });
  });

  it('projects user.created, user.updated and user.deleted (soft)', async () => {
    const user = userData();
    const created = await emit(envelope('user.created', user.id, user));
    expect(
      await applied(created, 'SELECT email, display_name, first_name, phone, status, deleted_at, event_id FROM users WHERE user_id = ?', [
        user.id,
      ]),
    ).toEqual([
      {
        email: user.email,
        display_name: 'Ada L',
        first_name: 'Ada',
        phone: '+44 20 7946 0000',
        status: 'active',
        deleted_at: null,
        event_id: created.event_id,
      },
    ]);

    const renamed = { ...user, profile: { ...user.profile, display_name: 'Countess' }, updated_at: '2025-01-03T00:00:00.000Z' };
    const updated = await emit(envelope('user.updated', user.id, renamed));
    expect(await applied(updated, 'SELECT display_name, updated_at, event_id FROM users WHERE user_id = ?', [user.id])).toEqual([
      { display_name: 'Countess', updated_at: '2025-01-03 00:00:00.000', event_id: updated.event_id },
    ]);

    const deleted = await emit(envelope('user.deleted', user.id, { user_id: user.id, deleted_at: '2025-01-04T05:06:07.089Z' }));
    expect(
      await applied(deleted, 'SELECT email, status, deleted_at, event_id, event_timestamp FROM users WHERE user_id = ?', [user.id]),
    ).toEqual([
      {
        email: user.email,
        status: 'deleted',
        deleted_at: '2025-01-04 05:06:07.089',
        event_id: deleted.event_id,
        event_timestamp: deleted.timestamp.replace('T', ' ').replace('Z', ''),
      },
    ]);
  });

  it('stores text as sent, whatever SQL it looks like: quotes, backslashes, placeholders, emoji, line breaks', async () => {
    const tricky = `O'Brien "\\" ? ?? ?, \`x\` %_ '); DROP TABLE users; -- 😀 \n\t end\\`;
    const user = userData({ profile: { ...userData().profile, display_name: tricky.slice(0, 100), bio: tricky.repeat(3) } });
    const product = productData({
      name: tricky.slice(0, 100),
      variants: [{ sku: `SKU-'?\\`, name: '??', attributes: { "it's": 'a "\\?" 😀' }, price_cents: 1, stock: 2 }],
    });
    const created = await emit(envelope('user.created', user.id, user));
    const productCreated = await emit(envelope('product.created', product.id, product));
    expect(await applied(created, 'SELECT display_name, bio FROM users WHERE user_id = ?', [user.id])).toEqual([
      { display_name: tricky.slice(0, 100), bio: tricky.repeat(3) },
    ]);
    expect(
      await applied(
        productCreated,
        'SELECT p.name, v.sku, v.name AS variant, v.attributes FROM products p JOIN product_variants v USING (product_id) WHERE product_id = ?',
        [product.id],
      ),
    ).toEqual([{ name: tricky.slice(0, 100), sku: `SKU-'?\\`, variant: '??', attributes: JSON.stringify({ "it's": 'a "\\?" 😀' }) }]);
  });

  it('projects supplier.created, supplier.updated and supplier.deleted (hard)', async () => {
    const supplier = supplierData();
    const created = await emit(envelope('supplier.created', supplier.id, supplier));
    expect(
      await applied(created, 'SELECT name, contact_email, address_city, address_country FROM suppliers WHERE supplier_id = ?', [
        supplier.id,
      ]),
    ).toEqual([{ name: 'Acme Goods', contact_email: supplier.contact.email, address_city: 'Lisbon', address_country: 'PT' }]);

    const moved = { ...supplier, address: { ...supplier.address, city: 'Porto' } };
    const updated = await emit(envelope('supplier.updated', supplier.id, moved));
    expect(await applied(updated, 'SELECT address_city, event_id FROM suppliers WHERE supplier_id = ?', [supplier.id])).toEqual([
      { address_city: 'Porto', event_id: updated.event_id },
    ]);

    const deleted = await emit(
      envelope('supplier.deleted', supplier.id, { supplier_id: supplier.id, deleted_at: '2025-01-04T00:00:00.000Z' }),
    );
    expect(await applied(deleted, 'SELECT * FROM suppliers WHERE supplier_id = ?', [supplier.id])).toEqual([]);
  });

  it('projects the seven product events, replacing variants each time and removing them with the product', async () => {
    const product = productData();
    const productRow = 'SELECT supplier_id, name, status, base_price_cents, published_at, event_id FROM products WHERE product_id = ?';
    const variantRows = 'SELECT sku, name, attributes, price_cents, stock FROM product_variants WHERE product_id = ? ORDER BY sku';

    const created = await emit(envelope('product.created', product.id, product));
    expect(await applied(created, productRow, [product.id])).toEqual([
      {
        supplier_id: product.supplier_id,
        name: 'Desk Lamp',
        status: 'draft',
        base_price_cents: 2599,
        published_at: null,
        event_id: created.event_id,
      },
    ]);
    expect(await rows(target.db, variantRows, [product.id])).toEqual([
      { sku: 'LAMP-BLK', name: 'Black', attributes: '{"color":"black"}', price_cents: 2599, stock: 10 },
      { sku: 'LAMP-WHT', name: 'White', attributes: '{"color":"white"}', price_cents: 2799, stock: 0 },
    ]);

    const repriced = {
      ...product,
      base_price_cents: 1999,
      variants: [{ sku: 'LAMP-RED', name: 'Red', attributes: { color: 'red' }, price_cents: 1999, stock: 3 }],
    };
    const updated = await emit(envelope('product.updated', product.id, repriced));
    expect(await applied(updated, 'SELECT base_price_cents, status FROM products WHERE product_id = ?', [product.id])).toEqual([
      { base_price_cents: 1999, status: 'draft' },
    ]);
    expect(await rows(target.db, 'SELECT sku, price_cents, stock FROM product_variants WHERE product_id = ?', [product.id])).toEqual([
      { sku: 'LAMP-RED', price_cents: 1999, stock: 3 },
    ]);

    const publishedAt = '2025-02-01T09:00:00.000Z';
    const lifecycle = [
      ['product.published', 'active'],
      ['product.out_of_stock', 'out_of_stock'],
      ['product.restored', 'active'],
      ['product.discontinued', 'discontinued'],
    ] as const;
    for (const [type, status] of lifecycle) {
      const event = await emit(envelope(type, product.id, { ...repriced, status, published_at: publishedAt }));
      expect(await applied(event, 'SELECT status, published_at, event_id FROM products WHERE product_id = ?', [product.id])).toEqual([
        { status, published_at: '2025-02-01 09:00:00.000', event_id: event.event_id },
      ]);
    }

    const deleted = await emit(
      envelope('product.deleted', product.id, {
        product_id: product.id,
        supplier_id: product.supplier_id,
        deleted_at: '2025-03-01T00:00:00.000Z',
      }),
    );
    expect(await applied(deleted, 'SELECT * FROM products WHERE product_id = ?', [product.id])).toEqual([]);
    expect(await rows(target.db, 'SELECT * FROM product_variants WHERE product_id = ?', [product.id])).toEqual([]);
  });

  it('projects order.created with its items and order.cancelled', async () => {
    const order = orderData();
    const created = await emit(envelope('order.created', order.id, order));
    expect(
      await applied(
        created,
        'SELECT order_number, customer_user_id, customer_email, shipping_city, shipping_country, status, total_cents, cancelled_at FROM orders WHERE order_id = ?',
        [order.id],
      ),
    ).toEqual([
      {
        order_number: order.order_number,
        customer_user_id: order.customer.user_id,
        customer_email: 'ada@example.com',
        shipping_city: 'London',
        shipping_country: 'GB',
        status: 'pending',
        total_cents: 5698,
        cancelled_at: null,
      },
    ]);
    expect(
      await rows(
        target.db,
        'SELECT line_no, product_id, sku, quantity, unit_price_cents, line_total_cents FROM order_items WHERE order_id = ? ORDER BY line_no',
        [order.id],
      ),
    ).toEqual([
      {
        line_no: 1,
        product_id: order.items[0].product_snapshot.product_id,
        sku: 'LAMP-BLK',
        quantity: 2,
        unit_price_cents: 2599,
        line_total_cents: 5198,
      },
      {
        line_no: 2,
        product_id: order.items[1].product_snapshot.product_id,
        sku: 'BULB-1',
        quantity: 1,
        unit_price_cents: 500,
        line_total_cents: 500,
      },
    ]);

    const cancelled = await emit(
      envelope('order.cancelled', order.id, {
        order_id: order.id,
        order_number: order.order_number,
        reason: 'too late',
        cancelled_at: '2025-01-05T00:00:00.500Z',
      }),
    );
    expect(
      await applied(cancelled, 'SELECT status, cancellation_reason, cancelled_at, total_cents FROM orders WHERE order_id = ?', [order.id]),
    ).toEqual([{ status: 'cancelled', cancellation_reason: 'too late', cancelled_at: '2025-01-05 00:00:00.500', total_cents: 5698 }]);
  });

  it('projects order.shipped: status shipped with carrier, tracking number and shipped_at', async () => {
    const order = orderData({ carrier: null, tracking_number: null, shipped_at: null });
    const created = await emit(envelope('order.created', order.id, order));
    const shipmentRow = 'SELECT status, carrier, tracking_number, shipped_at, cancelled_at FROM orders WHERE order_id = ?';
    expect(await applied(created, shipmentRow, [order.id])).toEqual([
      { status: 'pending', carrier: null, tracking_number: null, shipped_at: null, cancelled_at: null },
    ]);

    const shipment = {
      order_id: order.id,
      order_number: order.order_number,
      carrier: 'DHL',
      tracking_number: 'JD014600006281234567',
      shipped_at: '2025-01-05T10:00:00.250Z',
    };
    const shipped = await emit(envelope('order.shipped', order.id, shipment));
    expect(await applied(shipped, shipmentRow, [order.id])).toEqual([
      {
        status: 'shipped',
        carrier: 'DHL',
        tracking_number: 'JD014600006281234567',
        shipped_at: '2025-01-05 10:00:00.250',
        cancelled_at: null,
      },
    ]);
  });

  it('applies an order.created of the shape from before order.shipped existed unchanged: shipment columns null', async () => {
    const { carrier, tracking_number, shipped_at, ...before } = orderData({ carrier: null, tracking_number: null, shipped_at: null });
    expect([carrier, tracking_number, shipped_at, 'carrier' in before]).toEqual([null, null, null, false]);
    const created = await emit(envelope('order.created', before.id, before as never));
    expect(
      await applied(created, 'SELECT status, total_cents, carrier, tracking_number, shipped_at FROM orders WHERE order_id = ?', [
        before.id,
      ]),
    ).toEqual([{ status: 'pending', total_cents: 5698, carrier: null, tracking_number: null, shipped_at: null }]);
  });

  it('applies minimal delete and cancel events that carry only ids: deleted_at / cancelled_at default to the envelope timestamp', async () => {
    const user = userData();
    const post = postData();
    const order = orderData();
    const product = productData();
    const supplier = supplierData();
    await emit(envelope('user.created', user.id, user));
    await emit(envelope('post.created', post.id, post));
    await emit(envelope('order.created', order.id, order));
    await emit(envelope('product.created', product.id, product));
    await emit(envelope('supplier.created', supplier.id, supplier));
    const when = new Date(Date.now() + 1000); // after the creates, so no guard takes the deletes for stale ones
    const at = when.toISOString().replace('T', ' ').replace('Z', '');
    const minimal = [
      envelope('user.deleted', user.id, { user_id: user.id } as never, when),
      envelope('post.deleted', post.id, { post_id: post.id } as never, when),
      envelope('order.cancelled', order.id, { order_id: order.id } as never, when),
      envelope('product.deleted', product.id, { product_id: product.id } as never, when),
      envelope('supplier.deleted', supplier.id, { supplier_id: supplier.id } as never, when),
    ];
    for (const event of minimal) await emit(event);
    for (const event of minimal) await applied(event, 'SELECT 1', []);
    const outcomes = await rows<{ event_type: string; outcome: string }>(
      target.db,
      `SELECT event_type, outcome FROM processed_events WHERE event_id IN (${minimal.map(() => '?').join(', ')}) ORDER BY event_type`,
      minimal.map((e) => e.event_id),
    );
    expect(outcomes).toEqual(
      ['order.cancelled', 'post.deleted', 'product.deleted', 'supplier.deleted', 'user.deleted'].map((event_type) => ({
        event_type,
        outcome: 'applied',
      })),
    );
    expect(await rows(target.db, 'SELECT status, deleted_at FROM users WHERE user_id = ?', [user.id])).toEqual([
      { status: 'deleted', deleted_at: at },
    ]);
    expect(await rows(target.db, 'SELECT deleted_at FROM posts WHERE post_id = ?', [post.id])).toEqual([{ deleted_at: at }]);
    expect(await rows(target.db, 'SELECT status, cancellation_reason, cancelled_at FROM orders WHERE order_id = ?', [order.id])).toEqual([
      { status: 'cancelled', cancellation_reason: null, cancelled_at: at },
    ]);
    expect(await rows(target.db, 'SELECT 1 FROM products WHERE product_id = ?', [product.id])).toEqual([]);
    expect(await rows(target.db, 'SELECT 1 FROM suppliers WHERE supplier_id = ?', [supplier.id])).toEqual([]);
  });

  it('projects post.created, post.updated, post.published and post.deleted (soft)', async () => {
    const post = postData();
    const postRow = 'SELECT author_user_id, body, media_urls, status, published_at, deleted_at FROM posts WHERE post_id = ?';
    const created = await emit(envelope('post.created', post.id, post));
    expect(await applied(created, postRow, [post.id])).toEqual([
      {
        author_user_id: post.author.user_id,
        body: post.body,
        media_urls: '["https://cdn.example/lamp.jpg"]',
        status: 'draft',
        published_at: null,
        deleted_at: null,
      },
    ]);

    const edited = { ...post, body: 'Edited' };
    const updated = await emit(envelope('post.updated', post.id, edited));
    expect(await applied(updated, 'SELECT body FROM posts WHERE post_id = ?', [post.id])).toEqual([{ body: 'Edited' }]);

    const live = { ...edited, status: 'published' as const, published_at: '2025-01-06T00:00:00.000Z' };
    const published = await emit(envelope('post.published', post.id, live));
    expect(await applied(published, 'SELECT status, published_at FROM posts WHERE post_id = ?', [post.id])).toEqual([
      { status: 'published', published_at: '2025-01-06 00:00:00.000' },
    ]);

    const deleted = await emit(envelope('post.deleted', post.id, { post_id: post.id, deleted_at: '2025-01-07T00:00:00.000Z' }));
    expect(
      await applied(deleted, 'SELECT author_user_id, status, published_at, deleted_at FROM posts WHERE post_id = ?', [post.id]),
    ).toEqual([
      {
        author_user_id: post.author.user_id,
        status: 'published',
        published_at: '2025-01-06 00:00:00.000',
        deleted_at: '2025-01-07 00:00:00.000',
      },
    ]);
  });

  it('projects each <topic>.snapshot as the whole state of its entity, with its entity_version', async () => {
    const user = { ...userData(), status: 'deleted' as const, deleted_at: '2025-02-02T00:00:00.000Z' };
    const supplier = supplierData();
    const product = { ...productData(), status: 'active' as const, published_at: '2025-02-03T00:00:00.000Z' };
    const order = { ...orderData(), status: 'cancelled' as const, cancellation_reason: 'late', cancelled_at: '2025-02-04T00:00:00.000Z' };
    const post = { ...postData(), status: 'published' as const, published_at: '2025-02-05T00:00:00.000Z' };
    const snapshots = [
      { ...envelope('user.snapshot', user.id, user), entity_version: 4 },
      { ...envelope('supplier.snapshot', supplier.id, supplier), entity_version: 2 },
      { ...envelope('product.snapshot', product.id, product), entity_version: 7 },
      { ...envelope('order.snapshot', order.id, order), entity_version: 2 },
      { ...envelope('post.snapshot', post.id, post), entity_version: 3 },
    ];
    for (const snapshot of snapshots) await emit(snapshot);
    const [u, s, p, o, t] = snapshots;
    expect(await applied(u, 'SELECT status, deleted_at, entity_version FROM users WHERE user_id = ?', [user.id])).toEqual([
      { status: 'deleted', deleted_at: '2025-02-02 00:00:00.000', entity_version: 4 },
    ]);
    expect(await applied(s, 'SELECT name, entity_version FROM suppliers WHERE supplier_id = ?', [supplier.id])).toEqual([
      { name: supplier.name, entity_version: 2 },
    ]);
    expect(await applied(p, 'SELECT status, published_at, entity_version FROM products WHERE product_id = ?', [product.id])).toEqual([
      { status: 'active', published_at: '2025-02-03 00:00:00.000', entity_version: 7 },
    ]);
    expect(await rows(target.db, 'SELECT COUNT(*) AS n FROM product_variants WHERE product_id = ?', [product.id])).toEqual([
      { n: product.variants.length },
    ]);
    expect(await applied(o, 'SELECT status, cancellation_reason, entity_version FROM orders WHERE order_id = ?', [order.id])).toEqual([
      { status: 'cancelled', cancellation_reason: 'late', entity_version: 2 },
    ]);
    expect(await rows(target.db, 'SELECT COUNT(*) AS n FROM order_items WHERE order_id = ?', [order.id])).toEqual([
      { n: order.items.length },
    ]);
    expect(await applied(t, 'SELECT status, published_at, entity_version FROM posts WHERE post_id = ?', [post.id])).toEqual([
      { status: 'published', published_at: '2025-02-05 00:00:00.000', entity_version: 3 },
    ]);
  });

  it('recorded every event type in processed_events', async () => {
    expect([...seen].sort()).toEqual(Object.values(EventType).sort());
    const recorded = await rows<{ event_type: string }>(
      target.db,
      "SELECT DISTINCT event_type FROM processed_events WHERE outcome = 'applied' ORDER BY event_type",
    );
    expect(recorded.map((r) => r.event_type)).toEqual(expect.arrayContaining(Object.values(EventType)));
  });
});
