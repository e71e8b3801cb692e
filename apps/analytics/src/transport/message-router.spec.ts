import { envelope, objectId, userData } from '../testing/event-fixtures';
import { PoisonEventError } from '../projection/poison-event.error';
import { failureAction, routeMessage } from './message-router';

const handlers: Record<string, string> = { 'user.created': 'users.created', 'order.created': 'orders.created' };
const handlerFor = (type: string) => handlers[type];
const raw = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));

describe('routeMessage', () => {
  it('dispatches by the envelope event_type, whatever topic it came from', () => {
    const data = userData();
    const event = envelope('user.created', data.id, data);
    expect(routeMessage(raw(event), handlerFor)).toEqual({ kind: 'dispatch', envelope: event, handler: 'users.created' });
  });

  it('skips a well-formed envelope of an event type nobody handles', () => {
    const event = { ...envelope('user.created', objectId(), userData()), event_type: 'user.renamed' };
    expect(routeMessage(raw(event), handlerFor)).toEqual({ kind: 'skip', reason: 'no handler for event type "user.renamed"' });
  });

  it('dead-letters a value that is not JSON with the raw text as original event', () => {
    const route = routeMessage(raw('not json {'), handlerFor);
    expect(route).toMatchObject({ kind: 'dead-letter', originalEvent: 'not json {' });
    expect(route.kind === 'dead-letter' && route.error).toMatch(/^value is not JSON/);
  });

  it('dead-letters an envelope without data with the decoded JSON as original event', () => {
    const { data: _data, ...noData } = envelope('order.created', objectId(), {} as never);
    expect(routeMessage(raw(noData), handlerFor)).toEqual({
      kind: 'dead-letter',
      error: 'envelope.data must be an object',
      originalEvent: noData,
    });
  });

  it('dead-letters a message without a value', () => {
    expect(routeMessage(null, handlerFor)).toEqual({ kind: 'dead-letter', error: 'message has no value', originalEvent: null });
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
