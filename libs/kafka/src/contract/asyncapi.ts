import { ALL_EVENT_TYPES, EventType, topicOf } from '../event-types';
import { dlqTopicOf, Topic, TOPICS } from '../topics';
import { envelopeSchema } from './envelope.schema';
import type { EventDataSchemas, JsonSchema } from './json-schema';
import dataSchemasFile from './event-data.schemas.json';

/** The contract's version: its major moves with each breaking release (`npm run contract -- release`). */
export const CONTRACT_VERSION = '1.0.0';

const dataSchemas = dataSchemasFile as EventDataSchemas;

const TOPIC_DESCRIPTIONS: Record<Topic, string> = {
  user: 'Users: created, updated, soft-deleted.',
  order: 'Orders: placed, cancelled, shipped.',
  post: 'Posts: written, edited, published, soft-deleted.',
  product: 'Products: created, updated, the lifecycle (published, out of stock, restored, discontinued), deleted.',
  supplier: 'Suppliers: created, updated, deleted.',
};

export interface AsyncApiDocument {
  asyncapi: '3.0.0';
  info: { title: string; version: string; description: string };
  defaultContentType: string;
  servers: Record<string, unknown>;
  channels: Record<string, { address: string; description: string; messages: Record<string, { $ref: string }> }>;
  operations: Record<string, unknown>;
  components: { messages: Record<string, AsyncApiMessage>; schemas: Record<string, JsonSchema> };
}

export interface AsyncApiMessage {
  name: string;
  title: string;
  summary: string;
  contentType: string;
  payload: JsonSchema;
  bindings: { kafka: { key: JsonSchema; bindingVersion: string } };
}

/** The data schema of an event type, or an error naming the command that makes it (a type added without it). */
export function dataSchemaOf(eventType: string): JsonSchema {
  const schema = dataSchemas.data[eventType];
  if (!schema) throw new Error(`no data schema for ${eventType}: run \`npm run contract -- generate\``);
  return schema;
}

/**
 * The event contract as AsyncAPI 3.0: the five topics as channels, one message per event type of the registry
 * (ALL_EVENT_TYPES), each an envelope whose `data` is the JSON Schema generated from libs/kafka's payload types.
 */
export function buildAsyncApiDocument(): AsyncApiDocument {
  const messages: Record<string, AsyncApiMessage> = {};
  for (const eventType of ALL_EVENT_TYPES) messages[eventType] = message(eventType);
  const channels: AsyncApiDocument['channels'] = {};
  const operations: AsyncApiDocument['operations'] = {};
  for (const topic of TOPICS) {
    const refs = ALL_EVENT_TYPES.filter((type) => topicOf(type) === topic).map((type) => ({ $ref: `#/components/messages/${type}` }));
    channels[topic] = {
      address: topic,
      description: `${TOPIC_DESCRIPTIONS[topic]} Key = entity_id, so one entity's events keep their order. The analytics consumer dead-letters what it cannot apply to \`${dlqTopicOf(topic)}\`.`,
      messages: Object.fromEntries(refs.map((ref) => [ref.$ref.split('/').pop() as string, ref])),
    };
    operations[`send-${topic}`] = {
      action: 'send',
      title: `The backend publishes ${topic} events`,
      channel: { $ref: `#/channels/${topic}` },
      messages: refs.map((ref) => ({ $ref: `#/channels/${topic}/messages/${ref.$ref.split('/').pop()}` })),
    };
  }
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Social commerce domain events',
      version: CONTRACT_VERSION,
      description:
        'Every change of a user, supplier, product, order or post is one event on Kafka: one JSON envelope per ' +
        'message, key = entity_id, topic = the part of event_type before the first dot. Delivery is at least once ' +
        '(dedupe by event_id). Consumers must ignore fields they do not know.',
    },
    defaultContentType: 'application/json',
    servers: { local: { host: 'localhost:9092', protocol: 'kafka', description: 'the local stack (`npm start`)' } },
    channels,
    operations,
    components: { messages, schemas: structuredClone(dataSchemas.definitions) },
  };
}

function message(eventType: EventType): AsyncApiMessage {
  return {
    name: eventType,
    title: eventType,
    summary: `${eventType} on topic \`${topicOf(eventType)}\``,
    contentType: 'application/json',
    payload: envelopeSchema(eventType, structuredClone(dataSchemaOf(eventType))),
    bindings: { kafka: { key: { type: 'string', description: 'entity_id' }, bindingVersion: '0.5.0' } },
  };
}
