import { KafkaConfig, KafkaReachability } from '@app/kafka';
import { INestApplication } from '@nestjs/common';
import { getConnectionToken } from '@nestjs/mongoose';
import { Test } from '@nestjs/testing';
import { Connection } from 'mongoose';
import request from 'supertest';
import { AppModule } from '../../../apps/backend/src/app.module';
import { configureBackendApp } from '../../../apps/backend/src/configure-backend-app';
import { startBackendApp } from '../../support/backend-app';
import { sample } from '../../support/metrics';
import { createUser } from './fixtures';

/** A backend whose readiness probe looks for Kafka at a port where nothing listens (the rest of the app is fine). */
async function backendWithUnreachableKafkaProbe(): Promise<INestApplication> {
  const unreachable = new KafkaReachability(KafkaConfig.fromEnv('health-e2e', { KAFKA_BOOTSTRAP_SERVERS: '127.0.0.1:1' }));
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
    .overrideProvider(KafkaReachability)
    .useValue(unreachable)
    .compile();
  const app = configureBackendApp(moduleRef.createNestApplication({ logger: ['error'] }));
  await app.init();
  return app;
}

describe('backend health and metrics', () => {
  let app: INestApplication;

  beforeAll(async () => {
    app = await startBackendApp();
  });

  afterAll(async () => {
    await app?.close();
  });

  it('is live, and ready with MongoDB and Kafka up (GET /health is readiness)', async () => {
    const http = app.getHttpServer();
    const live = await request(http).get('/health/live').expect(200);
    expect(live.body).toMatchObject({ status: 'ok' });
    expect(live.headers['cache-control']).toBe('no-cache, no-store, must-revalidate');
    const ready = {
      status: 'ok',
      info: {
        mongodb: { status: 'up' },
        kafka: { status: 'up' },
        outbox: { status: 'up', documents: 0, oldest_age_s: 0 },
        // A lone instance writes at once: `lease` on FerretDB (WRITER_MODE=auto), `single` as the suites run, `cas` on MongoDB.
        writer: expect.objectContaining({ status: 'up', writer: true, mode: expect.stringMatching(/^(lease|single|cas)$/) }),
      },
      error: {},
      details: expect.any(Object),
    };
    expect((await request(http).get('/health/ready').expect(200)).body).toEqual(ready);
    expect((await request(http).get('/health').expect(200)).body).toEqual(ready);
  });

  it('is not ready (503, kafka down) when Kafka does not answer, and still live', async () => {
    const broken = await backendWithUnreachableKafkaProbe();
    try {
      const res = await request(broken.getHttpServer()).get('/health/ready').expect(503);
      expect(res.body).toMatchObject({
        statusCode: 503,
        code: 'SERVICE_UNAVAILABLE',
        status: 'error',
        info: { mongodb: { status: 'up' } },
        error: { kafka: { status: 'down' } },
      });
      await request(broken.getHttpServer()).get('/health/live').expect(200);
    } finally {
      await broken.close();
    }
  });

  it('is not ready (503, mongodb down) once its MongoDB connection is gone', async () => {
    const other = await startBackendApp();
    try {
      await other.get<Connection>(getConnectionToken()).close(true);
      const res = await request(other.getHttpServer()).get('/health/ready').expect(503);
      expect(res.body).toMatchObject({ status: 'error', error: { mongodb: { status: 'down' } }, info: { kafka: { status: 'up' } } });
    } finally {
      await other.close();
    }
  });

  it('counts requests by route and status, and emitted events by type, on GET /metrics', async () => {
    const http = app.getHttpServer();
    const before = (await request(http).get('/metrics').expect(200)).text;
    await createUser(http);
    await request(http).get('/users/000000000000000000000000').expect(404);
    const res = await request(http).get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain;.*version=0\.0\.4/);
    const after = res.text;
    const moved = (name: string, labels: Record<string, string>) => sample(after, name, labels) - sample(before, name, labels);
    expect([
      moved('backend_events_emitted_total', { event_type: 'user.created' }),
      moved('http_requests_total', { method: 'POST', route: '/users', status: '201' }),
      moved('http_requests_total', { method: 'GET', route: '/users/:id', status: '404' }),
    ]).toEqual([1, 1, 1]);
    expect(after).toContain('process_resident_memory_bytes');
    expect(after).toMatch(/^backend_outbox_pending_documents\{app="backend"\} \d+$/m);
    expect(sample(after, 'http_request_duration_seconds_count', { method: 'POST', route: '/users', status: '201' })).toBeGreaterThan(0);
  });
});
