import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { TOPICS } from '@app/kafka';
import { testMongo, testMysql } from '../../test/support/databases';
import { drift, formatReports, reconcileKind } from '../reconcile/compare';
import { appEnv, StackProfile } from '../stack/profile';
import { pauseService, restartService, resumeService, startService, stopService } from '../stack/stack';
import { AppProcess } from './apps';
import { Load } from './load';
import { caughtUp, notProjected, PhaseFigures, verify } from './verify';
import { freePort } from '../stack/proc';

export interface FaultSuiteOptions {
  /** Mutations per second. */
  rate: number;
  /** How long Kafka stays stopped (the full form: longer than the producer's ~157 s retry budget). */
  kafkaStopSeconds: number;
  mariadbPauseSeconds: number;
  /** How long analytics stays dead, how long the second instance runs, how long the backend runs with its clock behind. */
  holdSeconds: number;
  /** How far behind the backend's clock is in the clock phase (seconds). */
  clockBehindSeconds: number;
  /** Steady load before the first fault and between faults. */
  steadySeconds: number;
  /** How long to wait for the read model to catch up after a fault (and at the end). */
  recoveryTimeoutSeconds: number;
  say?: (message: string) => void;
}

export interface FaultSuiteResult {
  figures: PhaseFigures[];
  details: string[];
  seconds: number;
  /** `npm run reconcile` of the whole run's MongoDB against its read model, at the end: the table and its drift. */
  reconcile: { table: string; drift: number };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs the backend and analytics as processes on the (running) stack `profile`, drives a steady API
 * load through six faults in sequence, then compares the ledger and MongoDB with the read model, and reconciles.
 */
export async function runFaultSuite(profile: StackProfile, o: FaultSuiteOptions): Promise<FaultSuiteResult> {
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
  const analyticsEnv = { KAFKA_GROUP_ID: `faults-${run}`, MYSQL_DATABASE: database, KAFKA_CLIENT_ID: `faults-analytics-${run}` };
  const [backendPort, analyticsPort, secondPort] = [await freePort(), await freePort(), await freePort()];
  const backend = new AppProcess(
    'backend',
    'backend',
    backendPort,
    { KAFKA_CLIENT_ID: `faults-backend-${run}` },
    join(logs, `faults-backend-${run}.log`),
  );
  const analytics = new AppProcess('analytics', 'analytics #1', analyticsPort, analyticsEnv, join(logs, `faults-analytics-${run}.log`));
  const second = new AppProcess('analytics', 'analytics #2', secondPort, analyticsEnv, join(logs, `faults-analytics2-${run}.log`));
  const load = new Load(`http://127.0.0.1:${backendPort}`, o.rate);
  const recovery = new Map<string, number | null>();
  const phases: Array<{ name: string; fault: () => Promise<void> }> = [
    {
      name: 'kill -9 analytics',
      fault: async () => {
        await analytics.stop('SIGKILL');
        await sleep(o.holdSeconds * 1000);
        await analytics.start();
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
        await backend.stop('SIGTERM');
        await backend.start({ clockOffsetSeconds: -o.clockBehindSeconds });
        await sleep(o.holdSeconds * 1000);
        await backend.stop('SIGTERM');
        await backend.start();
      },
    },
    {
      name: 'second analytics in, then out',
      fault: async () => {
        await second.start();
        await sleep(o.holdSeconds * 1000);
        await second.stop('SIGTERM');
      },
    },
  ];

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
    await backend.start();
    await analytics.start();
    await load.setup();
    say(
      `faults: run ${run}, backend :${backendPort}, analytics group ${analyticsEnv.KAFKA_GROUP_ID}, MySQL ${database}, ${o.rate} mutations/s`,
    );
    load.phase = 'steady (no fault)';
    load.start();
    await sleep(o.steadySeconds * 1000);
    recovery.set(load.phase, await recover(Date.now()));
    for (const { name, fault } of phases) {
      load.phase = name;
      say(`faults: ${name} (${((Date.now() - started) / 1000).toFixed(0)}s)`);
      await fault();
      const end = Date.now();
      recovery.set(name, await recover(end));
      say(
        `faults:   recovered in ${recovery.get(name)?.toFixed(1) ?? 'more than ' + o.recoveryTimeoutSeconds}s; ${load.mutations.length} mutations so far`,
      );
      await sleep(o.steadySeconds * 1000);
    }
    say('faults: stopping the load, waiting for quiescence');
    await load.stop();
    await recover(Date.now());
    const names = ['setup', 'steady (no fault)', ...phases.map((p) => p.name)];
    const { figures, details } = await verify(mongo.db, pool, load.mutations, names, recovery);
    const reports = [];
    for (const kind of TOPICS) reports.push(await reconcileKind(mongo.db, pool, kind));
    const reconcile = { table: formatReports(reports), drift: reports.reduce((n, r) => n + drift(r), 0) };
    return { figures, details, seconds: (Date.now() - started) / 1000, reconcile };
  } finally {
    await load.stop();
    await Promise.all([backend.stop(), analytics.stop(), second.stop()]);
    await startService(profile, 'kafka').catch(() => undefined);
    try {
      resumeService(profile, 'mariadb');
    } catch {
      // not running: nothing to resume
    }
    await pool.query(`DROP DATABASE IF EXISTS \`${database}\``).catch(() => undefined);
    await pool.end();
    await mongo.close();
  }
}
