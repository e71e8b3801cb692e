import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ApplyResult } from '../projection/projection-applier';
import type { ConsumerObserver } from '../transport/consumer-observer';

const DELAY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

/** The consumer's Prometheus metrics, fed by EnvelopeKafkaServer through ConsumerObserver. */
export class ConsumerMetrics implements ConsumerObserver {
  private readonly appliedTotal: Counter<'event_type' | 'outcome'>;
  private readonly deadLetters: Counter<'topic'>;
  private readonly retries: Counter<'topic'>;
  private readonly skippedTotal: Counter<'event_type'>;
  private readonly versionGaps: Counter<'topic'>;
  private readonly batchDuration: Histogram;
  private readonly batchEvents: Histogram;
  private readonly eventToRow: Histogram<'event_type'>;
  /** Set on each scrape from the group's committed offsets and the partitions' end offsets (ConsumerMonitor). */
  readonly lag: Gauge<'topic' | 'partition'>;

  /** `readLag` is asked on each scrape (ConsumerMonitor.partitions, cached). */
  constructor(registry: Registry, readLag: () => Promise<Array<{ topic: string; partition: number; lag: number }>>) {
    const registers = [registry];
    this.appliedTotal = new Counter({
      name: 'analytics_events_applied_total',
      help: 'Events through the applier, by outcome: applied, duplicate (event_id seen), stale (older than the row), superseded (after a delete)',
      labelNames: ['event_type', 'outcome'],
      registers,
    });
    this.deadLetters = new Counter({
      name: 'analytics_dead_letters_total',
      help: 'Events sent to dlq.<topic>',
      labelNames: ['topic'],
      registers,
    });
    this.retries = new Counter({
      name: 'analytics_retries_total',
      help: 'Failed attempts that will be retried',
      labelNames: ['topic'],
      registers,
    });
    this.skippedTotal = new Counter({
      name: 'analytics_events_skipped_total',
      help: 'Well-formed events of a type no handler takes (committed past)',
      labelNames: ['event_type'],
      registers,
    });
    this.versionGaps = new Counter({
      name: 'analytics_version_gaps_total',
      help: 'Events applied whose entity_version is above their row version + 1 (the versions between never arrived)',
      labelNames: ['topic'],
      registers,
    });
    this.batchDuration = new Histogram({
      name: 'analytics_batch_apply_duration_seconds',
      help: 'Time to apply one batch of events to MySQL (its transaction)',
      buckets: DELAY_BUCKETS,
      registers,
    });
    this.batchEvents = new Histogram({
      name: 'analytics_batch_events',
      help: 'Events per applied batch (one MySQL transaction)',
      buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000],
      registers,
    });
    this.eventToRow = new Histogram({
      name: 'analytics_event_to_row_delay_seconds',
      help: 'From the event timestamp to its row committed in MySQL',
      labelNames: ['event_type'],
      buckets: DELAY_BUCKETS,
      registers,
    });
    this.lag = new Gauge({
      name: 'analytics_consumer_lag',
      help: "Messages after the group's committed offset, per partition",
      labelNames: ['topic', 'partition'],
      registers,
      async collect() {
        this.reset();
        // A scrape while Kafka is down shows no lag series rather than failing; readiness reports the outage.
        const partitions = await readLag().catch(() => []);
        for (const p of partitions) this.set({ topic: p.topic, partition: String(p.partition) }, p.lag);
      },
    });
  }

  applied(eventType: string, outcome: ApplyResult, _applySeconds: number, eventToRowSeconds: number): void {
    this.appliedTotal.inc({ event_type: eventType, outcome });
    if (outcome === 'applied') this.eventToRow.observe({ event_type: eventType }, Math.max(0, eventToRowSeconds));
  }

  batchApplied(events: number, seconds: number): void {
    this.batchEvents.observe(events);
    this.batchDuration.observe(seconds);
  }

  deadLettered(topic: string): void {
    this.deadLetters.inc({ topic });
  }

  retried(topic: string): void {
    this.retries.inc({ topic });
  }

  skipped(eventType: string): void {
    this.skippedTotal.inc({ event_type: eventType });
  }

  versionGap(topic: string): void {
    this.versionGaps.inc({ topic });
  }
}
