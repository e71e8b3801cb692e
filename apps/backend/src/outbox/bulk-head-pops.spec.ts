import { BulkHeadPops, MAX_DOCUMENTS_PER_BULK } from './bulk-head-pops';

/** A model whose bulkWrite records its operations and answers when the test says so. */
function fakeModel() {
  const calls: Array<{ ops: unknown[]; finish: (err?: Error) => void }> = [];
  const model = {
    bulkWrite: jest.fn(
      (ops: unknown[]) => new Promise<void>((resolve, reject) => calls.push({ ops, finish: (err) => (err ? reject(err) : resolve()) })),
    ),
  };
  return { model: model as never, calls };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('BulkHeadPops', () => {
  it('writes what arrives while a bulk is in flight in the next bulk, in arrival order', async () => {
    const { model, calls } = fakeModel();
    const pops = new BulkHeadPops(async () => true);
    const first = pops.pop(model, 'a', ['e1']);
    await settle();
    const second = pops.pop(model, 'b', ['e2']);
    const third = pops.pop(model, 'c', ['e3', 'e4']);
    await settle();
    expect(calls).toHaveLength(1);
    calls[0].finish();
    await first;
    await settle();
    expect(calls).toHaveLength(2);
    expect(calls[1].ops).toEqual([
      { updateOne: { filter: { _id: 'b' }, update: { $pop: { outbox: -1 } }, timestamps: false } },
      { updateOne: { filter: { _id: 'c' }, update: { $pop: { outbox: -1 } }, timestamps: false } },
      { updateOne: { filter: { _id: 'c' }, update: { $pop: { outbox: -1 } }, timestamps: false } },
    ]);
    calls[1].finish();
    await expect(Promise.all([second, third])).resolves.toEqual([undefined, undefined]);
  });

  it('names the expected head event in each filter where the server can use it (MongoDB)', async () => {
    const { model, calls } = fakeModel();
    const pops = new BulkHeadPops(async () => false);
    const done = pops.pop(model, 'a', ['e1', 'e2']);
    await settle();
    expect(calls[0].ops).toEqual([
      { updateOne: { filter: { _id: 'a', 'outbox.0.event_id': 'e1' }, update: { $pop: { outbox: -1 } }, timestamps: false } },
      { updateOne: { filter: { _id: 'a', 'outbox.0.event_id': 'e2' }, update: { $pop: { outbox: -1 } }, timestamps: false } },
    ]);
    calls[0].finish();
    await done;
  });

  it('rejects every pop of a failed bulk and goes on with the next one', async () => {
    const { model, calls } = fakeModel();
    const pops = new BulkHeadPops(async () => true);
    const failed = pops.pop(model, 'a', ['e1']);
    await settle();
    const next = pops.pop(model, 'b', ['e2']);
    calls[0].finish(new Error('connection reset'));
    await expect(failed).rejects.toThrow('connection reset');
    await settle();
    calls[1].finish();
    await expect(next).resolves.toBeUndefined();
  });

  it(`splits a queue longer than ${MAX_DOCUMENTS_PER_BULK} documents, and drained() waits for all of it`, async () => {
    const { model, calls } = fakeModel();
    const pops = new BulkHeadPops(async () => true);
    const all = Array.from({ length: MAX_DOCUMENTS_PER_BULK + 2 }, (_, i) => pops.pop(model, `d${i}`, [`e${i}`]));
    let drained = false;
    const draining = pops.drained().then(() => (drained = true));
    await settle();
    calls[0].finish(); // the first document alone: the others arrived while it was in flight
    await settle();
    expect(calls.map((c) => c.ops.length)).toEqual([1, MAX_DOCUMENTS_PER_BULK]);
    calls[1].finish();
    await settle();
    expect(drained).toBe(false);
    expect(calls[2].ops).toHaveLength(1);
    calls[2].finish();
    await draining;
    await Promise.all(all);
    expect(drained).toBe(true);
  });

  it('keeps collections apart: one bulk in flight per model', async () => {
    const users = fakeModel();
    const posts = fakeModel();
    const pops = new BulkHeadPops(async () => true);
    const done = [pops.pop(users.model, 'u', ['e1']), pops.pop(posts.model, 'p', ['e2'])];
    await settle();
    expect([users.calls.length, posts.calls.length]).toEqual([1, 1]);
    users.calls[0].finish();
    posts.calls[0].finish();
    await Promise.all(done);
  });
});
