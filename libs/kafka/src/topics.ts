/** The five Kafka topics: one per aggregate, named like the first part of its event types. */
export const TOPICS = ['user', 'order', 'post', 'product', 'supplier'] as const;

export type Topic = (typeof TOPICS)[number];

export const Topic = {
  USER: 'user',
  ORDER: 'order',
  POST: 'post',
  PRODUCT: 'product',
  SUPPLIER: 'supplier',
  all(): Topic[] {
    return [...TOPICS];
  },
} as const;

/** The dead letter topic of a topic: `order` -> `dlq.order`. */
export function dlqTopicOf(topic: string): string {
  return `dlq.${topic}`;
}

export function isTopic(value: string): value is Topic {
  return (TOPICS as readonly string[]).includes(value);
}
