import { Parser } from '@asyncapi/parser';
import { ALL_EVENT_TYPES, topicOf } from '../event-types';
import { TOPICS } from '../topics';
import { buildAsyncApiDocument } from './asyncapi';
import { generateDataSchemas } from './generate-data-schemas';
import dataSchemasFile from './event-data.schemas.json';

describe('the AsyncAPI document', () => {
  const document = buildAsyncApiDocument();

  it('is valid AsyncAPI 3.0 for @asyncapi/parser, without errors or warnings', async () => {
    const { document: parsed, diagnostics } = await new Parser().parse(JSON.stringify(document));
    const problems = diagnostics.map(
      (d) => `${['error', 'warning', 'info', 'hint'][d.severity]} ${d.code} at ${d.path.join('.')}: ${d.message}`,
    );
    expect(problems.filter((p) => !p.startsWith('info') && !p.startsWith('hint'))).toEqual([]);
    expect(parsed?.version()).toBe('3.0.0');
    expect(
      parsed
        ?.channels()
        .all()
        .map((c) => c.address())
        .sort(),
    ).toEqual([...TOPICS].sort());
    expect(
      parsed
        ?.messages()
        .all()
        .map((m) => m.name())
        .sort(),
    ).toEqual([...ALL_EVENT_TYPES].sort());
  }, 30_000);

  it('is checked for real: the parser rejects a message whose data schema is not JSON Schema', async () => {
    const broken = buildAsyncApiDocument();
    broken.components.schemas.OrderShippedData = { ...broken.components.schemas.OrderShippedData, type: 'objekt' };
    const { diagnostics } = await new Parser().parse(JSON.stringify(broken));
    expect(diagnostics.filter((d) => d.severity === 0).map((d) => d.path.join('.'))).toContain('components.schemas.OrderShippedData.type');
  }, 30_000);

  it('has every event type of the registry as a message on its topic, and nothing else', () => {
    for (const topic of TOPICS) {
      const expected = ALL_EVENT_TYPES.filter((type) => topicOf(type) === topic);
      expect({ topic, messages: Object.keys(document.channels[topic].messages) }).toEqual({ topic, messages: expected });
    }
    expect(Object.keys(document.components.messages)).toEqual([...ALL_EVENT_TYPES]);
  });

  it('describes the envelope: five required fields, entity_version an optional integer >= 1', () => {
    const payload = document.components.messages['order.shipped'].payload;
    expect(payload.required).toEqual(['event_type', 'event_id', 'timestamp', 'entity_id', 'data']);
    expect(payload.properties?.event_type.const).toBe('order.shipped');
    expect(payload.properties?.entity_version).toMatchObject({ type: 'integer', minimum: 1 });
    expect(payload.properties?.data).toEqual({ $ref: '#/components/schemas/OrderShippedData' });
  });
});

describe('the data schemas (event-data.schemas.json)', () => {
  it('are what libs/kafka/src/events types generate today (after changing a payload type: `npm run contract -- generate`)', () => {
    expect(dataSchemasFile).toEqual(generateDataSchemas());
  }, 60_000);
});
