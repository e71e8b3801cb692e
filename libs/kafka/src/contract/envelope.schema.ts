import type { EventEnvelope } from '../envelope';
import type { JsonSchema } from './json-schema';

/** The envelope's fields as CONTRACT.md states them; `data` is each message's own schema. */
const ENVELOPE_FIELDS = {
  event_type: {
    type: 'string',
    pattern: '^[a-z_]+\\.[a-z_]+$',
    description: '`<topic>.<action>`; the topic is the part before the first dot',
  },
  event_id: { type: 'string', format: 'uuid', description: 'UUID v4; consumers dedupe by it' },
  timestamp: { type: 'string', format: 'date-time', description: 'ISO 8601 UTC, when the change was made' },
  entity_id: { type: 'string', minLength: 1, description: 'the entity (24-hex ObjectId); also the Kafka message key' },
  entity_version: {
    type: 'integer',
    minimum: 1,
    description:
      "the entity's version after the change (1 at create, +1 per change). Consumers order one entity's events by it; " +
      'an envelope without it (another producer) is ordered by timestamp',
  },
  data: { type: 'object', description: 'the payload of this event type' },
} satisfies Record<string, JsonSchema>;

// Compile-time: the schema names exactly the fields of EventEnvelope (entity_version: the lead's issue 16 adds it to
// the type; until then it is the only name allowed beyond the type's).
type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
export const ENVELOPE_SCHEMA_MATCHES_THE_TYPE: Exact<keyof typeof ENVELOPE_FIELDS, keyof EventEnvelope | 'entity_version'> = true;

export const ENVELOPE_REQUIRED = [
  'event_type',
  'event_id',
  'timestamp',
  'entity_id',
  'data',
] as const satisfies readonly (keyof EventEnvelope)[];

/** The envelope of one event type: `event_type` fixed to it, `data` its schema. */
export function envelopeSchema(eventType: string, data: JsonSchema): JsonSchema {
  const fields = structuredClone(ENVELOPE_FIELDS);
  return {
    type: 'object',
    required: [...ENVELOPE_REQUIRED],
    properties: { ...fields, event_type: { ...fields.event_type, const: eventType }, data },
  };
}
