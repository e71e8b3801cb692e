import { HttpException } from '@nestjs/common';
import { EventPublishError, EventType, KafkaProducer } from '@app/kafka';
import { Registry } from 'prom-client';
import { BackendMetrics } from '../metrics/backend-metrics';
import { DomainEvents } from './domain-events';

const data = { post_id: '6650a1b2c3d4e5f601234567', deleted_at: '2026-01-01T00:00:00.000Z' };

let registry: Registry;

function eventsWith(emit: jest.Mock): DomainEvents {
  registry = new Registry();
  return new DomainEvents({ emit } as unknown as KafkaProducer, new BackendMetrics(registry));
}

const counted = async (name: string) => (await registry.getSingleMetricAsString(name)).split('\n').filter((l) => !l.startsWith('#'));

describe('DomainEvents.emit', () => {
  it('hands type, entity id and data to the producer', async () => {
    const emit = jest.fn().mockResolvedValue(undefined);
    await eventsWith(emit).emit(EventType.POST_DELETED, data.post_id, data);
    expect(emit).toHaveBeenCalledWith('post.deleted', data.post_id, data);
    expect(await counted('backend_events_emitted_total')).toEqual(['backend_events_emitted_total{event_type="post.deleted"} 1']);
  });

  it('answers 503 EVENT_PUBLISH_FAILED when the event could not be published', async () => {
    const emit = jest.fn().mockRejectedValue(new EventPublishError('could not publish', 'post', 'post.deleted', 'e-1'));
    const error = await eventsWith(emit)
      .emit(EventType.POST_DELETED, data.post_id, data)
      .catch((err: unknown) => err);
    expect(error).toBeInstanceOf(HttpException);
    expect((error as HttpException).getStatus()).toBe(503);
    expect((error as HttpException).getResponse()).toEqual({
      statusCode: 503,
      code: 'EVENT_PUBLISH_FAILED',
      message: 'could not publish',
      event_type: 'post.deleted',
      entity_id: data.post_id,
    });
    expect(await counted('backend_event_publish_failures_total')).toEqual([
      'backend_event_publish_failures_total{event_type="post.deleted"} 1',
    ]);
  });

  it('lets other errors through unchanged', async () => {
    const bug = new TypeError('bug');
    await expect(eventsWith(jest.fn().mockRejectedValue(bug)).emit(EventType.POST_DELETED, data.post_id, data)).rejects.toBe(bug);
  });
});
