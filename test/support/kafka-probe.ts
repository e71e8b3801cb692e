import { randomUUID } from 'node:crypto';
import { Consumer, Kafka, logLevel, Producer } from 'kafkajs';
import '../../libs/kafka/src/kafkajs/request-queue-fix';
import { eventually } from './eventually';

export interface ProbedMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: string | null;
  /** The value parsed as JSON, when it is JSON. */
  // Any JSON a test produced or the app emitted; each test reads the fields it expects.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json?: any;
  headers: Record<string, string>;
}

export function testKafka(): Kafka {
  return new Kafka({
    clientId: `e2e-${randomUUID().slice(0, 8)}`,
    brokers: (process.env.KAFKA_BOOTSTRAP_SERVERS ?? '').split(','),
    logLevel: logLevel.NOTHING,
  });
}

/**
 * Reads topics from the beginning with a group of its own and keeps every message,
 * so a test can wait for the message it caused: `await probe.waitFor(m => m.json?.entity_id === id)`.
 */
export class KafkaProbe {
  readonly messages: ProbedMessage[] = [];
  private consumer?: Consumer;

  static async start(topics: string[]): Promise<KafkaProbe> {
    const probe = new KafkaProbe();
    await probe.run(topics);
    return probe;
  }

  private async run(topics: string[]): Promise<void> {
    this.consumer = testKafka().consumer({ groupId: `e2e-probe-${randomUUID()}`, allowAutoTopicCreation: true });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics, fromBeginning: true });
    await this.consumer.run({
      autoCommit: false,
      eachMessage: async ({ topic, partition, message }) => {
        const value = message.value?.toString('utf8') ?? null;
        let json: unknown;
        try {
          json = value === null ? undefined : JSON.parse(value);
        } catch {
          json = undefined;
        }
        const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, v?.toString() ?? '']));
        this.messages.push({ topic, partition, offset: message.offset, key: message.key?.toString('utf8') ?? null, value, json, headers });
      },
    });
  }

  /** The first message matching `match`, waiting for it up to `timeoutMs`. */
  waitFor(match: (m: ProbedMessage) => boolean, timeoutMs = 20_000, what = 'a matching Kafka message'): Promise<ProbedMessage> {
    return eventually(() => this.messages.find(match), { timeoutMs, what });
  }

  /** Every message matching `match` once at least `count` of them arrived. */
  waitForAll(match: (m: ProbedMessage) => boolean, count: number, timeoutMs = 20_000): Promise<ProbedMessage[]> {
    return eventually(
      () => {
        const found = this.messages.filter(match);
        return found.length >= count ? found : undefined;
      },
      { timeoutMs, what: `${count} matching Kafka messages` },
    );
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}

/** A plain producer for tests that write raw messages (poison, hand-made envelopes). */
export async function rawProducer(): Promise<Producer> {
  const producer = testKafka().producer({ allowAutoTopicCreation: true });
  await producer.connect();
  return producer;
}
