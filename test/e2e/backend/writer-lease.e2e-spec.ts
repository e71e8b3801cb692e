import { MongoClient, ObjectId } from 'mongodb';
import { freePort } from '../../../scripts/stack/proc';
import { BackendProcess, startBackendProcess } from '../../support/backend-process';
import { eventually } from '../../support/eventually';
import { KafkaProbe } from '../../support/kafka-probe';
import { uniqueEmail, USER_ID } from './fixtures';

const LEASE_MS = 5000;
const RENEW_MS = 1000;

interface Health {
  status: number;
  body: { details?: { writer?: { status: string; mode: string; writer: boolean; owner: string | null; me?: string } } };
}

async function health(backend: BackendProcess, path = '/health/ready'): Promise<Health> {
  const res = await fetch(`${backend.url}${path}`);
  return { status: res.status, body: (await res.json()) as Health['body'] };
}

function becomesWriter(backend: BackendProcess): Promise<true> {
  return eventually(async () => ((await health(backend)).body.details?.writer?.writer === true ? true : undefined), {
    timeoutMs: 3 * LEASE_MS,
    intervalMs: 50,
    what: `${backend.url} to become the writer`,
  });
}

async function post(backend: BackendProcess, path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${backend.url}${path}`, {
    method: path.includes('/users/') ? 'PATCH' : 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as Record<string, string> };
}

/** The writer lease on the test stack's FerretDB: two backend processes, exactly one writes; kill -9 it, the other takes over. */
describe('two backends on FerretDB (writer lease)', () => {
  // A database of its own (as the reconcile suite has): the other test files' apps share the test database, and
  // their relays' scans would send (and take off) what the writer here must leave in its outboxes.
  const uri = process.env.MONGODB_URI!.replace(/\/[A-Za-z0-9_-]+(\?|$)/, `/lease_${Date.now()}$1`);
  const env = { MONGODB_URI: uri, WRITER_MODE: 'auto', WRITER_LEASE_MS: String(LEASE_MS), WRITER_RENEW_MS: String(RENEW_MS) };
  const mongo = new MongoClient(uri);
  let writer: BackendProcess | undefined;
  let standby: BackendProcess | undefined;
  let probe: KafkaProbe | undefined;

  /** The event ids still in the outboxes of these users. */
  async function pendingEvents(ids: string[]): Promise<string[]> {
    const docs = await mongo
      .db()
      .collection<{ outbox: Array<{ event_id: string }> }>('users')
      .find({ _id: { $in: ids.map((id) => new ObjectId(id)) } })
      .toArray();
    return docs.flatMap((doc) => doc.outbox.map((entry) => entry.event_id));
  }

  afterAll(async () => {
    writer?.signal('SIGCONT'); // in case a failure left it paused
    await Promise.all([writer?.stop(), standby?.stop(), probe?.stop()]);
    await mongo.db().dropDatabase();
    await mongo.close();
  });

  it('lets one write and the other refuse writes with 503 NOT_WRITER; the other takes over when the lease runs out, sends what was left, and the old one stops writing; kill -9 is seen at once', async () => {
    // The first instance cannot reach Kafka, so every event it writes stays in its document's outbox.
    writer = await startBackendProcess({ env: { ...env, KAFKA_BOOTSTRAP_SERVERS: `127.0.0.1:${await freePort()}` } });
    await becomesWriter(writer);
    standby = await startBackendProcess({ env });
    probe = await KafkaProbe.start(['user']);

    const standbyReady = await health(standby);
    expect(standbyReady.status).toBe(503);
    expect(standbyReady.body.details?.writer).toMatchObject({ status: 'down', mode: 'lease', writer: false });
    expect((await health(writer)).body.details?.writer).toMatchObject({ status: 'up', mode: 'lease', writer: true });
    expect(standbyReady.body.details?.writer?.owner).toBe((await health(writer)).body.details?.writer?.me);
    expect((await fetch(`${standby.url}/health/live`)).status).toBe(200);

    const refused = await post(standby, '/users', { email: uniqueEmail('standby'), profile: { display_name: 'No' } });
    expect(refused).toMatchObject({ status: 503, retryAfter: String(LEASE_MS / 1000), body: { statusCode: 503, code: 'NOT_WRITER' } });

    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const created = await post(writer, '/users', { email: uniqueEmail('lease'), profile: { display_name: `Lease ${i}` } });
      expect(created.status).toBe(201);
      ids.push(created.body.id);
    }
    expect((await post(writer, `/users/${ids[0]}`, { profile: { display_name: 'Renamed' } }, { [USER_ID]: ids[0] })).status).toBe(200);
    const read = await fetch(`${standby.url}/users/${ids[0]}`);
    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({ id: ids[0], profile: { display_name: 'Renamed' } });

    const left = await pendingEvents(ids);
    expect(left).toHaveLength(6); // 5 created + 1 updated, none on Kafka

    // Paused, the writer neither renews nor dies (as a process on another machine would look): the lease runs out.
    writer.signal('SIGSTOP');
    const pausedAt = Date.now();
    await becomesWriter(standby);
    const expiryS = (Date.now() - pausedAt) / 1000;
    console.log(
      `takeover from a paused writer (its lease runs out): ${expiryS.toFixed(2)} s (WRITER_LEASE_MS=${LEASE_MS}, WRITER_RENEW_MS=${RENEW_MS})`,
    );
    // The lease ran out (not the dead-pid path): a whole lease after the last renewal the standby saw, plus one look
    // (250 ms) and this poll; the last renewal came at most a renew interval (and a late timer) before the pause.
    expect(expiryS).toBeGreaterThan((LEASE_MS - 2 * RENEW_MS) / 1000);
    expect(expiryS).toBeLessThan(LEASE_MS / 1000 + 1);

    // What the old writer left in its documents' outboxes reaches Kafka through the new one, and the outboxes empty.
    const sent = await probe.waitForAll((m) => left.includes(m.json?.event_id), left.length, 30_000);
    expect(new Set(sent.map((m) => m.json.event_id))).toEqual(new Set(left));
    await eventually(async () => ((await pendingEvents(ids)).length === 0 ? true : undefined), { what: 'the outboxes to empty' });
    expect((await post(standby, '/users', { email: uniqueEmail('after'), profile: { display_name: 'After' } })).status).toBe(201);
    expect((await health(standby)).status).toBe(200);

    // Resumed, the old writer knows its lease ran out before anyone could take it: it refuses writes at once.
    writer.signal('SIGCONT');
    const late = await post(writer, '/users', { email: uniqueEmail('late'), profile: { display_name: 'Late' } });
    expect(late).toMatchObject({ status: 503, body: { code: 'NOT_WRITER' } });
    expect((await health(writer)).body.details?.writer).toMatchObject({ writer: false });

    // kill -9 of the new writer: on the same machine its dead pid is seen at the next look, without waiting for the lease.
    await standby.kill('SIGKILL');
    const killedAt = Date.now();
    await becomesWriter(writer);
    const killS = (Date.now() - killedAt) / 1000;
    console.log(`takeover after kill -9 (same machine): ${killS.toFixed(2)} s`);
    expect(killS).toBeLessThan(RENEW_MS / 1000);
    expect((await post(writer, '/users', { email: uniqueEmail('back'), profile: { display_name: 'Back' } })).status).toBe(201);
  }, 150_000);
});
