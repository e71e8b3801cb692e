import { EventType } from '@app/kafka';
import { BackendConfig } from '../config/backend.config';
import { OutboxPublisher } from '../outbox/outbox-publisher';
import { DomainEvents } from './domain-events';

const data = { post_id: '6650a1b2c3d4e5f601234567', deleted_at: '2026-01-01T00:00:00.000Z' };
const config = new BackendConfig(
  'mongodb://x/y',
  0,
  { format: 'json', level: 'error' },
  { fastPathMs: 50, relayIntervalMs: 1000, leaseMs: 1000 },
);

const sent = { sent: [], tombstone: false };

function eventsWith(sendPending: () => Promise<typeof sent>) {
  const publisher = {
    remember: jest.fn(),
    sendPending: jest.fn(sendPending),
    removeSent: jest.fn(async () => undefined),
    removeCreated: jest.fn(),
    leftPending: jest.fn(),
  };
  return { events: new DomainEvents(publisher as unknown as OutboxPublisher, config), publisher };
}

describe('DomainEvents', () => {
  it('makes a pending entry with a fresh uuid and the time, for the write to carry', () => {
    const { events } = eventsWith(async () => sent);
    const entry = events.pending(EventType.POST_DELETED);
    expect(entry).toEqual({
      event_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      event_type: 'post.deleted',
      timestamp: expect.any(String),
    });
    expect(events.pending(EventType.POST_DELETED).event_id).not.toBe(entry.event_id);
  });

  it('hands the exact envelope to the publisher, and takes what was sent off the document before returning', async () => {
    const { events, publisher } = eventsWith(async () => sent);
    const entry = events.pending(EventType.POST_DELETED);
    await events.publish({} as never, entry, data.post_id, data);
    expect(publisher.remember).toHaveBeenCalledWith({ ...entry, entity_id: data.post_id, data });
    expect(publisher.sendPending).toHaveBeenCalledWith({}, data.post_id, undefined);
    expect(publisher.removeSent).toHaveBeenCalledWith({}, data.post_id, sent);
    expect(publisher.leftPending).not.toHaveBeenCalled();
  });

  it('returns after the fast-path time when Kafka does not answer, leaving the event on the document for the relay', async () => {
    const { events, publisher } = eventsWith(() => new Promise(() => undefined));
    const started = Date.now();
    await events.publish({} as never, events.pending(EventType.POST_DELETED), data.post_id, data);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(publisher.removeSent).not.toHaveBeenCalled();
    expect(publisher.leftPending).toHaveBeenCalledWith({}, data.post_id);
  });

  it('never fails the request when the delivery fails', async () => {
    const { events, publisher } = eventsWith(async () => Promise.reject(new Error('broker down')));
    await expect(events.publish({} as never, events.pending(EventType.POST_DELETED), data.post_id, data)).resolves.toBeUndefined();
    expect(publisher.removeSent).not.toHaveBeenCalled();
    expect(publisher.leftPending).toHaveBeenCalledWith({}, data.post_id);
  });

  it("publishCreated hands the new document's outbox to the publisher, so it is not read back", async () => {
    const { events, publisher } = eventsWith(async () => sent);
    const entry = events.pending(EventType.POST_DELETED);
    await events.publishCreated({} as never, entry, data.post_id, data);
    expect(publisher.sendPending).toHaveBeenCalledWith({}, data.post_id, [entry]);
  });

  it("leaves taking a created document's sent event off to removeCreated (a bulk write after the answer)", async () => {
    const entry = { event_id: 'e1', event_type: EventType.POST_DELETED, timestamp: data.deleted_at };
    const created = { sent: [entry], tombstone: false, created: true };
    const { events, publisher } = eventsWith(async () => created as never);
    await events.publishCreated({} as never, entry, data.post_id, data);
    expect(publisher.removeCreated).toHaveBeenCalledWith({}, data.post_id, created);
    expect(publisher.removeSent).not.toHaveBeenCalled();
    expect(publisher.leftPending).not.toHaveBeenCalled();
  });
});
