/**
 * `npm run bench`: consumer throughput (A: the analytics app, A2: two instances of it in one group, B: naive Nest,
 * C: raw mysql2 ceiling in the app's two round trips, CL: C in A's runtime (its heap limits), C1: C with one round
 * trip per statement, the old ceiling,
 * D: parse only) in interleaved rounds on one pre-produced backlog; then A on the three-broker cluster (RF 3) against
 * A on the single broker, interleaved; then API-to-row latency through both apps.
 * BENCH_INSTANCES=0 leaves A2 out, BENCH_C1=0 C1, BENCH_CLUSTER=0 the cluster rounds (the cluster profile's Kafka
 * nodes, three JVMs, are started for them and stopped after).
 * Brings the "test" stack up (STACK_TEST_* ports) and stops it afterwards if it started it.
 * Then GET /users/:id with BENCH_READ_DOCS users in FerretDB, and the targets against what was measured.
 * BENCH_EVENTS (default 30000), BENCH_ROUNDS (3), BENCH_SKIP_LATENCY=1, BENCH_SKIP_READS=1, BENCH_READ_DOCS (100000).
 * BENCH_TRACING=1: what tracing costs: Jaeger is started with the stack, the backlog's messages carry traceparent
 * headers, variant AT (A traced) runs in the rounds beside A, and POST /users at 100/s is measured traced and not
 * (off, on, on, off).
 */
import { execSync, spawnSync } from 'node:child_process';
import { availableParallelism, cpus } from 'node:os';
import { join } from 'node:path';
import { ConfigResourceTypes, Kafka, logLevel } from 'kafkajs';
import '../../libs/kafka/src/kafkajs/request-queue-fix';
import { KafkaConfig, Topic } from '@app/kafka';
import { appEnv, REPO_DIR, resolveProfile, StackProfile, tracingEnv } from '../stack/profile';
import { down, up } from '../stack/stack';
import { Backlog, buildBacklog, produceBacklog } from './backlog';
import { LatencyResult, measureLatency, measureTracingCost, TRACING_COST_RATE } from './latency';
import { measureReads, ReadResult } from './reads';
import { sleep } from './processes';
import { comparison, fixed, mb, median, table } from './table';
import { RoundContext, RoundResult, runRound, VariantName } from './throughput';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 30_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const TRACING = process.env.BENCH_TRACING === '1';
const ORDER = [...(process.env.BENCH_VARIANTS ?? 'A,A2,B,C,CL,C1,D').split(','), ...(TRACING ? ['AT'] : [])].filter(
  (name) => !(name === 'A2' && process.env.BENCH_INSTANCES === '0') && !(name === 'C1' && process.env.BENCH_C1 === '0'),
) as VariantName[];
const CLUSTER = process.env.BENCH_CLUSTER !== '0' && ORDER.includes('A');

async function main(): Promise<void> {
  const began = performance.now();
  const commit = execSync('git describe --always --dirty', { cwd: REPO_DIR }).toString().trim();
  console.log(`bench: commit ${commit}, ${availableParallelism()} cores (${cpus()[0]?.model}), node ${process.version}`);
  for (const app of ['analytics', 'backend']) {
    const build = spawnSync(join(REPO_DIR, 'node_modules', '.bin', 'nest'), ['build', app], { cwd: REPO_DIR, stdio: 'ignore' });
    if (build.status !== 0) throw new Error(`nest build ${app} failed`);
  }
  const profile = resolveProfile('test', TRACING ? { ...process.env, STACK_JAEGER: '1' } : process.env);
  const stack = await up(profile, (m) => console.log(`[stack] ${m}`));
  try {
    const env = appEnv(profile);
    const kafkaConfig = KafkaConfig.fromEnv('bench', env);
    const brokers = [...kafkaConfig.bootstrapServers];
    if ((await settled(() => messagesInTopics(brokers))) > 0) {
      throw new Error('the test stack already holds events: stop it first (npm run stack -- down --profile test)');
    }
    const backlog = buildBacklog(EVENTS);
    await settled(() => produceBacklog(kafkaConfig, backlog, TRACING));
    console.log(
      `backlog: ${backlog.envelopes.length} messages, ${backlog.uniqueEvents} distinct events, ${backlog.rowsPerEvent.toFixed(2)} rows/event`,
    );

    const mysql = { host: env.MYSQL_HOST, port: Number(env.MYSQL_PORT), user: env.MYSQL_USER, password: env.MYSQL_PASSWORD };
    const tracing = tracingEnv(profile);
    const ctx = {
      brokers,
      mysql,
      appEnv: env,
      messages: backlog.envelopes.length,
      uniqueEvents: backlog.uniqueEvents,
      tracingEnv: tracing,
    };
    const results: Record<VariantName, RoundResult[]> = { A: [], A2: [], AT: [], B: [], C: [], CL: [], C1: [], D: [] };
    for (let round = 1; round <= ROUNDS; round++) {
      // Rotated each round (A B C D, B C D A, ...): the first run after the backlog meets a cold broker and database,
      // and no consumer should always be the one that does.
      for (const name of ORDER.map((_, i) => ORDER[(i + round - 1) % ORDER.length])) {
        const result = await runRound(name, round, ctx);
        results[name].push(result);
        console.log(`round ${round} ${name}: ${roundLine(result)}`);
      }
    }
    const throughput = printThroughput(results);
    reportRowCounts(results);
    if (ORDER.includes('A2')) {
      console.log(
        `\nOne against two analytics instances (one group, each its own process), single broker, ${profile.kafka.partitions} partitions`,
      );
      console.log(
        comparison({ label: 'A, 1 instance', rounds: results.A }, { label: 'A2, 2 instances', rounds: results.A2 }, '2 instances / 1'),
      );
      const steady = results.A2.map((r) => r.allJoinedEventsPerSecond ?? NaN);
      const steadyMedian = median(steady.filter((v) => !Number.isNaN(v)));
      console.log(
        `A2 from the moment both instances were in the group (the events applied by then left out): ${fixed(steadyMedian, 0)} events/s (rounds ${steady.map((v) => fixed(v, 0)).join(' / ')}), ${fixed(steadyMedian / median(results.A.map((r) => r.eventsPerSecond)), 2)} x A`,
      );
    }
    if (CLUSTER) await clusterRounds(ctx, backlog, profile);
    if (TRACING) printTracingCost(results, await measureTracingCost({ brokers, mysql, env }, tracing));

    const latency = process.env.BENCH_SKIP_LATENCY !== '1' ? await measureLatency({ ...ctx, env }) : undefined;
    const reads = process.env.BENCH_SKIP_READS !== '1' ? await measureReads(env) : undefined;
    if (reads) {
      console.log(
        `\n${reads.documents} users in FerretDB: ${reads.reads} sequential GET /users/:id of random ids, then ${reads.writes} PATCH`,
      );
      console.log(
        table(
          ['GET p50', 'GET p99', 'GET max', 'unknown id (404)', 'PATCH p50', 'PATCH p99'],
          [[ms(reads.p50), ms(reads.p99), ms(reads.max), ms(reads.unknownMs), ms(reads.patchP50), ms(reads.patchP99)]],
        ),
      );
    }
    printTargets(throughput, latency, reads);
  } finally {
    if (stack === 'started') await down(profile, () => undefined);
  }
  console.log(`bench took ${((performance.now() - began) / 1000).toFixed(0)} s`);
}

/** Right after `up`, partition leadership may still be moving ("not the leader"): retry for a few seconds. */
async function settled<T>(action: () => Promise<T>, attempts = 10): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await action();
    } catch (err) {
      if (attempt >= attempts) throw err;
      console.log(`[stack] not ready yet (${(err as Error).message}), retrying`);
      await sleep(1000);
    }
  }
}

async function messagesInTopics(brokers: string[]): Promise<number> {
  const admin = new Kafka({ clientId: 'bench-admin', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    let total = 0;
    for (const topic of Topic.all()) {
      for (const p of await admin.fetchTopicOffsets(topic)) total += Number(p.high) - Number(p.low);
    }
    return total;
  } finally {
    await admin.disconnect();
  }
}

/** The variants must build the same read model, or their speeds do not compare. */
function reportRowCounts(results: Record<VariantName, RoundResult[]>): void {
  const counts = new Set(ORDER.flatMap((name) => results[name].map((r) => r.rowCounts).filter(Boolean)));
  if (counts.size === 1) console.log(`${ORDER.filter((n) => n !== 'D').join(', ')} all ended with the same read model: ${[...counts][0]}`);
  else
    for (const name of ORDER.filter((n) => results[n][0]?.rowCounts)) {
      console.log(`WARNING the read models differ, ${name}: ${results[name].map((r) => r.rowCounts).join(' / ')}`);
    }
}

const roundLine = (r: RoundResult) =>
  `${r.eventsPerSecond.toFixed(0)} events/s, peak RSS ${r.instanceRssMb.map((v) => mb(v)).join(' + ')}` +
  (r.allJoinedAfterS === undefined
    ? ''
    : `, all instances in the group ${fixed(r.allJoinedAfterS, 1)} s after the start, ${fixed(r.allJoinedEventsPerSecond ?? NaN, 0)} events/s from then`);

/**
 * A (one instance) on the cluster profile's three Kafka nodes (RF 3, min.insync.replicas 2; the backlog produced to
 * them the same way, acks=all) against A on the single broker, interleaved, both on the test stack's MariaDB: only
 * Kafka differs. The cluster's nodes run only for these rounds.
 */
async function clusterRounds(ctx: RoundContext, backlog: Backlog, single: StackProfile): Promise<void> {
  const cluster = resolveProfile('cluster', process.env);
  console.log(
    `\n[cluster] starting its ${cluster.kafka.nodes.length} Kafka nodes (ports ${cluster.kafka.nodes.map((n) => n.port).join(', ')})`,
  );
  const started = await up(
    cluster,
    (m) => console.log(`[cluster] ${m}`),
    (s) => s.name.startsWith('kafka-'),
  );
  try {
    const kafkaConfig = KafkaConfig.fromEnv('bench', { ...ctx.appEnv, KAFKA_BOOTSTRAP_SERVERS: appEnv(cluster).KAFKA_BOOTSTRAP_SERVERS });
    const brokers = [...kafkaConfig.bootstrapServers];
    if ((await settled(() => messagesInTopics(brokers))) > 0) {
      throw new Error('the cluster already holds events: stop it first (npm run stack -- down --profile cluster)');
    }
    await settled(() => produceBacklog(kafkaConfig, backlog));
    const layout = await settled(() => topicLayout(brokers));
    console.log(`[cluster] backlog produced with acks=all; ${layout}`);
    const clusterCtx: RoundContext = { ...ctx, brokers, appEnv: { ...ctx.appEnv, KAFKA_BOOTSTRAP_SERVERS: brokers.join(',') } };
    const runs: Record<'single' | 'cluster', RoundResult[]> = { single: [], cluster: [] };
    for (let round = 1; round <= ROUNDS; round++) {
      // Alternated: neither Kafka always meets the cold database, or the other one just stopped.
      for (const where of round % 2 ? (['cluster', 'single'] as const) : (['single', 'cluster'] as const)) {
        const result = await runRound('A', round, where === 'cluster' ? clusterCtx : ctx);
        runs[where].push(result);
        console.log(`round ${round} A on the ${where === 'cluster' ? 'cluster' : 'single broker'}: ${roundLine(result)}`);
      }
    }
    const models = new Set([...runs.single, ...runs.cluster].map((r) => r.rowCounts));
    if (models.size !== 1) console.log(`WARNING the read models differ: ${[...models].join(' / ')}`);
    console.log(
      `\nA on the cluster (${cluster.kafka.nodes.length} brokers, RF ${cluster.kafka.replicationFactor}, min.insync.replicas 2, ${cluster.kafka.partitions} partitions) against the single broker (RF 1, ${single.kafka.partitions} partitions), median of ${ROUNDS} interleaved rounds`,
    );
    console.log(
      comparison({ label: 'single broker', rounds: runs.single }, { label: 'cluster', rounds: runs.cluster }, 'cluster / single'),
    );
  } finally {
    if (started === 'started') await down(cluster, (m) => console.log(`[cluster] ${m}`));
  }
}

/** "topics RF 3, 6 partitions, min.insync.replicas 2": what the brokers report for the event topics. */
async function topicLayout(brokers: string[]): Promise<string> {
  const admin = new Kafka({ clientId: 'bench-admin', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const { topics } = await admin.fetchTopicMetadata({ topics: [...Topic.all()] });
    const rf = new Set(topics.flatMap((t) => t.partitions.map((p) => p.replicas.length)));
    const partitions = new Set(topics.map((t) => t.partitions.length));
    const configs = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name: topics[0]!.name, configNames: ['min.insync.replicas'] }],
    });
    const minIsr = configs.resources[0]?.configEntries[0]?.configValue ?? '?';
    return `topics RF ${[...rf].join('/')}, ${[...partitions].join('/')} partitions, min.insync.replicas ${minIsr}`;
  } finally {
    await admin.disconnect();
  }
}

interface Throughput {
  ab: number;
  ac: number;
  /** A against C in A's runtime limits. */
  acl: number;
  peakA: number;
}

const ms = (value: number) => `${value.toFixed(1)} ms`;

function printThroughput(results: Record<VariantName, RoundResult[]>): Throughput {
  const rate = (name: VariantName) => median(results[name].map((r) => r.eventsPerSecond));
  const peak = (name: VariantName) => (results[name].length ? Math.max(...results[name].map((r) => r.peakRssMb ?? 0)) : undefined);
  console.log(`\nConsumer throughput, ${EVENTS} events, median of ${ROUNDS} interleaved rounds`);
  // C1 (the old raw ceiling, one round trip per statement) only when it ran, beside C.
  const old = ORDER.includes('C1');
  console.log(
    table(
      [
        'A app ev/s',
        'B naive ev/s',
        'C raw ev/s',
        'CL raw, A limits ev/s',
        ...(old ? ['C1 old raw ev/s'] : []),
        'D parse ev/s',
        'A/B',
        'A/C',
        'A/CL',
        ...(old ? ['A/C1'] : []),
        'A peak RSS',
        'B peak RSS',
      ],
      [
        [
          fixed(rate('A'), 0),
          fixed(rate('B'), 0),
          fixed(rate('C'), 0),
          fixed(rate('CL'), 0),
          ...(old ? [fixed(rate('C1'), 0)] : []),
          fixed(rate('D'), 0),
          fixed(rate('A') / rate('B'), 2),
          fixed(rate('A') / rate('C'), 2),
          fixed(rate('A') / rate('CL'), 2),
          ...(old ? [fixed(rate('A') / rate('C1'), 2)] : []),
          mb(peak('A')),
          mb(peak('B')),
        ],
      ],
    ),
  );
  return { ab: rate('A') / rate('B'), ac: rate('A') / rate('C'), acl: rate('A') / rate('CL'), peakA: peak('A') ?? NaN };
}

/** Tracing on against off: the drain (A and AT, same rounds) and POST /users at a fixed rate (HTTP p50, p99; row p50). */
function printTracingCost(results: Record<VariantName, RoundResult[]>, post: Awaited<ReturnType<typeof measureTracingCost>>) {
  const rate = (name: VariantName) => median(results[name].map((r) => r.eventsPerSecond));
  const change = (on: number, off: number) => `${on >= off ? '+' : ''}${(((on - off) / off) * 100).toFixed(1)}%`;
  console.log(
    `\nTracing cost (spans exported over OTLP/HTTP to Jaeger; drain: median of ${ROUNDS} rounds, POST: ${TRACING_COST_RATE}/s, mean of 2 steps each, off on on off)`,
  );
  console.log(
    table(
      ['', 'drain ev/s', 'POST p50', 'POST p99', 'row p50', 'errors'],
      [
        ['tracing off', fixed(rate('A'), 0), ms(post.off.httpP50), ms(post.off.httpP99), ms(post.off.p50), String(post.off.errors)],
        ['tracing on', fixed(rate('AT'), 0), ms(post.on.httpP50), ms(post.on.httpP99), ms(post.on.p50), String(post.on.errors)],
        [
          'change',
          change(rate('AT'), rate('A')),
          change(post.on.httpP50, post.off.httpP50),
          change(post.on.httpP99, post.off.httpP99),
          change(post.on.p50, post.off.p50),
          '',
        ],
      ],
    ),
  );
}

/** The targets next to this run's figures (informative: the bench does not fail on a miss). */
function printTargets(t: Throughput, latency?: LatencyResult, reads?: ReadResult): void {
  const at100 = latency?.fixed.find((r) => r.rate === 100);
  const check = (ok: boolean | undefined) => (ok === undefined ? 'not measured' : ok ? 'PASS' : 'MISS');
  const ratio = (value: number, min: number) => (Number.isNaN(value) ? undefined : value >= min);
  const rows: string[][] = [
    // Both bases of A/C: the raw ceiling in the same runtime as A (what the app's own code costs), and at V8's defaults.
    ["A/C, C in A's runtime (A/CL)", '>= 0.7', fixed(t.acl, 2), check(ratio(t.acl, 0.7))],
    ["A/C, C at V8's defaults", '>= 0.7', fixed(t.ac, 2), check(ratio(t.ac, 0.7))],
    ['A/B (app vs naive)', '>= 20', fixed(t.ab, 1), check(ratio(t.ab, 20))],
    ['analytics peak RSS in the drain', '<= 150 MB', mb(t.peakA), check(Number.isNaN(t.peakA) ? undefined : t.peakA <= 150)],
    ['API-to-row p99 at 100 POST/s', '<= 50 ms', at100 ? ms(at100.p99) : 'n/a', check(at100 && at100.p99 <= 50)],
    [
      'highest sustained POST rate',
      '>= 300/s (2x ~150/s)',
      latency ? `${latency.sustained}/s` : 'n/a',
      check(latency && latency.sustained >= 300),
    ],
    ['GET /users/:id p99, 100k users', '<= 50 ms', reads ? ms(reads.p99) : 'n/a', check(reads && reads.p99 <= 50)],
    [
      'reconcile --rebuild, 100k users',
      '>= 2000 documents/s',
      reads ? `${Math.round(reads.rebuilt / reads.rebuildSeconds)}/s` : 'n/a',
      check(reads && reads.rebuilt / reads.rebuildSeconds >= 2000),
    ],
  ];
  console.log('\nTargets (issues 9 and 16)');
  console.log(table(['measure', 'target', 'this run', ''], rows));
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
