import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type ApplyOutcome = 'applied' | 'stale' | 'superseded';

/**
 * One row per event applied: the idempotency key of the read model (redeliveries change nothing). Rows older than
 * PROCESSED_EVENTS_RETENTION_DAYS are pruned, except applied deletes (ProcessedEventsPruner).
 */
@Entity('processed_events')
export class ProcessedEventEntity {
  @PrimaryColumn({ type: 'char', length: 36 })
  event_id: string;

  @Column({ type: 'varchar', length: 64 })
  event_type: string;

  @Index('idx_processed_events_entity')
  @Column({ type: 'varchar', length: 64 })
  entity_id: string;

  @Column({ type: 'datetime', precision: 3 })
  event_timestamp: Date;

  /** applied, or skipped because the row already reflected a newer event (stale) or the entity was deleted (superseded). */
  @Column({ type: 'varchar', length: 16 })
  outcome: ApplyOutcome;

  @Column({ type: 'varchar', length: 255, nullable: true })
  source_topic: string | null;

  @Column({ type: 'int', nullable: true })
  source_partition: number | null;

  @Column({ type: 'bigint', nullable: true })
  source_offset: string | null;

  @Index('idx_processed_events_processed_at')
  @Column({ type: 'datetime', precision: 3, default: () => 'CURRENT_TIMESTAMP(3)' })
  processed_at: Date;

  /** The event's entity_version (null: it had none); the delete guards compare it. */
  @Column({ type: 'int', unsigned: true, nullable: true })
  entity_version: number | null;
}
