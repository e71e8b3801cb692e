import { HttpException } from '@nestjs/common';
import { EventPublishError, EventType, KafkaProducer } from '@app/kafka';
import { DomainEvents } from './domain-events';

const data = { post_id: '6650a1b2c3d4e5f601234567', deleted_at: '2026-01-01T00:00:00.000Z' };

function eventsWith(emit: jest.Mock): DomainEvents {
  return new DomainEvents({ emit } as unknown as KafkaProducer);
}

describe('DomainEvents.emit', () => {
  it('hands type, entity id and data to the producer', async () => {
    const emit = jest.fn().mockResolvedValue(undefined);
    await eventsWith(emit).emit(EventType.POST_DELETED, data.post_id, data);
    expect(emit).toHaveBeenCalledWith('post.deleted', data.post_id, data);
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
  });

  it('lets other errors through unchanged', async () => {
    const bug = new TypeError('bug');
    await expect(eventsWith(jest.fn().mockRejectedValue(bug)).emit(EventType.POST_DELETED, data.post_id, data)).rejects.toBe(bug);
  });
});
