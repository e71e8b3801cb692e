import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Kafka, Producer, RecordMetadata } from 'kafkajs';
import { buildEnvelope, EventEnvelope } from './envelope';
import { EventType, topicOf } from './event-types';
import { PayloadOf } from './events/event-payloads';
import { KafkaConfig } from './kafka.config';

/** A send that did not reach the broker; carries what identifies the event. */
export class EventPublishError extends Error {
  constructor(
    message: string,
    readonly topic: string,
    readonly eventType?: string,
    readonly eventId?: string,
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'EventPublishError';
  }
}

/**
 * Produces JSON messages and domain events. Every send is awaited until the broker
 * acknowledged it (acks=all), so a failure reaches the caller instead of vanishing.
 */
@Injectable()
export class KafkaProducer implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(KafkaProducer.name);
  private readonly producer: Producer;
  private readonly inFlight = new Set<Promise<unknown>>();
  /** The latest send per topic+key, so the next one with that key waits for it (see send). */
  private readonly lastSendOf = new Map<string, Promise<unknown>>();
  private connecting?: Promise<void>;

  constructor(readonly config: KafkaConfig) {
    const { client, producer } = config.toProducerConfig();
    this.producer = new Kafka(client).producer(producer);
  }

  /** Connects at start when Kafka is there; when it is not, the app starts anyway and sends connect on demand. */
  async onModuleInit(): Promise<void> {
    await this.connect().catch((err: unknown) =>
      this.logger.warn(`Kafka not reachable at start, will connect on first send: ${(err as Error).message}`),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.disconnect();
  }

  connect(): Promise<void> {
    this.connecting ??= this.producer.connect().then(
      () => this.logger.log(`producer ${this.config.clientId} connected to ${this.config.bootstrapServers.join(',')}`),
      (err: unknown) => {
        this.connecting = undefined;
        throw err;
      },
    );
    return this.connecting;
  }

  async disconnect(): Promise<void> {
    await this.flush();
    if (this.connecting) await this.producer.disconnect();
    this.connecting = undefined;
  }

  /**
   * Sends `value` as UTF-8 JSON; `key` (UTF-8) picks the partition. Resolves once stored.
   * Sends with the same topic and key reach the broker in call order: kafkajs dispatches concurrent
   * send() calls in whatever order their metadata lookups finish, which reordered one entity's events.
   */
  send(topic: string, value: unknown, key?: string): Promise<RecordMetadata[]> {
    const lane = key === undefined ? undefined : `${topic}\u0000${key}`;
    const previous = lane === undefined ? undefined : this.lastSendOf.get(lane);
    const start = previous ? previous.then(noop, noop) : Promise.resolve();
    const delivery = start
      .then(() => this.connect())
      .then(() =>
        this.producer.send({
          topic,
          messages: [{ key: key ?? null, value: JSON.stringify(value) }],
        }),
      );
    this.inFlight.add(delivery);
    if (lane !== undefined) this.lastSendOf.set(lane, delivery);
    const settle = () => {
      this.inFlight.delete(delivery);
      if (lane !== undefined && this.lastSendOf.get(lane) === delivery) this.lastSendOf.delete(lane);
    };
    delivery.then(settle, settle);
    return delivery;
  }

  /** Wraps `data` in an envelope and sends it to the event type's topic, keyed by `entityId`. */
  async emit<T extends EventType>(eventType: T, entityId: string, data: PayloadOf<T>): Promise<EventEnvelope<T>> {
    const envelope = buildEnvelope(eventType, entityId, data);
    const topic = topicOf(eventType);
    try {
      const [meta] = await this.send(topic, envelope, entityId);
      this.logger.debug(`${eventType} ${envelope.event_id} -> ${topic}[${meta?.partition}]@${meta?.baseOffset}`);
      return envelope;
    } catch (err) {
      const reason = (err as Error).message;
      this.logger.error(`delivery failed for ${eventType} ${envelope.event_id} (entity ${entityId}): ${reason}`);
      throw new EventPublishError(
        `could not publish ${eventType} ${envelope.event_id} to "${topic}": ${reason}`,
        topic,
        eventType,
        envelope.event_id,
        err,
      );
    }
  }

  /** Waits for the sends in flight (at most `timeoutMs`); returns how many are still pending. */
  async flush(timeoutMs = 10_000): Promise<number> {
    if (this.inFlight.size === 0) return 0;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    await Promise.race([Promise.allSettled([...this.inFlight]), timeout]);
    clearTimeout(timer);
    return this.inFlight.size;
  }
}

const noop = (): void => undefined;

let shared: KafkaProducer | undefined;

/** The process-wide producer for scripts outside Nest (connects on first send). */
export function getKafkaProducer(config: KafkaConfig = KafkaConfig.fromEnv('backend-service')): KafkaProducer {
  shared ??= new KafkaProducer(config);
  return shared;
}
