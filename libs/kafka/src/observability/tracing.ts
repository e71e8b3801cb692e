import {
  Context,
  context,
  Link,
  propagation,
  ROOT_CONTEXT,
  Span,
  SpanKind,
  SpanOptions,
  SpanStatusCode,
  trace,
  TextMapGetter,
} from '@opentelemetry/api';
import type { NextFunction, Request, Response } from 'express';

/**
 * Tracing with OpenTelemetry, shared by both apps. Off unless OTEL_EXPORTER_OTLP_ENDPOINT is set (and TRACING is not
 * `off`): then the SDK is never loaded, no span is made and every helper here calls straight through.
 * Nothing is auto-instrumented: the producer batches sends from many requests and the outbox relay sends long after
 * them, so the context of each send is set from its outbox entry, never from whatever happens to be active.
 */

/** The W3C trace context of a change (what the outbox entry stores and a Kafka message carries as headers). */
export interface TraceCarrier {
  traceparent?: string;
  tracestate?: string;
}

export interface TracingSettings {
  enabled: boolean;
  /** OTLP/HTTP base URL; traces go to `<endpoint>/v1/traces`. */
  endpoint?: string;
  serviceName: string;
}

export class TracingSettingsError extends Error {
  constructor(variable: string, message: string) {
    super(`${variable}: ${message}`);
    this.name = 'TracingSettingsError';
  }
}

/** TRACING (on | off, default on), OTEL_EXPORTER_OTLP_ENDPOINT (unset: tracing off), OTEL_SERVICE_NAME (default `serviceName`). */
export function tracingSettingsFromEnv(serviceName: string, env: NodeJS.ProcessEnv = process.env): TracingSettings {
  const switchedOn = env.TRACING?.trim().toLowerCase() || 'on';
  if (switchedOn !== 'on' && switchedOn !== 'off') throw new TracingSettingsError('TRACING', `"${env.TRACING}" is not on or off`);
  const endpoint = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim() || undefined;
  if (endpoint && !/^https?:\/\/[^\s/]+(\/\S*)?$/.test(endpoint)) {
    throw new TracingSettingsError('OTEL_EXPORTER_OTLP_ENDPOINT', `"${endpoint}" is not an http(s) URL`);
  }
  return {
    enabled: switchedOn === 'on' && endpoint !== undefined,
    endpoint: endpoint?.replace(/\/+$/, ''),
    serviceName: env.OTEL_SERVICE_NAME?.trim() || serviceName,
  };
}

let provider: { forceFlush(): Promise<void>; shutdown(): Promise<void> } | undefined;

/** True once startTracing registered the SDK in this process. */
export const tracingOn = (): boolean => provider !== undefined;

/**
 * Registers the tracing SDK (spans batched to OTLP/HTTP, context in AsyncLocalStorage, W3C propagation) when the
 * settings say so; resolves with whether tracing is on. Call it once, before the app is created.
 */
export async function startTracing(serviceName: string, env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  const settings = tracingSettingsFromEnv(serviceName, env);
  if (!settings.enabled || provider) return tracingOn();
  // Loaded here, not imported at the top: with tracing off the SDK is never loaded.
  const [{ NodeTracerProvider, BatchSpanProcessor }, { OTLPTraceExporter }, { resourceFromAttributes }] = await Promise.all([
    import('@opentelemetry/sdk-trace-node'),
    import('@opentelemetry/exporter-trace-otlp-http'),
    import('@opentelemetry/resources'),
  ]);
  const exporter = new OTLPTraceExporter({ url: `${settings.endpoint}/v1/traces` });
  const sdk = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': settings.serviceName }),
    spanProcessors: [new BatchSpanProcessor(exporter, { scheduledDelayMillis: 500, maxQueueSize: 8192, maxExportBatchSize: 1024 })],
  });
  sdk.register();
  provider = sdk;
  return true;
}

/** Sends the spans still buffered and unregisters the SDK (app shutdown); a no-op when tracing is off. */
export async function stopTracing(): Promise<void> {
  const current = provider;
  if (!current) return;
  provider = undefined;
  await current.shutdown().catch(() => undefined);
  trace.disable();
  context.disable();
  propagation.disable();
}

const tracer = () => trace.getTracer('social-commerce');

/** The trace context active now, to store with a change; empty when tracing is off or nothing is being traced. */
export function currentTraceCarrier(): TraceCarrier {
  if (!provider) return {};
  const carrier: TraceCarrier = {};
  propagation.inject(context.active(), carrier);
  return carrier;
}

/** Kafka headers arrive as Buffers (or arrays of them): the first value of each, as text. */
const headerGetter: TextMapGetter<Record<string, unknown>> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => {
    const value = carrier[key];
    const first = Array.isArray(value) ? value[0] : value;
    return first === undefined || first === null ? undefined : String(first);
  },
};

/** The context a carrier (an outbox entry, Kafka headers, HTTP headers) holds, on top of the root. */
export function contextOf(carrier: object | undefined): Context {
  return carrier ? propagation.extract(ROOT_CONTEXT, carrier as Record<string, unknown>, headerGetter) : ROOT_CONTEXT;
}

/** Whether a carrier holds a sampled trace context (a `traceparent`). */
export function hasTraceContext(carrier: object | undefined): boolean {
  return Boolean(provider && carrier && trace.getSpanContext(contextOf(carrier)));
}

/**
 * Runs `fn` with the carrier's context active (an event's context, whatever else is active), or as it is when the
 * carrier holds none or tracing is off.
 */
export function withTraceContext<T>(carrier: TraceCarrier | undefined, fn: () => T): T {
  if (!provider || !carrier?.traceparent) return fn();
  return context.with(contextOf(carrier), fn);
}

/** W3C headers for an outgoing message whose span is `span` (child of `parent`). */
export function traceHeaders(span: Span, parent: Context = context.active()): Record<string, string> {
  const headers: Record<string, string> = {};
  propagation.inject(trace.setSpan(parent, span), headers);
  return headers;
}

/** Starts a span (not made active); undefined when tracing is off. The caller ends it. */
export function startSpan(name: string, options: SpanOptions = {}, parent: Context = context.active()): Span | undefined {
  return provider ? tracer().startSpan(name, options, parent) : undefined;
}

/** Ends a span with the outcome of what it measured: an error is recorded and marks the span failed. */
export function endSpan(span: Span | undefined, err?: unknown): void {
  if (!span) return;
  if (err !== undefined) {
    span.recordException(err instanceof Error ? err : String(err));
    span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error)?.message ?? String(err) });
  }
  span.end();
}

/**
 * Runs `fn` inside a new span (active for everything `fn` does, so logs and child spans join it), ended when `fn`
 * settles; with tracing off, just `fn()`.
 */
export async function inSpan<T>(
  name: string,
  options: SpanOptions & { parent?: Context },
  fn: (span: Span | undefined) => Promise<T>,
): Promise<T> {
  if (!provider) return fn(undefined);
  const { parent = context.active(), ...spanOptions } = options;
  const span = tracer().startSpan(name, spanOptions, parent);
  try {
    const result = await context.with(trace.setSpan(parent, span), () => fn(span));
    endSpan(span);
    return result;
  } catch (err) {
    endSpan(span, err);
    throw err;
  }
}

/** A link to each carrier's context that has one (a batch's span to the events it applied). */
export function linksOf(carriers: Array<object | undefined>): Link[] {
  if (!provider) return [];
  const links: Link[] = [];
  for (const carrier of carriers) {
    const spanContext = carrier && trace.getSpanContext(contextOf(carrier));
    if (spanContext) links.push({ context: spanContext });
  }
  return links;
}

/** `trace_id` and `span_id` of the active span, for a log line; empty when tracing is off or nothing is traced. */
export function traceLogFields(): { trace_id?: string; span_id?: string } {
  if (!provider) return {};
  const spanContext = trace.getActiveSpan()?.spanContext();
  return spanContext ? { trace_id: spanContext.traceId, span_id: spanContext.spanId } : {};
}

/** `trace_id` and `span_id` a carrier (an event's Kafka headers) holds: a log line about that event. */
export function traceLogFieldsOf(carrier: object | undefined): { trace_id?: string; span_id?: string } {
  if (!provider || !carrier) return {};
  const spanContext = trace.getSpanContext(contextOf(carrier));
  return spanContext ? { trace_id: spanContext.traceId, span_id: spanContext.spanId } : {};
}

/**
 * Express middleware: each HTTP request is a SERVER span (`POST /orders`, named by its route pattern once routed),
 * continuing a `traceparent` the client sent, active for everything the request does. With tracing off it is not
 * installed (see useHttpTracing).
 */
export function httpTracingMiddleware(): (req: Request, res: Response, next: NextFunction) => void {
  return (req, res, next) => {
    const parent = propagation.extract(ROOT_CONTEXT, req.headers);
    const span = tracer().startSpan(
      req.method,
      { kind: SpanKind.SERVER, attributes: { 'http.request.method': req.method, 'url.path': req.path } },
      parent,
    );
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      const route = req.route?.path ? `${req.baseUrl}${req.route.path}` : undefined;
      if (route) {
        span.updateName(`${req.method} ${route}`);
        span.setAttribute('http.route', route);
      }
      span.setAttribute('http.response.status_code', res.statusCode);
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    };
    res.once('finish', end);
    res.once('close', end);
    context.with(trace.setSpan(parent, span), next);
  };
}

/** Installs httpTracingMiddleware on an app when tracing is on (nothing at all when off). */
export function useHttpTracing(app: { use(handler: (req: Request, res: Response, next: NextFunction) => void): unknown }): void {
  if (provider) app.use(httpTracingMiddleware());
}
