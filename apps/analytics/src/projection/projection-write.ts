import { RawEventEnvelope } from '@app/kafka';
import { EntityManager } from 'typeorm';

/** Where a Kafka message came from; recorded with the processed event. */
export interface MessageSource {
  topic: string;
  partition: number;
  offset: string;
}

/** The row an event changes; its event_timestamp decides whether the event is older than the row. */
export interface RowTarget {
  table: string;
  key: Record<string, string>;
}

/**
 * What a handler returns: a validated, flattened change, not yet written.
 * Handlers build writes and the ProjectionApplier runs them, so a whole fetched batch
 * could later be applied in one transaction without touching the handlers.
 */
export interface ProjectionWrite {
  envelope: Pick<RawEventEnvelope, 'event_id' | 'event_type' | 'entity_id' | 'timestamp'>;
  target: RowTarget;
  /** The hard-delete event type of this entity: once applied, older upserts must not bring the row back. */
  deletedBy?: string;
  source?: MessageSource;
  write(tx: EntityManager, rowExists: boolean): Promise<void>;
}

export function isProjectionWrite(value: unknown): value is ProjectionWrite {
  const w = value as ProjectionWrite | null;
  return typeof w === 'object' && w !== null && typeof w.write === 'function' && typeof w.target === 'object';
}
