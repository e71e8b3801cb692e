import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { TOPICS } from '@app/kafka';
import { testMongo, testMysql } from '../../test/support/databases';
import { drift, formatReports, reconcileKind } from '../reconcile/compare';
import { ANALYTICS_RUNTIME_ENV, appEnv, StackProfile } from '../stack/profile';
import { pauseService, restartService, resumeService, startService, stopService } from '../stack/stack';
import { AppProcess } from './apps';
import { Load } from './load';
import { caughtUp, notProjected, PhaseFigures, refusedAnswers, verify } from './verify';
import { freePort } from '../stack/proc';

export interface FaultSuiteOptions {
  /** Mutations per second. */
  rate: number;
  /** How long Kafka stays stopped (the full form: longer than the producer's ~157 s retry budget); on the cluster, two of its three brokers. */
  kafkaStopSeconds: number;
  mariadbPauseSeconds: number;
  /** How long analytics stays dead, how long the second instance runs, how long the backend runs with its clock behind; on the cluster, how long a broker stays down. */
  holdSeconds: number;
  /** How far behind the backend's clock is in the clock phase (seconds). */
  clockBehindSeconds: number;
  /** Steady load before the first fault and between faults. */
  steadySeconds: number;
  /** How long to wait for the read model to catch up after a fault (and at the end). */
  recoveryTimeoutSeconds: number;
  /** Analytics instances in the one consumer group (the cluster form; the single-broker form runs one, and a second in its last phase). */
  analyticsInstances?: number;
  say?: (message: string) => void;
}

export interface FaultSuiteResult {
  figures: PhaseFigures[];
  details: string[];
  /** What a phase measured beyond the figures (the backend takeover) or how it ran. */
  notes: string[];
  seconds: number;
  /** `npm run reconcile` of the whole run's MongoDB against its read model, at the end: the table and its drift. */
  reconcile: { table: string; drift: number };
}

/** One fault: `fault` injects it and brings the service back; recovery is measured from its end; then `after`, if any. */
export interface FaultPhase {
  name: string;
  fault: () => Promise<void>;
  after?: () => Promise<void>;
}

/** What a form's phases act on. */
export interface FaultContext {
  profile: StackProfile;
  o: FaultSuiteOptions;
  /** The backend instances; [0] the one started first. A second runs only beside the writer lease (cluster form). */
  backends: AppProcess[];
  /** The analytics instances of the one consumer group (not all running at the start: `analyticsAtStart`). */
  analytics: AppProcess[];
  load: Load;
  say: (message: string) => void;
  notes: string[];
  /** Starts one more backend instance on its own port (the standby of the writer lease). */
  addBackend: () => Promise<AppProcess>;
}

/** A form of the suite: which processes run and which faults it injects, in order. */
export interface FaultForm {
  analyticsInstances: (o: FaultSuiteOptions) => number;
  analyticsAtStart: (o: FaultSuiteOptions) => number;
  /** Called once the first backend and the analytics instances answer: may add instances, and says the phases. */
  phases: (ctx: FaultContext) => Promise<FaultPhase[]>;
  /** Brings back what a failed run may have left stopped or paused. */
  restore: (profile: StackProfile) => Promise<void>;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The single broker's faults: analytics killed, Kafka restarted and stopped, MariaDB paused, the clock, a second consumer. */
export const SINGLE_BROKER: FaultForm = {
  analyticsInstances: () => 2,
  analyticsAtStart: () => 1,
  phases: async ({ profile, o, backends: [backend], analytics: [analytics, second] }) => [
    {
      name: 'kill -9 analytics',
      fault: async () => {
        await analytics!.stop('SIGKILL');
        await sleep(o.holdSeconds * 1000);
        await analytics!.start();
      },
    },
    { name: 'restart kafka', fault: async () => void (await restartService(profile, 'kafka')) },
    {
      name: `stop kafka ${o.kafkaStopSeconds}s`,
      fault: async () => {
        await stopService(profile, 'kafka');
        await sleep(o.kafkaStopSeconds * 1000);
        await startService(profile, 'kafka');
      },
    },
    {
      name: `pause mariadb ${o.mariadbPauseSeconds}s`,
      fault: async () => {
        pauseService(profile, 'mariadb');
        await sleep(o.mariadbPauseSeconds * 1000);
        resumeService(profile, 'mariadb');
      },
    },
    {
      name: `backend clock ${o.clockBehindSeconds}s behind`,
      fault: async () => {
        // A restart on a host whose clock is behind (an NTP step, a restored VM): its events are dated earlier than
        // the ones before them; entity versions, not timestamps, order them. Then a normal restart.
        await backend!.stop('SIGTERM');
        await backend!.start({ clockOffsetSeconds: -o.clockBehindSeconds });
        await sleep(o.holdSeconds * 1000);
        await backend!.stop('SIGTERM');
        await backend!.start();
      },
    },
    {
      name: 'second analytics in, then out',
      fault: async () => {
        await second!.start();
        await sleep(o.holdSeconds * 1000);
        await second!.stop('SIGTERM');
      },
    },
  ],
  restore: async (profile) => {
    await startService(profile, 'kafka').catch(() => undefined);
    try {
      resumeService(profile, 'mariadb');
    } catch {
      // not running: nothing to resume
    }
  },
};

/**
 * Runs the backend and analytics as processes on the (running) stack `profile`, drives a steady API
 * load through the faults of `form` in sequence, then compares the ledger and MongoDB with the read model, and reconciles.
 */
export async function runFaultSuite(
  profile: StackProfile,
  o: FaultSuiteOptions,
  form: FaultForm = SINGLE_BROKER,
): Promise<FaultSuiteResult> {
  const say = o.say ?? ((m: string) => console.log(m));
  const started = Date.now();
  const run = randomUUID().replace(/-/g, '').slice(0, 8);
  const database = `analytics_faults_${run}`; // within the test account's grant (analytics\_%)
  Object.assign(process.env, appEnv(profile));
  const admin = testMysql();
  await admin.query(`CREATE DATABASE \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.end();
  const pool = testMysql(database);
  const mongo = await testMongo();
  const logs = join(profile.dataDir, 'logs');
  mkdirSync(logs, { recursive: true });
  // With the memory settings it runs with in production: the outages' backlogs are drained within its budget.
  const analyticsEnv = {
    ...ANALYTICS_RUNTIME_ENV,
    KAFKA_GROUP_ID: `faults-${run}`,
    MYSQL_DATABASE: database,
    KAFKA_CLIENT_ID: `faults-analytics-${run}`,
  };
  const newBackend = async (n: number) =>
    new AppProcess(
      'backend',
      n === 1 ? 'backend' : `backend #${n}`,
      await freePort(),
      { KAFKA_CLIENT_ID: `faults-backend-${run}` },
      join(logs, n === 1 ? `faults-backend-${run}.log` : `faults-backend${n}-${run}.log`),
    );
  const backends = [await newBackend(1)];
  const analytics: AppProcess[] = [];
  for (let n = 1; n <= form.analyticsInstances(o); n += 1)
    analytics.push(
      new AppProcess(
        'analytics',
        `analytics #${n}`,
        await freePort(),
        analyticsEnv,
        join(logs, n === 1 ? `faults-analytics-${run}.log` : `faults-analytics${n}-${run}.log`),
      ),
    );
  const load = new Load({ label: backends[0]!.label, url: backends[0]!.url }, o.rate);
  const recovery = new Map<string, number | null>();
  const notes: string[] = [];
  const ctx: FaultContext = {
    profile,
    o,
    backends,
    analytics,
    load,
    say,
    notes,
    addBackend: async () => {
      const backend = await newBackend(backends.length + 1);
      // A standby is live but not ready (it answers writes with 503 NOT_WRITER).
      await backend.start({ readyPath: '/health/live' });
      backends.push(backend);
      load.addBackend({ label: backend.label, url: backend.url });
      return backend;
    },
  };

  /** Seconds from `since` until every acknowledged mutation issued by then is projected (null: not within the timeout). */
  const recover = async (since: number): Promise<number | null> => {
    const deadline = since + o.recoveryTimeoutSeconds * 1000;
    while (Date.now() < deadline) {
      if (load.pendingSince(since) === 0 && (await caughtUp(pool, load.mutations, since).catch(() => false)))
        return (Date.now() - since) / 1000;
      await sleep(500);
    }
    const waiting = load.pendingSince(since);
    const missing = await notProjected(pool, load.mutations, since).catch(() => []);
    say(`faults:   still waiting: ${waiting} request(s) unanswered, ${missing.length} event(s) not projected`);
    for (const m of missing.slice(0, 5)) say(`faults:     not projected: ${m.eventType} ${m.id} (HTTP ${m.status}, ${m.phase})`);
    return null;
  };

  try {
    await backends[0]!.start();
    for (const a of analytics.slice(0, form.analyticsAtStart(o))) await a.start();
    const phases = await form.phases(ctx);
    await load.setup();
    say(
      `faults: run ${run}, backend${backends.length > 1 ? 's' : ''} ${backends.map((b) => `:${b.port}`).join(' ')}, ` +
        `${form.analyticsAtStart(o)} analytics in group ${analyticsEnv.KAFKA_GROUP_ID}, MySQL ${database}, ${o.rate} mutations/s`,
    );
    load.phase = 'steady (no fault)';
    load.start();
    await sleep(o.steadySeconds * 1000);
    recovery.set(load.phase, await recover(Date.now()));
    for (const { name, fault, after } of phases) {
      load.phase = name;
      say(`faults: ${name} (${((Date.now() - started) / 1000).toFixed(0)}s)`);
      await fault();
      const end = Date.now();
      recovery.set(name, await recover(end));
      say(
        `faults:   recovered in ${recovery.get(name)?.toFixed(1) ?? 'more than ' + o.recoveryTimeoutSeconds}s; ${load.mutations.length} mutations so far`,
      );
      await after?.();
      await sleep(o.steadySeconds * 1000);
    }
    say('faults: stopping the load, waiting for quiescence');
    await load.stop();
    await recover(Date.now());
    const names = ['setup', 'steady (no fault)', ...phases.map((p) => p.name)];
    const { figures, details } = await verify(mongo.db, pool, load.mutations, names, recovery);
    for (const [phase, answers] of refusedAnswers(load.mutations)) notes.push(`refused in "${phase}": ${answers}`);
    const reports = [];
    for (const kind of TOPICS) reports.push(await reconcileKind(mongo.db, pool, kind));
    const reconcile = { table: formatReports(reports), drift: reports.reduce((n, r) => n + drift(r), 0) };
    return { figures, details, notes, seconds: (Date.now() - started) / 1000, reconcile };
  } finally {
    await load.stop();
    await Promise.all([...backends, ...analytics].map((app) => app.stop()));
    await form.restore(profile);
    await pool.query(`DROP DATABASE IF EXISTS \`${database}\``).catch(() => undefined);
    await pool.end();
    await mongo.close();
  }
}
