import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ApplyOutcome, ProcessedEventEntity } from './processed-event.entity';
import { ProjectionWrite } from './projection-write';

export type ApplyResult = ApplyOutcome | 'duplicate';

/**
 * Applies projection writes with the read model's ordering and idempotency rules:
 * - an event_id already in processed_events changes nothing (duplicate);
 * - an event older than the row's event_timestamp leaves the row alone (stale);
 * - an upsert older than an applied hard delete of its entity does not resurrect it (superseded);
 * each event together with its processed_events row in ONE transaction.
 * Today: one transaction per event. The list signature lets a later step apply a batch in one.
 */
@Injectable()
export class ProjectionApplier {
  private readonly logger = new Logger(ProjectionApplier.name);

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async apply(writes: ProjectionWrite[]): Promise<ApplyResult[]> {
    const results: ApplyResult[] = [];
    for (const write of writes) {
      // READ COMMITTED: SELECT ... FOR UPDATE of a row that does not exist yet takes no gap lock,
      // so consumers creating different entities never deadlock on the same index gap.
      results.push(await this.dataSource.transaction('READ COMMITTED', (tx) => this.applyOne(tx, write)));
    }
    return results;
  }

  private async applyOne(tx: EntityManager, w: ProjectionWrite): Promise<ApplyResult> {
    const { event_id, event_type, entity_id } = w.envelope;
    const at = new Date(w.envelope.timestamp);
    if (await tx.exists(ProcessedEventEntity, { where: { event_id } })) {
      this.logger.debug(`${event_type} ${event_id}: already processed, skipped`);
      return 'duplicate';
    }
    const row = await this.lockTarget(tx, w);
    let outcome: ApplyOutcome = 'applied';
    if (w.deletedBy && (await this.deletedSince(tx, entity_id, w.deletedBy, at))) outcome = 'superseded';
    else if (row && row.event_timestamp.getTime() > at.getTime()) outcome = 'stale';
    if (outcome === 'applied') await w.write(tx, row !== undefined);
    else this.logger.debug(`${event_type} ${event_id}: ${outcome}, row of ${entity_id} left as is`);
    await tx.insert(ProcessedEventEntity, {
      event_id,
      event_type,
      entity_id,
      event_timestamp: at,
      outcome,
      source_topic: w.source?.topic ?? null,
      source_partition: w.source?.partition ?? null,
      source_offset: w.source?.offset ?? null,
    });
    return outcome;
  }

  /** Reads the target row's last event under a write lock (tables and columns come from code, never from input). */
  private async lockTarget(tx: EntityManager, w: ProjectionWrite): Promise<{ event_timestamp: Date } | undefined> {
    const columns = Object.keys(w.target.key);
    const where = columns.map((c) => `\`${c}\` = ?`).join(' AND ');
    const found: { event_timestamp: Date }[] = await tx.query(
      `SELECT event_timestamp FROM \`${w.target.table}\` WHERE ${where} FOR UPDATE`,
      columns.map((c) => w.target.key[c]),
    );
    return found[0];
  }

  private async deletedSince(tx: EntityManager, entityId: string, deleteType: string, at: Date): Promise<boolean> {
    const found: unknown[] = await tx.query(
      "SELECT 1 FROM processed_events WHERE entity_id = ? AND event_type = ? AND outcome = 'applied' AND event_timestamp >= ? LIMIT 1",
      [entityId, deleteType, at],
    );
    return found.length > 0;
  }
}
