import { BulkHeadPops, FERRETDB_STATEMENTS_PER_BULK, STATEMENTS_PER_BULK } from './bulk-head-pops';

/** A model whose bulkWrite records its operations (in `calls`, shared by models) and answers when the test says so. */
function fakeModel(name: string, calls: Array<{ model: string; ops: unknown[]; finish: (err?: Error) => void }>) {
  return {
    bulkWrite: jest.fn(
      (ops: unknown[]) =>
        new Promise<void>((resolve, reject) => calls.push({ model: name, ops, finish: (err) => (err ? reject(err) : resolve()) })),
    ),
  } as never;
}

const settle = () => new Promise((resolve) => setImmediate(resolve));
const pop = (id: string) => ({ updateOne: { filter: { _id: id }, update: { $pop: { outbox: -1 } }, timestamps: false } });

describe('BulkHeadPops', () => {
  let calls: Array<{ model: string; ops: unknown[]; finish: (err?: Error) => void }>;
  beforeEach(() => (calls = []));

  it('writes what arrives while a bulk is in flight in the next bulk, in arrival order', async () => {
    const model = fakeModel('users', calls);
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
    expect(calls[1].ops).toEqual([pop('b'), pop('c'), pop('c')]);
    calls[1].finish();
    await expect(Promise.all([second, third])).resolves.toEqual([undefined, undefined]);
  });

  it('names the expected head event in each filter where the server can use it (MongoDB)', async () => {
    const model = fakeModel('users', calls);
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
    const model = fakeModel('users', calls);
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

  it.each([
    ['FerretDB', true, FERRETDB_STATEMENTS_PER_BULK],
    ['MongoDB', false, STATEMENTS_PER_BULK],
  ])('on %s, keeps every bulk within %s statements, and drained() waits for all of them', async (_, idOnly, limit) => {
    const model = fakeModel('users', calls);
    const pops = new BulkHeadPops(async () => idOnly as boolean);
    const all = Array.from({ length: limit + 2 }, (_, i) => pops.pop(model, `d${i}`, [`e${i}`]));
    let drained = false;
    const draining = pops.drained().then(() => (drained = true));
    for (let i = 0; i < 3; i++) {
      await settle();
      calls[i].finish();
    }
    await draining;
    await Promise.all(all);
    // The first document alone (the others arrived while it was in flight), then as many as fit, then the rest.
    expect(calls.map((c) => c.ops.length)).toEqual([1, limit, 1]);
    expect(drained).toBe(true);
  });

  it('has one bulk in flight at a time: collections take turns', async () => {
    const pops = new BulkHeadPops(async () => true);
    const [users, posts] = [fakeModel('users', calls), fakeModel('posts', calls)];
    const done = [pops.pop(users, 'u1', ['e1']), pops.pop(posts, 'p1', ['e2'])];
    done.push(...Array.from({ length: FERRETDB_STATEMENTS_PER_BULK + 1 }, (_, i) => pops.pop(users, `u${i + 2}`, [`e${i + 3}`])));
    for (let i = 0; i < 4; i++) {
      await settle();
      expect(calls).toHaveLength(i + 1);
      calls[i].finish();
    }
    await Promise.all(done);
    expect(calls.map((c) => `${c.model}:${c.ops.length}`)).toEqual([
      'users:1',
      'posts:1',
      `users:${FERRETDB_STATEMENTS_PER_BULK}`,
      'users:1',
    ]);
  });
});
