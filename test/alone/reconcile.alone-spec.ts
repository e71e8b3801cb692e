import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { Db } from 'mongodb';
import request from 'supertest';
import { App } from 'supertest/types';
import { createAnalyticsApp } from '../../apps/analytics/src/analytics.app';
import { Touched } from '../../scripts/demo/journey';
import { REPO_DIR } from '../../scripts/stack/profile';
import { AnalyticsTarget, analyticsEnv, analyticsTarget, testLogger } from '../support/analytics-app';
import { startBackendApp } from '../support/backend-app';
import { rows, testMongo } from '../support/databases';
import { eventually } from '../support/eventually';
import { expectedReadModel, readModelOf } from '../support/read-model';
import { createActiveProduct, createSupplier, createUser, SHIPPING } from '../e2e/backend/fixtures';

/**
 * `npm run reconcile` on the real stack: a MongoDB database of its own, read models that start at the end of the
 * topics (a consumer group with KAFKA_AUTO_OFFSET_RESET=latest: what Kafka's retention leaves of old events), and
 * the command run as a user runs it.
 */
describe('npm run reconcile', () => {
  const mongoUri = process.env.MONGODB_URI!.replace(/\/[^/]*$/, `/reconcile_${randomUUID().slice(0, 8)}`);
  let backend: INestApplication;
  let http: App;
  let mongo: { db: Db; close: () => Promise<void> };
  const targets: AnalyticsTarget[] = [];
  const apps: INestApplication[] = [];
  const touched: Touched[] = [];

  /** A read model on a new database whose consumer group starts at the end of the topics; resolves once it is in its group. */
  async function freshReadModel(name: string): Promise<AnalyticsTarget> {
    const target = await analyticsTarget(name);
    targets.push(target);
    const app = await createAnalyticsApp({ ...analyticsEnv(target), KAFKA_AUTO_OFFSET_RESET: 'latest' }, { logger: testLogger() });
    apps.push(app);
    await eventually(async () => ((await request(app.getHttpServer()).get('/health')).status === 200 ? true : undefined), {
      timeoutMs: 60_000,
      what: `${name}'s consumer in its group`,
    });
    return target;
  }

  /** Runs the command as a user does; asynchronously, so the read models in this process go on consuming meanwhile. */
  function reconcile(target: AnalyticsTarget, ...args: string[]): Promise<{ status: number | null; stdout: string; output: string }> {
    return new Promise((resolve) => {
      execFile(
        join(REPO_DIR, 'node_modules', '.bin', 'tsx'),
        ['scripts/reconcile.ts', ...args],
        {
          cwd: REPO_DIR,
          env: { ...process.env, MONGODB_URI: mongoUri, MYSQL_DATABASE: target.database, LOG_LEVEL: 'warn', LOG_FORMAT: 'text' },
          timeout: 180_000,
        },
        (err, stdout, stderr) =>
          resolve({ status: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, output: `${stdout}${stderr}` }),
      );
    });
  }

  async function readModelEquals(target: AnalyticsTarget): Promise<void> {
    for (const t of touched) {
      await eventually(
        async () => {
          expect(await readModelOf(target.db, t)).toEqual(await expectedReadModel(mongo.db, t));
          return true;
        },
        { what: `${t.kind} ${t.id} projected` },
      );
    }
  }

  let first: AnalyticsTarget;

  beforeAll(async () => {
    process.env.MONGODB_URI = mongoUri; // the backend under test writes to this database of its own
    first = await freshReadModel('reconcile');
    backend = await startBackendApp();
    http = backend.getHttpServer();
    mongo = await testMongo();
    const user = await createUser(http);
    const supplier = await createSupplier(http);
    const product = await createActiveProduct(http, supplier.id);
    const order = (
      await request(http)
        .post('/orders')
        .set('X-User-ID', user.id)
        .send({ items: [{ product_id: product.id, sku: product.variants[0].sku, quantity: 1 }], shipping_address: SHIPPING })
        .expect(201)
    ).body;
    const post = (await request(http).post('/posts').set('X-User-ID', user.id).send({ body: 'hello' }).expect(201)).body;
    const gone = await createSupplier(http);
    await request(http).delete(`/suppliers/${gone.id}`).set('X-Supplier-ID', gone.id).expect(200);
    touched.push(
      { kind: 'user', id: user.id },
      { kind: 'supplier', id: supplier.id },
      { kind: 'supplier', id: gone.id },
      { kind: 'product', id: product.id },
      { kind: 'order', id: order.id },
      { kind: 'post', id: post.id },
    );
    await readModelEquals(first);
  }, 180_000);

  afterAll(async () => {
    await Promise.all([backend?.close(), ...apps.map((app) => app.close()), mongo?.close()]);
    for (const target of targets) await target.drop();
    await mongo?.db.dropDatabase().catch(() => undefined);
  });

  it('exits 0 with drift 0 when the read model equals MongoDB', async () => {
    const { status, output } = await reconcile(first);
    expect(output).toMatch(/drift: 0 \(\d+ checked\)/);
    expect(output).toMatch(/\| users +\| +1 \| +1 \| +0 \| +0 \| +0 \|/);
    expect(status).toBe(0);
  });

  it('finds a row changed by hand and a row deleted by hand, and --heal repairs both', async () => {
    const user = touched.find((t) => t.kind === 'user')!.id;
    const product = touched.find((t) => t.kind === 'product')!.id;
    await first.db.query("UPDATE users SET display_name = 'changed by hand' WHERE user_id = ?", [user]);
    await first.db.query('DELETE FROM products WHERE product_id = ?', [product]);

    const found = await reconcile(first);
    expect(found.status).toBe(1);
    expect(found.output).toContain(`users: differs: ${user} display_name: mongodb "Test User", mysql "changed by hand"`);
    expect(found.output).toContain(`products: missing in MySQL: ${product}`);
    expect(found.output).toMatch(/drift: 2 /);

    const healed = await reconcile(first, '--heal');
    expect(healed.output).toContain('heal: 2 events published');
    expect(healed.stdout).toMatch(/drift: 0 \(\d+ checked\)\s*$/);
    expect(healed.status).toBe(0);
    expect(await rows(first.db, 'SELECT display_name FROM users WHERE user_id = ?', [user])).toEqual([{ display_name: 'Test User' }]);
    expect(await rows(first.db, 'SELECT COUNT(*) AS n FROM product_variants WHERE product_id = ?', [product])).toEqual([{ n: 2 }]);
    await readModelEquals(first);
  });

  it('--rebuild fills an empty read model whose consumer starts at the end of the topics, equal to MongoDB', async () => {
    const empty = await freshReadModel('rebuild');
    expect((await reconcile(empty)).status).toBe(1); // nothing there yet
    const rebuilt = await reconcile(empty, '--rebuild', '--rate', '1000');
    expect(rebuilt.output).toMatch(/rebuild: 5 documents published in [\d.]+ s \(\d+ documents\/s\)/);
    expect(rebuilt.stdout).toMatch(/drift: 0 \(\d+ checked\)\s*$/);
    expect(rebuilt.status).toBe(0);
    await readModelEquals(empty);
  });
});
