import { EventLogFields, KafkaConfig, RawEventEnvelope, StructuredMessage, Topic } from '@app/kafka';
import { Logger } from '@nestjs/common';
import { CustomTransportStrategy, KafkaContext, MessageHandler, Server } from '@nestjs/microservices';
import { Consumer, EachBatchPayload, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { isObservable, lastValueFrom } from 'rxjs';
import type { ApplyResult } from '../projection/projection-applier';
import { isProjectionWrite, MessageSource, ProjectionWrite } from '../projection/projection-write';
import { ConsumerObserver } from './consumer-observer';
import { deadLetterMessage } from './dead-letter';
import { failureAction, isDataRejection, routeMessage } from './message-router';
import { backoffDelay, BackoffPolicy, DEFAULT_BACKOFF } from './retry-backoff';

/** Runs the writes the handlers return (the ProjectionApplier): one result per write. */
export interface WriteApplier {
  apply(writes: ProjectionWrite[]): Promise<ApplyResult[]>;
}

export interface EnvelopeKafkaServerOptions {
  kafka: KafkaConfig;
  groupId: string;
  applier: WriteApplier;
  /** Default: every topic (Topic.all()). */
  topics?: string[];
  backoff?: BackoffPolicy;
  /** Told of every applied, retried, dead-lettered and skipped event (metrics, readiness). */
  observer?: ConsumerObserver;
}

/**
 * Kafka transport that routes by the envelope's `event_type`, not by topic.
 *
 * Why not `extends ServerKafka`: ServerKafka maps @EventPattern to topic names, runs eachMessage with
 * kafkajs auto-commit (an offset can be committed before its event is in MySQL), appends "-server" to ids
 * and lets event-handler errors die in a log line. Overriding all of that would keep little of it, so this
 * strategy drives kafkajs directly and keeps only Nest's handler registry (@EventPattern -> addHandler):
 * - eachBatch with manual resolveOffset + commit: an offset is committed only after its event was applied
 *   or dead-lettered; the group id is used as given (no "-server").
 * - handlers return ProjectionWrites (validated, flattened, not written); the WriteApplier runs them,
 *   so a later step can apply a whole fetched batch in one transaction.
 * - PoisonEventError (bad payload) -> dlq.<topic> at once; data MySQL keeps rejecting (a unique value taken,
 *   out of range) -> dlq.<topic> after a few attempts; any other failure (MySQL down, deadlock) -> retried
 *   with capped exponential backoff on the same message, never committed past, never dead-lettered.
 * - close() (SIGTERM via Nest shutdown hooks) finishes the message in hand, commits, leaves the group.
 */
export class EnvelopeKafkaServer extends Server implements CustomTransportStrategy {
  private readonly log = new Logger(EnvelopeKafkaServer.name);
  private readonly backoff: BackoffPolicy;
  private consumer?: Consumer;
  private producer?: Producer;
  private stopping = false;
  private wakeUp?: () => void;
  /** Event types without a handler already reported: the warning is once per type, the count is in metrics. */
  private readonly unknownTypes = new Set<string>();

  constructor(private readonly options: EnvelopeKafkaServerOptions) {
    super();
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
  }

  async listen(callback: (err?: unknown) => void): Promise<void> {
    try {
      await this.start();
      callback();
    } catch (err) {
      callback(err);
    }
  }

  async close(): Promise<void> {
    this.stopping = true;
    this.wakeUp?.();
    // disconnect() waits for the batch in hand (which stops after its current message and commits), then leaves the group.
    await this.consumer?.disconnect();
    await this.producer?.disconnect();
    this.log.log('consumer stopped: offsets committed, left the group');
  }

  on(): never {
    throw new Error('EnvelopeKafkaServer does not emit transport events');
  }

  unwrap<T>(): T {
    return this.consumer as T;
  }

  private async start(): Promise<void> {
    const { kafka, groupId } = this.options;
    const consumerConfig = kafka.toConsumerConfig(groupId);
    const client = new Kafka(consumerConfig.client);
    this.producer = client.producer(kafka.toProducerConfig().producer);
    await this.producer.connect();
    this.consumer = client.consumer(consumerConfig.consumer);
    this.options.observer?.attached?.(this.consumer);
    await this.consumer.connect();
    const topics = this.options.topics ?? Topic.all();
    await this.consumer.subscribe({ topics, fromBeginning: consumerConfig.subscribe.fromBeginning });
    await this.consumer.run({
      // Deliberately not the config's autoCommit: commits follow what MySQL holds, never a timer.
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: (payload) => this.consumeBatch(payload),
    });
    this.log.log(`group "${groupId}" consuming ${topics.join(', ')} (${this.getHandlers().size} event types)`);
  }

  private async consumeBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, resolveOffset, heartbeat, isRunning, isStale, commitOffsetsIfNecessary, uncommittedOffsets } = payload;
    try {
      for (const message of batch.messages) {
        if (this.stopping || !isRunning() || isStale()) break;
        const source = { topic: batch.topic, partition: batch.partition, offset: message.offset };
        if (!(await this.handleUntilDone(source, message, payload))) break;
        resolveOffset(message.offset);
        await heartbeat();
      }
    } finally {
      const pending = uncommittedOffsets();
      if (pending.topics.length > 0) await commitOffsetsIfNecessary(pending);
    }
  }

  /** True once the message is applied, skipped or dead-lettered; false when stopping interrupted its retries. */
  private async handleUntilDone(source: MessageSource, message: KafkaMessage, payload: EachBatchPayload): Promise<boolean> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.handle(source, message, payload, attempt);
        return true;
      } catch (err) {
        if (this.stopping) return false;
        const delay = backoffDelay(attempt, this.backoff);
        this.options.observer?.retried?.(source.topic);
        const reason = `failed (attempt ${attempt + 1}), retrying in ${delay} ms: ${(err as Error).message ?? err}`;
        this.log.warn(logLine(reason, source, message.value, { attempt: attempt + 1 }));
        await this.sleep(delay, payload.heartbeat);
      }
    }
  }

  private async handle(source: MessageSource, message: KafkaMessage, payload: EachBatchPayload, attempt: number): Promise<void> {
    const route = routeMessage(message.value, source.topic, (eventType) => this.getHandlerByPattern(eventType));
    if (route.kind === 'skip') return this.skip(route.eventType, route.reason, source, message);
    if (route.kind === 'dead-letter') {
      return this.deadLetter(source, message, route.originalEvent, route.error, attempt + 1);
    }
    try {
      const writes = await this.dispatch(route.handler, route.envelope, source, message, payload);
      const started = process.hrtime.bigint();
      const results = await this.options.applier.apply(writes.map((w) => ({ ...w, source })));
      const applySeconds = Number(process.hrtime.bigint() - started) / 1e9;
      const delaySeconds = (Date.now() - Date.parse(route.envelope.timestamp)) / 1000;
      for (const outcome of results) this.options.observer?.applied?.(route.envelope.event_type, outcome, applySeconds, delaySeconds);
    } catch (err) {
      if (failureAction(err, attempt) === 'retry') throw err;
      const reason = isDataRejection(err) ? `MySQL rejected it after ${attempt + 1} attempts: ` : '';
      return this.deadLetter(
        source,
        message,
        route.envelope,
        `${route.envelope.event_type}: ${reason}${(err as Error).message}`,
        attempt + 1,
      );
    }
  }

  /** No handler for this type: committed past (an older build meeting a newer event), counted, warned once per type. */
  private skip(eventType: string, reason: string, source: MessageSource, message: KafkaMessage): void {
    this.options.observer?.skipped?.(eventType);
    if (this.unknownTypes.has(eventType)) return;
    this.unknownTypes.add(eventType);
    this.log.warn(logLine(`skipped: ${reason} (warned once per type; counted in analytics_events_skipped_total)`, source, message.value));
  }

  /** Runs the @EventPattern handler and awaits it; with PropagateErrorsFilter its errors arrive unchanged. */
  private async dispatch(
    handler: MessageHandler,
    envelope: RawEventEnvelope,
    source: MessageSource,
    message: KafkaMessage,
    payload: EachBatchPayload,
  ): Promise<ProjectionWrite[]> {
    const context = new KafkaContext([
      message,
      source.partition,
      source.topic,
      this.consumer,
      payload.heartbeat,
      this.producer,
    ] as unknown as ConstructorParameters<typeof KafkaContext>[0]);
    const returned: unknown = await handler(envelope, context);
    const result: unknown = isObservable(returned) ? await lastValueFrom(returned, { defaultValue: undefined }) : returned;
    if (result === undefined) return [];
    const writes = Array.isArray(result) ? result : [result];
    if (!writes.every(isProjectionWrite)) {
      throw new Error(`handler of ${envelope.event_type} returned something that is not a ProjectionWrite`);
    }
    return writes;
  }

  private async deadLetter(
    source: MessageSource,
    message: KafkaMessage,
    originalEvent: unknown,
    error: string,
    attempts: number,
  ): Promise<void> {
    const letter = deadLetterMessage(source, message.key, originalEvent, error, attempts);
    await this.producer!.send({ topic: letter.topic, messages: [{ key: letter.key, value: letter.value }] });
    this.options.observer?.deadLettered?.(source.topic);
    this.log.warn(logLine(`dead-lettered to ${letter.topic}: ${error}`, source, message.value, { attempts }));
  }

  /** Waits `ms` while keeping the group session alive; returns at once when stopping. */
  private async sleep(ms: number, heartbeat: () => Promise<void>): Promise<void> {
    const until = Date.now() + ms;
    while (!this.stopping && Date.now() < until) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(1000, until - Date.now()));
        this.wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      if (!this.stopping) await heartbeat();
    }
  }
}

/** A log line about one message: where it is, and which event when its value says so. */
function logLine(text: string, source: MessageSource, value: Buffer | null, extra: Record<string, unknown> = {}): StructuredMessage {
  const where = `${source.topic}[${source.partition}]@${source.offset}`;
  return {
    message: `${where} ${text}`,
    ...eventFieldsOf(value),
    topic: source.topic,
    partition: source.partition,
    offset: source.offset,
    ...extra,
  };
}

/** event_id, event_type and entity_id of a value, as far as it is an envelope (poison may not be). */
function eventFieldsOf(value: Buffer | null): EventLogFields {
  try {
    const parsed: unknown = value ? JSON.parse(value.toString('utf8')) : null;
    if (typeof parsed !== 'object' || parsed === null) return {};
    const fields: EventLogFields = {};
    for (const key of ['event_id', 'event_type', 'entity_id'] as const) {
      const field = (parsed as Record<string, unknown>)[key];
      if (typeof field === 'string') fields[key] = field.slice(0, 100);
    }
    return fields;
  } catch {
    return {};
  }
}
