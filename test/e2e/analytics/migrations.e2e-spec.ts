import { INestApplication } from '@nestjs/common';
import { Producer } from 'kafkajs';
import { DataSource, DataSourceOptions } from 'typeorm';
import { loadAnalyticsConfig } from '../../../apps/analytics/src/config/analytics.config';
import { databaseOptions, MIGRATIONS } from '../../../apps/analytics/src/database/database.options';
import { InitialReadModel1735689600000 } from '../../../apps/analytics/src/database/migrations/1735689600000-initial-read-model';
import { envelope, objectId } from '../../../apps/analytics/src/testing/event-fixtures';
import { AnalyticsTarget, analyticsEnv, analyticsTarget, produce, startAnalyticsApp } from '../../support/analytics-app';
import { rows } from '../../support/databases';
import { eventually } from '../../support/eventually';
import { rawProducer } from '../../support/kafka-probe';

/** Runs `migrations` on the target database the way the app does (TypeORM's migration table included). */
async function migrate(target: AnalyticsTarget, migrations: DataSourceOptions['migrations']): Promise<string[]> {
  const { mysql } = loadAnalyticsConfig(analyticsEnv(target));
  const source = new DataSource({ ...(databaseOptions(mysql) as DataSourceOptions), migrations, migrationsRun: false });
  await source.initialize();
  try {
    return (await source.runMigrations({ transaction: 'each' })).map((m) => m.name);
  } finally {
    await source.destroy();
  }
}

/** Challenge 4's schema side: the order.shipped migration on a read model that already holds data. */
describe('read-model migrations', () => {
  let target: AnalyticsTarget;
  let app: INestApplication | undefined;
  let producer: Producer | undefined;
  const orderId = objectId();

  beforeAll(async () => {
    target = await analyticsTarget('migrations');
  });

  afterAll(async () => {
    await producer?.disconnect();
    await app?.close();
    await target?.drop();
  });

  it('adds the shipment columns to an orders table with rows, keeping every row as it was', async () => {
    expect(await migrate(target, [InitialReadModel1735689600000])).toEqual(['InitialReadModel1735689600000']);
    await target.db.query(
      `INSERT INTO orders (order_id, order_number, customer_user_id, customer_email, customer_display_name, shipping_recipient_name,
         shipping_line1, shipping_city, shipping_postal_code, shipping_country, subtotal_cents, total_cents, currency, status,
         created_at, updated_at, event_id, event_timestamp)
       VALUES (?, 'ORD-OLD-1', ?, 'old@example.com', 'Old', 'Old Buyer', '1 Old St', 'Porto', '4000', 'PT', 900, 900, 'EUR', 'pending',
         '2025-01-01 00:00:00.000', '2025-01-01 00:00:00.000', ?, '2025-01-01 00:00:00.000')`,
      [orderId, objectId(), '00000000-0000-4000-8000-000000000001'],
    );
    await target.db.query(
      `INSERT INTO posts (post_id, author_user_id, author_display_name, body, media_urls, product_ids, status,
         created_at, updated_at, event_id, event_timestamp)
       VALUES (?, ?, 'Old', 'old post', '["https://img.example/1.jpg"]', '[]', 'draft', '2025-01-01 00:00:00.000', '2025-01-01 00:00:00.000',
         '00000000-0000-4000-8000-000000000002', '2025-01-01 00:00:00.000')`,
      [objectId(), objectId()],
    );

    expect(await migrate(target, MIGRATIONS)).toEqual([
      'AddOrderShipment1795478400000',
      'WidenPostMediaUrls1795478400001',
      'AddEntityVersions1795564800000',
      'IndexProcessedEventsProcessedAt1795651200000',
    ]);
    expect(
      await rows(target.db, 'SELECT order_number, status, total_cents, currency, carrier, tracking_number, shipped_at FROM orders'),
    ).toEqual([
      {
        order_number: 'ORD-OLD-1',
        status: 'pending',
        total_cents: 900,
        currency: 'EUR',
        carrier: null,
        tracking_number: null,
        shipped_at: null,
      },
    ]);
    // Rows from before versions: entity_version unknown (NULL), on every entity table and processed_events.
    expect(await rows(target.db, 'SELECT entity_version FROM orders')).toEqual([{ entity_version: null }]);
    for (const table of ['users', 'suppliers', 'products', 'posts', 'processed_events']) {
      await expect(rows(target.db, `SELECT entity_version FROM ${table} LIMIT 1`)).resolves.toBeDefined();
    }
    expect(await rows(target.db, 'SELECT body, media_urls FROM posts')).toEqual([
      { body: 'old post', media_urls: '["https://img.example/1.jpg"]' },
    ]);
    const [mediaUrls] = await rows<{ DATA_TYPE: string }>(
      target.db,
      "SELECT DATA_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = 'posts' AND COLUMN_NAME = 'media_urls'",
      [target.database],
    );
    expect(mediaUrls.DATA_TYPE).toBe('mediumtext');
  });

  it('lets the app start on the migrated database (nothing left to run) and ship the order that was there before', async () => {
    app = await startAnalyticsApp(target);
    producer = await rawProducer();
    // Versioned and dated before the row's event (its producer's clock behind): over a row of unknown version it wins.
    const shipped = {
      ...envelope(
        'order.shipped',
        orderId,
        {
          order_id: orderId,
          order_number: 'ORD-OLD-1',
          carrier: 'CTT',
          tracking_number: 'RR123456789PT',
          shipped_at: '2025-02-01T00:00:00.000Z',
        },
        new Date('2024-06-01T00:00:00.000Z'),
      ),
      entity_version: 5,
    };
    await produce(producer, 'order', orderId, shipped);
    await eventually(
      async () =>
        (await rows(target.db, 'SELECT 1 FROM processed_events WHERE event_id = ?', [shipped.event_id])).length ? true : undefined,
      {
        what: 'order.shipped to be processed',
      },
    );
    expect(
      await rows(
        target.db,
        'SELECT status, carrier, tracking_number, shipped_at, total_cents, entity_version FROM orders WHERE order_id = ?',
        [orderId],
      ),
    ).toEqual([
      {
        status: 'shipped',
        carrier: 'CTT',
        tracking_number: 'RR123456789PT',
        shipped_at: '2025-02-01 00:00:00.000',
        total_cents: 900,
        entity_version: 5,
      },
    ]);
    expect((await rows(target.db, 'SELECT name FROM migrations ORDER BY id')).map((m) => m.name)).toEqual(MIGRATIONS.map((m) => m.name));
  });
});
