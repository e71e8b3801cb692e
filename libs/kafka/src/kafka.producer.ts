import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Kafka, Message, Partitioners, Producer, RecordMetadata } from 'kafkajs';
import { buildEnvelope, EventEnvelope } from './envelope';
import { EventType, topicOf } from './event-types';
import { PayloadOf } from './events/event-payloads';
import { KafkaConfig } from './kafka.config';
import { findCause } from './kafkajs/find-cause';
import { endSpan, startSpan, traceHeaders, tracingOn } from './observability/tracing';
import { SpanKind } from '@opentelemetry/api';

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

/** The most messages, and JSON characters, one produce request carries (the broker refuses a record batch over 1 MB). */
const MAX_BATCH_MESSAGES = 1000;
const MAX_BATCH_BYTES = 512 * 1024;

/**
 * Broker answers after which an idempotent producer's id and sequence numbers are no good: sending again with them
 * fails the same way for ever. kafkajs 2.2.4 does not start over by itself (the Java client bumps its epoch, KIP-360),
 * and the fault suites found it: after a Kafka stop longer than the retry budget, and after sends failed below
 * min.insync.replicas (two of three brokers down), every later send of the backend failed with
 * OUT_OF_ORDER_SEQUENCE_NUMBER until the process restarted.
 */
const PRODUCER_STATE_ERRORS = new Set(['OUT_OF_ORDER_SEQUENCE_NUMBER', 'UNKNOWN_PRODUCER_ID', 'INVALID_PRODUCER_EPOCH']);

/** True when `err`, or an error it was caused by, is one of those. */
export function needsNewProducerId(err: unknown): boolean {
  return findCause(err, (e) => PRODUCER_STATE_ERRORS.has(e.type ?? '')) !== undefined;
}

/** A send waiting for its produce request. */
interface Queued {
  topic: string;
  message: Message;
  resolve: (meta: RecordMetadata[]) => void;
  reject: (err: unknown) => void;
}

/**
 * Produces JSON messages and domain events. Every send is awaited until the broker
 * acknowledged it (acks=all), so a failure reaches the caller instead of vanishing.
 *
 * One produce request at a time (idempotent, maxInFlightRequests 1): the sends made while one is in flight
 * wait in call order and go together in the next request (what the Java client's batching does). A busy
 * process thus needs fewer round trips, not more: one request per round trip instead of one per event, which
 * under load had queued sends for seconds. Call order is send order, so one key's messages stay in order.
 */
@Injectable()
export class KafkaProducer implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(KafkaProducer.name);
  private producer: Producer;
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly queue: Queued[] = [];
  private sending = false;
  /** The partition the partitioner chose for each message of the request in flight (kafkajs reports per partition). */
  private readonly partitionOf = new WeakMap<Message, number>();
  private connecting?: Promise<void>;

  constructor(readonly config: KafkaConfig) {
    this.producer = this.newProducer();
  }

  private newProducer(): Producer {
    const { client, producer } = this.config.toProducerConfig();
    const createPartitioner = producer.createPartitioner ?? Partitioners.DefaultPartitioner;
    return new Kafka(client).producer({
      ...producer,
      createPartitioner: (...args) => {
        const partitioner = createPartitioner(...args);
        return (input) => {
          const partition = partitioner(input);
          this.partitionOf.set(input.message, partition);
          return partition;
        };
      },
    });
  }

  /**
   * A new kafkajs producer, so a new producer id with its sequences from 0 (see PRODUCER_STATE_ERRORS). The failed
   * batch goes back to its callers (the outbox relay sends it again: at least once, the consumer dedupes).
   */
  private async renewProducer(reason: unknown): Promise<void> {
    this.logger.warn(`new producer (new producer id) after: ${(reason as Error).message}`);
    const old = this.producer;
    const connected = this.connecting;
    this.producer = this.newProducer();
    this.connecting = undefined;
    if (connected) await old.disconnect().catch(() => undefined);
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
   * Sends `value` as UTF-8 JSON; `key` (UTF-8) picks the partition. Resolves once stored, with the
   * message's partition and offset. Sends reach the broker in call order (see the class comment).
   * With tracing on, each send is a PRODUCER span `send <topic>`, child of the context active at the call (the
   * caller sets it per message: an outbox entry's), and the message carries that span as W3C headers: the batch
   * it goes out in mixes requests, the headers do not.
   */
  send(topic: string, value: unknown, key?: string): Promise<RecordMetadata[]> {
    const span = tracingOn()
      ? startSpan(`send ${topic}`, { kind: SpanKind.PRODUCER, attributes: sendAttributes(topic, value, key) })
      : undefined;
    const message: Message = { key: key ?? null, value: JSON.stringify(value), ...(span ? { headers: traceHeaders(span) } : {}) };
    const delivery = new Promise<RecordMetadata[]>((resolve, reject) => {
      this.queue.push({ topic, message, resolve, reject });
    });
    if (span) {
      delivery.then(
        ([meta]) => {
          if (meta) span.setAttribute('messaging.destination.partition.id', String(meta.partition));
          if (meta?.baseOffset !== undefined) span.setAttribute('messaging.kafka.offset', Number(meta.baseOffset));
          endSpan(span);
        },
        (err: unknown) => endSpan(span, err),
      );
    }
    this.inFlight.add(delivery);
    const settle = () => this.inFlight.delete(delivery);
    delivery.then(settle, settle);
    this.pump();
    return delivery;
  }

  /** Starts the next produce request with what is queued, unless one is in flight (it starts the next when done). */
  private pump(): void {
    if (this.sending || this.queue.length === 0) return;
    this.sending = true;
    const batch = this.takeBatch();
    void this.deliver(batch).finally(() => {
      this.sending = false;
      this.pump();
    });
  }

  private takeBatch(): Queued[] {
    let bytes = 0;
    let count = 0;
    for (const { message } of this.queue) {
      bytes += (message.value as string).length;
      if (count > 0 && (count >= MAX_BATCH_MESSAGES || bytes > MAX_BATCH_BYTES)) break;
      count++;
    }
    return this.queue.splice(0, count);
  }

  private async deliver(batch: Queued[]): Promise<void> {
    try {
      await this.connect();
      const byTopic = new Map<string, Message[]>();
      for (const { topic, message } of batch) {
        const messages = byTopic.get(topic) ?? byTopic.set(topic, []).get(topic)!;
        messages.push(message);
      }
      const written = await this.producer.sendBatch({ topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) });
      // Offsets: a partition's messages of this request are stored in request order from its baseOffset.
      const byPartition = new Map(
        written.map((meta) => [`${meta.topicName}:${meta.partition}`, { meta, next: BigInt(meta.baseOffset ?? '0') }]),
      );
      for (const { topic, message, resolve, reject } of batch) {
        const partition = this.partitionOf.get(message) ?? -1;
        const stored = byPartition.get(`${topic}:${partition}`);
        // kafkajs 2.2.4 can resolve a sendBatch without sending some partitions: a broker that answered an earlier
        // attempt is not asked again, even when a partition whose leader failed has moved to it meanwhile (a leader
        // change, kafkajs#1798; the cluster fault suite's rolling restart lost an acknowledged event that way). A
        // message without its partition's acknowledgement is not stored: it fails, and stays in its outbox.
        if (!stored) {
          reject(new Error(`${topic}[${partition}]: the broker did not acknowledge this partition in the produce response`));
          continue;
        }
        const offset = stored.next++;
        resolve([{ ...stored.meta, topicName: topic, partition, errorCode: stored.meta.errorCode ?? 0, baseOffset: offset.toString() }]);
      }
    } catch (err) {
      for (const { reject } of batch) reject(err);
      if (needsNewProducerId(err)) await this.renewProducer(err);
    }
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

/** The messaging attributes of a send span (semantic conventions), with the event's id and type when it is an envelope. */
function sendAttributes(topic: string, value: unknown, key?: string): Record<string, string> {
  const envelope = value as { event_id?: unknown; event_type?: unknown } | null;
  return {
    'messaging.system': 'kafka',
    'messaging.operation.type': 'send',
    'messaging.destination.name': topic,
    ...(key === undefined ? {} : { 'messaging.kafka.message.key': key }),
    ...(typeof envelope?.event_id === 'string' ? { 'messaging.message.id': envelope.event_id } : {}),
    ...(typeof envelope?.event_type === 'string' ? { 'event.type': envelope.event_type } : {}),
  };
}

let shared: KafkaProducer | undefined;

/** The process-wide producer for scripts outside Nest (connects on first send). */
export function getKafkaProducer(config: KafkaConfig = KafkaConfig.fromEnv('backend-service')): KafkaProducer {
  shared ??= new KafkaProducer(config);
  return shared;
}
