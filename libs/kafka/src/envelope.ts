import { randomUUID } from 'node:crypto';
import { EventType, isEventType } from './event-types';
import { PayloadOf } from './events/event-payloads';

/** One domain event as it travels on Kafka: one JSON object per message, key = entity_id. */
export interface EventEnvelope<T extends EventType = EventType> {
  event_type: T;
  event_id: string;
  timestamp: string;
  entity_id: string;
  /**
   * The entity's version after the change (1 at create, +1 per change), written atomically with it: consumers order
   * one entity's events by it, never by `timestamp`. Every envelope the backend produces has it; other producers
   * may leave it out (their events are then ordered by timestamp).
   */
  entity_version?: number;
  data: PayloadOf<T>;
}

/** The envelope fields besides entity_id and data: what the outbox stores with the change. */
export interface EnvelopeHead<T extends EventType = EventType> {
  event_type: T;
  event_id: string;
  timestamp: string;
  entity_version?: number;
}

/** Any envelope, discriminated by `event_type`, so a switch over it narrows `data`. */
export type AnyEventEnvelope = { [T in EventType]: EventEnvelope<T> }[EventType];

/**
 * The one envelope builder. `head`: an event type (a new event now, without a version), or the stored head of an event
 * (the outbox entry: its id, time and version).
 */
export function buildEnvelope<T extends EventType>(
  head: T | EnvelopeHead<T>,
  entityId: string,
  data: PayloadOf<T>,
  now: Date = new Date(),
): EventEnvelope<T> {
  const { event_type, event_id, timestamp, entity_version }: EnvelopeHead<T> =
    typeof head === 'string' ? { event_type: head, event_id: randomUUID(), timestamp: now.toISOString() } : head;
  return {
    event_type,
    event_id,
    timestamp,
    entity_id: entityId,
    ...(entity_version === undefined ? {} : { entity_version }),
    data,
  };
}

/** An envelope whose five fields are well formed; its event type may be one this code does not know. */
export interface RawEventEnvelope {
  event_type: string;
  event_id: string;
  timestamp: string;
  entity_id: string;
  entity_version?: number;
  data: Record<string, unknown>;
  [extra: string]: unknown;
}

export type EnvelopeParseResult = { ok: true; envelope: RawEventEnvelope } | { ok: false; error: string; value?: unknown };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]00:00)$/;

/**
 * Checks the envelope (not the payload) of a raw Kafka message value.
 * `value` in a failure carries the decoded JSON when there was any, for the DLQ.
 * An unknown but well-formed event type is not an error here: `isKnownEnvelope` tells.
 */
export function parseEnvelope(raw: Buffer | string | null | undefined): EnvelopeParseResult {
  if (raw === null || raw === undefined) return { ok: false, error: 'message has no value' };
  const text = Buffer.isBuffer(raw) ? raw.toString('utf8') : raw;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { ok: false, error: `value is not JSON: ${(err as Error).message}` };
  }
  const problem = envelopeProblem(value);
  return problem ? { ok: false, error: problem, value } : { ok: true, envelope: value as RawEventEnvelope };
}

export function isKnownEnvelope(envelope: RawEventEnvelope): envelope is RawEventEnvelope & AnyEventEnvelope {
  return isEventType(envelope.event_type);
}

function envelopeProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return 'envelope must be a JSON object';
  }
  const v = value as Record<string, unknown>;
  if (typeof v.event_type !== 'string' || !/^[a-z_]+\.[a-z_]+$/.test(v.event_type)) {
    return 'envelope.event_type must be a string like "order.created"';
  }
  if (typeof v.event_id !== 'string' || !UUID.test(v.event_id)) return 'envelope.event_id must be a UUID';
  if (typeof v.timestamp !== 'string' || !ISO_UTC.test(v.timestamp) || Number.isNaN(Date.parse(v.timestamp))) {
    return 'envelope.timestamp must be an ISO 8601 UTC timestamp';
  }
  if (typeof v.entity_id !== 'string' || v.entity_id.length === 0) return 'envelope.entity_id must be a non-empty string';
  if (v.entity_version !== undefined && !(Number.isSafeInteger(v.entity_version) && (v.entity_version as number) >= 1)) {
    return 'envelope.entity_version must be an integer of at least 1 when present';
  }
  if (typeof v.data !== 'object' || v.data === null || Array.isArray(v.data)) return 'envelope.data must be an object';
  return null;
}
