import { buildEnvelope, UserData } from '@app/kafka';
import { INestApplication } from '@nestjs/common';
import { Producer } from 'kafkajs';
import { Db } from 'mongodb';
import request from 'supertest';
import { Touched } from '../../scripts/demo/journey';
import { AnalyticsTarget, analyticsTarget, produce, startAnalyticsApp } from '../support/analytics-app';
import { BackendProcess, startBackendProcess } from '../support/backend-process';
import { rows, testMongo } from '../support/databases';
import { eventually } from '../support/eventually';
import { KafkaProbe, rawProducer } from '../support/kafka-probe';
import { sample } from '../support/metrics';
import { expectedReadModel, readModelOf } from '../support/read-model';
import { SHIPPING, uniqueEmail } from './backend/fixtures';

/**
 * Entity versions instead of clocks: two backends on one stack, the second with its clock 5 s behind (faketime), take
 * turns changing the same entities; after every step MySQL must equal what CONTRACT.md derives from MongoDB. Before
 * versions the consumer ordered by the producer's timestamp, so the second backend's newer changes were `stale`.
 */
describe('entity versions instead of clocks', () => {
  let a: BackendProcess;
  let b: BackendProcess;
  let target: AnalyticsTarget;
  let analytics: INestApplication;
  let mongo: { db: Db; close: () => Promise<void> };
  let producer: Producer;

  beforeAll(async () => {
    target = await analyticsTarget('versions');
    [a, b, analytics, mongo, producer] = await Promise.all([
      startBackendProcess(),
      startBackendProcess({ clockOffsetSeconds: -5 }),
      startAnalyticsApp(target),
      testMongo(),
      rawProducer(),
    ]);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop(), analytics?.close(), mongo?.close(), producer?.disconnect()]);
    await target?.drop();
  });

  /** Waits until MySQL holds what the contract derives from the entity's MongoDB document. */
  async function inStep(touched: Touched, step: string): Promise<void> {
    await eventually(
      async () => {
        const [expected, actual] = await Promise.all([expectedReadModel(mongo.db, touched), readModelOf(target.db, touched)]);
        try {
          expect(actual).toEqual(expected);
          return true;
        } catch (err) {
          throw new Error(`${step}: ${(err as Error).message}`);
        }
      },
      { timeoutMs: 20_000, what: `MySQL to equal MongoDB for ${touched.kind} ${touched.id} after ${step}` },
    );
  }

  it('the backend under faketime really runs 5 s behind', async () => {
    const [ahead, behind] = await Promise.all(
      [a, b].map(async (backend) => Date.parse((await fetch(`${backend.url}/health/live`)).headers.get('date')!)),
    );
    expect(ahead - behind).toBeGreaterThanOrEqual(4000);
  });

  it('applies alternating changes of a user, a product, a post and an order from both backends in version order', async () => {
    const user = (
      await request(a.url)
        .post('/users')
        .send({ email: uniqueEmail('clock'), profile: { display_name: 'A0' } })
        .expect(201)
    ).body as UserData;
    const u: Touched = { kind: 'user', id: user.id };
    await inStep(u, 'user created on A');
    for (const [i, backend] of [a, b, a, b].entries()) {
      await request(backend.url)
        .patch(`/users/${user.id}`)
        .set('X-User-ID', user.id)
        .send({ profile: { display_name: `renamed ${i} on ${backend === a ? 'A' : 'B (5 s behind)'}` } })
        .expect(200);
      await inStep(u, `user PATCH ${i}`);
    }

    const supplier = (
      await request(a.url)
        .post('/suppliers')
        .send({ name: 'Clockwork', contact: { email: uniqueEmail('sales') }, address: { line1: '1 Way', city: 'Porto', country: 'PT' } })
        .expect(201)
    ).body;
    const product = (
      await request(b.url)
        .post('/products')
        .set('X-Supplier-ID', supplier.id)
        .send({ name: 'Gear', base_price_cents: 500, variants: [{ sku: 'G-1', name: 'One', price_cents: 500, stock: 5 }] })
        .expect(201)
    ).body;
    const p: Touched = { kind: 'product', id: product.id };
    const productSteps: Array<[BackendProcess, string, (r: request.Test) => request.Test]> = [
      [a, 'PATCH', (r) => r.send({ name: 'Gear v2' })],
      [b, 'publish', (r) => r],
      [a, 'PATCH', (r) => r.send({ base_price_cents: 650 })],
      [b, 'out-of-stock', (r) => r],
      [a, 'restore', (r) => r],
      [b, 'PATCH', (r) => r.send({ name: 'Gear v3' })],
    ];
    for (const [backend, action, body] of productSteps) {
      const path = action === 'PATCH' ? `/products/${product.id}` : `/products/${product.id}/${action}`;
      const req = action === 'PATCH' ? request(backend.url).patch(path) : request(backend.url).post(path);
      await body(req.set('X-Supplier-ID', supplier.id)).expect(200);
      await inStep(p, `product ${action}`);
    }

    const post = (await request(b.url).post('/posts').set('X-User-ID', user.id).send({ body: 'first' }).expect(201)).body;
    const t: Touched = { kind: 'post', id: post.id };
    await request(a.url).patch(`/posts/${post.id}`).set('X-User-ID', user.id).send({ body: 'edited on A' }).expect(200);
    await inStep(t, 'post PATCH on A');
    await request(b.url).post(`/posts/${post.id}/publish`).set('X-User-ID', user.id).expect(200);
    await inStep(t, 'post published on B');
    await request(a.url).patch(`/posts/${post.id}`).set('X-User-ID', user.id).send({ body: 'edited on A again' }).expect(200);
    await inStep(t, 'post PATCH on A after publish');
    await request(b.url).delete(`/posts/${post.id}`).set('X-User-ID', user.id).expect(200);
    await inStep(t, 'post deleted on B');

    const order = (
      await request(a.url)
        .post('/orders')
        .set('X-User-ID', user.id)
        .send({ items: [{ product_id: product.id, sku: 'G-1', quantity: 2 }], shipping_address: SHIPPING })
        .expect(201)
    ).body;
    const o: Touched = { kind: 'order', id: order.id };
    await inStep(o, 'order placed on A');
    await request(b.url)
      .post(`/orders/${order.id}/ship`)
      .set('X-Supplier-ID', supplier.id)
      .send({ carrier: 'CTT', tracking_number: 'RR1' })
      .expect(200);
    await inStep(o, 'order shipped on B');

    const cancelled = (
      await request(b.url)
        .post('/orders')
        .set('X-User-ID', user.id)
        .send({ items: [{ product_id: product.id, sku: 'G-1', quantity: 1 }], shipping_address: SHIPPING })
        .expect(201)
    ).body;
    await request(a.url).post(`/orders/${cancelled.id}/cancel`).set('X-User-ID', user.id).send({ reason: 'changed my mind' }).expect(200);
    await inStep({ kind: 'order', id: cancelled.id }, 'order placed on B, cancelled on A');

    await request(b.url).delete(`/users/${user.id}`).set('X-User-ID', user.id).expect(200);
    await inStep(u, 'user deleted on B');
    const stale = await rows(target.db, "SELECT COUNT(*) AS n FROM processed_events WHERE entity_id IN (?) AND outcome <> 'applied'", [
      [user.id, product.id, post.id, order.id, cancelled.id],
    ]);
    expect(stale).toEqual([{ n: 0 }]);
  });

  it('dead-letters an event without entity_version dated 10 years ahead, and applies the next real PATCH', async () => {
    const probe = await KafkaProbe.start(['dlq.user']);
    try {
      const user = (
        await request(a.url)
          .post('/users')
          .send({ email: uniqueEmail('future'), profile: { display_name: 'Now' } })
          .expect(201)
      ).body as UserData;
      await inStep({ kind: 'user', id: user.id }, 'user created');
      const future = new Date(Date.now() + 10 * 365 * 24 * 3600 * 1000);
      const hostile = buildEnvelope(
        'user.updated',
        user.id,
        { ...user, profile: { ...user.profile, display_name: 'From the future' } },
        future,
      );
      await produce(producer, 'user', user.id, hostile);
      const letter = await probe.waitFor((m) => m.json?.original_event?.event_id === hostile.event_id, 20_000, 'the dead letter');
      expect(letter.json.error).toMatch(/in the future, more than the allowed clock skew of 300 s \(MAX_EVENT_CLOCK_SKEW_MS\)/);

      await request(a.url)
        .patch(`/users/${user.id}`)
        .set('X-User-ID', user.id)
        .send({ profile: { display_name: 'Later, for real' } })
        .expect(200);
      await inStep({ kind: 'user', id: user.id }, 'the PATCH after the future-dated event');
      expect(await rows(target.db, 'SELECT display_name FROM users WHERE user_id = ?', [user.id])).toEqual([
        { display_name: 'Later, for real' },
      ]);
    } finally {
      await probe.stop();
    }
  });

  it('applies a versioned event after a gap, and counts it in analytics_version_gaps_total', async () => {
    const metrics = async () => (await request(analytics.getHttpServer()).get('/metrics').expect(200)).text;
    const before = sample(await metrics(), 'analytics_version_gaps_total', { topic: 'user' });
    const user = (
      await request(a.url)
        .post('/users')
        .send({ email: uniqueEmail('gap'), profile: { display_name: 'v1' } })
        .expect(201)
    ).body as UserData;
    await inStep({ kind: 'user', id: user.id }, 'user created');
    const jump = {
      ...buildEnvelope('user.updated', user.id, { ...user, profile: { ...user.profile, display_name: 'v5' } }),
      entity_version: 5,
    };
    await produce(producer, 'user', user.id, jump);
    await eventually(
      async () => {
        const [row] = await rows<{ display_name: string; entity_version: number }>(
          target.db,
          'SELECT display_name, entity_version FROM users WHERE user_id = ?',
          [user.id],
        );
        return row?.entity_version === 5 ? row : undefined;
      },
      { what: 'the version-5 event applied' },
    );
    expect(sample(await metrics(), 'analytics_version_gaps_total', { topic: 'user' })).toBe(before + 1);
  });

  describe('one length rule: code points, as utf8mb4 counts them', () => {
    const emoji = (n: number) => '😀'.repeat(n);

    it('accepts 101 emoji in display_name and projects them', async () => {
      const name = emoji(101);
      const user = (
        await request(a.url)
          .post('/users')
          .send({ email: uniqueEmail('emoji'), profile: { display_name: name } })
          .expect(201)
      ).body as UserData;
      await inStep({ kind: 'user', id: user.id }, 'user with 101 emoji');
      expect(await rows(target.db, 'SELECT display_name FROM users WHERE user_id = ?', [user.id])).toEqual([{ display_name: name }]);
    });

    it('refuses 201 emoji and 101 variation-selector hearts (202 code points) with 400 naming the field', async () => {
      for (const name of [emoji(201), '❤️'.repeat(101)]) {
        const res = await request(a.url)
          .post('/users')
          .send({ email: uniqueEmail('emoji'), profile: { display_name: name } })
          .expect(400);
        expect(res.body.errors).toEqual([{ field: 'profile.display_name', reason: 'display_name must be at most 200 characters' }]);
      }
    });

    it('refuses a lone surrogate and invalid UTF-8 with 400 naming the field, storing nothing', async () => {
      const email = uniqueEmail('surrogate');
      const lone = await request(a.url)
        .post('/users')
        .set('Content-Type', 'application/json')
        .send(`{"email":"${email}","profile":{"display_name":"a\\ud800b"}}`)
        .expect(400);
      expect(lone.body.errors).toEqual([{ field: 'profile.display_name', reason: 'must be Unicode text (it holds a lone surrogate)' }]);
      const bytes = Buffer.concat([
        Buffer.from(`{"email":"${email}","profile":{"display_name":"a`),
        Buffer.from([0xc3, 0x28]),
        Buffer.from('b"}}'),
      ]);
      const invalid = await fetch(`${a.url}/users`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: bytes });
      expect(invalid.status).toBe(400);
      expect(((await invalid.json()) as { errors: unknown }).errors).toEqual([
        { field: 'profile.display_name', reason: 'must be valid UTF-8' },
      ]);
      expect(await mongo.db.collection('users').countDocuments({ email })).toBe(0);
    });
  });
});
