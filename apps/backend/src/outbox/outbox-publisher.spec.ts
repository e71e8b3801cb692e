import { EventType, KafkaProducer } from '@app/kafka';
import { EntityLocks } from '../common/concurrency/entity-locks';
import { BackendMetrics } from '../metrics/backend-metrics';
import { BulkHeadPops } from './bulk-head-pops';
import { outboxEntry } from './outbox-entry';
import { OutboxPublisher } from './outbox-publisher';

const id = '6650a1b2c3d4e5f601234567';
const model = { collection: { collectionName: 'users' } } as never;

function publisherWith(pop: () => Promise<void>) {
  const locks = new EntityLocks();
  const pops = { pop: jest.fn(pop) } as unknown as BulkHeadPops;
  const publisher = new OutboxPublisher({} as KafkaProducer, {} as BackendMetrics, locks, pops);
  return { publisher, locks, pops };
}

describe('OutboxPublisher.removeCreated', () => {
  const created = { sent: [outboxEntry(EventType.USER_CREATED)], tombstone: false, created: true };

  it('holds the entity lock until the pop is written: a request on the new document waits for it', async () => {
    let written!: () => void;
    const { publisher, locks, pops } = publisherWith(() => new Promise<void>((resolve) => (written = resolve)));
    const order: string[] = [];
    publisher.removeCreated(model, id, created);
    const patch = locks.run('user', id, async () => void order.push('patch'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(pops.pop).toHaveBeenCalledWith(model, id, [created.sent[0].event_id]);
    expect(order).toEqual([]);
    order.push('popped');
    written();
    await patch;
    expect(order).toEqual(['popped', 'patch']);
    expect(publisher.pendingHere()).toEqual([]);
  });

  it('leaves the document to the relay when the pop fails, and lets go of the lock', async () => {
    const { publisher, locks } = publisherWith(async () => Promise.reject(new Error('connection reset')));
    publisher.removeCreated(model, id, created);
    await locks.run('user', id, async () => undefined);
    expect(publisher.pendingHere()).toEqual([expect.objectContaining({ model, id })]);
  });
});
