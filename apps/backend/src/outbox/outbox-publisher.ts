import { buildEnvelope, EventEnvelope, KafkaProducer, topicOf, withTraceContext } from '@app/kafka';
import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { EntityLocks } from '../common/concurrency/entity-locks';
import { filtersByIdOnly } from '../common/mongo/by-id';
import { BackendConfig } from '../config/backend.config';
import { BackendMetrics } from '../metrics/backend-metrics';
import { BulkHeadPops, headPop } from './bulk-head-pops';
import { EventDataRegistry } from './event-data';
import { AnyModel, OutboxEntry, WithOutbox } from './outbox-entry';

/** Events one `sendPending` put on Kafka, and whether their document is a tombstone. */
export interface SentEvents {
  sent: OutboxEntry[];
  tombstone: boolean;
  /** The document was created with exactly `sent` (no read needed to know its head). */
  created?: boolean;
}

/** At most this many envelopes and pending documents are kept in memory; past it, the relay's scan finds them. */
export const OUTBOX_MEMORY_LIMIT = 10_000;

/**
 * Moves a document's pending events to Kafka, oldest first, each removed from the document once the broker has it
 * (a `$pop` of the head: FerretDB 1.24 has no `$pull` by condition). Used by the write seam right after a change
 * (the fast path, `publish`) and by the relay; two of them on one document may send an event twice, never out of
 * order (KafkaProducer keeps one key's sends in call order), and the consumer drops the duplicate by event_id.
 * It keeps the documents this process left pending (fast path too slow or failed) for the relay to retry, and the
 * exact envelopes it built for them; both within OUTBOX_MEMORY_LIMIT, past which the relay's next pass scans.
 */
@Injectable()
export class OutboxPublisher implements BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxPublisher.name);
  /** Envelopes built by requests of this process, by event_id: exact data for their document's state. */
  private readonly built = new Map<string, EventEnvelope>();
  /** Documents whose events a request of this process left on them, by collection and id. */
  private readonly left = new Map<string, { model: AnyModel; id: string; since: number }>();
  /** Something did not fit in memory: the relay must scan the collections to find it. */
  private overflowed = false;
  /** How many envelopes and pending documents are kept in memory (a setting of its own in unit tests). */
  memoryLimit = OUTBOX_MEMORY_LIMIT;

  constructor(
    private readonly producer: KafkaProducer,
    private readonly metrics: BackendMetrics,
    private readonly locks: EntityLocks,
    private readonly pops: BulkHeadPops,
    private readonly eventData: EventDataRegistry,
    private readonly config: BackendConfig,
  ) {}

  /** Events of created documents still being taken off (they are on Kafka) are taken off before MongoDB closes. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.pops.drained();
  }

  /**
   * Publishes the event a change just wrote with its document (`created`: the document was just inserted with it as
   * its whole outbox, nothing older to send first, nothing to read back). Called inside the entity's lock (changes) or
   * before anyone knows the id (creates). It waits at most OUTBOX_FAST_PATH_MS for Kafka, then takes what was sent
   * off the document (a create's in a bulk write after the answer, `removeCreated`), or leaves it to the relay. It
   * never fails: the change and its event are both stored.
   */
  async publish(model: AnyModel, envelope: EventEnvelope, entry: OutboxEntry, created = false): Promise<void> {
    const id = envelope.entity_id;
    if (this.built.size < this.memoryLimit) this.built.set(envelope.event_id, envelope);
    const sending = this.sendPending(model, id, created ? [entry] : undefined).catch((err: unknown) => {
      this.logger.warn({
        message: `not on Kafka yet, the outbox relay will retry: ${(err as Error).message}`,
        event_id: envelope.event_id,
        event_type: envelope.event_type,
        entity_id: id,
      });
      return undefined;
    });
    let timer: NodeJS.Timeout | undefined;
    const fastPathOver = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), this.config.outbox.fastPathMs)));
    const sent = await Promise.race([sending, fastPathOver]);
    clearTimeout(timer);
    // Sent too late, the events stay on the document; the relay sends them again (deduped) and removes them.
    if (sent?.created) this.removeCreated(model, id, sent);
    else if (sent) await this.removeSent(model, id, sent);
    else this.leftPending(model, id);
  }

  /**
   * Sends the document's pending events in order; resolves with what it sent (still on the document). `created`:
   * the document was just inserted with this outbox, so it is not read back (one round trip less a create).
   * Each send, and its log line, runs in the trace context stored with its entry (the request that wrote it), be it
   * the request itself or the relay much later.
   */
  async sendPending(model: AnyModel, id: string, created?: OutboxEntry[]): Promise<SentEvents> {
    const doc = created ? { outbox: created } : await model.findById(id).lean<WithOutbox & Record<string, unknown>>().exec();
    const pending: OutboxEntry[] = doc?.outbox ?? [];
    for (const entry of pending) {
      const envelope =
        this.built.get(entry.event_id) ?? buildEnvelope(entry, id, this.eventData.dataOf(entry.event_type, doc, entry.timestamp));
      await withTraceContext(entry, async () => {
        try {
          await this.producer.send(topicOf(entry.event_type), envelope, id);
        } catch (err) {
          this.metrics.eventFailed(entry.event_type);
          throw err;
        }
        this.metrics.eventEmitted(entry.event_type);
        this.logger.debug({ message: 'event published', event_id: entry.event_id, event_type: entry.event_type, entity_id: id });
      });
    }
    return { sent: pending, tombstone: Boolean((doc as { tombstone?: boolean } | null)?.tombstone), created: Boolean(created) };
  }

  /** A request left its document's events pending: the relay of this process retries it every pass. */
  leftPending(model: AnyModel, id: string): void {
    const key = `${model.collection.collectionName}:${id}`;
    if (!this.left.has(key) && this.left.size >= this.memoryLimit) {
      this.overflowed = true;
      return;
    }
    this.left.set(key, { model, id, since: this.left.get(key)?.since ?? Date.now() });
  }

  /** The documents requests of this process left pending, and a way to forget one once delivered. */
  pendingHere(): Array<{ model: AnyModel; id: string; since: number; done: () => void }> {
    return [...this.left].map(([key, { model, id, since }]) => ({ model, id, since, done: () => this.left.delete(key) }));
  }

  /** True once after a pending document did not fit in memory: the relay then scans every collection. */
  takeOverflow(): boolean {
    const overflowed = this.overflowed;
    this.overflowed = false;
    return overflowed;
  }

  /**
   * Takes sent events off the head of the outbox (one `$pop` each) and removes a tombstone with nothing left.
   * FerretDB 1.24 applies concurrent updates of one document as read-modify-write without isolation, so this
   * must not race another write of the document in this process: call it inside the entity's lock (EntityLocks).
   * The head is read first and only events that were sent are popped (each filtered as `headPop` says).
   */
  async removeSent(model: AnyModel, id: string, { sent, tombstone }: SentEvents): Promise<void> {
    if (sent.length === 0 && !tombstone) return;
    const doc = await model.findById(id, { outbox: 1, tombstone: 1 }).lean<WithOutbox>().exec();
    const head = doc?.outbox ?? [];
    const sentIds = new Set(sent.map((e) => e.event_id));
    let popped = 0;
    const idOnly = await filtersByIdOnly(model);
    while (popped < head.length && sentIds.has(head[popped].event_id)) {
      const { filter, update } = headPop(idOnly, id, head[popped].event_id);
      await model.updateOne(filter, update, { timestamps: false }).exec();
      popped++;
    }
    this.forget(sent);
    if (doc?.tombstone && popped === head.length) {
      await model.deleteOne(idOnly ? { _id: id } : { _id: id, tombstone: true, 'outbox.0': { $exists: false } }).exec();
    }
  }

  /**
   * removeSent() for a document created with exactly `sent` as its outbox (its head is known without a read): the
   * pops of many creates go to MongoDB together (BulkHeadPops) after the request has answered. The entity's lock is
   * taken here, before anyone can know the new id, and held until the pop is written, so a request on the document
   * or the relay waits for it rather than racing it. Failed, the document is left to the relay (it sends the event
   * again, deduplicated by the consumer, and takes it off).
   */
  removeCreated(model: AnyModel, id: string, { sent }: SentEvents): void {
    if (sent.length === 0) return;
    void this.locks.run(topicOf(sent[0].event_type), id, () =>
      this.pops
        .pop(
          model,
          id,
          sent.map((e) => e.event_id),
        )
        .then(
          () => this.forget(sent),
          (err: unknown) => {
            this.logger.warn({
              message: `sent event not taken off its new document yet, the relay will: ${(err as Error).message}`,
              entity_id: id,
            });
            this.leftPending(model, id);
          },
        ),
    );
  }

  /** Sends, then removes under the entity's lock (the relay: no request holds it). Resolves with how many. */
  async deliver(model: AnyModel, id: string): Promise<number> {
    const sent = await this.sendPending(model, id);
    if (sent.sent.length === 0 && !sent.tombstone) return 0;
    await this.locks.run(topicOf(sent.sent[0]?.event_type ?? 'user.created'), id, () => this.removeSent(model, id, sent));
    return sent.sent.length;
  }

  private forget(sent: OutboxEntry[]): void {
    for (const entry of sent) this.built.delete(entry.event_id);
  }
}
