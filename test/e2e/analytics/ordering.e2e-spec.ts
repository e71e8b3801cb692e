import { INestApplication } from '@nestjs/common';
import { Producer } from 'kafkajs';
import { envelope, postData, productData, userData } from '../../../apps/analytics/src/testing/event-fixtures';
import { AnalyticsTarget, analyticsTarget, produce, Produced, startAnalyticsApp } from '../../support/analytics-app';
import { rows } from '../../support/databases';
import { eventually } from '../../support/eventually';
import { rawProducer } from '../../support/kafka-probe';

const t = (ms: number) => new Date(Date.UTC(2025, 0, 1) + ms);

/** Redeliveries and replays never change the read model twice nor move a row back in time. */
describe('analytics ordering and idempotency', () => {
  let target: AnalyticsTarget;
  let app: INestApplication;
  let producer: Producer;

  beforeAll(async () => {
    target = await analyticsTarget('ordering');
    app = await startAnalyticsApp(target);
    producer = await rawProducer();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await app?.close();
    await target?.drop();
  });

  async function processed(eventId: string): Promise<{ outcome: string; processed_at: string }[]> {
    return rows(target.db, 'SELECT outcome, processed_at FROM processed_events WHERE event_id = ?', [eventId]);
  }

  async function waitProcessed(eventId: string): Promise<string> {
    const [row] = await eventually(async () => ((await processed(eventId)).length ? processed(eventId) : undefined), {
      what: `event ${eventId} to be processed`,
    });
    return row.outcome;
  }

  /** A fresh user's creation on `partition`: once applied, everything sent to that partition before it was consumed. */
  async function marker(partition: number): Promise<void> {
    const user = userData();
    const event = envelope('user.created', user.id, user);
    await produce(producer, 'user', user.id, event, partition);
    await waitProcessed(event.event_id);
  }

  it('a redelivered event (same event_id) changes neither the row nor processed_events', async () => {
    const user = userData();
    const created = envelope('user.created', user.id, user, t(1000));
    const first: Produced = await produce(producer, 'user', user.id, created);
    await waitProcessed(created.event_id);
    const rowBefore = await rows(target.db, 'SELECT * FROM users WHERE user_id = ?', [user.id]);
    const processedBefore = await rows(target.db, 'SELECT * FROM processed_events WHERE entity_id = ?', [user.id]);

    const again = await produce(producer, 'user', user.id, created);
    expect(again.partition).toBe(first.partition);
    await marker(again.partition);

    expect(await rows(target.db, 'SELECT * FROM users WHERE user_id = ?', [user.id])).toEqual(rowBefore);
    expect(await rows(target.db, 'SELECT * FROM processed_events WHERE entity_id = ?', [user.id])).toEqual(processedBefore);
    expect(processedBefore).toHaveLength(1);
  });

  it('an event older than the row (replayed out of order) leaves the newer state in place', async () => {
    const user = userData();
    const created = envelope('user.created', user.id, user, t(1000));
    const newer = envelope('user.updated', user.id, { ...user, profile: { ...user.profile, display_name: 'Newer' } }, t(3000));
    const older = envelope('user.updated', user.id, { ...user, profile: { ...user.profile, display_name: 'Older' } }, t(2000));
    await produce(producer, 'user', user.id, created);
    await produce(producer, 'user', user.id, newer);
    const late = await produce(producer, 'user', user.id, older);
    expect(await waitProcessed(older.event_id)).toBe('stale');
    await marker(late.partition);

    expect(await rows(target.db, 'SELECT display_name, event_id, event_timestamp FROM users WHERE user_id = ?', [user.id])).toEqual([
      { display_name: 'Newer', event_id: newer.event_id, event_timestamp: '2025-01-01 00:00:03.000' },
    ]);
  });

  it('an older soft delete does not undo a newer update', async () => {
    const user = userData();
    await produce(producer, 'user', user.id, envelope('user.created', user.id, user, t(1000)));
    const update = envelope('user.updated', user.id, { ...user, email: `new.${user.email}` }, t(5000));
    await produce(producer, 'user', user.id, update);
    const oldDelete = envelope('user.deleted', user.id, { user_id: user.id, deleted_at: t(4000).toISOString() }, t(4000));
    await produce(producer, 'user', user.id, oldDelete);
    expect(await waitProcessed(oldDelete.event_id)).toBe('stale');
    expect(await rows(target.db, 'SELECT email, status, deleted_at FROM users WHERE user_id = ?', [user.id])).toEqual([
      { email: `new.${user.email}`, status: 'active', deleted_at: null },
    ]);
  });

  it('a soft delete is not undone by an older create arriving after it (users and posts)', async () => {
    const user = userData();
    const post = postData();
    const userDeleted = envelope('user.deleted', user.id, { user_id: user.id, deleted_at: t(3000).toISOString() }, t(3000));
    const postDeleted = envelope('post.deleted', post.id, { post_id: post.id, deleted_at: t(3000).toISOString() }, t(3000));
    await produce(producer, 'user', user.id, userDeleted);
    await produce(producer, 'post', post.id, postDeleted);
    await Promise.all([waitProcessed(userDeleted.event_id), waitProcessed(postDeleted.event_id)]);
    const userCreated = envelope('user.created', user.id, user, t(1000));
    const postCreated = envelope('post.created', post.id, post, t(1000));
    await produce(producer, 'user', user.id, userCreated);
    await produce(producer, 'post', post.id, postCreated);
    expect([await waitProcessed(userCreated.event_id), await waitProcessed(postCreated.event_id)]).toEqual(['superseded', 'superseded']);
    expect(await rows(target.db, "SELECT 1 FROM users WHERE user_id = ? AND status = 'active'", [user.id])).toEqual([]);
    expect(await rows(target.db, 'SELECT 1 FROM posts WHERE post_id = ? AND deleted_at IS NULL', [post.id])).toEqual([]);
  });

  it('a hard delete is not undone by an older upsert arriving after it', async () => {
    const product = productData();
    await produce(producer, 'product', product.id, envelope('product.created', product.id, product, t(1000)));
    const deleted = envelope(
      'product.deleted',
      product.id,
      { product_id: product.id, supplier_id: product.supplier_id, deleted_at: t(3000).toISOString() },
      t(3000),
    );
    await produce(producer, 'product', product.id, deleted);
    await waitProcessed(deleted.event_id);
    const stale = envelope('product.published', product.id, { ...product, status: 'active', published_at: t(2000).toISOString() }, t(2000));
    await produce(producer, 'product', product.id, stale);

    expect(await waitProcessed(stale.event_id)).toBe('superseded');
    expect(await rows(target.db, 'SELECT * FROM products WHERE product_id = ?', [product.id])).toEqual([]);
    expect(await rows(target.db, 'SELECT * FROM product_variants WHERE product_id = ?', [product.id])).toEqual([]);
  });
});
