import { EventType } from '@app/kafka';

const DAY_MS = 24 * 60 * 60_000;

/**
 * The delete event types whose applied rows in processed_events are the delete guards (ProjectionWrite.deletedBy,
 * read by ProjectionApplier): products and suppliers are hard-deleted, so once the row is gone only that
 * processed_events row stops an older upsert, redelivered or replayed, from bringing the entity back. Pruning keeps
 * them (one row per deleted entity); every other row is only the event_id check, which the rows' own
 * entity_version (or event_timestamp) makes redundant once the event is old: an old event meets a row that already
 * reflects it or something newer and is stale.
 */
export const DELETE_GUARD_EVENT_TYPES: readonly string[] = [
  EventType.USER_DELETED,
  EventType.SUPPLIER_DELETED,
  EventType.PRODUCT_DELETED,
  EventType.POST_DELETED,
];

/** processed_events rows processed before this instant may be pruned: `retentionDays` whole days before `now`. */
export function pruneCutoff(now: Date, retentionDays: number): Date {
  if (!Number.isInteger(retentionDays) || retentionDays < 1)
    throw new RangeError(`retentionDays must be a whole number >= 1, got ${retentionDays}`);
  return new Date(now.getTime() - retentionDays * DAY_MS);
}
