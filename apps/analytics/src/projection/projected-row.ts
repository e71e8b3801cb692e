import { Column } from 'typeorm';

/** Columns every projected row carries: the last event applied to it (ordering guard and traceability). */
export abstract class ProjectedRow {
  @Column({ type: 'char', length: 36 })
  event_id: string;

  @Column({ type: 'datetime', precision: 3 })
  event_timestamp: Date;

  /** The entity_version of that event: what orders the entity's next events (null: an event without one, or a row from before versions). */
  @Column({ type: 'int', unsigned: true, nullable: true })
  entity_version: number | null;
}

/** The projected-row columns of an event, for a flattened row. */
export function lastEvent(envelope: { event_id: string; timestamp: string; entity_version?: number }): ProjectedRow {
  return { event_id: envelope.event_id, event_timestamp: new Date(envelope.timestamp), entity_version: envelope.entity_version ?? null };
}
