import { Logger } from '@nestjs/common';
import type { RecordMetadata } from 'kafkajs';
import { EventType } from './event-types';
import { KafkaConfig } from './kafka.config';
import { EventPublishError, KafkaProducer } from './kafka.producer';

// The kafkajs producer the KafkaProducer gets from `new Kafka(...).producer(...)`: a fake, no broker needed.
const mockProducer = { connect: jest.fn(), disconnect: jest.fn(), send: jest.fn() };
const mockKafka = jest.fn();
jest.mock('kafkajs', () => {
  const actual = jest.requireActual('kafkajs');
  return {
    ...actual,
    Kafka: jest.fn().mockImplementation((client: unknown) => {
      mockKafka(client);
      return { producer: (options: unknown) => (mockKafka(options), mockProducer) };
    }),
  };
});

const ENTITY = '6650a1b2c3d4e5f601234567';
const META: RecordMetadata[] = [{ topicName: 'user', partition: 1, errorCode: 0, baseOffset: '7' }];

function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('KafkaProducer', () => {
  const config = new KafkaConfig(['broker:9092'], 'backend-service');
  let producer: KafkaProducer;

  beforeAll(() => Logger.overrideLogger(false));

  beforeEach(() => {
    jest.clearAllMocks();
    mockProducer.connect.mockResolvedValue(undefined);
    mockProducer.disconnect.mockResolvedValue(undefined);
    mockProducer.send.mockResolvedValue(META);
    producer = new KafkaProducer(config);
  });

  it('builds its kafkajs client and producer from the config', () => {
    expect(mockKafka).toHaveBeenNthCalledWith(1, config.toProducerConfig().client);
    expect(mockKafka).toHaveBeenNthCalledWith(2, config.toProducerConfig().producer);
  });

  describe('send', () => {
    it('connects once and sends the value as JSON with the key', async () => {
      await expect(producer.send('user', { a: 1 }, 'k1')).resolves.toEqual(META);
      await producer.send('user', [2], 'k2');
      expect(mockProducer.connect).toHaveBeenCalledTimes(1);
      expect(mockProducer.send).toHaveBeenNthCalledWith(1, { topic: 'user', messages: [{ key: 'k1', value: '{"a":1}' }] });
      expect(mockProducer.send).toHaveBeenNthCalledWith(2, { topic: 'user', messages: [{ key: 'k2', value: '[2]' }] });
    });

    it('sends a null key when none is given', async () => {
      await producer.send('order', 'x');
      expect(mockProducer.send).toHaveBeenCalledWith({ topic: 'order', messages: [{ key: null, value: '"x"' }] });
    });

    it('hands sends with the same key to kafkajs one after the other, in call order', async () => {
      const first = deferred<RecordMetadata[]>();
      mockProducer.send.mockReturnValueOnce(first.promise);
      const sends = [producer.send('user', { n: 0 }, 'k'), producer.send('user', { n: 1 }, 'k'), producer.send('user', { n: 2 }, 'other')];
      await new Promise((resolve) => setImmediate(resolve));
      expect(mockProducer.send.mock.calls.map(([r]) => r.messages[0].value)).toEqual(['{"n":0}', '{"n":2}']);

      first.resolve(META);
      await Promise.all(sends);
      expect(mockProducer.send.mock.calls.map(([r]) => r.messages[0].value)).toEqual(['{"n":0}', '{"n":2}', '{"n":1}']);
    });

    it('sends the next message of a key even when the one before it failed', async () => {
      mockProducer.send.mockRejectedValueOnce(new Error('boom'));
      const failed = producer.send('user', { n: 0 }, 'k');
      const next = producer.send('user', { n: 1 }, 'k');
      await expect(failed).rejects.toThrow('boom');
      await expect(next).resolves.toEqual(META);
    });

    it('tries to connect again after a failed connect', async () => {
      mockProducer.connect.mockRejectedValueOnce(new Error('broker down'));
      await expect(producer.send('user', {})).rejects.toThrow('broker down');
      await expect(producer.send('user', {})).resolves.toEqual(META);
      expect(mockProducer.connect).toHaveBeenCalledTimes(2);
    });
  });

  describe('emit', () => {
    const data = { user_id: ENTITY, deleted_at: '2026-01-01T00:00:00.000Z' };

    it('sends the envelope to the topic of the event type, keyed by the entity id', async () => {
      const envelope = await producer.emit(EventType.USER_DELETED, ENTITY, data);

      expect(envelope).toEqual({
        event_type: 'user.deleted',
        event_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        timestamp: expect.stringMatching(/Z$/),
        entity_id: ENTITY,
        data,
      });
      const [[record]] = mockProducer.send.mock.calls;
      expect(record.topic).toBe('user');
      expect(record.messages).toHaveLength(1);
      expect(record.messages[0].key).toBe(ENTITY);
      expect(JSON.parse(record.messages[0].value)).toEqual(envelope);
    });

    it.each([
      [EventType.ORDER_CANCELLED, 'order'],
      [EventType.PRODUCT_OUT_OF_STOCK, 'product'],
      [EventType.SUPPLIER_CREATED, 'supplier'],
      [EventType.POST_PUBLISHED, 'post'],
    ])('sends %s to the %s topic', async (eventType, topic) => {
      await producer.emit(eventType, ENTITY, {} as never);
      expect(mockProducer.send.mock.calls[0][0].topic).toBe(topic);
    });

    it('turns a failed delivery into an EventPublishError naming type, event id and topic', async () => {
      const cause = new Error('NOT_LEADER_FOR_PARTITION');
      mockProducer.send.mockRejectedValueOnce(cause);

      const error = await producer.emit(EventType.USER_DELETED, ENTITY, data).catch((err: unknown) => err);

      expect(error).toBeInstanceOf(EventPublishError);
      const sent = JSON.parse(mockProducer.send.mock.calls[0][0].messages[0].value);
      expect(error).toMatchObject({ topic: 'user', eventType: 'user.deleted', eventId: sent.event_id, cause });
      expect((error as Error).message).toBe(`could not publish user.deleted ${sent.event_id} to "user": NOT_LEADER_FOR_PARTITION`);
    });
  });

  describe('flush', () => {
    it('answers 0 at once when nothing is in flight', async () => {
      await expect(producer.flush(10)).resolves.toBe(0);
    });

    it('counts the sends still pending after the timeout, and 0 once they are stored', async () => {
      const pending = deferred<RecordMetadata[]>();
      mockProducer.send.mockReturnValueOnce(pending.promise);
      const sending = producer.send('user', { slow: true });
      await producer.send('user', { fast: true });

      await expect(producer.flush(20)).resolves.toBe(1);
      pending.resolve(META);
      await sending;
      await expect(producer.flush(20)).resolves.toBe(0);
    });

    it('counts a failed send as no longer in flight', async () => {
      mockProducer.send.mockRejectedValueOnce(new Error('boom'));
      await expect(producer.send('user', {})).rejects.toThrow('boom');
      await expect(producer.flush(20)).resolves.toBe(0);
    });
  });

  describe('disconnect', () => {
    it('disconnects a connected producer, and skips a never connected one', async () => {
      await producer.disconnect();
      expect(mockProducer.disconnect).not.toHaveBeenCalled();
      await producer.connect();
      await producer.onApplicationShutdown();
      expect(mockProducer.disconnect).toHaveBeenCalledTimes(1);
    });
  });
});
