import { spawn, spawnSync } from 'node:child_process';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { StructuredLogger } from './logging';
import {
  currentTraceCarrier,
  inSpan,
  startTracing,
  stopTracing,
  traceLogFields,
  traceLogFieldsOf,
  tracingOn,
  tracingSettingsFromEnv,
  withTraceContext,
} from './tracing';

const TSX = join(__dirname, '..', '..', '..', '..', 'node_modules', 'tsx', 'dist', 'cli.mjs');

describe('tracingSettingsFromEnv', () => {
  it('is off without OTEL_EXPORTER_OTLP_ENDPOINT, and with TRACING=off', () => {
    expect(tracingSettingsFromEnv('backend', {}).enabled).toBe(false);
    expect(tracingSettingsFromEnv('backend', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318', TRACING: 'off' }).enabled).toBe(false);
    expect(tracingSettingsFromEnv('backend', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318/' })).toEqual({
      enabled: true,
      endpoint: 'http://127.0.0.1:4318',
      serviceName: 'backend',
    });
    expect(tracingSettingsFromEnv('backend', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://j:4318', OTEL_SERVICE_NAME: 'api' }).serviceName).toBe(
      'api',
    );
  });

  it('names the variable when a value is wrong', () => {
    expect(() => tracingSettingsFromEnv('backend', { TRACING: 'maybe' })).toThrow(/^TRACING: "maybe" is not on or off/);
    expect(() => tracingSettingsFromEnv('backend', { OTEL_EXPORTER_OTLP_ENDPOINT: 'jaeger:4318' })).toThrow(
      /^OTEL_EXPORTER_OTLP_ENDPOINT:/,
    );
  });
});

describe('with tracing off', () => {
  it('loads no SDK module at all (checked in a process of its own)', () => {
    const script = `
      const tracing = require(${JSON.stringify(join(__dirname, 'tracing.ts'))});
      tracing.startTracing('backend', {}).then(async (on) => {
        await tracing.inSpan('x', {}, async () => tracing.withTraceContext({ traceparent: '00-${'1'.repeat(32)}-${'2'.repeat(16)}-01' }, () => 1));
        const loaded = Object.keys(require.cache).filter((f) => /@opentelemetry[\\\\/](sdk-|exporter-|resources)/.test(f));
        console.log(JSON.stringify({ on, loaded, carrier: tracing.currentTraceCarrier() }));
      });`;
    const run = spawnSync(process.execPath, [TSX, '-e', script], {
      encoding: 'utf8',
      env: { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: '' },
    });
    expect(JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}')).toEqual({ on: false, loaded: [], carrier: {} });
  });

  it('leaves log lines and outbox entries without trace fields', () => {
    expect(tracingOn()).toBe(false);
    expect(currentTraceCarrier()).toEqual({});
    expect(traceLogFields()).toEqual({});
    expect(traceLogFieldsOf({ traceparent: `00-${'1'.repeat(32)}-${'2'.repeat(16)}-01` })).toEqual({});
  });
});

/** A stand-in OTLP/HTTP receiver that keeps the JSON the exporter posts (the real SDK and exporter talk to it). */
function otlpReceiver(): Promise<{ server: Server; url: string; bodies: unknown[] }> {
  const bodies: unknown[] = [];
  const server = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString()));
    req.on('end', () => {
      bodies.push(JSON.parse(text));
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, bodies })),
  );
}

describe('with tracing on', () => {
  let receiver: Awaited<ReturnType<typeof otlpReceiver>>;
  beforeAll(async () => {
    receiver = await otlpReceiver();
    await expect(startTracing('unit', { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url })).resolves.toBe(true);
  });
  afterAll(async () => {
    await stopTracing();
    receiver.server.close();
  });

  it("captures the active span as a W3C traceparent, and a stored one becomes the active trace later (the relay's case)", async () => {
    const stored = await inSpan('POST /orders', {}, async (span) => ({ carrier: currentTraceCarrier(), ids: span!.spanContext() }));
    expect(stored.carrier.traceparent).toBe(`00-${stored.ids.traceId}-${stored.ids.spanId}-01`);
    const later = withTraceContext(stored.carrier, () => traceLogFields());
    expect(later).toEqual({ trace_id: stored.ids.traceId, span_id: stored.ids.spanId });
    expect(traceLogFieldsOf({ traceparent: [Buffer.from(stored.carrier.traceparent!)] })).toEqual(later);
  });

  it('puts trace_id and span_id on JSON log lines inside a span, unless the line names its own', async () => {
    const logger = new StructuredLogger('unit', { format: 'json', level: 'log' });
    const json = (message: unknown) =>
      (logger as unknown as { getJsonLogObject(m: unknown, o: object): Record<string, unknown> }).getJsonLogObject(message, {
        context: 'x',
        logLevel: 'log',
      });
    const { line, ids } = await inSpan('work', {}, async (span) => ({ line: json('inside'), ids: span!.spanContext() }));
    expect(line).toMatchObject({ message: 'inside', trace_id: ids.traceId, span_id: ids.spanId });
    expect(json('outside')).not.toHaveProperty('trace_id');
    const own = await inSpan('batch', {}, async () =>
      json({ message: 'about one event', trace_id: 'a'.repeat(32), span_id: 'b'.repeat(16) }),
    );
    expect(own).toMatchObject({ trace_id: 'a'.repeat(32), span_id: 'b'.repeat(16) });
  });

  it('exports the spans over OTLP/HTTP, a child under its parent, a failure marked as an error', async () => {
    // In a process of its own: the exporter loads node:http with import(), which jest's module sandbox refuses.
    const script = `
      const tracing = require(${JSON.stringify(join(__dirname, 'tracing.ts'))});
      (async () => {
        await tracing.startTracing('unit', { OTEL_EXPORTER_OTLP_ENDPOINT: ${JSON.stringify(receiver.url)} });
        await tracing.inSpan('parent', {}, () => tracing.inSpan('child', {}, async () => undefined));
        await tracing.inSpan('failing', {}, async () => { throw new Error('boom'); }).catch(() => undefined);
        await tracing.stopTracing();
      })();`;
    const child = spawn(process.execPath, [TSX, '-e', script], { stdio: 'inherit' });
    await new Promise((resolve) => child.once('exit', resolve));
    type OtlpSpan = { name: string; spanId: string; parentSpanId?: string; status: { code?: number } };
    type OtlpBody = { resourceSpans: Array<{ resource: unknown; scopeSpans: Array<{ spans: OtlpSpan[] }> }> };
    const spans = receiver.bodies.flatMap((b) => (b as OtlpBody).resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans)));
    const named = (name: string) => spans.find((s) => s.name === name);
    expect(named('child')?.parentSpanId).toBe(named('parent')?.spanId);
    expect(named('failing')?.status.code).toBe(2);
    expect(JSON.stringify((receiver.bodies[0] as OtlpBody).resourceSpans[0].resource)).toContain('"unit"');
  });
});
