import {
  contextOf,
  EventLogFields,
  hasTraceContext,
  inSpan,
  KafkaConfig,
  linksOf,
  RawEventEnvelope,
  StructuredMessage,
  Topic,
  traceLogFieldsOf,
  tracingOn,
} from '@app/kafka';
import { SpanKind } from '@opentelemetry/api';
import { Logger } from '@nestjs/common';
import { CustomTransportStrategy, KafkaContext, MessageHandler, Server } from '@nestjs/microservices';
import { Consumer, EachBatchPayload, Kafka, KafkaMessage, Message, Producer } from 'kafkajs';
import '@app/kafka/kafkajs/request-queue-fix';
import { isObservable, lastValueFrom } from 'rxjs';
import type { BatchOutcome } from '../projection/projection-applier';
import { headerOf, isProjectionWrite, MessageSource, ProjectionWrite } from '../projection/projection-write';
import { ConsumerObserver } from './consumer-observer';
import { deadLetterMessage } from './dead-letter';
import { failureAction, isDataRejection, routeMessage } from './message-router';
import { MAX_UNKNOWN_EVENT_TYPES, OTHER_EVENT_TYPE, UnknownEventTypes } from './unknown-event-types';
import { backoffDelay, BackoffPolicy, DEFAULT_BACKOFF } from './retry-backoff';

/** Runs the writes the handlers return (the ProjectionApplier), all in one transaction: one result per write. */
export interface WriteApplier {
  apply(writes: ProjectionWrite[]): Promise<BatchOutcome>;
}

export const DEFAULT_BATCH_SIZE = 500;
export const DEFAULT_CONCURRENCY = 3;
/**
 * At most this much per fetch response (kafkajs' default is 10 MB, 1 MB a partition): a fetch still carries
 * thousands of events, and the raw responses held while they are decoded and applied stay a few MB (part of the
 * app's 150 MB budget).
 */
const FETCH_MAX_BYTES = 4 * 1024 * 1024;

/** A message its handler mapped to a write (which keeps the envelope's header, not its data). */
interface PreparedWrite {
  write: ProjectionWrite;
  message: KafkaMessage;
}

/** A message bound for dlq.<topic>. */
interface Letter {
  source: MessageSource;
  message: KafkaMessage;
  originalEvent: unknown;
  error: string;
  attempts: number;
}

interface Prepared {
  items: PreparedWrite[];
  letters: Letter[];
}

export interface EnvelopeKafkaServerOptions {
  kafka: KafkaConfig;
  groupId: string;
  applier: WriteApplier;
  /** Default: every topic (Topic.all()). */
  topics?: string[];
  backoff?: BackoffPolicy;
  /** Most events per MySQL transaction (default 500). */
  batchSize?: number;
  /** Partitions consumed at once, each batch in its own transaction (default 3). */
  concurrency?: number;
  /** Told of every applied, retried, dead-lettered and skipped event (metrics, readiness). */
  observer?: ConsumerObserver;
  /** How far ahead of this clock a version-less event's timestamp may be before it is dead-lettered (default 5 min). */
  maxClockSkewMs?: number;
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
 * - handlers return ProjectionWrites (validated, flattened, not written); the WriteApplier applies each
 *   fetched batch (up to `batchSize` events) in ONE transaction, then its offset is committed. Partitions are
 *   consumed `concurrency` at a time; an entity's events share a partition, so they stay in order.
 * - PoisonEventError (bad payload) -> dlq.<topic> at once, the rest of its batch goes on; data MySQL keeps
 *   rejecting (a unique value taken, out of range) -> the batch is applied event by event and that event goes to
 *   dlq.<topic> after a few attempts; any other failure (MySQL down, deadlock) -> the batch is retried with
 *   capped exponential backoff, never committed past, never dead-lettered.
 * - close() (SIGTERM via Nest shutdown hooks) finishes the batch in hand, commits, leaves the group.
 */
export class EnvelopeKafkaServer extends Server implements CustomTransportStrategy {
  private readonly log = new Logger(EnvelopeKafkaServer.name);
  private readonly backoff: BackoffPolicy;
  private consumer?: Consumer;
  private producer?: Producer;
  private stopping = false;
  private wakeUp?: () => void;
  /** Event types without a handler already reported: the warning is once per type, the count is in metrics (bounded). */
  private readonly unknownTypes = new UnknownEventTypes();
  /** Handlers by event type; unknown types are not cached here (UnknownEventTypes bounds those). */
  private readonly handlersByType = new Map<string, MessageHandler>();

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
    this.consumer = client.consumer({ ...consumerConfig.consumer, maxBytes: FETCH_MAX_BYTES });
    this.options.observer?.attached?.(this.consumer);
    await this.consumer.connect();
    const topics = this.options.topics ?? Topic.all();
    await this.consumer.subscribe({ topics, fromBeginning: consumerConfig.subscribe.fromBeginning });
    await this.consumer.run({
      // Deliberately not the config's autoCommit: commits follow what MySQL holds, never a timer.
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.concurrency ?? DEFAULT_CONCURRENCY,
      eachBatch: (payload) => this.consumeBatch(payload),
    });
    this.log.log(`group "${groupId}" consuming ${topics.join(', ')} (${this.getHandlers().size} event types)`);
  }

  /**
   * A fetched batch of one partition, in chunks of `batchSize`: each chunk is routed and mapped by the handlers,
   * its dead letters sent, its writes applied in one MySQL transaction, then its last offset committed.
   */
  private async consumeBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, resolveOffset, heartbeat, isRunning, isStale, commitOffsetsIfNecessary, uncommittedOffsets } = payload;
    const size = this.options.batchSize ?? DEFAULT_BATCH_SIZE;
    try {
      for (let i = 0; i < batch.messages.length; i += size) {
        if (this.stopping || !isRunning() || isStale()) break;
        const chunk = batch.messages.slice(i, i + size);
        if (!(await this.handleChunk(batch.topic, batch.partition, chunk, payload))) break;
        resolveOffset(chunk[chunk.length - 1].offset);
        await commitOffsetsIfNecessary(uncommittedOffsets());
        await heartbeat();
      }
    } finally {
      const pending = uncommittedOffsets();
      if (pending.topics.length > 0) await commitOffsetsIfNecessary(pending);
    }
  }

  /**
   * With tracing on, a chunk is one CONSUMER span `process <topic>` (its MySQL transactions inside): it continues the
   * trace of its first traced event (the send span in the event's headers, so a lone event's trace runs from the HTTP
   * request to the MySQL commit) and links to every other event's send span.
   */
  private handleChunk(topic: string, partition: number, chunk: KafkaMessage[], payload: EachBatchPayload): Promise<boolean> {
    if (!tracingOn()) return this.routeAndApply(topic, partition, chunk, payload);
    const traced = chunk.filter((m) => hasTraceContext(m.headers));
    return inSpan(
      `process ${topic}`,
      {
        kind: SpanKind.CONSUMER,
        parent: contextOf(traced[0]?.headers),
        links: linksOf(traced.slice(1).map((m) => m.headers)),
        attributes: {
          'messaging.system': 'kafka',
          'messaging.operation.type': 'process',
          'messaging.destination.name': topic,
          'messaging.destination.partition.id': String(partition),
          'messaging.consumer.group.name': this.options.groupId,
          'messaging.batch.message_count': chunk.length,
          'messaging.kafka.offset.first': Number(chunk[0].offset),
          'messaging.kafka.offset.last': Number(chunk[chunk.length - 1].offset),
        },
      },
      () => this.routeAndApply(topic, partition, chunk, payload),
    );
  }

  /** True once every message of the chunk is applied, skipped or dead-lettered; false when stopping interrupted it. */
  private async routeAndApply(topic: string, partition: number, chunk: KafkaMessage[], payload: EachBatchPayload): Promise<boolean> {
    const where = placeOf(topic, partition, chunk[0].offset, chunk[chunk.length - 1].offset);
    const single = chunk.length === 1 ? chunk[0].value : null;
    const prepared = await this.retrying(where, single, payload, () => this.prepare(topic, partition, chunk, payload));
    if (!prepared) return false;
    if (prepared.letters.length > 0 && !(await this.retrying(where, single, payload, () => this.sendLetters(prepared.letters)))) {
      return false;
    }
    return this.applyUntilDone(prepared.items, payload);
  }

  /**
   * Routes and maps each message with its @EventPattern handler; nothing is written yet. A message that is not
   * an envelope, or that its handler rejects (PoisonEventError), becomes a dead letter; it never fails the others.
   */
  private async prepare(topic: string, partition: number, chunk: KafkaMessage[], payload: EachBatchPayload): Promise<Prepared> {
    const prepared: Prepared = { items: [], letters: [] };
    for (const message of chunk) {
      const source = { topic, partition, offset: message.offset };
      const route = routeMessage(message, topic, (eventType) => this.handlerOf(eventType), {
        maxClockSkewMs: this.options.maxClockSkewMs,
      });
      if (route.kind === 'skip') {
        this.skip(route.eventType, route.reason, source, message);
        continue;
      }
      if (route.kind === 'dead-letter') {
        prepared.letters.push({ source, message, originalEvent: route.originalEvent, error: route.error, attempts: 1 });
        continue;
      }
      try {
        const write = await this.dispatch(route.handler, route.envelope, source, message, payload);
        if (write) prepared.items.push({ write: { ...write, envelope: headerOf(write.envelope), source }, message });
      } catch (err) {
        if (failureAction(err) === 'retry') throw err;
        const error = `${route.envelope.event_type}: ${(err as Error).message}`;
        prepared.letters.push({ source, message, originalEvent: route.envelope, error, attempts: 1 });
      }
    }
    return prepared;
  }

  /**
   * Applies the writes in one transaction, retried with backoff while MySQL fails (never committed past).
   * When MySQL rejects the data of some event of the batch (a unique value taken...), the batch is applied one
   * event at a time, so only that event is retried and then dead-lettered, and the rest of its batch goes in.
   */
  private async applyUntilDone(items: PreparedWrite[], payload: EachBatchPayload): Promise<boolean> {
    if (items.length === 0) return true;
    const first = items[0].write.source!;
    const where = placeOf(first.topic, first.partition, first.offset, items[items.length - 1].write.source!.offset);
    for (let attempt = 0; ; attempt++) {
      try {
        await this.applyAndReport(items);
        return true;
      } catch (err) {
        if (this.stopping) return false;
        if (items.length > 1 && isDataRejection(err)) {
          this.log.warn(
            `${where} MySQL rejected the data of an event in this batch of ${items.length} (${(err as Error).message}): applying them one by one`,
          );
          for (const item of items) if (!(await this.applyUntilDone([item], payload))) return false;
          return true;
        }
        if (items.length === 1 && failureAction(err, attempt) === 'dead-letter') {
          const { write, message } = items[0];
          const error = `${write.envelope.event_type}: MySQL rejected it after ${attempt + 1} attempts: ${(err as Error).message}`;
          // The event as it came (it was parsed once already, so it parses again).
          const originalEvent: unknown = JSON.parse(message.value!.toString('utf8'));
          return this.retrying(where, message.value, payload, () =>
            this.sendLetters([{ source: first, message, originalEvent, error, attempts: attempt + 1 }]),
          ).then((sent) => sent === true);
        }
        await this.waitToRetry(err, attempt, where, items.length === 1 ? items[0].message.value : null, payload);
      }
    }
  }

  private async applyAndReport(items: PreparedWrite[]): Promise<void> {
    const started = process.hrtime.bigint();
    const { results, gaps } = await this.options.applier.apply(items.map((i) => i.write));
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const now = Date.now();
    this.options.observer?.batchApplied?.(items.length, seconds);
    results.forEach((outcome, i) => {
      const { envelope, source } = items[i].write;
      const eventToRowSeconds = (now - Date.parse(envelope.timestamp)) / 1000;
      this.options.observer?.applied?.(envelope.event_type, outcome, seconds, eventToRowSeconds);
      this.options.observer?.outcome?.({ source: source!, event: envelope, outcome, eventToRowSeconds });
    });
    for (const gap of gaps) {
      const [from, to] = gap.missing;
      this.log.warn({
        message: `${gap.event_type} of ${gap.entity_id} applied after a version gap: versions ${from === to ? from : `${from}-${to}`} never arrived`,
        event_type: gap.event_type,
        entity_id: gap.entity_id,
        topic: gap.topic,
      });
      this.options.observer?.versionGap?.(gap.topic);
    }
  }

  /** Runs `action` until it succeeds, with backoff between failures; undefined when stopping interrupted it (so T must not be void). */
  private async retrying<T extends object | boolean>(
    where: string,
    value: Buffer | null,
    payload: EachBatchPayload,
    action: () => Promise<T>,
  ): Promise<T | undefined> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await action();
      } catch (err) {
        if (this.stopping) return undefined;
        await this.waitToRetry(err, attempt, where, value, payload);
      }
    }
  }

  private async waitToRetry(err: unknown, attempt: number, where: string, value: Buffer | null, payload: EachBatchPayload): Promise<void> {
    const delay = backoffDelay(attempt, this.backoff);
    this.options.observer?.retried?.(where.split('[')[0]);
    const reason = `failed (attempt ${attempt + 1}), retrying in ${delay} ms: ${(err as Error).message ?? err}`;
    this.log.warn({ message: `${where} ${reason}`, ...eventFieldsOf(value), attempt: attempt + 1 });
    await this.sleep(delay, payload.heartbeat);
  }

  /** No handler for this type: committed past (an older build meeting a newer event), counted, warned once per type. */
  private skip(eventType: string, reason: string, source: MessageSource, message: KafkaMessage): void {
    const { label, first } = this.unknownTypes.note(eventType);
    this.options.observer?.skipped?.(label);
    if (!first) return;
    const counted =
      label === OTHER_EVENT_TYPE
        ? `more than ${MAX_UNKNOWN_EVENT_TYPES} unknown event types (or an overlong one): this and every new one are counted as event_type="other", warned once`
        : 'warned once per type; counted in analytics_events_skipped_total';
    this.log.warn(logLine(`skipped: ${reason} (${counted})`, source, message));
  }

  /** The @EventPattern handler of an event type, looked up once per type (Nest normalises the pattern on every lookup). */
  private handlerOf(eventType: string): MessageHandler | null {
    const cached = this.handlersByType.get(eventType);
    if (cached) return cached;
    const handler = this.getHandlerByPattern(eventType);
    if (handler) this.handlersByType.set(eventType, handler);
    return handler;
  }

  /** Runs the @EventPattern handler and awaits it; with PropagateErrorsFilter its errors arrive unchanged. */
  private async dispatch(
    handler: MessageHandler,
    envelope: RawEventEnvelope,
    source: MessageSource,
    message: KafkaMessage,
    payload: EachBatchPayload,
  ): Promise<ProjectionWrite | undefined> {
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
    if (result === undefined) return undefined;
    if (!isProjectionWrite(result)) throw new Error(`handler of ${envelope.event_type} returned something that is not one ProjectionWrite`);
    return result;
  }

  /** Sends dead letters (one request), then counts and logs each; true once sent. */
  private async sendLetters(letters: Letter[]): Promise<true> {
    const built = letters.map((l) => deadLetterMessage(l.source, l.message.key, l.originalEvent, l.error, l.attempts));
    const byTopic = new Map<string, Message[]>();
    for (const letter of built) byTopic.set(letter.topic, [...(byTopic.get(letter.topic) ?? []), { key: letter.key, value: letter.value }]);
    await this.producer!.sendBatch({ topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) });
    letters.forEach((l, i) => {
      this.options.observer?.deadLettered?.(l.source.topic);
      this.options.observer?.outcome?.({ source: l.source, event: l.originalEvent, outcome: 'dead-lettered', error: l.error });
      this.log.warn(logLine(`dead-lettered to ${built[i].topic}: ${l.error}`, l.source, l.message, { attempts: l.attempts }));
    });
    return true;
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

/** `topic[partition]@offset`, or `@first-last` for a batch. */
function placeOf(topic: string, partition: number, first: string, last: string): string {
  return `${topic}[${partition}]@${first}${last !== first ? `-${last}` : ''}`;
}

/** A log line about one message: where it is, which event when its value says so, and its trace from its headers. */
function logLine(text: string, source: MessageSource, message: KafkaMessage, extra: Record<string, unknown> = {}): StructuredMessage {
  const where = `${source.topic}[${source.partition}]@${source.offset}`;
  return {
    message: `${where} ${text}`,
    ...eventFieldsOf(message.value),
    ...traceLogFieldsOf(message.headers),
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
