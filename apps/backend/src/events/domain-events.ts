import { HttpStatus, Injectable } from '@nestjs/common';
import { EventPublishError, EventType, KafkaProducer, PayloadOf } from '@app/kafka';
import { ApiError } from '../common/errors/api-error';
import { BackendMetrics } from '../metrics/backend-metrics';

/** The one way services emit domain events: after the MongoDB write, one event per mutation. */
@Injectable()
export class DomainEvents {
  constructor(
    private readonly producer: KafkaProducer,
    private readonly metrics: BackendMetrics,
  ) {}

  async emit<T extends EventType>(eventType: T, entityId: string, data: PayloadOf<T>): Promise<void> {
    try {
      await this.producer.emit(eventType, entityId, data);
      this.metrics.eventEmitted(eventType);
    } catch (err) {
      this.metrics.eventFailed(eventType);
      // The MongoDB write already happened and its event is lost: the client learns it with a 503.
      // A transactional outbox (write the event with the document, relay it later) will remove this case.
      if (err instanceof EventPublishError) {
        throw new ApiError(HttpStatus.SERVICE_UNAVAILABLE, 'EVENT_PUBLISH_FAILED', err.message, {
          event_type: eventType,
          entity_id: entityId,
        });
      }
      throw err;
    }
  }
}
