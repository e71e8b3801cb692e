import { randomUUID } from 'node:crypto';
import type { Collection } from 'mongoose';
import { Lease } from '../../../apps/backend/src/common/lease/lease';
import { LeaseDoc } from '../../../apps/backend/src/common/lease/lease-step';
import { testMongo } from '../../support/databases';
import { eventually } from '../../support/eventually';

/** The Lease class on the test stack's FerretDB, instances racing in one process (each its own owner id). */
describe('Lease on FerretDB', () => {
  let mongo: Awaited<ReturnType<typeof testMongo>>;
  let leases: Collection<LeaseDoc>;

  beforeAll(async () => {
    mongo = await testMongo();
    leases = mongo.db.collection<LeaseDoc>('outbox_leases') as unknown as Collection<LeaseDoc>;
  });

  afterAll(async () => {
    await mongo.db.collection('outbox_leases').deleteMany({ name: /^race-/ });
    await mongo.close();
  });

  const instances = (n: number, leaseMs: number) => {
    const name = `race-${randomUUID()}`;
    return Array.from({ length: n }, () => new Lease(leases, { name, leaseMs, marginMs: leaseMs / 4, pollMs: 50 }));
  };

  it('lets exactly one of five instances racing for a new lease hold it, round after round', async () => {
    const racers = instances(5, 60_000);
    for (let round = 0; round < 20; round++) {
      const attempts = await Promise.all(racers.map((lease) => lease.acquire()));
      expect(attempts.filter((a) => a.held)).toHaveLength(1);
      expect(racers.filter((lease) => lease.held())).toHaveLength(1);
    }
  });

  it('hands over to exactly one of the others once the holder stops renewing, after the holder stopped counting itself', async () => {
    const [holder, ...others] = instances(4, 1000);
    expect((await holder.acquire()).took).toBe(true);
    const started = Date.now();
    const winner = await eventually(
      async () => {
        const attempts = await Promise.all(others.map((lease) => lease.acquire()));
        return attempts.some((a) => a.took) ? others.find((lease) => lease.held()) : undefined;
      },
      { intervalMs: 50, timeoutMs: 5000, what: 'a new holder' },
    );
    const waitedMs = Date.now() - started;
    expect(waitedMs).toBeGreaterThanOrEqual(1000);
    expect(holder.held()).toBe(false);
    expect(others.filter((lease) => lease.held())).toEqual([winner]);
    expect(winner.current()).toMatchObject({ term: 2, owner: winner.owner });
    // The old holder comes back: it does not get its lease back while the new one renews.
    expect(await holder.acquire()).toMatchObject({ held: false });
    expect(await winner.acquire()).toMatchObject({ held: true, took: false });
  });

  it('is taken at once after the holder released it', async () => {
    const [holder, next] = instances(2, 60_000);
    await holder.acquire();
    expect(await next.acquire()).toMatchObject({ held: false });
    await holder.release();
    expect(holder.held()).toBe(false);
    expect(await next.acquire()).toMatchObject({ held: true, took: true });
  });
});
