import './request-queue-fix';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const RequestQueue = require('kafkajs/src/network/requestQueue');

const noop = () => undefined;
const newQueue = () =>
  new RequestQueue({
    maxInFlightRequests: 1,
    requestTimeout: 30000,
    enforceRequestTimeout: false,
    clientId: 'spec',
    broker: 'localhost:9092',
    logger: { debug: noop, info: noop, warn: noop, error: noop },
    isConnected: () => true,
  });

describe('kafkajs RequestQueue idle timer (kafkajs#1751)', () => {
  it('schedules no timer, negative or not, when a response leaves nothing queued', () => {
    const queue = newQueue();
    const setTimeoutSpy = jest.spyOn(global, 'setTimeout');
    try {
      queue.fulfillRequest({ correlationId: 1, payload: null, size: 0 }); // what every broker response does
      expect(setTimeoutSpy.mock.calls.map(([, delay]) => delay)).toEqual([]);
    } finally {
      setTimeoutSpy.mockRestore();
      queue.destroy();
    }
  });

  it('does not re-check an idle queue every millisecond', async () => {
    const queue = newQueue();
    const check = jest.spyOn(queue, 'checkPendingRequests');
    queue.fulfillRequest({ correlationId: 1, payload: null, size: 0 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    queue.destroy();
    expect(check).toHaveBeenCalledTimes(1); // unfixed: ~80 in 100 ms
  });

  it('still sends a queued request once the in-flight one is answered, and while throttled checks after the throttle', async () => {
    const queue = newQueue();
    const sent: number[] = [];
    const push = (correlationId: number) =>
      queue.push({
        entry: { correlationId, resolve: noop, reject: noop },
        expectResponse: true,
        sendRequest: () => sent.push(correlationId),
      });
    push(1);
    push(2); // waits: maxInFlightRequests 1
    expect(sent).toEqual([1]);
    queue.fulfillRequest({ correlationId: 1, payload: null, size: 0 });
    expect(sent).toEqual([1, 2]);

    queue.maybeThrottle(30);
    queue.fulfillRequest({ correlationId: 2, payload: null, size: 0 });
    push(3);
    expect(sent).toEqual([1, 2]);
    const deadline = Date.now() + 2000;
    while (sent.length < 3 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    queue.destroy();
    expect(sent).toEqual([1, 2, 3]);
  });
});

describe('every kafkajs client the project builds gets the fix', () => {
  // A client built where the fix was never loaded wakes every millisecond and prints Node 24's TimeoutNegativeWarning
  // (the demo's lag table did). libs/kafka loads it with its config; elsewhere a file that builds a client imports it.
  const { readdirSync, readFileSync } = jest.requireActual<typeof import('node:fs')>('node:fs');
  const { join } = jest.requireActual<typeof import('node:path')>('node:path');
  const root = join(__dirname, '..', '..', '..', '..');
  const sources = ['apps', 'scripts', join('test', 'support')].flatMap((dir) =>
    (readdirSync(join(root, dir), { recursive: true }) as string[])
      .filter((file) => file.endsWith('.ts') && !file.endsWith('.spec.ts'))
      .map((file) => join(dir, file)),
  );

  it('is imported by each file outside libs/kafka that calls new Kafka(...)', () => {
    const building = sources.filter((file) => readFileSync(join(root, file), 'utf8').includes('new Kafka('));
    expect(building.length).toBeGreaterThan(5);
    const without = building.filter((file) => !/^import '[^']*kafkajs\/request-queue-fix';$/m.test(readFileSync(join(root, file), 'utf8')));
    expect(without).toEqual([]);
  });
});
