import { EventType, PayloadOf } from '@app/kafka';
import { Injectable, Logger } from '@nestjs/common';
import { BackendConfig } from '../config/backend.config';
import { AnyModel, OutboxEntry, outboxEntry } from '../outbox/outbox-entry';
import { OutboxPublisher } from '../outbox/outbox-publisher';

/**
 * The one way services emit domain events, through the document's outbox:
 * 1. `pending(type)` makes the event's entry, which the service writes in the same update as the change;
 * 2. `publish(...)` after the write, inside the same entity lock, publishes it at once (fast path) when Kafka
 *    answers within OUTBOX_FAST_PATH_MS and takes it off the document (a create's in a bulk write after the answer,
 *    see `OutboxPublisher.removeCreated`), and otherwise leaves it to OutboxRelay. The request never waits longer
 *    and never fails because of Kafka: the change and its event are both stored.
 */
@Injectable()
export class DomainEvents {
  private readonly logger = new Logger(DomainEvents.name);

  constructor(
    private readonly publisher: OutboxPublisher,
    private readonly config: BackendConfig,
  ) {}

  pending<T extends EventType>(eventType: T): OutboxEntry<T> {
    return outboxEntry(eventType);
  }

  /** publish() for a document just inserted with `[entry]` as its whole outbox: nothing older to send first. */
  publishCreated<T extends EventType>(model: AnyModel, entry: OutboxEntry<T>, entityId: string, data: PayloadOf<T>): Promise<void> {
    return this.publish(model, entry, entityId, data, [entry]);
  }

  async publish<T extends EventType>(
    model: AnyModel,
    entry: OutboxEntry<T>,
    entityId: string,
    data: PayloadOf<T>,
    created?: OutboxEntry[],
  ): Promise<void> {
    this.publisher.remember({ ...entry, entity_id: entityId, data });
    const sending = this.publisher.sendPending(model, entityId, created).catch((err: unknown) => {
      this.logger.warn({
        message: `not on Kafka yet, the outbox relay will retry: ${(err as Error).message}`,
        event_id: entry.event_id,
        event_type: entry.event_type,
        entity_id: entityId,
      });
      return undefined;
    });
    let timer: NodeJS.Timeout | undefined;
    const fastPathOver = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), this.config.outbox.fastPathMs)));
    const sent = await Promise.race([sending, fastPathOver]);
    // Still inside the request's entity lock (updates), or before anyone knows the id (creates): safe to write.
    // Sent too late, the events stay on the document; the relay sends them again (deduped) and removes them.
    clearTimeout(timer);
    if (sent?.created) this.publisher.removeCreated(model, entityId, sent);
    else if (sent) await this.publisher.removeSent(model, entityId, sent);
    else this.publisher.leftPending(model, entityId);
  }
}
