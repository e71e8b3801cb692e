/** What the page shows of one app's readiness: ready or not, and why not in one line. */
export interface AppReadiness {
  ready: boolean;
  /** `check: message` of each failing check, or how the request failed; null when ready. */
  reason: string | null;
}

/** The outbox backlog the backend reports in its readiness (`outbox: {documents, oldest_age_s}`). */
export interface OutboxBacklog {
  documents: number;
  oldest_age_s: number;
}

type Checks = Record<string, { status?: string; message?: string; [detail: string]: unknown }>;

/** Reads a terminus answer ({status, info, error, details}) of GET /health/ready; `failure` when there was none. */
export function readinessOf(answer: { status: number; body: unknown } | { failure: string }): AppReadiness {
  if ('failure' in answer) return { ready: false, reason: `not answering: ${answer.failure}` };
  const body = (typeof answer.body === 'object' && answer.body !== null ? answer.body : {}) as { error?: Checks };
  if (answer.status === 200) return { ready: true, reason: null };
  const failing = Object.entries(body.error ?? {}).map(([check, result]) => `${check}: ${result.message ?? result.state ?? 'down'}`);
  return { ready: false, reason: failing.length ? failing.join('; ') : `HTTP ${answer.status}` };
}

/** The backend's outbox backlog from its readiness answer, when it has one. */
export function outboxOf(body: unknown): OutboxBacklog | null {
  const details = (body as { details?: Checks } | null)?.details?.outbox;
  if (!details || typeof details.documents !== 'number') return null;
  return { documents: details.documents, oldest_age_s: Number(details.oldest_age_s ?? 0) };
}

/** One point of the events/s chart: per topic, messages appended per second since the sample before. */
export interface RatePoint {
  at: number;
  rates: Record<string, number>;
}

/**
 * Events/s per topic from the topics' end offsets, sampled about once a second; keeps `keep` points
 * (5 minutes at one a second). A topic whose end went down (recreated) counts 0 for that step.
 */
export class TopicRates {
  private last?: { at: number; ends: Record<string, number> };
  readonly points: RatePoint[] = [];

  constructor(private readonly keep = 300) {}

  record(at: number, ends: Record<string, number>): RatePoint | undefined {
    const before = this.last;
    this.last = { at, ends };
    if (!before || at <= before.at) return undefined;
    const seconds = (at - before.at) / 1000;
    const rates: Record<string, number> = {};
    for (const [topic, end] of Object.entries(ends)) {
      rates[topic] = Math.round((Math.max(0, end - (before.ends[topic] ?? end)) / seconds) * 10) / 10;
    }
    const point = { at, rates };
    this.points.push(point);
    if (this.points.length > this.keep) this.points.shift();
    return point;
  }
}
