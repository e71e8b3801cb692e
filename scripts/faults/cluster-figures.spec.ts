import {
  busiestPartition,
  lastWriter,
  PartitionState,
  takeoverSeconds,
  tryAnotherBackend,
  underReplicated,
  writerOf,
} from './cluster-figures';
import { Mutation } from './ledger';

const partition = (topic: string, p: number, offset: number, leader: number, isr = [1, 2, 3]): PartitionState => ({
  topic,
  partition: p,
  offset,
  leader,
  replicas: [1, 2, 3],
  isr,
});

const mutation = (over: Partial<Mutation>): Mutation => ({
  phase: 'kill -9 writer backend',
  kind: 'user',
  eventType: 'user.created',
  issuedAt: 1000,
  ...over,
});

describe('cluster fault figures', () => {
  it('picks the partition that took the most messages between two samples, with its current leader', () => {
    const before = [partition('user', 0, 900, 1), partition('user', 1, 10, 2), partition('order', 4, 50, 3)];
    // user/0 holds the most messages, but order/4 took the most since the first sample (and changed leader).
    const after = [partition('user', 0, 905, 1), partition('user', 1, 12, 2), partition('order', 4, 70, 2)];
    expect(busiestPartition(before, after)).toMatchObject({ topic: 'order', partition: 4, leader: 2, written: 20 });
  });

  it('picks nothing when no partition took a write, or the busiest has no leader', () => {
    const idle = [partition('user', 0, 5, 1)];
    expect(busiestPartition(idle, idle)).toBeUndefined();
    expect(busiestPartition(idle, [partition('user', 0, 9, -1)])).toBeUndefined();
  });

  it('lists the partitions with a replica out of sync or no leader', () => {
    expect(underReplicated([partition('user', 0, 0, 1), partition('user', 1, 0, 2, [2, 3]), partition('post', 2, 0, -1)])).toEqual([
      'user/1',
      'post/2',
    ]);
    expect(underReplicated([partition('user', 0, 0, 1)])).toEqual([]);
  });

  it("reads the writer role from the backend's /health, and nothing from a backend without the lease", () => {
    const standby = { status: 'down', mode: 'lease', writer: false, owner: 'host:123', term: 4 };
    expect(writerOf({ status: 'error', details: { mongodb: { status: 'up' }, writer: standby } })).toEqual({
      mode: 'lease',
      writer: false,
    });
    expect(writerOf({ status: 'ok', info: {}, details: { mongodb: { status: 'up' } } })).toBeUndefined();
    expect(writerOf(undefined)).toBeUndefined();
  });

  it('sends a request to another backend only when it certainly was not applied', () => {
    expect(tryAnotherBackend({ status: 503, body: { code: 'NOT_WRITER' } })).toBe(true);
    expect(tryAnotherBackend({ status: 0, errorCode: 'ECONNREFUSED' })).toBe(true);
    // Stored but not published, or a connection cut mid-request: may have been applied, so not retried elsewhere.
    expect(tryAnotherBackend({ status: 503, body: { code: 'EVENT_PUBLISH_FAILED' } })).toBe(false);
    expect(tryAnotherBackend({ status: 0, errorCode: 'ECONNRESET' })).toBe(false);
    expect(tryAnotherBackend({ status: 201, body: { id: 'x' } })).toBe(false);
  });

  it('measures the takeover as the first write the new writer acknowledged after the kill', () => {
    const mutations = [
      mutation({ backend: 'backend', status: 201, answeredAt: 900 }),
      mutation({ backend: 'backend #2', status: 503, answeredAt: 2000 }),
      mutation({ backend: 'backend #2', status: 201, answeredAt: 9500 }),
      mutation({ backend: 'backend #2', status: 200, answeredAt: 8200 }),
    ];
    expect(takeoverSeconds(mutations, 1000, 'backend #2')).toBeCloseTo(7.2);
    expect(takeoverSeconds(mutations, 1000, 'backend')).toBeNull();
  });

  it('names the backend that acknowledged the newest write', () => {
    expect(
      lastWriter([
        mutation({ backend: 'backend #2', status: 201, answeredAt: 5000 }),
        mutation({ backend: 'backend', status: 201, answeredAt: 4000 }),
        mutation({ backend: 'backend', status: 0, answeredAt: 6000 }),
      ]),
    ).toBe('backend #2');
    expect(lastWriter([])).toBeUndefined();
  });
});
