import { Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Counter, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import type { ProcessedEventsRetention } from '../config/analytics.config';
import { DELETE_GUARD_EVENT_TYPES, pruneCutoff } from './processed-events-retention';

/** Rows looked at, and at most deleted, per statement: short statements that never stall the consumer's transactions. */
export const PRUNE_CHUNK = 5000;

/**
 * Keeps processed_events bounded: at start and then every PROCESSED_EVENTS_PRUNE_INTERVAL_MS, deletes the rows
 * processed more than PROCESSED_EVENTS_RETENTION_DAYS ago, except applied deletes (the delete guards, see
 * DELETE_GUARD_EVENT_TYPES). It walks the old rows in (processed_at, event_id) order, PRUNE_CHUNK at a time, and
 * deletes each chunk by primary key in its own autocommit statement: row locks on old rows only, which the consumer
 * never writes. Every instance prunes; two at once delete the same rows, which is harmless.
 */
export class ProcessedEventsPruner implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ProcessedEventsPruner.name);
  private readonly prunedTotal: Counter;
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;
  private stopping = false;

  constructor(
    private readonly dataSource: DataSource,
    registry: Registry,
    private readonly settings: ProcessedEventsRetention,
  ) {
    this.prunedTotal = new Counter({
      name: 'analytics_processed_events_pruned_total',
      help: 'processed_events rows deleted past PROCESSED_EVENTS_RETENTION_DAYS (applied deletes are kept)',
      registers: [registry],
    });
  }

  onApplicationBootstrap(): void {
    if (this.settings.retentionDays === null) {
      this.logger.log('processed_events pruning is off (PROCESSED_EVENTS_RETENTION_DAYS=off)');
      return;
    }
    this.timer = setInterval(() => {
      if (!this.running) void this.pruneLogged();
    }, this.settings.pruneIntervalMs).unref();
    void this.pruneLogged();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** Prunes now, after any run already going; resolves with the number of rows deleted (0 when retention is off). */
  prune(chunk = PRUNE_CHUNK): Promise<number> {
    const run = (this.running ?? Promise.resolve(0)).catch(() => 0).then(() => this.pruneOnce(chunk));
    this.running = run;
    const done = () => {
      if (this.running === run) this.running = undefined;
    };
    run.then(done, done);
    return run;
  }

  private async pruneLogged(): Promise<void> {
    await this.prune().catch((err: unknown) =>
      this.logger.warn(`processed_events prune failed, next try in ${this.settings.pruneIntervalMs} ms: ${(err as Error).message}`),
    );
  }

  private async pruneOnce(chunk: number): Promise<number> {
    const days = this.settings.retentionDays;
    if (days === null) return 0;
    // The database's clock, as processed_at is: the cut-off does not move with the app host's clock or time zone.
    const [{ now }] = (await this.dataSource.query('SELECT NOW(3) AS now')) as { now: Date }[];
    const cutoff = pruneCutoff(new Date(now), days);
    let removed = 0;
    let after: { processed_at: Date; event_id: string } | undefined;
    while (!this.stopping) {
      const page = (await this.dataSource.query(
        `SELECT event_id, processed_at FROM processed_events WHERE processed_at < ?${
          after ? ' AND (processed_at > ? OR (processed_at = ? AND event_id > ?))' : ''
        } ORDER BY processed_at, event_id LIMIT ?`,
        after ? [cutoff, after.processed_at, after.processed_at, after.event_id, chunk] : [cutoff, chunk],
      )) as { event_id: string; processed_at: Date }[];
      if (page.length === 0) break;
      const result = (await this.dataSource.query(
        "DELETE FROM processed_events WHERE event_id IN (?) AND NOT (outcome = 'applied' AND event_type IN (?))",
        [page.map((r) => r.event_id), DELETE_GUARD_EVENT_TYPES],
      )) as { affectedRows: number };
      removed += result.affectedRows;
      this.prunedTotal.inc(result.affectedRows);
      if (page.length < chunk) break;
      after = page[page.length - 1];
    }
    if (removed > 0) this.logger.log(`pruned ${removed} processed_events rows processed before ${cutoff.toISOString()}`);
    return removed;
  }
}
