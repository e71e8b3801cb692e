import { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createConnection } from 'mysql2/promise';
import { mysqlAdmin } from '../stack/mariadb.service';
import { ANALYTICS_RUNTIME_ENV, resolveProfile } from '../stack/profile';
import {
  benchEntry,
  distEntry,
  freshDatabase,
  groupStable,
  migratedDatabase,
  MysqlTarget,
  peakRssMb,
  sleep,
  startNode,
  stop,
} from './processes';

export type VariantName = 'A' | 'A2' | 'AT' | 'B' | 'C' | 'CL' | 'C1' | 'D';

interface Variant {
  entry: string;
  /** Extra environment (A: the app's NODE_OPTIONS, as the platform and docker-compose run it). */
  env?: Record<string, string>;
  /**
   * null: no database (D), the run ends when the process prints `consumed <n>`. 'migrated': the app's migrations
   * already run (A2: its two instances would race to migrate an empty one).
   */
  database: null | 'empty' | 'with-tables' | 'migrated';
  /** Processes of the entry in one consumer group (1 unless said). */
  instances?: number;
}

export const VARIANTS: Record<VariantName, Variant> = {
  A: { entry: distEntry('analytics'), database: 'empty', env: ANALYTICS_RUNTIME_ENV }, // the real app: runs its own migrations
  // Opt-in (BENCH_TRACING=1): A with tracing on, its spans exported to the stack's Jaeger (the round adds the endpoint).
  // Two instances of the app in one group, each its own process, on one database: scaling out.
  A2: { entry: distEntry('analytics'), database: 'migrated', env: ANALYTICS_RUNTIME_ENV, instances: 2 },
  AT: { entry: distEntry('analytics'), database: 'empty', env: ANALYTICS_RUNTIME_ENV },
  B: { entry: benchEntry('naive-consumer.ts'), database: 'empty' },
  C: { entry: benchEntry('raw-consumer.ts'), database: 'with-tables' },
  // C in A's runtime (ANALYTICS_RUNTIME_ENV: the heap limits that keep A in its memory budget): the ceiling of the
  // same deployment, so that A/CL is the app's own overhead; C keeps V8's defaults.
  CL: { entry: benchEntry('raw-consumer.ts'), database: 'with-tables', env: ANALYTICS_RUNTIME_ENV },
  // The same statements as C, one round trip each, C's shape before it followed the app (BENCH_C1=0 leaves it out).
  C1: { entry: benchEntry('raw-consumer.ts'), database: 'with-tables', env: { RAW_ROUND_TRIPS: 'each' } },
  D: { entry: benchEntry('parse-only-consumer.ts'), database: null },
};

export interface RoundContext {
  brokers: string[];
  mysql: MysqlTarget;
  /** The stack's app environment (KAFKA_BOOTSTRAP_SERVERS, MYSQL_*). */
  appEnv: Record<string, string>;
  messages: number;
  uniqueEvents: number;
  /** The environment that turns tracing on (variant AT). */
  tracingEnv?: Record<string, string>;
}

export interface RoundResult {
  eventsPerSecond: number;
  /** The highest of the instances' peaks. */
  peakRssMb?: number;
  /** Each instance's peak RSS (A2: two). */
  instanceRssMb: (number | undefined)[];
  /** Several instances: seconds from the first join (the start) until all of them were in the group. */
  allJoinedAfterS?: number;
  /**
   * Several instances: events/s from the moment all were in the group to the last event (the events applied by then
   * left out); NaN when the backlog was applied before the last one joined.
   */
  allJoinedEventsPerSecond?: number;
  /** Rows per read-model table at the end: every variant that writes MySQL must end with the same. */
  rowCounts?: string;
}

const TABLES = ['users', 'products', 'product_variants', 'orders', 'order_items', 'posts'];

/**
 * One consumer (or `instances` of it in one group), a fresh group and database, from the moment the group is first
 * Stable (consumption starts) to its last event (its processed_events count reached, whichever instance wrote it).
 */
export async function runRound(name: VariantName, round: number, ctx: RoundContext): Promise<RoundResult> {
  const variant = VARIANTS[name];
  const id = `analytics_bench_${name.toLowerCase()}_${round}_${Date.now().toString(36)}`;
  if (variant.database === 'migrated') await migratedDatabase(ctx.mysql, id);
  else if (variant.database) await freshDatabase(ctx.mysql, id, variant.database === 'with-tables');
  await flushDirtyPages();
  const children = Array.from({ length: variant.instances ?? 1 }, () =>
    startNode(variant.entry, {
      ...ctx.appEnv,
      KAFKA_GROUP_ID: id,
      KAFKA_AUTO_OFFSET_RESET: 'earliest',
      MYSQL_DATABASE: id,
      PORT: '0',
      BENCH_MESSAGES: String(ctx.messages),
      ...variant.env,
      ...(name === 'AT' ? ctx.tracingEnv : {}),
    }),
  );
  const consumed = variant.database ? undefined : consumedLine(children[0]!);
  // Polled from the start: its first commit bounds the start when the group's first Stable went by unseen (two
  // instances: the first can be Stable alone only briefly, and a round once printed 119712 events/s from the later one).
  const progress = consumed ? undefined : lastRow(ctx, id, children);
  progress?.catch(() => undefined); // awaited below; a failure must not be unhandled meanwhile
  try {
    const stable = await groupStable(ctx.brokers, id, children);
    // Not awaited: if the first instances drain the backlog before the last one joins, the round says so (NaN).
    let allJoined = children.length > 1 ? NaN : undefined;
    let appliedAtJoin = NaN;
    if (children.length > 1) {
      groupStable(ctx.brokers, id, children, children.length)
        .then(async (at) => {
          allJoined = at;
          appliedAtJoin = await processedCount(ctx.mysql, id);
        })
        .catch(() => undefined);
    }
    const rows = progress ? await progress : undefined;
    const started = rows ? Math.min(stable, rows.first) : stable;
    const finished = consumed ? await consumed : rows!.last;
    const eventsPerSecond = ctx.uniqueEvents / ((finished - started) / 1000);
    const instanceRssMb = children.map(peakRssMb);
    const known = instanceRssMb.filter((mb): mb is number => mb !== undefined);
    return {
      eventsPerSecond,
      peakRssMb: known.length ? Math.max(...known) : undefined,
      instanceRssMb,
      allJoinedAfterS: allJoined === undefined ? undefined : (allJoined - started) / 1000,
      allJoinedEventsPerSecond:
        allJoined === undefined
          ? undefined
          : allJoined < finished
            ? (ctx.uniqueEvents - appliedAtJoin) / ((finished - allJoined) / 1000)
            : NaN,
      rowCounts: variant.database ? await rowCounts(ctx.mysql, id) : undefined,
    };
  } finally {
    await Promise.all(children.map(stop));
    if (variant.database) await dropDatabase(ctx.mysql, id);
  }
}

/**
 * Polls processed_events every 20 ms until it holds every event: when the first rows appeared, and when the last did;
 * fails when it stops growing for 60 s.
 */
async function lastRow(ctx: RoundContext, database: string, children: ChildProcess[]): Promise<{ first: number; last: number }> {
  const db = await createConnection({ ...ctx.mysql, database });
  try {
    let count = -1;
    let progressAt = performance.now();
    let first = Infinity;
    for (;;) {
      const n = await db.query('SELECT COUNT(*) AS n FROM processed_events').then(
        ([rows]) => Number((rows as { n: number }[])[0].n),
        (err: { errno?: number }) => {
          if (err.errno === 1146) return 0; // the app has not run its migrations yet
          throw err;
        },
      );
      const now = performance.now();
      if (n > 0 && first === Infinity) first = now;
      if (n >= ctx.uniqueEvents) return { first, last: now };
      if (n > count) [count, progressAt] = [n, now];
      if (now - progressAt > 60_000 || children.some((c) => c.exitCode !== null)) {
        throw new Error(`stuck at ${count}/${ctx.uniqueEvents} processed events`);
      }
      await sleep(20);
    }
  } finally {
    await db.end();
  }
}

async function processedCount(mysql: MysqlTarget, database: string): Promise<number> {
  const db = await createConnection({ ...mysql, database });
  try {
    const [rows] = await db.query('SELECT COUNT(*) AS n FROM processed_events');
    return Number((rows as { n: number }[])[0].n);
  } finally {
    await db.end();
  }
}

async function consumedLine(child: ChildProcess): Promise<number> {
  for (;;) {
    const [chunk] = (await once(child.stdout!, 'data')) as [Buffer];
    if (chunk.toString().includes('consumed ')) return performance.now();
  }
}

async function rowCounts(mysql: MysqlTarget, database: string): Promise<string> {
  const db = await createConnection({ ...mysql, database });
  const [rows] = await db.query(TABLES.map((t) => `SELECT '${t}' AS t, COUNT(*) AS n FROM ${t}`).join(' UNION ALL '));
  await db.end();
  return (rows as { t: string; n: number }[]).map((r) => `${r.t} ${r.n}`).join(', ');
}

/**
 * Every round starts with InnoDB's buffer pool clean. Otherwise a round pays for flushing the pages of the round
 * before it (the test stack's innodb_io_capacity is 200 pages/s): whichever variant followed a heavy writer was
 * slowed by it, and C, running after B's slow trickle, by far the least. The dirty-page limit is set to 0 until the
 * page cleaner has written them all (about a second), then put back. A global setting: as root through the test
 * stack's socket (the application's account has no global privilege).
 */
export async function flushDirtyPages(): Promise<void> {
  const db = await mysqlAdmin(resolveProfile('test'));
  try {
    const [[{ pct }]] = (await db.query('SELECT @@GLOBAL.innodb_max_dirty_pages_pct AS pct')) as unknown as [[{ pct: number }]];
    await db.query('SET GLOBAL innodb_max_dirty_pages_pct = 0');
    try {
      for (const deadline = performance.now() + 60_000; performance.now() < deadline; await sleep(100)) {
        const [[{ Value }]] = (await db.query("SHOW GLOBAL STATUS LIKE 'Innodb_buffer_pool_pages_dirty'")) as unknown as [
          [{ Value: string }],
        ];
        if (Number(Value) === 0) return;
      }
      console.log('bench: InnoDB still had dirty pages after 60 s; the round starts anyway');
    } finally {
      await db.query('SET GLOBAL innodb_max_dirty_pages_pct = ?', [pct]);
    }
  } finally {
    await db.end();
  }
}

async function dropDatabase(mysql: MysqlTarget, database: string): Promise<void> {
  const db = await createConnection(mysql);
  await db.query(`DROP DATABASE IF EXISTS \`${database}\``);
  await db.end();
}
