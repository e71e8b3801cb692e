import { dlqTopicOf, KafkaReachability, Topic, withTimeout } from '@app/kafka';
import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Subject } from 'rxjs';
import { ConsumerMonitor, PartitionLag } from '../../../analytics/src/health/consumer-monitor';
import type { OutcomeRecord, OutcomesAfter } from '../../../analytics/src/pipeline/recent-outcomes';
import { PIPELINE_CONFIG, PipelineConfig } from '../config/pipeline.config';
import { AppReadiness, OutboxBacklog, outboxOf, RatePoint, readinessOf, TopicRates } from './pipeline-state';

/** What the page gets once a second over the event stream. */
export interface Tick {
  at: number;
  /** Per topic and partition: log end offset, the analytics group's committed offset, lag; null when Kafka did not answer. */
  partitions: PartitionLag[] | null;
  kafkaError: string | null;
  rate: RatePoint | null;
  /** Letters per DLQ topic (end - start offsets). */
  deadLetters: Record<string, number>;
  backend: AppReadiness;
  analytics: AppReadiness;
  outbox: OutboxBacklog | null;
  /** Outcomes analytics reported since the last tick. */
  feed: OutcomeRecord[];
}

export const TICK_MS = 1000;
const FEED_KEPT = 500;
const HTTP_TIMEOUT_MS = 1500;

/**
 * Samples the pipeline once a second, from outside both apps so it goes on while one is down: Kafka's end offsets
 * and the analytics group's committed ones (ConsumerMonitor, the lag readiness uses), the DLQ sizes, both apps'
 * readiness (the backend's carries its outbox backlog) and analytics' latest event outcomes (GET /pipeline/outcomes).
 */
@Injectable()
export class PipelineSampler implements OnModuleInit, OnApplicationShutdown {
  private readonly log = new Logger(PipelineSampler.name);
  private readonly monitor: ConsumerMonitor;
  private readonly rates = new TopicRates();
  private timer?: NodeJS.Timeout;
  private sampling = false;
  private outcomesFrom = { instance: '', seq: 0 };
  readonly ticks = new Subject<Tick>();
  readonly feed: OutcomeRecord[] = [];
  latest?: Tick;

  constructor(
    @Inject(PIPELINE_CONFIG) private readonly config: PipelineConfig,
    private readonly kafka: KafkaReachability,
  ) {
    this.monitor = new ConsumerMonitor(kafka, config.groupId, Topic.all(), Number.MAX_SAFE_INTEGER, TICK_MS / 2);
  }

  onModuleInit(): void {
    this.timer = setInterval(() => void this.sample(), TICK_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
    this.ticks.complete();
  }

  /** The chart's points so far (5 minutes). */
  history(): RatePoint[] {
    return this.rates.points;
  }

  async sample(): Promise<Tick | undefined> {
    if (this.sampling) return undefined; // a slow Kafka: skip a beat rather than pile up requests
    this.sampling = true;
    try {
      const at = Date.now();
      const [lag, deadLetters, backend, analytics, feed] = await Promise.all([
        this.monitor.partitions(at).then(
          (partitions) => ({
            partitions: [...partitions].sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition),
            error: null,
          }),
          (err: Error) => ({ partitions: null, error: err.message }),
        ),
        this.deadLetterCounts(),
        this.get(`${this.config.backendUrl}/health/ready`),
        this.get(`${this.config.analyticsUrl}/health/ready`),
        this.newOutcomes(),
      ]);
      const ends: Record<string, number> = {};
      for (const p of lag.partitions ?? []) ends[p.topic] = (ends[p.topic] ?? 0) + p.end;
      const tick: Tick = {
        at,
        partitions: lag.partitions,
        kafkaError: lag.error,
        rate: lag.partitions ? (this.rates.record(at, ends) ?? null) : null,
        deadLetters,
        backend: readinessOf(backend),
        analytics: readinessOf(analytics),
        outbox: 'body' in backend ? outboxOf(backend.body) : null,
        feed,
      };
      this.latest = tick;
      this.ticks.next(tick);
      return tick;
    } catch (err) {
      this.log.warn(`sampling failed: ${(err as Error).message}`);
      return undefined;
    } finally {
      this.sampling = false;
    }
  }

  private async deadLetterCounts(): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    try {
      const admin = await this.kafka.connect();
      await withTimeout(
        Promise.all(
          Topic.all().map(async (topic) => {
            const offsets = await admin.fetchTopicOffsets(dlqTopicOf(topic));
            counts[topic] = offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
          }),
        ),
        HTTP_TIMEOUT_MS * 2,
      );
    } catch {
      // Kafka down: the partitions' error says so; no counts this beat.
    }
    return counts;
  }

  private async get(url: string): Promise<{ status: number; body: unknown } | { failure: string }> {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(HTTP_TIMEOUT_MS) });
      return { status: response.status, body: await response.json().catch(() => null) };
    } catch (err) {
      const cause = (err as { cause?: { code?: string } }).cause?.code;
      return { failure: cause ?? (err as Error).message };
    }
  }

  /** Analytics' outcomes after the last one seen; a restarted analytics (another instance) is read from its start. */
  private async newOutcomes(): Promise<OutcomeRecord[]> {
    let body = await this.outcomesAfter(this.outcomesFrom.seq);
    if (body && body.instance !== this.outcomesFrom.instance && this.outcomesFrom.seq > 0) body = await this.outcomesAfter(0);
    if (!body) return [];
    this.outcomesFrom = { instance: body.instance, seq: body.last_seq };
    this.feed.push(...body.outcomes);
    if (this.feed.length > FEED_KEPT) this.feed.splice(0, this.feed.length - FEED_KEPT);
    return body.outcomes;
  }

  private async outcomesAfter(seq: number): Promise<OutcomesAfter | undefined> {
    const answer = await this.get(`${this.config.analyticsUrl}/pipeline/outcomes?after=${seq}`);
    return 'body' in answer && answer.status === 200 ? (answer.body as OutcomesAfter) : undefined;
  }
}
