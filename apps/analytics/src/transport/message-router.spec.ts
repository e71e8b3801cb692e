import { ALL_EVENT_TYPES, EventType } from '@app/kafka';

/** The topic an envelope belongs on (the test produces each where the backend would). */
const topicOf = (value: unknown) =>
  typeof value === 'object' && value && 'event_type' in value ? String(value.event_type).split('.')[0] : 'order';
import { envelope, objectId, userData } from '../testing/event-fixtures';
import { PoisonEventError } from '../projection/poison-event.error';
import { QueryFailedError } from 'typeorm';
import { DATA_REJECTION_ATTEMPTS, failureAction, routeMessage } from './message-router';

const handlers: Record<string, string> = { 'user.created': 'users.created', 'order.created': 'orders.created' };
const handlerFor = (type: string) => handlers[type];
/** A Kafka message of `value`, keyed by its entity_id as the backend keys it (or by `key`). */
const raw = (value: unknown, key: string | null = (value as { entity_id?: string })?.entity_id ?? null) => ({
  value: Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)),
  key: key === null ? null : Buffer.from(key),
});

describe('routeMessage', () => {
  it('dead-letters an envelope whose entity_id is not a 24-hex ObjectId, quoting it cut short', () => {
    const data = userData();
    const event = { ...envelope('user.created', data.id, data), entity_id: 'a.'.repeat(1000) };
    expect(routeMessage(raw(event), 'user', handlerFor)).toEqual({
      kind: 'dead-letter',
      error: `envelope.entity_id must be a 24-character hex ObjectId, not "${'a.'.repeat(32)}..."`,
      originalEvent: event,
    });
  });

  it('dead-letters an envelope whose Kafka key is not its entity_id, or that has no key', () => {
    const data = userData();
    const event = envelope('user.created', data.id, data);
    const other = objectId();
    expect(routeMessage(raw(event, other), 'user', handlerFor)).toEqual({
      kind: 'dead-letter',
      error: `the message key "${other}" is not the envelope's entity_id "${data.id}"`,
      originalEvent: event,
    });
    expect(routeMessage(raw(event, null), 'user', handlerFor)).toMatchObject({
      kind: 'dead-letter',
      error: `the message has no key; it must be the envelope's entity_id "${data.id}"`,
    });
  });

  it('dispatches by the envelope event_type', () => {
    const data = userData();
    const event = envelope('user.created', data.id, data);
    expect(routeMessage(raw(event), topicOf(event), handlerFor)).toEqual({ kind: 'dispatch', envelope: event, handler: 'users.created' });
  });

  it('skips a well-formed envelope of an event type nobody handles', () => {
    const event = { ...envelope('user.created', objectId(), userData()), event_type: 'user.renamed' };
    expect(routeMessage(raw(event), topicOf(event), handlerFor)).toEqual({
      kind: 'skip',
      eventType: 'user.renamed',
      reason: 'no handler for event type "user.renamed"',
    });
  });

  it('a consumer from before order.shipped (the 19 older handlers) skips order.shipped and dispatches what follows', () => {
    const older = new Set<string>(ALL_EVENT_TYPES.filter((type) => type !== EventType.ORDER_SHIPPED));
    const olderHandlerFor = (type: string) => (older.has(type) ? type : undefined);
    const id = objectId();
    const shipped = envelope('order.shipped', id, {
      order_id: id,
      order_number: 'ORD-1',
      carrier: 'DHL',
      tracking_number: 'T1',
      shipped_at: '2025-03-01T00:00:00.000Z',
    });
    const cancelled = envelope('order.cancelled', id, {
      order_id: id,
      order_number: 'ORD-1',
      reason: null,
      cancelled_at: '2025-03-02T00:00:00.000Z',
    });
    expect(routeMessage(raw(shipped), topicOf(shipped), olderHandlerFor)).toEqual({
      kind: 'skip',
      eventType: 'order.shipped',
      reason: 'no handler for event type "order.shipped"',
    });
    expect(routeMessage(raw(cancelled), topicOf(cancelled), olderHandlerFor)).toEqual({
      kind: 'dispatch',
      envelope: cancelled,
      handler: 'order.cancelled',
    });
  });

  it('dead-letters an envelope on another topic than its event_type names', () => {
    const data = userData();
    const event = envelope('user.created', data.id, data);
    expect(routeMessage(raw(event), 'order', handlerFor)).toEqual({
      kind: 'dead-letter',
      error: 'event_type "user.created" belongs on topic "user", not "order"',
      originalEvent: event,
    });
  });

  it('dead-letters a value that is not JSON with the raw text as original event', () => {
    const route = routeMessage(raw('not json {'), 'order', handlerFor);
    expect(route).toMatchObject({ kind: 'dead-letter', originalEvent: 'not json {' });
    expect(route.kind === 'dead-letter' && route.error).toMatch(/^value is not JSON/);
  });

  it('dead-letters an envelope without data with the decoded JSON as original event', () => {
    const { data: _data, ...noData } = envelope('order.created', objectId(), {} as never);
    expect(routeMessage(raw(noData), topicOf(noData), handlerFor)).toEqual({
      kind: 'dead-letter',
      error: 'envelope.data must be an object',
      originalEvent: noData,
    });
  });

  it('dead-letters a message without a value', () => {
    expect(routeMessage({ value: null, key: null }, 'order', handlerFor)).toEqual({
      kind: 'dead-letter',
      error: 'message has no value',
      originalEvent: null,
    });
  });
});

describe('failureAction', () => {
  it('dead-letters a PoisonEventError and retries anything else', () => {
    expect(failureAction(new PoisonEventError('data.items must be an array'))).toBe('dead-letter');
    expect(failureAction(Object.assign(new Error('Deadlock found'), { code: 'ER_LOCK_DEADLOCK' }))).toBe('retry');
    expect(failureAction(new Error('connect ECONNREFUSED 127.0.0.1:3306'))).toBe('retry');
    expect(failureAction({ status: 'error', message: 'Internal server error' })).toBe('retry');
  });
});

describe('failureAction for data MySQL rejects', () => {
  const duplicate = Object.assign(new Error("Duplicate entry 'ORD-1' for key 'uq_orders_order_number'"), {
    code: 'ER_DUP_ENTRY',
    errno: 1062,
  });

  it('retries a data rejection first (a race with another consumer resolves), then dead-letters it', () => {
    const actions = Array.from({ length: DATA_REJECTION_ATTEMPTS }, (_, attempt) => failureAction(duplicate, attempt));
    expect(actions).toEqual([...Array(DATA_REJECTION_ATTEMPTS - 1).fill('retry'), 'dead-letter']);
  });

  it("sees the MySQL code through TypeORM's QueryFailedError", () => {
    const wrapped = new QueryFailedError(
      'INSERT INTO orders ...',
      [],
      Object.assign(new Error('Data too long'), { code: 'ER_DATA_TOO_LONG' }),
    );
    expect(failureAction(wrapped, DATA_REJECTION_ATTEMPTS - 1)).toBe('dead-letter');
  });

  it('keeps retrying what is not about the data, however many attempts', () => {
    const signal = Object.assign(new Error('simulated MySQL outage'), { code: 'ER_SIGNAL_EXCEPTION' });
    const lost = Object.assign(new Error('Connection lost'), { code: 'PROTOCOL_CONNECTION_LOST' });
    expect([failureAction(signal, 50), failureAction(lost, 50)]).toEqual(['retry', 'retry']);
  });
});
