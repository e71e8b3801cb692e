import { homeTopicOf, parseEnvelope, RawEventEnvelope } from '@app/kafka';
import { PoisonEventError } from '../projection/poison-event.error';

/** What to do with one Kafka message, decided before any handler runs. */
export type Route<H> =
  | { kind: 'dispatch'; envelope: RawEventEnvelope; handler: H }
  | { kind: 'skip'; eventType: string; reason: string }
  | { kind: 'dead-letter'; error: string; originalEvent: unknown };

const OBJECT_ID = /^[0-9a-f]{24}$/i;

/** A value quoted in a dead letter's reason, cut short: the reason is logged, and a 1 MB entity_id must not be. */
const quoted = (value: string) => JSON.stringify(value.length > 64 ? `${value.slice(0, 64)}...` : value);

/** The key of a message as text (kafkajs hands Buffers), null when it has none. */
const keyText = (key: Buffer | string | null | undefined) => (key === null || key === undefined ? null : key.toString());

/**
 * Envelope routing: the handler is the one registered for the envelope's event_type. A value that is not an
 * envelope, an envelope whose entity_id is not an ObjectId (every id on the wire is 24 hex), one whose Kafka key is
 * not its entity_id (the key decides the partition, so it would not be ordered with its entity's other events), or
 * one on another topic than its event_type names (`user.created` on `order`) is poison (dead letter); a well-formed
 * envelope nobody handles is skipped.
 */
export function routeMessage<H>(
  message: { value: Buffer | null; key?: Buffer | string | null },
  topic: string,
  handlerFor: (eventType: string) => H | null | undefined,
  { maxClockSkewMs = DEFAULT_MAX_CLOCK_SKEW_MS, now = Date.now() }: { maxClockSkewMs?: number; now?: number } = {},
): Route<H> {
  const { value } = message;
  const parsed = parseEnvelope(value);
  if (!parsed.ok) {
    // original_event is the decoded JSON when there was some, else the raw text.
    const originalEvent = parsed.value !== undefined ? parsed.value : value === null ? null : value.toString('utf8');
    return { kind: 'dead-letter', error: parsed.error, originalEvent };
  }
  const { entity_id: entityId } = parsed.envelope;
  if (!OBJECT_ID.test(entityId)) {
    return {
      kind: 'dead-letter',
      error: `envelope.entity_id must be a 24-character hex ObjectId, not ${quoted(entityId)}`,
      originalEvent: parsed.envelope,
    };
  }
  const key = keyText(message.key);
  if (key !== entityId) {
    const error =
      key === null
        ? `the message has no key; it must be the envelope's entity_id "${entityId}"`
        : `the message key ${quoted(key)} is not the envelope's entity_id "${entityId}"`;
    return { kind: 'dead-letter', error, originalEvent: parsed.envelope };
  }
  const eventType = parsed.envelope.event_type;
  const home = homeTopicOf(eventType);
  if (home !== topic) {
    return {
      kind: 'dead-letter',
      error: `event_type ${quoted(eventType)} belongs on topic ${quoted(home)}, not "${topic}"`,
      originalEvent: parsed.envelope,
    };
  }
  const skew = clockSkewProblem(parsed.envelope, maxClockSkewMs, now);
  if (skew) return { kind: 'dead-letter', error: skew, originalEvent: parsed.envelope };
  const handler = handlerFor(eventType);
  if (!handler) return { kind: 'skip', eventType, reason: `no handler for event type ${quoted(eventType)}` };
  return { kind: 'dispatch', envelope: parsed.envelope, handler };
}

/** How far in the future a timestamp may be (another producer's clock ahead) before the event is refused: 5 minutes. */
export const DEFAULT_MAX_CLOCK_SKEW_MS = 5 * 60_000;

/**
 * An event without entity_version is ordered by its timestamp, so one dated in the future would make every later real
 * change of its entity stale, for good: past `maxSkewMs` ahead of this clock it is refused (dead letter). An event with
 * a version is ordered by it and its timestamp is only information.
 */
export function clockSkewProblem(envelope: RawEventEnvelope, maxSkewMs: number, now = Date.now()): string | null {
  if (envelope.entity_version !== undefined) return null;
  const ahead = Date.parse(envelope.timestamp) - now;
  if (ahead <= maxSkewMs) return null;
  return (
    `timestamp ${envelope.timestamp} is ${Math.round(ahead / 1000)} s in the future, more than the allowed clock skew of ` +
    `${Math.round(maxSkewMs / 1000)} s (MAX_EVENT_CLOCK_SKEW_MS), and the event has no entity_version to order it by`
  );
}

/**
 * MySQL errors that say "this event's data cannot be stored" (a unique value taken by another entity,
 * a value out of range...), as opposed to "MySQL cannot store anything right now" (down, deadlock, lock wait).
 */
const DATA_REJECTIONS = new Set([
  'ER_DUP_ENTRY',
  'ER_DATA_TOO_LONG',
  'ER_TRUNCATED_WRONG_VALUE',
  'ER_TRUNCATED_WRONG_VALUE_FOR_FIELD',
  'ER_WARN_DATA_OUT_OF_RANGE',
  'ER_BAD_NULL_ERROR',
  'ER_NO_DEFAULT_FOR_FIELD',
  'ER_NO_REFERENCED_ROW_2',
]);

/** Attempts before a data rejection is dead-lettered: a duplicate key can also come from a race with another consumer, which a retry resolves. */
export const DATA_REJECTION_ATTEMPTS = 3;

/** True for a MySQL data error, bare (mysql2) or wrapped by TypeORM (QueryFailedError.driverError). */
export function isDataRejection(err: unknown): boolean {
  const e = err as { code?: unknown; driverError?: { code?: unknown } } | null;
  const code = e?.code ?? e?.driverError?.code;
  return typeof code === 'string' && DATA_REJECTIONS.has(code);
}

/**
 * What to do after attempt `attempt` (from 0) of an event failed: a bad payload is dead-lettered at once,
 * data MySQL keeps rejecting after a few attempts; anything else (MySQL down, deadlock...) is retried forever,
 * never committed past, so nothing is lost.
 */
export function failureAction(err: unknown, attempt = 0): 'dead-letter' | 'retry' {
  if (err instanceof PoisonEventError) return 'dead-letter';
  if (isDataRejection(err) && attempt + 1 >= DATA_REJECTION_ATTEMPTS) return 'dead-letter';
  return 'retry';
}
