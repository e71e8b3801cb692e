import { INestApplication } from '@nestjs/common';
import { getConnectionToken } from '@nestjs/mongoose';
import { Connection } from 'mongoose';
import { Db, ObjectId } from 'mongodb';
import request from 'supertest';
import { App } from 'supertest/types';
import { OutboxRelay } from '../../apps/backend/src/outbox/outbox-relay';
import { resolveProfile } from '../../scripts/stack/profile';
import { stopService, up } from '../../scripts/stack/stack';
import { createActiveProduct, createSupplier, SUPPLIER_ID, uniqueEmail, USER_ID } from '../e2e/backend/fixtures';
import { startBackendApp } from '../support/backend-app';
import { testMongo } from '../support/databases';
import { eventually } from '../support/eventually';
import { KafkaProbe } from '../support/kafka-probe';

/** The request's time, and its answer. */
async function timed<T>(call: () => Promise<T>): Promise<{ ms: number; res: T }> {
  const started = Date.now();
  const res = await call();
  return { ms: Date.now() - started, res };
}

/** With the broker stopped for real: the API still answers at once, every event reaches Kafka once it is back, in order. */
describe('the outbox while Kafka is down', () => {
  const profile = resolveProfile('test');
  let first: INestApplication;
  let second: INestApplication | undefined;
  let http: App;
  let mongo: { db: Db; close: () => Promise<void> };

  beforeAll(async () => {
    [first, mongo] = await Promise.all([startBackendApp(), testMongo()]);
    http = first.getHttpServer();
  });

  afterAll(async () => {
    await up(profile, () => undefined);
    await Promise.all([first?.close(), second?.close(), mongo?.close()]);
  });

  it('answers 2xx within a second, keeps the events on their documents, and delivers each once Kafka is back, per entity in order', async () => {
    const supplier = await createSupplier(http);
    const product = await createActiveProduct(http, supplier.id);

    await stopService(profile, 'kafka');
    const created = await timed(() =>
      request(http)
        .post('/users')
        .send({ email: uniqueEmail('outbox'), profile: { display_name: 'Out' } })
        .timeout(15_000),
    );
    expect(created.res.status).toBe(201);
    const userId: string = created.res.body.id;
    const renamed = await timed(() =>
      request(http)
        .patch(`/users/${userId}`)
        .set(USER_ID, userId)
        .send({ profile: { display_name: 'Box' } })
        .timeout(15_000),
    );
    const deleted = await timed(() => request(http).delete(`/users/${userId}`).set(USER_ID, userId).timeout(15_000));
    const productGone = await timed(() => request(http).delete(`/products/${product.id}`).set(SUPPLIER_ID, supplier.id).timeout(15_000));
    expect([renamed.res.status, deleted.res.status, productGone.res.status]).toEqual([200, 200, 200]);
    for (const call of [created, renamed, deleted, productGone]) expect(call.ms).toBeLessThan(1000);

    const user = await mongo.db.collection('users').findOne({ _id: new ObjectId(userId) });
    expect(user?.outbox.map((e: { event_type: string }) => e.event_type)).toEqual(['user.created', 'user.updated', 'user.deleted']);
    expect(await mongo.db.collection('products').findOne({ _id: new ObjectId(product.id) })).toMatchObject({ tombstone: true });
    await request(http).get(`/products/${product.id}`).expect(404);

    // A second instance: both relays run, one holds the lease.
    second = await startBackendApp();
    await up(profile, () => undefined);

    const probe = await KafkaProbe.start(['user', 'product']);
    try {
      // Three distinct events, each at least once: both instances' relays may send the same one.
      const userEvents = await eventually(
        () => {
          const found = probe.messages.filter((m) => m.key === userId);
          return new Set(found.map((m) => m.json?.event_id)).size >= 3 ? found : undefined;
        },
        { timeoutMs: 60_000, what: "the user's three events on Kafka" },
      );
      const firstSeen = [...new Map(userEvents.map((m) => [m.json.event_id, m.json.event_type])).values()];
      expect(firstSeen).toEqual(['user.created', 'user.updated', 'user.deleted']);
      expect(userEvents.map((m) => m.json.event_id)).toEqual(
        expect.arrayContaining(user?.outbox.map((e: { event_id: string }) => e.event_id)),
      );
      const productDeleted = await probe.waitFor((m) => m.key === product.id && m.json?.event_type === 'product.deleted', 60_000);
      expect(productDeleted.json.data).toEqual({ product_id: product.id, supplier_id: supplier.id, deleted_at: expect.any(String) });
    } finally {
      await probe.stop();
    }
    await eventually(
      async () => {
        const doc = await mongo.db.collection('users').findOne({ _id: new ObjectId(userId) });
        return doc?.outbox.length === 0 ? true : undefined;
      },
      { timeoutMs: 30_000, what: 'the user outbox to empty' },
    );
    await eventually(
      async () => ((await mongo.db.collection('products').findOne({ _id: new ObjectId(product.id) })) === null ? true : undefined),
      {
        timeoutMs: 30_000,
        what: 'the product tombstone to go',
      },
    );

    const owners = [first.get(OutboxRelay).owner, second.get(OutboxRelay).owner];
    const lease = await first
      .get<Connection>(getConnectionToken())
      .collection('outbox_leases')
      .findOne({ name: 'outbox-relay' }, { sort: { term: -1 } });
    expect(owners).toContain(lease?.owner);
  });
});
