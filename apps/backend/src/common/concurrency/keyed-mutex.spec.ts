import { KeyedMutex } from './keyed-mutex';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('KeyedMutex', () => {
  it('runs tasks of one key one at a time, in call order', async () => {
    const mutex = new KeyedMutex();
    const log: string[] = [];
    const gate = deferred();
    const first = mutex.run('a', async () => {
      log.push('1 start');
      await gate.promise;
      log.push('1 end');
      return 1;
    });
    const second = mutex.run('a', async () => {
      log.push('2 start');
      return 2;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(log).toEqual(['1 start']);
    gate.resolve();
    await expect(Promise.all([first, second])).resolves.toEqual([1, 2]);
    expect(log).toEqual(['1 start', '1 end', '2 start']);
    expect(mutex.busyKeys).toBe(0);
  });

  it('does not hold back tasks of another key', async () => {
    const mutex = new KeyedMutex();
    const gate = deferred();
    const blocked = mutex.run('a', () => gate.promise);
    await expect(mutex.run('b', async () => 'b done')).resolves.toBe('b done');
    gate.resolve();
    await blocked;
  });

  it('goes on with the next task after one fails, and passes the failure to its caller', async () => {
    const mutex = new KeyedMutex();
    const failing = mutex.run('a', async () => {
      throw new Error('boom');
    });
    const next = mutex.run('a', async () => 'next');
    await expect(failing).rejects.toThrow('boom');
    await expect(next).resolves.toBe('next');
    expect(mutex.busyKeys).toBe(0);
  });
});
