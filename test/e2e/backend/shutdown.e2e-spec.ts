import { INestApplication } from '@nestjs/common';
import type { NestApplicationContext } from '@nestjs/core';
import request from 'supertest';
import { startBackendApp } from '../../support/backend-app';
import { eventually } from '../../support/eventually';
import { createUser } from './fixtures';

const DRAIN_MS = 3000;

describe('backend shutdown', () => {
  it('listens for SIGTERM and SIGINT only (Nest would trap SIGHUP, SIGUSR2, SIGQUIT... too)', async () => {
    const signals = ['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGUSR2', 'SIGQUIT'] as const;
    const before = Object.fromEntries(signals.map((s) => [s, process.listenerCount(s)]));
    const app = await startBackendApp();
    try {
      const added = Object.fromEntries(signals.map((s) => [s, process.listenerCount(s) - before[s]]));
      expect(added).toEqual({ SIGTERM: 1, SIGINT: 1, SIGHUP: 0, SIGUSR2: 0, SIGQUIT: 0 });
    } finally {
      await app.close();
    }
  });

  describe('on SIGTERM', () => {
    let app: INestApplication;

    beforeAll(async () => {
      process.env.SHUTDOWN_DRAIN_MS = String(DRAIN_MS);
      try {
        app = await startBackendApp();
      } finally {
        delete process.env.SHUTDOWN_DRAIN_MS;
      }
    });

    it('turns readiness 503 at once and keeps serving requests while it drains, then closes', async () => {
      const http = app.getHttpServer();
      await request(http).get('/health/ready').expect(200);
      const started = Date.now();
      // What Nest's SIGTERM handler runs (the hooks with the signal, NestApplicationContext.close(signal)), without
      // signalling the test process: the handler re-raises the signal once the app is closed.
      const closing = (app as unknown as NestApplicationContext).close('SIGTERM');
      const notReady = await eventually(
        async () => {
          const res = await request(http).get('/health/ready');
          return res.status === 503 ? res : undefined;
        },
        { timeoutMs: DRAIN_MS, intervalMs: 50, what: 'readiness to turn 503 after SIGTERM' },
      );
      expect(notReady.body.error.shutdown).toMatchObject({ status: 'down', message: 'draining after SIGTERM' });
      expect(Date.now() - started).toBeLessThan(DRAIN_MS);
      // Still serving: a request during the drain is answered in full (a load balancer's last in-flight ones).
      const created = await createUser(http);
      expect(created.id).toMatch(/^[0-9a-f]{24}$/);
      await request(http).get('/health/live').expect(200);
      await closing;
      expect(Date.now() - started).toBeGreaterThanOrEqual(DRAIN_MS);
    });
  });
});
