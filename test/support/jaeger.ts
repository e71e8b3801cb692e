/** Jaeger's query API (GET /api/traces), as its UI uses it. */

export interface JaegerSpan {
  traceID: string;
  spanID: string;
  operationName: string;
  references: Array<{ refType: 'CHILD_OF' | 'FOLLOWS_FROM'; traceID: string; spanID: string }>;
  startTime: number;
  duration: number;
  processID: string;
  tags: Array<{ key: string; value: unknown }>;
  /** Filled in by tracesOf: the service of the span's process. */
  service: string;
}

export interface JaegerTrace {
  traceID: string;
  spans: JaegerSpan[];
}

/** The traces of `service` that have a span with each of `tags`, started in the last hour. */
export async function tracesOf(jaegerUrl: string, service: string, tags: Record<string, string>): Promise<JaegerTrace[]> {
  const query = new URLSearchParams({ service, tags: JSON.stringify(tags), lookback: '1h', limit: '20' });
  const response = await fetch(`${jaegerUrl}/api/traces?${query}`);
  if (!response.ok) throw new Error(`GET /api/traces: ${response.status} ${await response.text()}`);
  const body = (await response.json()) as {
    data: Array<{ traceID: string; spans: Omit<JaegerSpan, 'service'>[]; processes: Record<string, { serviceName: string }> }> | null;
  };
  return (body.data ?? []).map((t) => ({
    traceID: t.traceID,
    spans: t.spans.map((s) => ({ ...s, service: t.processes[s.processID]?.serviceName ?? '?' })),
  }));
}

export const tagOf = (span: JaegerSpan, key: string): unknown => span.tags.find((t) => t.key === key)?.value;

/** The span's parent in its trace (its CHILD_OF reference), if any. */
export const parentOf = (span: JaegerSpan): string | undefined => span.references.find((r) => r.refType === 'CHILD_OF')?.spanID;

/** `service: operation (duration ms)` per span, by start time: what a failing assertion prints. */
export function describeTrace(t: JaegerTrace): string[] {
  return [...t.spans]
    .sort((a, b) => a.startTime - b.startTime)
    .map((s) => `${s.service}: ${s.operationName} (${(s.duration / 1000).toFixed(1)} ms) ${s.spanID}<-${parentOf(s) ?? 'root'}`);
}
