import { randomUUID } from 'node:crypto';
import type { EventOutcome, ConsumerObserver } from '../transport/consumer-observer';

/** One line of the pipeline page's event feed, as GET /pipeline/outcomes sends it. */
export interface OutcomeRecord {
  seq: number;
  at: string;
  topic: string;
  partition: number;
  offset: string;
  event_type: string | null;
  event_id: string | null;
  entity_id: string | null;
  /** The envelope's entity_version when it carries one. */
  entity_version: number | null;
  outcome: EventOutcome['outcome'];
  /** From the event's timestamp (set by the API call) to its row committed. */
  delay_ms: number | null;
  error: string | null;
}

export interface OutcomesAfter {
  instance: string;
  last_seq: number;
  outcomes: OutcomeRecord[];
}

export const RECENT_OUTCOMES = 500;

const text = (v: unknown) => (typeof v === 'string' ? v.slice(0, 200) : null);

/**
 * The last RECENT_OUTCOMES event outcomes, fed by the consumer (ConsumerObserver.outcome), kept in a fixed ring:
 * recording one costs a small object and no allocation of the ring; readers ask for what came after a seq.
 */
export class RecentOutcomes implements ConsumerObserver {
  private readonly ring: Array<OutcomeRecord | undefined>;
  private next = 1;
  /** Changes when the process restarts (its seq starts again at 1): a reader starts over. */
  readonly instance = randomUUID();

  constructor(private readonly capacity = RECENT_OUTCOMES) {
    this.ring = new Array<OutcomeRecord | undefined>(capacity);
  }

  outcome({ source, event, outcome, eventToRowSeconds, error }: EventOutcome): void {
    const envelope = typeof event === 'object' && event !== null ? (event as Record<string, unknown>) : {};
    const version = envelope.entity_version;
    const seq = this.next++;
    this.ring[seq % this.capacity] = {
      seq,
      at: new Date().toISOString(),
      topic: source.topic,
      partition: source.partition,
      offset: source.offset,
      event_type: text(envelope.event_type),
      event_id: text(envelope.event_id),
      entity_id: text(envelope.entity_id),
      entity_version: Number.isInteger(version) ? (version as number) : null,
      outcome,
      delay_ms: eventToRowSeconds === undefined ? null : Math.max(0, Math.round(eventToRowSeconds * 1000)),
      error: error?.slice(0, 500) ?? null,
    };
  }

  /** The records after `seq`, oldest first (at most the ring's capacity), and the last seq given so far. */
  after(seq: number): OutcomesAfter {
    const last = this.next - 1;
    const from = Math.max(seq + 1, last - this.capacity + 1, 1);
    const outcomes: OutcomeRecord[] = [];
    for (let s = from; s <= last; s++) outcomes.push(this.ring[s % this.capacity]!);
    return { instance: this.instance, last_seq: last, outcomes };
  }
}
