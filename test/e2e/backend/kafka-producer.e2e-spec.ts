import { randomUUID } from 'node:crypto';
import { EventType, KafkaConfig, KafkaProducer } from '@app/kafka';
import { KafkaProbe } from '../../support/kafka-probe';
import { ISO_UTC, unknownId, UUID_V4 } from './fixtures';

describe('KafkaProducer against the real broker', () => {
  let probe: KafkaProbe;
  let producer: KafkaProducer;

  beforeAll(async () => {
    probe = await KafkaProbe.start(['supplier']);
    producer = new KafkaProducer(KafkaConfig.fromEnv('e2e-producer'));
    await producer.connect();
  });

  afterAll(async () => {
    await Promise.all([producer?.disconnect(), probe?.stop()]);
  });

  it('send stores the JSON value under its key and resolves with the partition and offset', async () => {
    const key = randomUUID();
    const [meta] = await producer.send('supplier', { probe: key }, key);

    const message = await probe.waitFor((m) => m.key === key);
    expect(message.json).toEqual({ probe: key });
    expect(message.partition).toBe(meta.partition);
    expect(message.offset).toBe(meta.baseOffset);
  });

  it("emit publishes the envelope to the event type's topic keyed by the entity id", async () => {
    const id = unknownId();
    const data = { supplier_id: id, deleted_at: new Date().toISOString() };
    const envelope = await producer.emit(EventType.SUPPLIER_DELETED, id, data);

    const message = await probe.waitFor((m) => m.json?.event_id === envelope.event_id);
    expect(message.topic).toBe('supplier');
    expect(message.key).toBe(id);
    expect(message.json).toEqual({
      event_type: 'supplier.deleted',
      event_id: expect.stringMatching(UUID_V4),
      timestamp: expect.stringMatching(ISO_UTC),
      entity_id: id,
      data,
    });
    expect(message.json).toEqual(envelope);
  });

  it('keeps every event of one entity on one partition, in order, and flush waits for all sends', async () => {
    const id = unknownId();
    const sends = Array.from({ length: 5 }, (_, n) => producer.send('supplier', { n }, id));
    await expect(producer.flush(10_000)).resolves.toBe(0);
    await Promise.all(sends);

    const messages = await probe.waitForAll((m) => m.key === id, 5);
    expect(messages.map((m) => m.json.n)).toEqual([0, 1, 2, 3, 4]);
    expect(new Set(messages.map((m) => m.partition)).size).toBe(1);
  });
});
