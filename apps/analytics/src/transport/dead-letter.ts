import { dlqTopicOf } from '@app/kafka';
import { MessageSource } from '../projection/projection-write';

/** The value of a message on dlq.<topic>. */
export interface DeadLetter {
  /** The event as it came (decoded JSON, or the raw text); a summary when it was too large, see `truncated`. */
  original_event: unknown;
  error: string;
  failed_at: string;
  /** Attempts beyond the first: 0 for poison dead-lettered at once, 2 for data MySQL refused 3 times. */
  retry_count: number;
  attempts: number;
  source_topic: string;
  source_partition: number;
  source_offset: string;
  /** Present when original_event is a summary: the full value did not fit one Kafka message. */
  truncated?: { original_bytes: number; prefix: string };
}

export interface DeadLetterMessage {
  topic: string;
  key: Buffer | string | null;
  value: string;
}

/**
 * Largest dead letter value written whole. Kafka's default max.message.bytes is 1 MiB; a letter above it would be
 * refused by the broker and retried forever, stalling the partition. Above this size the letter keeps the reason,
 * the source and a prefix of the value instead (the original stays readable at source_topic/partition/offset
 * until retention removes it).
 */
export const MAX_DEAD_LETTER_BYTES = 512 * 1024;
export const TRUNCATED_PREFIX_CHARS = 4096;

export function deadLetterMessage(
  source: MessageSource,
  key: Buffer | string | null,
  originalEvent: unknown,
  error: string,
  attempts = 1,
  now: Date = new Date(),
): DeadLetterMessage {
  const letter: DeadLetter = {
    original_event: originalEvent,
    error,
    failed_at: now.toISOString(),
    retry_count: attempts - 1,
    attempts,
    source_topic: source.topic,
    source_partition: source.partition,
    source_offset: source.offset,
  };
  const whole = JSON.stringify(letter);
  const bytes = Buffer.byteLength(whole);
  if (bytes <= MAX_DEAD_LETTER_BYTES) return { topic: dlqTopicOf(source.topic), key, value: whole };
  const text = typeof originalEvent === 'string' ? originalEvent : JSON.stringify(originalEvent);
  const summary: DeadLetter = {
    ...letter,
    original_event: null,
    error: error.slice(0, TRUNCATED_PREFIX_CHARS),
    truncated: { original_bytes: Buffer.byteLength(text ?? ''), prefix: (text ?? '').slice(0, TRUNCATED_PREFIX_CHARS) },
  };
  return { topic: dlqTopicOf(source.topic), key, value: JSON.stringify(summary) };
}
