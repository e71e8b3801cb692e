import { EventEnvelope, EventType, KafkaProducer, topicOf } from '@app/kafka';
import { Injectable, Logger } from '@nestjs/common';
import { BackendMetrics } from '../metrics/backend-metrics';
import { eventDataOf } from './event-data';
import { AnyModel, OutboxEntry, WithOutbox } from './outbox-entry';

/**
 * Moves a document's pending events to Kafka, oldest first, each removed from the document once the broker
 * has it (a conditional `$pop` of the head: FerretDB 1.24 has no `$pull` by condition). Used by the request
 * (fast path) and by the relay; two of them on one document may send an event twice, never out of order
 * (KafkaProducer keeps one key's sends in call order), and the consumer drops the duplicate by event_id.
 */
@Injectable()
export class OutboxPublisher {
  private readonly logger = new Logger(OutboxPublisher.name);
  /** Envelopes built by requests of this process, by event_id: exact data for their document's state. */
  private readonly built = new Map<string, EventEnvelope>();

  constructor(
    private readonly producer: KafkaProducer,
    private readonly metrics: BackendMetrics,
  ) {}

  remember(envelope: EventEnvelope): void {
    this.built.set(envelope.event_id, envelope);
  }

  /** Publishes every pending event of the document; resolves with how many, rejects on the first that fails. */
  async deliver(model: AnyModel, id: string): Promise<number> {
    const doc = await model.findById(id).lean<WithOutbox & Record<string, unknown>>().exec();
    const pending: OutboxEntry[] = doc?.outbox ?? [];
    for (const entry of pending) {
      const envelope = this.built.get(entry.event_id) ?? this.rebuilt(entry, id, doc);
      try {
        await this.producer.send(topicOf(entry.event_type), envelope, id);
      } catch (err) {
        this.metrics.eventFailed(entry.event_type);
        throw err;
      }
      this.metrics.eventEmitted(entry.event_type);
      this.logger.debug({ message: 'event published', event_id: entry.event_id, event_type: entry.event_type, entity_id: id });
      await model.updateOne({ _id: id, 'outbox.0.event_id': entry.event_id }, { $pop: { outbox: -1 } }, { timestamps: false }).exec();
      this.built.delete(entry.event_id);
    }
    if (doc?.tombstone) await model.deleteOne({ _id: id, tombstone: true, 'outbox.0': { $exists: false } }).exec();
    return pending.length;
  }

  private rebuilt(entry: OutboxEntry, id: string, doc: unknown): EventEnvelope {
    return {
      event_type: entry.event_type,
      event_id: entry.event_id,
      timestamp: entry.timestamp,
      entity_id: id,
      data: eventDataOf(entry.event_type as EventType, doc, entry.timestamp),
    } as EventEnvelope;
  }
}
