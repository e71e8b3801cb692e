import { outboxOf, readinessOf, TopicRates } from './pipeline-state';

describe('readinessOf', () => {
  it('is ready on 200 and says which checks fail otherwise', () => {
    expect(readinessOf({ status: 200, body: { status: 'ok' } })).toEqual({ ready: true, reason: null });
    expect(
      readinessOf({
        status: 503,
        body: {
          status: 'error',
          error: { kafka: { status: 'down', message: 'Connection error' }, consumer: { status: 'down', state: 'starting' } },
        },
      }),
    ).toEqual({ ready: false, reason: 'kafka: Connection error; consumer: starting' });
    expect(readinessOf({ failure: 'ECONNREFUSED' })).toEqual({ ready: false, reason: 'not answering: ECONNREFUSED' });
  });

  it("reads the backend's outbox backlog from its details", () => {
    expect(outboxOf({ details: { outbox: { status: 'up', documents: 4, oldest_age_s: 2 } } })).toEqual({ documents: 4, oldest_age_s: 2 });
    expect(outboxOf({ details: {} })).toBeNull();
  });
});

describe('TopicRates', () => {
  it('gives events/s per topic from the end offsets between two samples and keeps the last points', () => {
    const rates = new TopicRates(2);
    expect(rates.record(1000, { order: 10, user: 0 })).toBeUndefined();
    expect(rates.record(3000, { order: 30, user: 1 })).toEqual({ at: 3000, rates: { order: 10, user: 0.5 } });
    rates.record(4000, { order: 30, user: 1 });
    rates.record(5000, { order: 5, user: 2 });
    expect(rates.points).toEqual([
      { at: 4000, rates: { order: 0, user: 0 } },
      { at: 5000, rates: { order: 0, user: 1 } },
    ]);
  });
});
