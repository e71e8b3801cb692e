import { deadLetterMessage } from './dead-letter';
import { backoffDelay } from './retry-backoff';

describe('deadLetterMessage', () => {
  it('goes to dlq.<topic> with the original key and the DLQ record', () => {
    const message = deadLetterMessage(
      { topic: 'order', partition: 2, offset: '41' },
      'k1',
      'garbage',
      'value is not JSON',
      new Date('2025-01-01T00:00:00.000Z'),
    );
    expect(message.topic).toBe('dlq.order');
    expect(message.key).toBe('k1');
    expect(JSON.parse(message.value)).toEqual({
      original_event: 'garbage',
      error: 'value is not JSON',
      failed_at: '2025-01-01T00:00:00.000Z',
      retry_count: 0,
      source_topic: 'order',
      source_partition: 2,
      source_offset: '41',
    });
  });
});

describe('backoffDelay', () => {
  it('doubles from the initial delay and stops at the cap', () => {
    const policy = { initialMs: 100, maxMs: 1000 };
    expect([0, 1, 2, 3, 4, 5, 50].map((n) => backoffDelay(n, policy))).toEqual([100, 200, 400, 800, 1000, 1000, 1000]);
  });
});
