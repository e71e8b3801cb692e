import { RawEventEnvelope } from '@app/kafka';

/** The envelope fields a write is ordered, recorded and reported by: everything but its data. */
export type EventHeader = Pick<RawEventEnvelope, 'event_id' | 'event_type' | 'entity_id' | 'timestamp' | 'entity_version'>;

/**
 * The header of an envelope as a new small object, so that a write waiting for its batch does not keep the parsed
 * payload alive (once flattened, the data is garbage: it dies young instead of being copied into the old generation).
 */
export function headerOf({ event_id, event_type, entity_id, timestamp, entity_version }: EventHeader): EventHeader {
  return { event_id, event_type, entity_id, timestamp, entity_version };
}

/** Where a Kafka message came from; recorded with the processed event. */
export interface MessageSource {
  topic: string;
  partition: number;
  offset: string;
}

/** A read-model row as column -> value (flattened: strings, numbers, booleans, Dates, null). */
export type Row = Record<string, unknown>;

/** The row an event changes, by its one primary-key column; its entity_version (or event_timestamp) decides whether the event is older. */
export interface RowTarget {
  table: string;
  key: Record<string, string>;
}

/** Rows of a child table that belong to the target (foreign key = the target's key column). */
export interface ChildRows {
  table: string;
  rows: Row[];
}

/**
 * What an event does to its target row, as data, so the applier can fold a whole batch per entity and write
 * each table with one multi-row statement:
 * - upsert: the row becomes `row` (columns not in it keep their value); `children`, when given, replace the child rows;
 * - patch: `set` is applied to the row when it exists (a patch of a row never seen changes nothing);
 * - delete: the row goes (its child rows go with it, ON DELETE CASCADE).
 */
export type RowChange = { kind: 'upsert'; row: Row; children?: ChildRows } | { kind: 'patch'; set: Row } | { kind: 'delete' };

/**
 * What a handler returns: a validated, flattened change, not yet written.
 * Handlers build writes and the ProjectionApplier applies a whole fetched batch of them in one transaction.
 */
export interface ProjectionWrite {
  envelope: EventHeader;
  target: RowTarget;
  change: RowChange;
  /** The hard-delete event type of this entity: once applied, older upserts must not bring the row back. */
  deletedBy?: string;
  source?: MessageSource;
}

export function isProjectionWrite(value: unknown): value is ProjectionWrite {
  const w = value as ProjectionWrite | null;
  return (
    typeof w === 'object' &&
    w !== null &&
    typeof w.target === 'object' &&
    w.target !== null &&
    Object.keys(w.target.key ?? {}).length === 1 &&
    typeof w.change === 'object' &&
    w.change !== null &&
    ['upsert', 'patch', 'delete'].includes(w.change.kind)
  );
}
