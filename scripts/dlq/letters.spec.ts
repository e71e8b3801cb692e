import { printable, replayOf, select, StoredLetter, summarise } from './letters';

const ORDER_ID = '6650a1b2c3d4e5f601234567';
const EVENT_ID = '3f1c1b1e-9d3a-4c1e-8f5b-2a7d9e0c4b11';
const envelope = { event_type: 'order.created', event_id: EVENT_ID, timestamp: '2025-01-01T00:00:00.000Z', entity_id: ORDER_ID, data: {} };

function letter(offset: string, value: Record<string, unknown> = {}, partition = 0): StoredLetter {
  return {
    dlqTopic: 'dlq.order',
    partition,
    offset,
    key: ORDER_ID,
    value: {
      original_event: envelope,
      error: 'rejected',
      failed_at: '2025-01-01T00:00:10.000Z',
      attempts: 3,
      source_topic: 'order',
      ...value,
    },
  };
}

describe('dead letters', () => {
  it('summarises a letter: where, which event, why, how many attempts, how old, replayed by --all or not', () => {
    const committed = new Map([[0, 5n]]);
    expect(summarise(letter('4'), committed, Date.parse('2025-01-01T00:01:10.000Z'))).toEqual({
      where: 'dlq.order:0@4',
      event_type: 'order.created',
      event_id: EVENT_ID,
      entity_id: ORDER_ID,
      reason: 'rejected',
      attempts: 3,
      age_s: 60,
      replayed: true,
      truncated: false,
    });
    expect(summarise(letter('5'), committed).replayed).toBe(false);
  });

  it('replays the original envelope to its source topic, keyed by its entity_id whatever key the letter had', () => {
    expect(replayOf(letter('4'))).toEqual({ topic: 'order', key: ORDER_ID, value: JSON.stringify(envelope), from: 'dlq.order:0@4' });
    expect(replayOf({ ...letter('4'), key: 'someone-else' })).toMatchObject({ key: ORDER_ID });
  });

  it.each([
    ['an entity_id that is not 24 hex', { ...envelope, entity_id: 'o-1' }, 'order', /entity_id must be a 24-character hex ObjectId/],
    ['an event_id that is not a UUID', { ...envelope, event_id: 'e-1' }, 'order', /event_id must be a UUID/],
    ['no data', { ...envelope, data: undefined }, 'order', /data must be an object/],
    ['an event type of another topic', envelope, 'user', /belongs on topic "order", not on the letter's source topic "user"/],
    ['a source topic of no domain', { ...envelope, event_type: 'consumer_offsets.x' }, '__consumer_offsets', /names no topic/],
  ])('checks the envelope before sending: refuses %s', (_what, original, sourceTopic, reason) => {
    const refused = replayOf(letter('4', { original_event: original, source_topic: sourceTopic }));
    expect(refused).toEqual({ refused: expect.stringMatching(reason) });
  });

  it('escapes control characters and bidirectional overrides for the terminal, and cuts long text', () => {
    expect(printable('bad\u001b[2J\u0000\u202eevil\u0085')).toBe('bad\\u001b[2J\\u0000\\u202eevil\\u0085');
    expect(printable('x'.repeat(600))).toBe(`${'x'.repeat(500)}...(100 more characters)`);
  });

  it('refuses a truncated letter and a value that is not an envelope', () => {
    expect(replayOf(letter('4', { original_event: null, truncated: { original_bytes: 9, prefix: 'x' } }))).toEqual({
      refused: expect.stringContaining('only a summary'),
    });
    expect(replayOf(letter('5', { original_event: 'not json', error: 'value is not JSON' }))).toEqual({
      refused: expect.stringContaining('is not an event envelope (value is not JSON)'),
    });
  });

  it('selects by offset or event id, or with --all what the replay group has not passed yet', () => {
    const letters = [letter('3'), letter('4', { original_event: { ...envelope, event_id: 'e-2' } }), letter('0', {}, 1)];
    const committed = new Map([[0, 4n]]);
    const at = (chosen: StoredLetter[]) => chosen.map((l) => `${l.partition}@${l.offset}`);
    expect(at(select(letters, { all: false, offsets: ['0@3'], eventIds: [] }, committed))).toEqual(['0@3']);
    expect(at(select(letters, { all: false, offsets: [], eventIds: ['e-2'] }, committed))).toEqual(['0@4']);
    expect(at(select(letters, { all: true, offsets: [], eventIds: [] }, committed))).toEqual(['0@4', '1@0']);
  });
});
