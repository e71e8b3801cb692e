/**
 * `npm run reconcile -- [options]`: is the MySQL read model equal to MongoDB?
 *   (no option)        compares every document with its rows (CONTRACT.md's derivation, scripts/reconcile/read-model.ts)
 *                      and prints a table per collection; exits 1 on any drift
 *   --heal             then publishes a snapshot of each diverged document (and the delete event of a row whose document
 *                      is gone), waits until the consumer applied them, and compares again
 *   --rebuild          publishes a snapshot of every document instead (a new read model, or one Kafka's retention left
 *                      incomplete); `--rate N` documents/s (default 5000), `--resume` goes on from `--state FILE`
 *                      (default .reconcile-rebuild.json), then waits (`--wait-seconds`, default 120) and compares
 *   --only user,order  some collections;  --wait-seconds N  how long --heal / --rebuild wait for the consumer
 * Connects like the apps: MONGODB_URI, MYSQL_*, KAFKA_BOOTSTRAP_SERVERS.
 */
import { isTopic, KafkaConfig, KafkaProducer, Topic, TOPICS } from '@app/kafka';
import { MongoClient } from 'mongodb';
import { createPool, Pool } from 'mysql2/promise';
import { loadAnalyticsConfig } from '../apps/analytics/src/config/analytics.config';
import { BackendConfig } from '../apps/backend/src/config/backend.config';
import { drift, formatReports, KindReport, reconcileKind } from './reconcile/compare';
import { heal, waitForProcessed } from './reconcile/publish';
import { rebuild } from './reconcile/rebuild';

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

function positive(args: string[], name: string, fallback: number): number {
  const raw = option(args, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name}: "${raw}" is not a positive number`);
  return value;
}

function kindsOf(args: string[]): Topic[] {
  const only = option(args, '--only');
  if (!only) return [...TOPICS];
  const kinds = only.split(',');
  const unknown = kinds.filter((k) => !isTopic(k));
  if (unknown.length) throw new Error(`--only: ${unknown.join(', ')} is not one of ${TOPICS.join(', ')}`);
  return kinds as Topic[];
}

async function reconcileAll(db: ReturnType<MongoClient['db']>, pool: Pool, kinds: Topic[]): Promise<KindReport[]> {
  const reports: KindReport[] = [];
  for (const kind of kinds) reports.push(await reconcileKind(db, pool, kind));
  return reports;
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const kinds = kindsOf(args);
  const waitMs = positive(args, '--wait-seconds', 120) * 1000;
  const mysql = loadAnalyticsConfig().mysql;
  const mongo = new MongoClient(BackendConfig.fromEnv().mongodbUri);
  const pool = createPool({ ...mysql, connectionLimit: 4, dateStrings: true });
  const producer = new KafkaProducer(KafkaConfig.fromEnv('reconcile'));
  try {
    await mongo.connect();
    const db = mongo.db();
    let sent: string[] = [];
    if (args.includes('--rebuild')) {
      const { documents, seconds } = await rebuild(db, producer, {
        kinds,
        rate: positive(args, '--rate', 5000),
        stateFile: option(args, '--state') ?? '.reconcile-rebuild.json',
        resume: args.includes('--resume'),
        progress: (line) => process.stderr.write(line),
      });
      console.log(
        `rebuild: ${documents} documents published in ${seconds.toFixed(1)} s (${Math.round(documents / Math.max(seconds, 0.001))} documents/s)`,
      );
      await waitForQuiet(pool, waitMs);
    } else {
      const reports = await reconcileAll(db, pool, kinds);
      console.log(formatReports(reports));
      if (!args.includes('--heal') || reports.every((r) => drift(r) === 0)) return reports.some((r) => drift(r) > 0) ? 1 : 0;
      const healed = await heal(db, pool, producer, reports);
      sent = healed.sent.map((e) => e.event_id);
      console.log(
        `heal: ${sent.length} events published${healed.unhealable.length ? `; cannot heal (no document, no delete event): ${healed.unhealable.join(', ')}` : ''}`,
      );
      const late = await waitForProcessed(pool, sent, waitMs);
      if (late.length) console.log(`heal: ${late.length} events not applied within ${waitMs / 1000} s (is analytics running?)`);
    }
    const after = await reconcileAll(db, pool, kinds);
    console.log(formatReports(after));
    return after.some((r) => drift(r) > 0) ? 1 : 0;
  } finally {
    await producer.disconnect().catch(() => undefined);
    await pool.end();
    await mongo.close();
  }
}

/** After a rebuild: waits until processed_events stops growing for 2 s (the consumer caught up), at most `timeoutMs`. */
async function waitForQuiet(pool: Pool, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = -1;
  let stableSince = Date.now();
  while (Date.now() < deadline) {
    const [[{ n }]] = (await pool.query('SELECT COUNT(*) AS n FROM processed_events')) as unknown as [[{ n: number }]];
    if (Number(n) !== last) {
      last = Number(n);
      stableSince = Date.now();
    } else if (Date.now() - stableSince >= 2000) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

main().then(
  (code) => process.stdout.write('', () => process.exit(code)),
  (err: unknown) => {
    console.error((err as Error).message ?? err);
    process.exit(2);
  },
);
