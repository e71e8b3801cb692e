/** Distinct unknown event types remembered (and given their own metric label); the rest count as `other`. */
export const MAX_UNKNOWN_EVENT_TYPES = 100;
/** No event type of this project is near this long; a longer one is junk, not a label. */
const MAX_LABEL_LENGTH = 64;
export const OTHER_EVENT_TYPE = 'other';

/**
 * The event types no handler takes, as seen by the consumer: each gets one warning and its own
 * `analytics_events_skipped_total` label, up to MAX_UNKNOWN_EVENT_TYPES; past that (a producer inventing types, or
 * junk) every new one is `other`, so neither this set nor the metric's series grow without bound.
 */
export class UnknownEventTypes {
  private readonly seen = new Set<string>();
  private overflowed = false;

  constructor(private readonly max = MAX_UNKNOWN_EVENT_TYPES) {}

  /** The label to count `eventType` under, and whether this is the first time (warn once) for that label. */
  note(eventType: string): { label: string; first: boolean } {
    if (this.seen.has(eventType)) return { label: eventType, first: false };
    if (this.seen.size < this.max && eventType.length <= MAX_LABEL_LENGTH) {
      this.seen.add(eventType);
      return { label: eventType, first: true };
    }
    const first = !this.overflowed;
    this.overflowed = true;
    return { label: OTHER_EVENT_TYPE, first };
  }
}
