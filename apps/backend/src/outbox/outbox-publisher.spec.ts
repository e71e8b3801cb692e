import { buildEnvelope, EventType, KafkaProducer } from '@app/kafka';
import { EntityLocks } from '../common/concurrency/entity-locks';
import { BackendConfig } from '../config/backend.config';
import { BackendMetrics } from '../metrics/backend-metrics';
import { BulkHeadPops } from './bulk-head-pops';
import { EventDataRegistry } from './event-data';
import { outboxEntry } from './outbox-entry';
import { OutboxPublisher, SentEvents } from './outbox-publisher';

const id = '6650a1b2c3d4e5f601234567';
const model = { collection: { collectionName: 'users' } } as never;
const config = new BackendConfig(
  'mongodb://x/y',
  0,
  { format: 'json', level: 'error' },
  { fastPathMs: 50, relayIntervalMs: 1000, leaseMs: 1000 },
);

function publisherWith(pop: () => Promise<void> = async () => undefined) {
  const locks = new EntityLocks();
  const pops = { pop: jest.fn(pop) } as unknown as BulkHeadPops;
  const publisher = new OutboxPublisher({} as KafkaProducer, {} as BackendMetrics, locks, pops, new EventDataRegistry(), config);
  return { publisher, locks, pops };
}

/** A publisher whose sendPending answers as given, with removeSent/removeCreated/leftPending watched. */
function fastPathWith(sendPending: () => Promise<SentEvents>) {
  const { publisher } = publisherWith();
  const spies = {
    sendPending: jest.spyOn(publisher, 'sendPending').mockImplementation(sendPending),
    removeSent: jest.spyOn(publisher, 'removeSent').mockResolvedValue(undefined),
    removeCreated: jest.spyOn(publisher, 'removeCreated').mockReturnValue(undefined),
    leftPending: jest.spyOn(publisher, 'leftPending'),
  };
  return { publisher, ...spies };
}

const deleted = { user_id: id, deleted_at: '2026-01-01T00:00:00.000Z' };
const entry = outboxEntry(EventType.USER_DELETED, 3);
const envelope = buildEnvelope(entry, id, deleted);

describe('OutboxPublisher.publish (the fast path)', () => {
  it('sends the document pending events and takes what was sent off the document before returning', async () => {
    const sent = { sent: [entry], tombstone: false };
    const { publisher, sendPending, removeSent, leftPending } = fastPathWith(async () => sent);
    await publisher.publish(model, envelope, entry);
    expect(sendPending).toHaveBeenCalledWith(model, id, undefined);
    expect(removeSent).toHaveBeenCalledWith(model, id, sent);
    expect(leftPending).not.toHaveBeenCalled();
  });

  it('returns after the fast-path time when Kafka does not answer, leaving the event on the document for the relay', async () => {
    const { publisher, removeSent } = fastPathWith(() => new Promise(() => undefined));
    const started = Date.now();
    await publisher.publish(model, envelope, entry);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(removeSent).not.toHaveBeenCalled();
    expect(publisher.pendingHere()).toEqual([expect.objectContaining({ model, id })]);
  });

  it('never fails the change when the delivery fails', async () => {
    const { publisher, removeSent } = fastPathWith(async () => Promise.reject(new Error('broker down')));
    await expect(publisher.publish(model, envelope, entry)).resolves.toBeUndefined();
    expect(removeSent).not.toHaveBeenCalled();
    expect(publisher.pendingHere()).toHaveLength(1);
  });

  it("hands a created document's outbox to sendPending (no read back) and leaves its pop to removeCreated", async () => {
    const created = { sent: [entry], tombstone: false, created: true };
    const { publisher, sendPending, removeCreated, removeSent } = fastPathWith(async () => created);
    await publisher.publish(model, envelope, entry, true);
    expect(sendPending).toHaveBeenCalledWith(model, id, [entry]);
    expect(removeCreated).toHaveBeenCalledWith(model, id, created);
    expect(removeSent).not.toHaveBeenCalled();
  });

  it('keeps at most memoryLimit pending documents in memory; past it the relay is told to scan', async () => {
    const { publisher } = fastPathWith(async () => Promise.reject(new Error('broker down')));
    publisher.memoryLimit = 2;
    for (const n of [1, 2, 3]) publisher.leftPending(model, `6650a1b2c3d4e5f60123456${n}`);
    expect(publisher.pendingHere()).toHaveLength(2);
    expect(publisher.takeOverflow()).toBe(true);
    expect(publisher.takeOverflow()).toBe(false);
  });
});

describe('OutboxPublisher.removeCreated', () => {
  const created = { sent: [outboxEntry(EventType.USER_CREATED, 1)], tombstone: false, created: true };

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
