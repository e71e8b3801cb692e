import { INestApplication } from '@nestjs/common';
import { Producer } from 'kafkajs';
import request from 'supertest';
import { resolveProfile } from '../../scripts/stack/profile';
import { stopService, up } from '../../scripts/stack/stack';
import { envelope, userData } from '../../apps/analytics/src/testing/event-fixtures';
import { AnalyticsTarget, analyticsTarget, produce, startAnalyticsApp } from '../support/analytics-app';
import { startBackendApp } from '../support/backend-app';
import { rows } from '../support/databases';
import { eventually } from '../support/eventually';
import { rawProducer } from '../support/kafka-probe';

interface Report {
  status: string;
  info?: Record<string, Record<string, unknown>>;
  error?: Record<string, Record<string, unknown>>;
}

async function readiness(app: INestApplication, status: 200 | 503, what: string): Promise<Report> {
  return eventually(
    async () => {
      const res = await request(app.getHttpServer()).get('/health/ready').timeout(10_000);
      return res.status === status ? (res.body as Report) : undefined;
    },
    { timeoutMs: 90_000, intervalMs: 500, what },
  );
}

/** The broker really stops: both apps say so on /health/ready, and recover on their own once it is back. */
describe('Kafka down', () => {
  const profile = resolveProfile('test');
  let target: AnalyticsTarget;
  let analytics: INestApplication;
  let backend: INestApplication;

  beforeAll(async () => {
    target = await analyticsTarget('kafkadown');
    [analytics, backend] = await Promise.all([startAnalyticsApp(target), startBackendApp()]);
  });

  afterAll(async () => {
    await up(profile, () => undefined); // whatever happened, leave the broker running
    await Promise.all([analytics?.close(), backend?.close()]);
    await target?.drop();
  });

  it('turns both apps not ready (kafka down), then ready again after the broker restarts, and events flow again', async () => {
    await Promise.all([readiness(analytics, 200, 'analytics ready'), readiness(backend, 200, 'backend ready')]);

    await stopService(profile, 'kafka');
    const [a, b] = await Promise.all([
      readiness(analytics, 503, 'analytics to see Kafka down'),
      readiness(backend, 503, 'backend to see Kafka down'),
    ]);
    expect(a.error?.kafka).toMatchObject({ status: 'down' });
    expect(a.info?.mysql).toEqual({ status: 'up' });
    expect(b.error?.kafka).toMatchObject({ status: 'down' });
    expect(b.info?.mongodb).toEqual({ status: 'up' });

    await up(profile, () => undefined);
    await Promise.all([
      readiness(analytics, 200, 'analytics ready after the restart'),
      readiness(backend, 200, 'backend ready after the restart'),
    ]);

    const producer: Producer = await rawProducer();
    try {
      const user = userData();
      const created = envelope('user.created', user.id, user);
      await produce(producer, 'user', user.id, created);
      await eventually(
        async () =>
          (await rows(target.db, 'SELECT 1 FROM processed_events WHERE event_id = ?', [created.event_id])).length ? true : undefined,
        {
          timeoutMs: 60_000,
          what: 'an event produced after the restart to be applied',
        },
      );
    } finally {
      await producer.disconnect();
    }
  });
});
