import { randomUUID } from 'node:crypto';
import { currentTraceCarrier, EnvelopeHead, EventType, TraceCarrier } from '@app/kafka';
import { Model } from 'mongoose';

/**
 * An event waiting on its document (the `outbox` array), written in the same single-document update as the
 * change itself: FerretDB (and MongoDB without a replica set) has no multi-document transactions, but one
 * document's update is atomic, so a change is never stored without its event. `entity_version` is the document's
 * `version` after the change: consumers order the entity's events by it. With tracing on it also keeps the W3C trace
 * context of the request that made the change (`traceparent`, `tracestate`): whoever sends the event later (the
 * request's fast path or the relay) sends it as the Kafka message's headers, so the event stays in that trace.
 */
export interface OutboxEntry<T extends EventType = EventType> extends EnvelopeHead<T>, TraceCarrier {
  entity_version: number;
}

/** What the write seam adds to a document: its version, its pending events, and for a hard delete the tombstone flag. */
export interface WithOutbox {
  /** 1 at create, +1 per change, in the same write as the change (absent on documents written before versions). */
  version?: number;
  outbox?: OutboxEntry[];
  /** Deleted, kept only until its delete event is on Kafka; every read treats it as gone. */
  tombstone?: boolean;
}

/** The Mongoose definition of the `outbox` field, shared by the five schemas. */
export const OUTBOX_PROP = {
  type: [
    {
      _id: false,
      event_id: String,
      event_type: String,
      timestamp: String,
      entity_version: Number,
      traceparent: String,
      tracestate: String,
    },
  ],
  default: [],
};

/** The Mongoose definition of the `version` field (set by the write seam only). */
export const VERSION_PROP = { type: Number };

/** Any document model: the outbox works the same on the five collections. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyModel = Model<any>;

/** A new outbox entry, with the trace context active now (none when tracing is off). */
export function outboxEntry<T extends EventType>(eventType: T, entityVersion: number, now: Date = new Date()): OutboxEntry<T> {
  return {
    event_id: randomUUID(),
    event_type: eventType,
    timestamp: now.toISOString(),
    entity_version: entityVersion,
    ...currentTraceCarrier(),
  };
}

/** Whether a document is visible to the API (not a tombstone waiting for its delete event). */
export function isLive<T extends WithOutbox>(doc: T | null | undefined): doc is T {
  return Boolean(doc) && !doc!.tombstone;
}
