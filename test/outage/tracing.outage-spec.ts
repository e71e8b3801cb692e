import request from 'supertest';
import { resolveProfile, tracingEnv } from '../../scripts/stack/profile';
import { startService, stopService } from '../../scripts/stack/stack';
import { createActiveProduct, createSupplier, createUser, SHIPPING, USER_ID } from '../e2e/backend/fixtures';
import { AnalyticsTarget, analyticsTarget, analyticsEnv } from '../support/analytics-app';
import { Running, startProcess } from '../support/analytics-process';
import { BackendProcess, startBackendProcess } from '../support/backend-process';
import { rows } from '../support/databases';
import { eventually } from '../support/eventually';
import { describeTrace, JaegerSpan, JaegerTrace, parentOf, tagOf, tracesOf } from '../support/jaeger';
import { stackCli } from '../support/stack-cli';

/**
 * One POST /orders is one trace in a real Jaeger, from the backend's HTTP span to analytics' MySQL transaction, read
 * back through Jaeger's query API; also when Kafka was down at the request and the outbox relay of another backend
 * process sent the event later from the trace context stored with its outbox entry. Both apps run as their own
 * processes (main.ts, tracing on through OTEL_EXPORTER_OTLP_ENDPOINT); Jaeger is started by the stack script.
 */
describe('tracing, through Jaeger', () => {
  const profile = resolveProfile('test', { ...process.env, STACK_JAEGER: '1' });
  const jaeger = `http://127.0.0.1:${profile.jaeger.uiPort}`;
  const tracing = { ...tracingEnv(profile), OTEL_SERVICE_NAME: '' };
  const backendEnv = { ...tracing, LOG_FORMAT: 'json', LOG_LEVEL: 'debug', SHUTDOWN_DRAIN_MS: '0', OUTBOX_FAST_PATH_MS: '300' };
  let target: AnalyticsTarget;
  let analytics: Running | undefined;
  let backend: BackendProcess | undefined;

  beforeAll(async () => {
    // As a user would: the first run builds Jaeger from the Go module proxy (minutes), later ones start the cached binary.
    const started = await stackCli(['up', '--profile', 'test', '--with', 'jaeger']);
    if (started.code !== 0) throw new Error(`stack up --with jaeger failed:\n${started.output}`);
    target = await analyticsTarget('tracing');
    analytics = startProcess(target, { ...tracing, ...analyticsEnv(target), LOG_FORMAT: 'json' });
    backend = await startBackendProcess({ env: backendEnv });
  }, 20 * 60_000);

  afterAll(async () => {
    await startService(profile, 'kafka').catch(() => undefined);
    await backend?.stop();
    analytics?.child.kill('SIGTERM');
    await analytics?.exit;
    await target?.drop();
    await stackCli(['stop', 'jaeger', '--profile', 'test']);
  }, 120_000);

  /** A new user and an active product, ready to order. */
  async function customerAndProduct(url: string): Promise<{ userId: string; productId: string; sku: string }> {
    const supplier = await createSupplier(url);
    const product = await createActiveProduct(url, supplier.id);
    const user = await createUser(url);
    return { userId: user.id, productId: product.id, sku: product.variants[0].sku };
  }

  /** POST /orders; resolves with the order's id. */
  async function placeOrder(url: string, { userId, productId, sku }: { userId: string; productId: string; sku: string }): Promise<string> {
    const res = await request(url)
      .post('/orders')
      .set(USER_ID, userId)
      .send({ items: [{ product_id: productId, sku, quantity: 2 }], shipping_address: SHIPPING })
      .timeout(15_000);
    expect(res.status).toBe(201);
    return res.body.id as string;
  }

  const orderRow = (orderId: string) =>
    eventually(async () => (await rows(target.db, 'SELECT order_id FROM orders WHERE order_id = ?', [orderId]))[0], {
      timeoutMs: 90_000,
      intervalMs: 250,
      what: `analytics to project order ${orderId}`,
    });

  /** The trace holding the send span of the order's event (found by the message key = the order id), once complete. */
  function traceOfOrder(orderId: string): Promise<{ trace: JaegerTrace; spans: Record<string, JaegerSpan> }> {
    let last = 'no trace yet';
    return eventually(
      async () => {
        const traces = await tracesOf(jaeger, 'backend', { 'messaging.kafka.message.key': orderId });
        for (const found of traces) {
          last = describeTrace(found).join('\n');
          const one = (service: string, name: string, ok = true) =>
            found.spans.find((s) => s.service === service && s.operationName === name && (!ok || tagOf(s, 'error') !== true));
          const http = one('backend', 'POST /orders');
          const send = found.spans.find(
            (s) => s.operationName === 'send order' && tagOf(s, 'messaging.kafka.message.key') === orderId && tagOf(s, 'error') !== true,
          );
          const process = one('analytics', 'process order');
          const mysql = one('analytics', 'mysql transaction');
          if (http && send && process && mysql) return { trace: found, spans: { http, send, process, mysql } };
        }
        return undefined;
      },
      { timeoutMs: 60_000, intervalMs: 500, what: `one trace with the HTTP, send, process and MySQL spans of order ${orderId}` },
    ).catch((err: Error) => {
      throw new Error(`${err.message}\nlast trace seen:\n${last}`);
    });
  }

  it('gives one trace: POST /orders -> send order -> process order -> mysql transaction', async () => {
    const orderId = await placeOrder(backend!.url, await customerAndProduct(backend!.url));
    await orderRow(orderId);
    const { trace, spans } = await traceOfOrder(orderId);
    const { http, send, process, mysql } = spans;
    expect(new Set([http, send, process, mysql].map((s) => s.traceID))).toEqual(new Set([trace.traceID]));
    expect([http.service, send.service, process.service, mysql.service]).toEqual(['backend', 'backend', 'analytics', 'analytics']);
    // Each is the child of the one before: the send of the request, the batch continuing the send, MySQL inside it.
    expect([parentOf(send), parentOf(process), parentOf(mysql)]).toEqual([http.spanID, send.spanID, process.spanID]);
    expect(tagOf(http, 'http.response.status_code')).toBe(201);
    expect(tagOf(process, 'messaging.destination.name')).toBe('order');
    console.log(`trace ${trace.traceID} of order ${orderId}:\n  ${describeTrace(trace).join('\n  ')}`);

    // The backend's JSON log line about the event carries the trace.
    const published = backend!.output
      .join('')
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .find((line) => line.message === 'event published' && line.entity_id === orderId);
    expect(published).toMatchObject({
      event_type: 'order.created',
      trace_id: trace.traceID,
      span_id: expect.stringMatching(/^[0-9a-f]{16}$/),
    });
  });

  it('keeps the trace when Kafka was down at the request and another backend process relayed the event later', async () => {
    const ready = await customerAndProduct(backend!.url);
    await stopService(profile, 'kafka');
    const orderId = await placeOrder(backend!.url, ready);
    // This process dies with the event still on the order's outbox: only what MongoDB stored can carry the trace on.
    await backend!.stop();
    backend = undefined;
    const kafkaBack = Date.now();
    await startService(profile, 'kafka');
    backend = await startBackendProcess({ env: { ...backendEnv, OUTBOX_SCAN_INTERVAL_MS: '1000' } });
    await orderRow(orderId);

    const { trace, spans } = await traceOfOrder(orderId);
    const { http, send, process, mysql } = spans;
    expect(new Set([http, send, process, mysql].map((s) => s.traceID))).toEqual(new Set([trace.traceID]));
    expect(send.startTime / 1000).toBeGreaterThanOrEqual(kafkaBack);
    expect([parentOf(send), parentOf(process), parentOf(mysql)]).toEqual([http.spanID, send.spanID, process.spanID]);
    console.log(`trace ${trace.traceID} of order ${orderId} (relayed):\n  ${describeTrace(trace).join('\n  ')}`);
  });
});
