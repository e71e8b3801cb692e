import { buildEnvelope, isKnownEnvelope, parseEnvelope } from './envelope';
import { EventType } from './event-types';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ENTITY = '6650a1b2c3d4e5f601234567';
const deleted = { user_id: ENTITY, deleted_at: '2026-01-01T00:00:00.000Z' };

describe('buildEnvelope', () => {
  it('has exactly the five fields: type, uuid v4 id, ISO UTC timestamp, entity id and data', () => {
    const now = new Date('2026-11-24T10:11:12.131Z');
    const envelope = buildEnvelope(EventType.USER_DELETED, ENTITY, deleted, now);
    expect(Object.keys(envelope).sort()).toEqual(['data', 'entity_id', 'event_id', 'event_type', 'timestamp']);
    expect(envelope).toEqual({
      event_type: 'user.deleted',
      event_id: expect.stringMatching(UUID_V4),
      timestamp: '2026-11-24T10:11:12.131Z',
      entity_id: ENTITY,
      data: deleted,
    });
  });

  it('builds an envelope from a stored head (the outbox entry) with its id, time and entity_version', () => {
    const head = {
      event_type: EventType.USER_DELETED,
      event_id: '0b6c2a8e-1f0e-4c1e-9d0a-2b7f3c4d5e6f',
      timestamp: '2026-11-24T10:11:12.131Z',
      entity_version: 7,
    };
    expect(buildEnvelope(head, ENTITY, deleted)).toEqual({ ...head, entity_id: ENTITY, data: deleted });
  });

  it('gives every envelope its own event id and stamps the current time by default', () => {
    const before = Date.now();
    const a = buildEnvelope(EventType.USER_DELETED, ENTITY, deleted);
    const b = buildEnvelope(EventType.USER_DELETED, ENTITY, deleted);
    expect(a.event_id).not.toBe(b.event_id);
    expect(a.timestamp).toMatch(/Z$/);
    expect(Date.parse(a.timestamp)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(a.timestamp)).toBeLessThanOrEqual(Date.now());
  });
});

describe('parseEnvelope', () => {
  const valid = buildEnvelope(EventType.USER_DELETED, ENTITY, deleted);
  const text = JSON.stringify(valid);

  it('accepts a well-formed envelope from a Buffer or a string, extra fields included', () => {
    expect(parseEnvelope(Buffer.from(text))).toEqual({ ok: true, envelope: valid });
    const withVersion = { ...valid, schema_version: 2, entity_version: 3 };
    expect(parseEnvelope(JSON.stringify(withVersion))).toEqual({ ok: true, envelope: withVersion });
  });

  it('accepts a +00:00 offset as UTC', () => {
    expect(parseEnvelope(JSON.stringify({ ...valid, timestamp: '2026-01-01T00:00:00+00:00' })).ok).toBe(true);
  });

  it('rejects a missing value and a value that is not JSON', () => {
    expect(parseEnvelope(null)).toEqual({ ok: false, error: 'message has no value' });
    expect(parseEnvelope(undefined)).toEqual({ ok: false, error: 'message has no value' });
    const notJson = parseEnvelope('{nope');
    expect(notJson.ok).toBe(false);
    expect(!notJson.ok && notJson.error).toMatch(/^value is not JSON: /);
  });

  it.each([
    ['an array', [], 'envelope must be a JSON object'],
    ['a bad event_type', { ...valid, event_type: 'OrderCreated' }, 'envelope.event_type must be a string like "order.created"'],
    ['a non-uuid event_id', { ...valid, event_id: '42' }, 'envelope.event_id must be a UUID'],
    ['a local timestamp', { ...valid, timestamp: '2026-01-01T10:00:00+02:00' }, 'envelope.timestamp must be an ISO 8601 UTC timestamp'],
    ['an impossible date', { ...valid, timestamp: '2026-13-45T10:00:00Z' }, 'envelope.timestamp must be an ISO 8601 UTC timestamp'],
    ['an empty entity_id', { ...valid, entity_id: '' }, 'envelope.entity_id must be a non-empty string'],
    ['data that is not an object', { ...valid, data: [1] }, 'envelope.data must be an object'],
    ['a version of 0', { ...valid, entity_version: 0 }, 'envelope.entity_version must be an integer of at least 1 when present'],
    ['a fractional version', { ...valid, entity_version: 1.5 }, 'envelope.entity_version must be an integer of at least 1 when present'],
    ['a version as a string', { ...valid, entity_version: '3' }, 'envelope.entity_version must be an integer of at least 1 when present'],
  ])('rejects %s, keeping the decoded value for the DLQ', (_what, value, error) => {
    expect(parseEnvelope(JSON.stringify(value))).toEqual({ ok: false, error, value });
  });

  it('parses an unknown but well-formed type, which isKnownEnvelope then tells apart', () => {
    const unknown = parseEnvelope(JSON.stringify({ ...valid, event_type: 'order.returned' }));
    expect(unknown.ok).toBe(true);
    expect(unknown.ok && isKnownEnvelope(unknown.envelope)).toBe(false);
    const known = parseEnvelope(text);
    expect(known.ok && isKnownEnvelope(known.envelope)).toBe(true);
  });
});
