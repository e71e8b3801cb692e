import { KafkaConfig, RawEventEnvelope, Topic } from '@app/kafka';
import { Logger } from '@nestjs/common';
import { CustomTransportStrategy, KafkaContext, MessageHandler, Server } from '@nestjs/microservices';
import { Consumer, EachBatchPayload, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { isObservable, lastValueFrom } from 'rxjs';
import { isProjectionWrite, MessageSource, ProjectionWrite } from '../projection/projection-write';
import { deadLetterMessage } from './dead-letter';
import { failureAction, isDataRejection, routeMessage } from './message-router';
import { backoffDelay, BackoffPolicy, DEFAULT_BACKOFF } from './retry-backoff';

/** Runs the writes the handlers return (the ProjectionApplier). */
export interface WriteApplier {
  apply(writes: ProjectionWrite[]): Promise<unknown>;
}

export interface EnvelopeKafkaServerOptions {
  kafka: KafkaConfig;
  groupId: string;
  applier: WriteApplier;
  /** Default: every topic (Topic.all()). */
  topics?: string[];
  backoff?: BackoffPolicy;
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
        this.log.warn(`${where(source)} failed (attempt ${attempt + 1}), retrying in ${delay} ms: ${(err as Error).message ?? err}`);
        await this.sleep(delay, payload.heartbeat);
      }
    }
  }

  private async handle(source: MessageSource, message: KafkaMessage, payload: EachBatchPayload, attempt: number): Promise<void> {
    const route = routeMessage(message.value, (eventType) => this.getHandlerByPattern(eventType));
    if (route.kind === 'skip') {
      this.log.debug(`${where(source)} skipped: ${route.reason}`);
      return;
    }
    if (route.kind === 'dead-letter') {
      return this.deadLetter(source, message.key, route.originalEvent, route.error);
    }
    try {
      const writes = await this.dispatch(route.handler, route.envelope, source, message, payload);
      await this.options.applier.apply(writes.map((w) => ({ ...w, source })));
    } catch (err) {
      if (failureAction(err, attempt) === 'retry') throw err;
      const reason = isDataRejection(err) ? `MySQL rejected it after ${attempt + 1} attempts: ` : '';
      return this.deadLetter(source, message.key, route.envelope, `${route.envelope.event_type}: ${reason}${(err as Error).message}`);
    }
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

  private async deadLetter(source: MessageSource, key: Buffer | null, originalEvent: unknown, error: string): Promise<void> {
    const letter = deadLetterMessage(source, key, originalEvent, error);
    await this.producer!.send({ topic: letter.topic, messages: [{ key: letter.key, value: letter.value }] });
    this.log.warn(`${where(source)} dead-lettered to ${letter.topic}: ${error}`);
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

function where(source: MessageSource): string {
  return `${source.topic}[${source.partition}]@${source.offset}`;
}
