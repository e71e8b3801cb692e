import { randomBytes } from 'node:crypto';
import { KafkaConfig, KafkaProducer } from '@app/kafka';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient, ObjectId } from 'mongodb';
import { rebuild } from '../reconcile/rebuild';
import { healthy } from './latency';
import { freePort } from '../stack/proc';
import { distEntry, startNode, stop } from './processes';

const DOCUMENTS = Number(process.env.BENCH_READ_DOCS ?? 100_000);
const READS = 200;
const WRITES = 100;

export interface ReadResult {
  documents: number;
  reads: number;
  p50: number;
  p99: number;
  max: number;
  unknownMs: number;
  writes: number;
  /** PATCH /users/:id (a conditional update: the user must be active) of random users: p50 and p99. */
  patchP50: number;
  patchP99: number;
  /** `npm run reconcile -- --rebuild` of the users collection: snapshots published, and how long it took. */
  rebuilt: number;
  rebuildSeconds: number;
}

/**
 * The read path on the local stack: BENCH_READ_DOCS user documents in the users collection (inserted straight into
 * FerretDB, shaped as the backend stores them), then 200 sequential GET /users/:id of random ones and one unknown id.
 * Then 100 sequential PATCH /users/:id, a conditional update (active users only), with the same data.
 * FerretDB on SQLite pushes only an `_id` equality down to an index: a query on {_id, status} scans the collection.
 */
export async function measureReads(env: Record<string, string>): Promise<ReadResult> {
  const client = await new MongoClient(env.MONGODB_URI).connect();
  const users = client.db().collection('users');
  const ids: ObjectId[] = [];
  const run = randomBytes(3).toString('hex');
  const began = performance.now();
  for (let i = 0; i < DOCUMENTS; i += 5000) {
    const now = new Date();
    const docs = Array.from({ length: Math.min(5000, DOCUMENTS - i) }, (_, j) => {
      const _id = new ObjectId();
      ids.push(_id);
      return {
        _id,
        version: 1,
        outbox: [],
        email: `reader.${run}.${i + j}@example.com`,
        profile: { display_name: `Reader ${i + j}`, first_name: null, last_name: null, avatar_url: null, bio: null },
        contact: { phone: null },
        status: 'active',
        deleted_at: null,
        created_at: now,
        updated_at: now,
      };
    });
    await users.insertMany(docs, { ordered: false });
  }
  console.log(`reads: ${DOCUMENTS} users inserted in ${((performance.now() - began) / 1000).toFixed(0)} s`);
  await client.close();

  const port = await freePort();
  const backend = startNode(distEntry('backend'), { ...env, PORT: String(port) });
  try {
    const api = `http://127.0.0.1:${port}`;
    await healthy(api);
    const call = async (method: string, id: string, status: number, body?: unknown): Promise<number> => {
      const sentAt = performance.now();
      const response = await fetch(`${api}/users/${id}`, {
        method,
        headers: body ? { 'content-type': 'application/json', 'x-user-id': id } : undefined,
        body: body ? JSON.stringify(body) : undefined,
      });
      const answer = (await response.json()) as { id?: string };
      const elapsed = performance.now() - sentAt;
      if (response.status !== status || (status === 200 && answer.id !== id))
        throw new Error(`${method} /users/${id} answered ${response.status}`);
      return elapsed;
    };
    const randomId = () => ids[Math.floor(Math.random() * ids.length)].toHexString();
    for (let i = 0; i < 20; i++) await call('GET', ids[i].toHexString(), 200); // warm-up
    const reads: number[] = [];
    for (let i = 0; i < READS; i++) reads.push(await call('GET', randomId(), 200));
    const unknownMs = await call('GET', new ObjectId().toHexString(), 404);
    const patches: number[] = [];
    for (let i = 0; i < WRITES; i++) patches.push(await call('PATCH', randomId(), 200, { profile: { bio: `patched ${i}` } }));
    const rebuilt = await measureRebuild(env);
    const [r, p] = [reads, patches].map((xs) => [...xs].sort((a, b) => a - b));
    const pct = (xs: number[], q: number) => xs[Math.min(xs.length - 1, Math.floor(xs.length * q))];
    return {
      documents: DOCUMENTS,
      reads: READS,
      p50: pct(r, 0.5),
      p99: pct(r, 0.99),
      max: r[r.length - 1],
      unknownMs,
      writes: WRITES,
      patchP50: pct(p, 0.5),
      patchP99: pct(p, 0.99),
      ...rebuilt,
    };
  } finally {
    await stop(backend);
  }
}

/** A rebuild of the users collection as `npm run reconcile -- --rebuild --only user` runs it, unthrottled: documents/s. */
async function measureRebuild(env: Record<string, string>): Promise<{ rebuilt: number; rebuildSeconds: number }> {
  const client = await new MongoClient(env.MONGODB_URI).connect();
  const producer = new KafkaProducer(KafkaConfig.fromEnv('bench-rebuild', { ...process.env, ...env }));
  try {
    const { documents, seconds } = await rebuild(client.db(), producer, {
      kinds: ['user'],
      rate: 1_000_000,
      stateFile: join(tmpdir(), `bench-rebuild-${process.pid}.json`),
      resume: false,
      progress: () => undefined,
    });
    console.log(
      `reads: rebuild published ${documents} user snapshots in ${seconds.toFixed(1)} s (${Math.round(documents / seconds)} documents/s)`,
    );
    return { rebuilt: documents, rebuildSeconds: seconds };
  } finally {
    await producer.disconnect();
    await client.close();
  }
}
