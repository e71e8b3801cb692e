import { RecentOutcomes } from './recent-outcomes';

const envelope = (n: number, extra: Record<string, unknown> = {}) => ({
  event_type: 'order.created',
  event_id: `e-${n}`,
  timestamp: '2025-01-01T00:00:00.000Z',
  entity_id: `o-${n}`,
  data: {},
  ...extra,
});

describe('RecentOutcomes', () => {
  it('records where an event was, what it was and what became of it', () => {
    const recent = new RecentOutcomes(10);
    recent.outcome({
      source: { topic: 'order', partition: 2, offset: '41' },
      event: envelope(1, { entity_version: 3 }),
      outcome: 'applied',
      eventToRowSeconds: 0.0123,
    });
    recent.outcome({ source: { topic: 'order', partition: 0, offset: '7' }, event: 'not json', outcome: 'dead-lettered', error: 'bad' });
    const { last_seq, outcomes } = recent.after(0);
    expect(last_seq).toBe(2);
    expect(outcomes[0]).toMatchObject({
      seq: 1,
      topic: 'order',
      partition: 2,
      offset: '41',
      event_type: 'order.created',
      entity_id: 'o-1',
      entity_version: 3,
      outcome: 'applied',
      delay_ms: 12,
      error: null,
    });
    expect(outcomes[1]).toMatchObject({
      seq: 2,
      event_type: null,
      entity_version: null,
      outcome: 'dead-lettered',
      delay_ms: null,
      error: 'bad',
    });
  });

  it('keeps the last `capacity` records and gives only those after the seq asked for', () => {
    const recent = new RecentOutcomes(3);
    for (let n = 1; n <= 5; n++)
      recent.outcome({ source: { topic: 'order', partition: 0, offset: String(n) }, event: envelope(n), outcome: 'applied' });
    expect(recent.after(0).outcomes.map((o) => o.seq)).toEqual([3, 4, 5]);
    expect(recent.after(4).outcomes.map((o) => o.seq)).toEqual([5]);
    expect(recent.after(5)).toEqual({ instance: recent.instance, last_seq: 5, outcomes: [] });
  });
});
