import { join } from 'node:path';
import { createGenerator } from 'ts-json-schema-generator';
import type { EventDataSchemas, JsonSchema } from './json-schema';

const LIB_SRC = join(__dirname, '..');
export const DATA_SCHEMAS_FILE = join(__dirname, 'event-data.schemas.json');
const COMPONENTS = '#/components/schemas/';

/**
 * The JSON Schema of each event type's `data`, generated from the one source: `EventPayloads` in
 * events/event-payloads.ts (the compiler ties its keys to the event type registry). Build time and test only: it needs
 * the TypeScript compiler, so the apps read the committed result (event-data.schemas.json) instead.
 */
export function generateDataSchemas(): EventDataSchemas {
  const schema = createGenerator({
    path: join(LIB_SRC, 'events', 'event-payloads.ts'),
    tsconfig: join(LIB_SRC, '..', '..', '..', 'tsconfig.json'),
    type: 'EventPayloads',
    expose: 'export',
    topRef: false,
    jsDoc: 'extended',
    // Consumers must accept fields they do not know (CONTRACT.md: fields are added freely).
    additionalProperties: true,
    skipTypeCheck: true,
  }).createSchema('EventPayloads');
  const toComponents = (value: unknown): unknown => JSON.parse(JSON.stringify(value).replaceAll('"#/definitions/', `"${COMPONENTS}`));
  return {
    $comment: 'Generated from libs/kafka/src/events/event-payloads.ts by `npm run contract -- generate`; do not edit.',
    data: toComponents(schema.properties) as Record<string, JsonSchema>,
    definitions: toComponents(schema.definitions) as Record<string, JsonSchema>,
  };
}
