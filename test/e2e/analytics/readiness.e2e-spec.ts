import { INestApplication } from '@nestjs/common';
import { Consumer, Producer } from 'kafkajs';
import request from 'supertest';
import { createAnalyticsApp } from '../../../apps/analytics/src/analytics.app';
import { envelope, userData } from '../../../apps/analytics/src/testing/event-fixtures';
import { AnalyticsTarget, analyticsEnv, analyticsTarget, produce, testLogger } from '../../support/analytics-app';
import { Connection, RowDataPacket } from 'mysql2/promise';
import { rows, testMysqlAdmin } from '../../support/databases';
import { eventually } from '../../support/eventually';
import { rawProducer } from '../../support/kafka-probe';
import { sample } from '../../support/metrics';

const STALL_MS = 1500;

/** Terminus's report: each check's status and details, under info (up) or error (down). */
interface Report {
  status: string;
  info: Record<string, Record<string, unknown>>;
  error: Record<string, Record<string, unknown>>;
}

/** Polls GET /health/ready until it answers `status` (and `until` holds for the body); returns the body. */
async function readiness(
  app: INestApplication,
  status: 200 | 503,
  what: string,
  until: (r: Report) => boolean = () => true,
): Promise<Report> {
  return eventually(
    async () => {
      const res = await request(app.getHttpServer()).get('/health/ready').timeout(10_000);
      return res.status === status && until(res.body as Report) ? (res.body as Report) : undefined;
    },
    { timeoutMs: 45_000, intervalMs: 200, what },
  );
}

async function metrics(app: INestApplication): Promise<string> {
  return (await request(app.getHttpServer()).get('/metrics').expect(200)).text;
}

/** Readiness answers what an operator needs: 503 while the consumer is stuck, stopped, or cut off from MySQL. */
describe('analytics readiness and metrics', () => {
  let target: AnalyticsTarget;
  let app: INestApplication;
  let producer: Producer;
  /** Root through the socket: accounts, triggers and other sessions are beyond the application's account. */
  let admin: Connection;

  beforeAll(async () => {
    target = await analyticsTarget('ready');
    admin = await testMysqlAdmin(target.database);
    // Its own MySQL account, so a test can lock it out of MySQL without touching anybody else.
    await admin.query(`CREATE USER '${target.groupId.slice(-12)}'@'%' IDENTIFIED BY 'pw'`);
    await admin.query(`GRANT ALL ON \`${target.database}\`.* TO '${target.groupId.slice(-12)}'@'%'`);
    const env = {
      ...analyticsEnv(target),
      MYSQL_USER: target.groupId.slice(-12),
      MYSQL_PASSWORD: 'pw',
      CONSUMER_STALL_TIMEOUT_MS: String(STALL_MS),
    };
    app = await createAnalyticsApp(env, { logger: testLogger() });
    producer = await rawProducer();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await app?.close();
    await admin?.query(`DROP USER IF EXISTS '${target.groupId.slice(-12)}'@'%'`);
    await admin?.end();
    await target?.drop();
  });

  it('is ready once its consumer joined the group and has caught up; metrics count what it applied', async () => {
    await readiness(app, 200, 'readiness');
    const user = userData();
    const created = envelope('user.created', user.id, user);
    await produce(producer, 'user', user.id, created);
    await eventually(async () =>
      (await rows(target.db, 'SELECT 1 FROM processed_events WHERE event_id = ?', [created.event_id])).length ? true : undefined,
    );
    const text = await metrics(app);
    expect(sample(text, 'analytics_events_applied_total', { event_type: 'user.created', outcome: 'applied' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'analytics_event_to_row_delay_seconds_count', { event_type: 'user.created' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'http_requests_total', { method: 'GET', route: '/health/ready', status: '200' })).toBeGreaterThanOrEqual(1);
    expect(text).toMatch(/analytics_consumer_lag\{[^}]*topic="user"/);
  });

  it('is not ready while one message is retried forever (stalled partition with lag), and ready again once it applies', async () => {
    const user = userData();
    await produce(producer, 'user', user.id, envelope('user.created', user.id, user));
    await eventually(async () => ((await rows(target.db, 'SELECT 1 FROM users WHERE user_id = ?', [user.id])).length ? true : undefined));
    await admin.query(
      `CREATE TRIGGER stall_${user.id} BEFORE UPDATE ON users FOR EACH ROW
       IF NEW.user_id = '${user.id}' THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'simulated stuck write'; END IF`,
    );
    const updated = envelope('user.updated', user.id, { ...user, profile: { ...user.profile, display_name: 'Unstuck' } });
    const landed = await produce(producer, 'user', user.id, updated);
    try {
      // Other partitions this consumer holds (other suites' events) may be reported stalled first: wait for this one.
      const stalledHere = (r: Report) =>
        ((r.error?.consumer?.stalled ?? []) as Array<{ topic: string; partition: number }>).some(
          (p) => p.topic === 'user' && p.partition === landed.partition,
        );
      const body = await readiness(app, 503, 'readiness to see the stall', stalledHere);
      expect(body.error.consumer).toMatchObject({
        status: 'down',
        state: 'member',
        // kafkajs hands this consumer one batch at a time: the stuck message holds back every partition it has.
        stalled: expect.arrayContaining([expect.objectContaining({ topic: 'user', partition: landed.partition })]),
      });
      expect(body.info).toMatchObject({ mysql: { status: 'up' }, kafka: { status: 'up' } });
      const text = await metrics(app);
      expect(sample(text, 'analytics_retries_total', { topic: 'user' })).toBeGreaterThanOrEqual(1);
      expect(sample(text, 'analytics_consumer_lag', { topic: 'user', partition: String(landed.partition) })).toBeGreaterThanOrEqual(1);
    } finally {
      await admin.query(`DROP TRIGGER IF EXISTS stall_${user.id}`);
    }
    await readiness(app, 200, 'readiness after the stuck event applied');
    expect(await rows(target.db, 'SELECT display_name FROM users WHERE user_id = ?', [user.id])).toEqual([{ display_name: 'Unstuck' }]);
  });

  it('is not ready (mysql down) while MySQL refuses its account, and ready again when it is let back in', async () => {
    const account = `'${target.groupId.slice(-12)}'@'%'`;
    await admin.query(`ALTER USER ${account} ACCOUNT LOCK`);
    const [sessions] = await admin.query<RowDataPacket[]>('SELECT ID FROM information_schema.PROCESSLIST WHERE USER = ?', [
      target.groupId.slice(-12),
    ]);
    for (const { ID } of sessions) await admin.query(`KILL ${ID}`).catch(() => undefined);
    try {
      const body = await readiness(app, 503, 'readiness to see MySQL refusing');
      expect(body.error.mysql).toMatchObject({ status: 'down' });
      expect(body.info.kafka).toEqual({ status: 'up' });
    } finally {
      await admin.query(`ALTER USER ${account} ACCOUNT UNLOCK`);
    }
    await readiness(app, 200, 'readiness with MySQL back');
  });

  it('is not ready (consumer stopped) once its consumer left the group, and still live', async () => {
    const consumer = app.getMicroservices()[0].unwrap<Consumer>();
    await consumer.stop();
    const body = await readiness(app, 503, 'readiness to see the consumer gone');
    expect(body.error.consumer).toMatchObject({ status: 'down', state: 'stopped' });
    const live = await request(app.getHttpServer()).get('/health/live').expect(200);
    expect(live.headers['cache-control']).toBe('no-cache, no-store, must-revalidate');
  });
});
