import { buildEnvelope, EventEnvelope, EventType, KafkaProducer, PayloadOf, snapshotTypeOf, Topic } from '@app/kafka';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { UpdateQuery } from 'mongoose';
import { EntityLocks } from '../common/concurrency/entity-locks';
import { filtersByIdOnly } from '../common/mongo/by-id';
import { EventDataBuilders, EventDataRegistry } from './event-data';
import { AnyModel, OutboxEntry, outboxEntry, WithOutbox } from './outbox-entry';
import { OutboxPublisher } from './outbox-publisher';
import { WriterLease } from './writer-lease';

/** A change a service decided on: its event, and the update that makes it (`$set` and the like; never the version). */
export interface Change<T extends EventType = EventType> {
  event: T;
  update: UpdateQuery<unknown>;
  runValidators?: boolean;
}

/** A document as the seam wrote it, and the data of the event it published. */
export interface Written<R, T extends EventType = EventType> {
  doc: R;
  data: PayloadOf<T>;
}

/** How often a compare-and-set on MongoDB is retried after another instance changed the document in between. */
const CAS_ATTEMPTS = 10;

/**
 * The one place that creates and changes documents of one collection (the write seam). A create inserts the document
 * at version 1 with its event in its outbox; a change, inside the entity's lock, reads the document, lets the service
 * decide (`decide` throws its errors: not found, not the owner, not allowed from this status), then in ONE
 * single-document write applies the update, sets `version` to the read version + 1 and appends the outbox entry
 * carrying that version. Then the event goes out through the outbox (OutboxPublisher.publish).
 * - On MongoDB the write is conditional on the version read (compare-and-set): when another instance changed the
 *   document in between, it is read and decided again, so several instances are correct.
 * - On FerretDB a filter besides `_id` alone scans the collection, and its updates are not isolated across
 *   connections anyway: the write goes by `_id`, and the entity's lock is what keeps it correct (one writer process).
 * Which of the two is asked once per connection (`filtersByIdOnly`) and kept. Several instances on FerretDB: only the
 * holder of the writer lease writes (WriterLease); the seam checks it right before each write.
 */
export class EntityWriter<R extends WithOutbox & { _id: { toHexString(): string } }> {
  constructor(
    private readonly model: AnyModel,
    private readonly topic: Topic,
    private readonly eventData: EventDataRegistry,
    private readonly publisher: OutboxPublisher,
    private readonly locks: EntityLocks,
    private readonly producer: KafkaProducer,
    private readonly writer: Pick<WriterLease, 'assertWriter'>,
  ) {}

  /** Inserts `fields` as a new document at version 1 with `event`, publishes it; resolves with the stored document. */
  async create(event: EventType, fields: object): Promise<R> {
    const entry = outboxEntry(event, 1);
    this.writer.assertWriter();
    const doc = (await this.model.create({ ...fields, version: 1, outbox: [entry] })).toObject() as R;
    await this.publisher.publish(this.model, this.envelope(entry, doc), entry, true);
    return doc;
  }

  /**
   * Reads the document under its lock and applies what `decide` returns (see the class). `decide` gets null for a
   * document that does not exist (tombstones included: every read treats them as gone). Resolves with the document
   * as written and the data of its event.
   */
  change<T extends EventType>(id: string, decide: (current: R | null) => Change<T>): Promise<Written<R, T>> {
    return this.locks.run(this.topic, id, async () => {
      const byIdOnly = await filtersByIdOnly(this.model);
      for (let attempt = 1; ; attempt++) {
        const found = await this.model.findById(id).lean<R>().exec();
        const current = found && !found.tombstone ? found : null;
        const { event, update, runValidators } = decide(current);
        if (!current) throw new Error(`${this.topic} ${id}: decide() must refuse a document that does not exist`);
        const version = (current.version ?? 0) + 1;
        const entry = outboxEntry(event, version);
        const filter = byIdOnly ? { _id: id } : { _id: id, version: current.version ?? null };
        this.writer.assertWriter(); // checked again right before the write: the lease may have lapsed meanwhile
        const written = await this.model
          .findOneAndUpdate(
            filter,
            { ...update, $set: { ...(update.$set ?? {}), version }, $push: { outbox: entry } },
            { new: true, runValidators },
          )
          .lean<R>()
          .exec();
        if (!written) {
          if (attempt < CAS_ATTEMPTS) continue; // changed by another instance since it was read: decide again
          throw new Error(`${this.topic} ${id}: changed by others ${CAS_ATTEMPTS} times while being written`);
        }
        const envelope = this.envelope(entry, written);
        await this.publisher.publish(this.model, envelope, entry);
        return { doc: written, data: envelope.data as PayloadOf<T> };
      }
    });
  }

  /**
   * Publishes `<topic>.snapshot`: the whole document as it is, with its current version, read under its lock; the
   * document itself is not changed (a consumer takes a snapshot whose version is not below its row's). Resolves with
   * the envelope, or null for a document that does not exist (or is a tombstone).
   */
  snapshot(id: string): Promise<EventEnvelope | null> {
    return this.locks.run(this.topic, id, async () => {
      const doc = await this.model.findById(id).lean<R>().exec();
      if (!doc || doc.tombstone) return null;
      const envelope = snapshotEnvelope(this.topic, doc, this.eventData);
      await this.producer.send(this.topic, envelope, id);
      return envelope;
    });
  }

  private envelope(entry: OutboxEntry, doc: R): EventEnvelope {
    return buildEnvelope(entry, doc._id.toHexString(), this.eventData.dataOf(entry.event_type, doc, entry.timestamp));
  }
}

/** The snapshot envelope of a stored document (lean), with the document's version: for the seam and for reconcile. */
export function snapshotEnvelope(
  topic: Topic,
  doc: WithOutbox & { _id: { toHexString(): string } },
  eventData: EventDataRegistry,
  now = new Date(),
): EventEnvelope {
  const head = {
    event_type: snapshotTypeOf(topic),
    event_id: randomUUID(),
    timestamp: now.toISOString(),
    ...(doc.version === undefined ? {} : { entity_version: doc.version }),
  };
  return buildEnvelope(head, doc._id.toHexString(), eventData.dataOf(head.event_type, doc, head.timestamp));
}

/** Makes each domain's EntityWriter and registers its event data with the outbox. */
@Injectable()
export class WriteSeam {
  constructor(
    private readonly eventData: EventDataRegistry,
    private readonly publisher: OutboxPublisher,
    private readonly locks: EntityLocks,
    private readonly producer: KafkaProducer,
    private readonly writer: WriterLease,
  ) {}

  for<R extends WithOutbox & { _id: { toHexString(): string } }, P extends Topic>(
    model: AnyModel,
    topic: P,
    builders: EventDataBuilders<P>,
  ): EntityWriter<R> {
    this.eventData.register(builders);
    return new EntityWriter<R>(model, topic, this.eventData, this.publisher, this.locks, this.producer, this.writer);
  }
}
