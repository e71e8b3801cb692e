import { parseEnvelope, RawEventEnvelope } from '@app/kafka';
import { PoisonEventError } from '../projection/poison-event.error';

/** What to do with one Kafka message, decided before any handler runs. */
export type Route<H> =
  | { kind: 'dispatch'; envelope: RawEventEnvelope; handler: H }
  | { kind: 'skip'; reason: string }
  | { kind: 'dead-letter'; error: string; originalEvent: unknown };

/**
 * Envelope routing: the handler is the one registered for the envelope's event_type, whatever the topic.
 * A value that is not an envelope is poison (dead letter); a well-formed envelope nobody handles is skipped.
 */
export function routeMessage<H>(value: Buffer | null, handlerFor: (eventType: string) => H | null | undefined): Route<H> {
  const parsed = parseEnvelope(value);
  if (!parsed.ok) {
    // original_event is the decoded JSON when there was some, else the raw text.
    const originalEvent = parsed.value !== undefined ? parsed.value : value === null ? null : value.toString('utf8');
    return { kind: 'dead-letter', error: parsed.error, originalEvent };
  }
  const handler = handlerFor(parsed.envelope.event_type);
  if (!handler) return { kind: 'skip', reason: `no handler for event type "${parsed.envelope.event_type}"` };
  return { kind: 'dispatch', envelope: parsed.envelope, handler };
}

/** A handler failure is dead-lettered only when the event itself is bad; anything else (MySQL...) is retried. */
export function failureAction(err: unknown): 'dead-letter' | 'retry' {
  return err instanceof PoisonEventError ? 'dead-letter' : 'retry';
}
