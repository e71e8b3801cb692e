import { deadLetterMessage, MAX_DEAD_LETTER_BYTES, TRUNCATED_PREFIX_CHARS } from './dead-letter';
import { backoffDelay } from './retry-backoff';

describe('deadLetterMessage', () => {
  it('goes to dlq.<topic> with the original key and the DLQ record', () => {
    const message = deadLetterMessage(
      { topic: 'order', partition: 2, offset: '41' },
      'k1',
      'garbage',
      'value is not JSON',
      1,
      new Date('2025-01-01T00:00:00.000Z'),
    );
    expect(message.topic).toBe('dlq.order');
    expect(message.key).toBe('k1');
    expect(JSON.parse(message.value)).toEqual({
      original_event: 'garbage',
      error: 'value is not JSON',
      failed_at: '2025-01-01T00:00:00.000Z',
      retry_count: 0,
      attempts: 1,
      source_topic: 'order',
      source_partition: 2,
      source_offset: '41',
    });
  });
});

describe('deadLetterMessage of a value too large for one Kafka message', () => {
  it('keeps the reason, the source, the attempts and a prefix, and fits under the limit', () => {
    const huge = '\u0001'.repeat(200 * 1024); // 200 KB of 0x01: JSON escapes each as \u0001, six times the size
    const message = deadLetterMessage({ topic: 'user', partition: 1, offset: '7' }, null, huge, 'value is not JSON', 3);
    expect(Buffer.byteLength(message.value)).toBeLessThanOrEqual(MAX_DEAD_LETTER_BYTES);
    expect(JSON.parse(message.value)).toEqual({
      original_event: null,
      error: 'value is not JSON',
      failed_at: expect.any(String),
      retry_count: 2,
      attempts: 3,
      source_topic: 'user',
      source_partition: 1,
      source_offset: '7',
      truncated: { original_bytes: 200 * 1024, prefix: huge.slice(0, TRUNCATED_PREFIX_CHARS) },
    });
  });

  it('writes a letter below the limit whole', () => {
    const value = 'x'.repeat(100 * 1024);
    expect(JSON.parse(deadLetterMessage({ topic: 'user', partition: 0, offset: '1' }, null, value, 'bad').value).original_event).toBe(
      value,
    );
  });
});

describe('backoffDelay', () => {
  it('doubles from the initial delay and stops at the cap', () => {
    const policy = { initialMs: 100, maxMs: 1000 };
    expect([0, 1, 2, 3, 4, 5, 50].map((n) => backoffDelay(n, policy))).toEqual([100, 200, 400, 800, 1000, 1000, 1000]);
  });
});
