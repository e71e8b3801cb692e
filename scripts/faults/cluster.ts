import { TOPICS } from '@app/kafka';
import { DEFAULT_WRITER } from '../../apps/backend/src/config/backend.config';
import { Admin, Kafka, logLevel } from 'kafkajs';
import '../../libs/kafka/src/kafkajs/request-queue-fix';
import { appEnv, StackProfile } from '../stack/profile';
import { restartService, startService, status, stopService } from '../stack/stack';
import { busiestPartition, lastWriter, PartitionState, takeoverSeconds, underReplicated, writerOf } from './cluster-figures';
import { FaultContext, FaultForm, FaultPhase, sleep } from './harness';

const nodeName = (id: number) => `kafka-${id}`;

async function withAdmin<T>(profile: StackProfile, use: (admin: Admin) => Promise<T>): Promise<T> {
  const brokers = appEnv(profile).KAFKA_BOOTSTRAP_SERVERS!.split(',');
  const admin = new Kafka({ clientId: 'faults-cluster', brokers, logLevel: logLevel.NOTHING, retry: { retries: 2 } }).admin();
  await admin.connect();
  try {
    return await use(admin);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** Every partition of the app topics (and `__consumer_offsets` with offset 0) with its end offset, leader and in-sync replicas. */
async function partitionStates(profile: StackProfile, withOffsetsTopic = false): Promise<PartitionState[]> {
  return withAdmin(profile, async (admin) => {
    const topics = withOffsetsTopic ? [...TOPICS, '__consumer_offsets'] : [...TOPICS];
    const { topics: metadata } = await admin.fetchTopicMetadata({ topics });
    const states: PartitionState[] = [];
    for (const topic of metadata) {
      const ends = topic.name === '__consumer_offsets' ? [] : await admin.fetchTopicOffsets(topic.name);
      for (const p of topic.partitions) {
        const offset = Number(ends.find((e) => e.partition === p.partitionId)?.high ?? 0);
        states.push({ topic: topic.name, partition: p.partitionId, offset, leader: p.leader, replicas: p.replicas, isr: p.isr });
      }
    }
    return states;
  });
}

/** Polls `probe` every 500 ms until it returns a value (errors count as "not yet"); undefined after `timeoutMs`. */
async function poll<T>(probe: () => Promise<T | undefined> | T | undefined, timeoutMs: number): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await Promise.resolve()
      .then(probe)
      .catch(() => undefined);
    if (value !== undefined) return value;
    await sleep(500);
  }
  return undefined;
}

/** Waits until every partition (the offsets topic too) has all its replicas in sync again, as a rolling restart does between brokers. */
async function waitInSync({ profile, o, say, notes }: FaultContext, after: string): Promise<void> {
  const started = Date.now();
  const synced = await poll(
    async () => (underReplicated(await partitionStates(profile, true)).length === 0 ? true : undefined),
    o.recoveryTimeoutSeconds * 1000,
  );
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (synced) say(`faults:   every partition in sync again ${seconds}s after ${after}`);
  else notes.push(`${after}: partitions still under-replicated after ${seconds}s`);
}

async function pidOf(profile: StackProfile, name: string): Promise<number> {
  const pid = (await status(profile)).find((s) => s.name === name)?.pid;
  if (!pid) throw new Error(`${name} is not running`);
  return pid;
}

/** kill -9 the leader of the partition the load writes to most, wait for a new leader, start the broker again. */
async function killBusiestLeader(ctx: FaultContext): Promise<void> {
  const { profile, o, say, notes } = ctx;
  const before = await partitionStates(profile);
  await sleep(2000);
  const target = busiestPartition(before, await partitionStates(profile));
  if (!target) throw new Error('no partition took a write in 2 s: is the load running?');
  const victim = nodeName(target.leader);
  const killed = Date.now();
  process.kill(await pidOf(profile, victim), 'SIGKILL');
  say(`faults:   kill -9 ${victim}, leader of ${target.topic}/${target.partition} (${target.written} messages in the last 2 s)`);
  const elected = await poll(async () => {
    const p = (await partitionStates(profile)).find((s) => s.topic === target.topic && s.partition === target.partition);
    return p && p.leader >= 0 && p.leader !== target.leader ? p : undefined;
  }, 60_000);
  notes.push(
    elected
      ? `kill -9 leader broker: ${victim} led ${target.topic}/${target.partition}; ${nodeName(elected.leader)} led it ${((Date.now() - killed) / 1000).toFixed(1)}s later`
      : `kill -9 leader broker: no new leader for ${target.topic}/${target.partition} within 60 s`,
  );
  await sleep(o.holdSeconds * 1000);
  await startService(profile, victim);
  await waitInSync(ctx, `${victim} restarted`);
}

/** The broker leading the most app-topic partitions (the one whose loss moves the most leaders). */
async function busiestBroker(profile: StackProfile): Promise<number> {
  const counts = new Map<number, number>();
  for (const p of await partitionStates(profile)) if (p.leader >= 0) counts.set(p.leader, (counts.get(p.leader) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ?? profile.kafka.nodes[0]!.id;
}

/**
 * The backend phase. With the writer lease (GET /health reports details.writer): kill -9 the writer, the standby takes
 * over within the lease time, the old writer comes back as the standby. Without it: kill -9 the one backend and restart it.
 */
function backendPhase(ctx: FaultContext, leased: boolean): FaultPhase {
  const { load, backends, notes, say } = ctx;
  const leaseMs = Number(process.env.WRITER_LEASE_MS) || DEFAULT_WRITER.leaseMs;
  if (!leased)
    return {
      name: 'kill -9 backend, restart',
      fault: async () => {
        const backend = backends[0]!;
        const killed = Date.now();
        await backend.stop('SIGKILL');
        await backend.start();
        const back = await poll(() => takeoverSeconds(load.mutations, killed, backend.label) ?? undefined, 60_000);
        notes.push(
          `kill -9 backend: no writer lease, so one backend, killed and restarted: ` +
            `writes accepted again ${back?.toFixed(1) ?? 'not within 60'}s after the kill`,
        );
      },
    };
  return {
    name: 'kill -9 writer backend',
    fault: async () => {
      const label = lastWriter(load.mutations) ?? backends[0]!.label;
      const writer = backends.find((b) => b.label === label)!;
      const standby = backends.find((b) => b !== writer)!;
      const killed = Date.now();
      await writer.stop('SIGKILL');
      say(`faults:   kill -9 ${writer.label} (the writer); ${standby.label} should take over within ${leaseMs / 1000}s`);
      const takeover = await poll(() => takeoverSeconds(load.mutations, killed, standby.label) ?? undefined, 3 * leaseMs + 30_000);
      notes.push(
        `kill -9 writer backend: ${standby.label} took over, first write accepted ${takeover?.toFixed(1) ?? `not within ${(3 * leaseMs + 30_000) / 1000}`}s ` +
          `after kill -9 of ${writer.label} (WRITER_LEASE_MS ${leaseMs})`,
      );
      await writer.start({ readyPath: '/health/live' });
    },
  };
}

/** The cluster profile's faults, with 2-3 analytics instances in one group and, beside the writer lease, a standby backend. */
export const CLUSTER: FaultForm = {
  analyticsInstances: (o) => o.analyticsInstances ?? 3,
  analyticsAtStart: (o) => o.analyticsInstances ?? 3,
  phases: async (ctx) => {
    const { profile, o, analytics, say, notes } = ctx;
    if (profile.kafka.nodes.length < 3) throw new Error(`the cluster form needs the cluster profile (3 brokers), not "${profile.name}"`);
    const health: unknown = await fetch(`${ctx.backends[0]!.url}/health`).then(
      (r) => r.json(),
      () => undefined,
    );
    // `lease` (FerretDB: one writer, standbys answer NOT_WRITER) or `cas` (MongoDB: every instance writes) are safe with
    // two instances; `single` (WRITER_MODE=single) and a build without the lease (no details.writer) are not.
    const writer = writerOf(health);
    const leased = writer !== undefined && writer.mode !== 'single';
    if (leased) await ctx.addBackend();
    notes.push(
      leased
        ? `backends: 2 (writer lease, mode ${writer.mode}); the load sends to the writer and moves on after 503 NOT_WRITER`
        : `backends: 1 (${writer ? `writer mode ${writer.mode}` : 'GET /health reports no details.writer: no writer lease in this build'}, so a second instance would race the first on FerretDB)`,
    );
    const hold = o.holdSeconds;
    const [first, second, third] = profile.kafka.nodes.map((n) => nodeName(n.id));
    const twoDown = [second!, third!];
    return [
      { name: 'kill -9 leader broker', fault: () => killBusiestLeader(ctx) },
      {
        name: `stop 1 broker ${hold}s`,
        fault: async () => {
          const name = nodeName(await busiestBroker(profile));
          say(`faults:   stopping ${name} (leads the most partitions); writes go on with 2 in sync`);
          await stopService(profile, name);
          await sleep(hold * 1000);
          await startService(profile, name);
          await waitInSync(ctx, `${name} restarted`);
        },
      },
      {
        name: `stop 2 brokers ${o.kafkaStopSeconds}s`,
        // Fewer in sync than min.insync.replicas (and no controller quorum): the outbox holds the events. Recovery is
        // measured from the moment one broker is back (2 in sync); the third starts after that.
        fault: async () => {
          say(`faults:   stopping ${twoDown.join(' and ')}; only ${first} stays`);
          await Promise.all(twoDown.map((name) => stopService(profile, name)));
          await sleep(o.kafkaStopSeconds * 1000);
          await startService(profile, twoDown[0]!);
        },
        after: async () => {
          await startService(profile, twoDown[1]!);
          await waitInSync(ctx, `${twoDown[1]} restarted`);
        },
      },
      {
        name: 'rolling restart of 3 brokers',
        fault: async () => {
          for (const node of profile.kafka.nodes) {
            await restartService(profile, nodeName(node.id));
            await waitInSync(ctx, `${nodeName(node.id)} restarted`);
          }
        },
      },
      backendPhase(ctx, leased),
      {
        name: `kill -9 analytics #2 for ${hold}s`,
        fault: async () => {
          say(`faults:   kill -9 ${analytics[1]!.label}; the group rebalances to the other ${analytics.length - 1}`);
          await analytics[1]!.stop('SIGKILL');
          await sleep(hold * 1000);
          await analytics[1]!.start();
        },
      },
    ];
  },
  restore: async (profile) => {
    for (const node of profile.kafka.nodes) await startService(profile, nodeName(node.id)).catch(() => undefined);
  },
};
