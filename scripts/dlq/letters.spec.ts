import { replayOf, select, StoredLetter, summarise } from './letters';

const envelope = { event_type: 'order.created', event_id: 'e-1', timestamp: '2025-01-01T00:00:00.000Z', entity_id: 'o-1', data: {} };

function letter(offset: string, value: Record<string, unknown> = {}, partition = 0): StoredLetter {
  return {
    dlqTopic: 'dlq.order',
    partition,
    offset,
    key: 'o-1',
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
      event_id: 'e-1',
      entity_id: 'o-1',
      reason: 'rejected',
      attempts: 3,
      age_s: 60,
      replayed: true,
      truncated: false,
    });
    expect(summarise(letter('5'), committed).replayed).toBe(false);
  });

  it('replays the original envelope to its source topic with its key', () => {
    expect(replayOf(letter('4'))).toEqual({ topic: 'order', key: 'o-1', value: JSON.stringify(envelope), from: 'dlq.order:0@4' });
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
