import { dlqTopicOf } from '@app/kafka';
import { MessageSource } from '../projection/projection-write';

/** The value of a message on dlq.<topic>. */
export interface DeadLetter {
  original_event: unknown;
  error: string;
  failed_at: string;
  retry_count: number;
  source_topic: string;
  source_partition: number;
  source_offset: string;
}

export interface DeadLetterMessage {
  topic: string;
  key: Buffer | string | null;
  value: string;
}

export function deadLetterMessage(
  source: MessageSource,
  key: Buffer | string | null,
  originalEvent: unknown,
  error: string,
  now: Date = new Date(),
): DeadLetterMessage {
  const letter: DeadLetter = {
    original_event: originalEvent,
    error,
    failed_at: now.toISOString(),
    retry_count: 0,
    source_topic: source.topic,
    source_partition: source.partition,
    source_offset: source.offset,
  };
  return { topic: dlqTopicOf(source.topic), key, value: JSON.stringify(letter) };
}
