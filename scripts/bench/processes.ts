import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import '../../libs/kafka/src/kafkajs/request-queue-fix';
import { createConnection } from 'mysql2/promise';
import { DataSource, DataSourceOptions } from 'typeorm';
import { databaseOptions, MIGRATIONS } from '../../apps/analytics/src/database/database.options';
import { REPO_DIR } from '../stack/profile';

export interface MysqlTarget {
  host: string;
  port: number;
  user: string;
  password: string;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A Node process of ours: a built app (`dist/...js`) or a bench script (TypeScript, through tsx's loader, no wrapper process). */
export function startNode(entry: string, env: Record<string, string>): ChildProcess {
  const args = entry.endsWith('.ts') ? ['--import', 'tsx', entry] : [entry];
  // THROTTLE_LIMIT=0: the latency steps send hundreds of POST/s from 127.0.0.1, far past the backend's per-IP limit.
  const child = spawn(process.execPath, args, {
    cwd: REPO_DIR,
    env: { ...process.env, THROTTLE_LIMIT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let tail = '';
  const keep = (chunk: Buffer) => (tail = (tail + chunk.toString()).slice(-4000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  child.once('exit', (code) => {
    if (code) console.error(`${entry} exited with code ${code}:\n${tail}`);
  });
  return child;
}

export const distEntry = (app: 'analytics' | 'backend') => join(REPO_DIR, 'dist', 'apps', app, 'main.js');
export const benchEntry = (file: string) => join(REPO_DIR, 'scripts', 'bench', file);

/** The process's peak resident set size (VmHWM) in MB, while it still runs. */
export function peakRssMb(child: { pid?: number }): number | undefined {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

export function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * Resolves when `groupId` has joined (state Stable) with at least `members` members: with 1, the moment
 * consumption starts.
 */
export async function groupStable(
  brokers: string[],
  groupId: string,
  children: ChildProcess | ChildProcess[],
  members = 1,
  timeoutMs = 120_000,
): Promise<number> {
  const admin = new Kafka({ clientId: 'bench-admin', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await sleep(20)) {
      if ([children].flat().some((c) => c.exitCode !== null)) throw new Error(`a consumer of group ${groupId} exited before joining`);
      const { groups } = await admin.describeGroups([groupId]);
      if (groups[0]?.state === 'Stable' && groups[0].members.length >= members) return performance.now();
    }
    throw new Error(`group ${groupId} not Stable within ${timeoutMs / 1000}s`);
  } finally {
    await admin.disconnect();
  }
}

/**
 * A new database migrated the way the app migrates it (TypeORM's migrations table included), so that several
 * instances of the app started together find nothing to run: two of them migrating one empty database at once race.
 */
export async function migratedDatabase(mysql: MysqlTarget, database: string): Promise<void> {
  await freshDatabase(mysql, database, false);
  const source = new DataSource({ ...(databaseOptions({ ...mysql, database }) as DataSourceOptions), migrationsRun: false });
  await source.initialize();
  try {
    await source.runMigrations({ transaction: 'each' });
  } finally {
    await source.destroy();
  }
}

/** A new empty database for one consumer run; `withTables` creates the read model in it (the app's own migrations, in order). */
export async function freshDatabase(mysql: MysqlTarget, database: string, withTables: boolean): Promise<void> {
  const connection = await createConnection({ ...mysql, multipleStatements: false });
  try {
    await connection.query(`DROP DATABASE IF EXISTS \`${database}\``);
    await connection.query(`CREATE DATABASE \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    if (!withTables) return;
    await connection.changeUser({ database });
    const queryRunner = { query: (sql: string) => connection.query(sql) };
    for (const Migration of MIGRATIONS) await new Migration().up(queryRunner as never);
  } finally {
    await connection.end();
  }
}
