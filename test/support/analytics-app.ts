import { randomUUID } from 'node:crypto';
import { EventEnvelope, StructuredLogger, topicOf } from '@app/kafka';
import { INestApplication, LoggerService } from '@nestjs/common';
import { Producer } from 'kafkajs';
import { Pool } from 'mysql2/promise';
import { createAnalyticsApp } from '../../apps/analytics/src/analytics.app';
import { testMysql } from './databases';

/** Where the analytics app under test reads from and writes to: its own consumer group and MySQL database. */
export interface AnalyticsTarget {
  groupId: string;
  database: string;
  /** A pool on that database, for assertions. */
  db: Pool;
  /** Drops the database and ends the pool. */
  drop(): Promise<void>;
}

/** A fresh `analytics_e2e_<name>_<random>` database (empty: the app's migrations create the tables) and group id. */
export async function analyticsTarget(name: string): Promise<AnalyticsTarget> {
  const suffix = randomUUID().replace(/-/g, '').slice(0, 8);
  const database = `analytics_e2e_${name}_${suffix}`;
  const admin = testMysql();
  try {
    await admin.query(`CREATE DATABASE \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await admin.end();
  }
  const db = testMysql(database);
  return {
    groupId: `e2e-analytics-${name}-${suffix}`,
    database,
    db,
    drop: async () => {
      await db.query(`DROP DATABASE IF EXISTS \`${database}\``);
      await db.end();
    },
  };
}

/** The env overrides that point the analytics app at `target` (HTTP on a free port). */
export function analyticsEnv(target: AnalyticsTarget): Record<string, string> {
  return { KAFKA_GROUP_ID: target.groupId, MYSQL_DATABASE: target.database, PORT: '0' };
}

/** The real analytics app (createAnalyticsApp, as main.ts runs it) in this test process. Close it in afterAll. */
export function startAnalyticsApp(target: AnalyticsTarget, logger?: LoggerService): Promise<INestApplication> {
  return createAnalyticsApp(analyticsEnv(target), { logger: logger ?? testLogger() });
}

/** The app's own logger at warn level, in text (test output stays one line per entry). */
export function testLogger(): StructuredLogger {
  return new StructuredLogger('analytics', { format: 'text', level: 'warn' });
}

/** The test logger that also keeps the text of every warning, for tests that assert on retries. */
export class RecordingLogger extends StructuredLogger {
  readonly warnings: string[] = [];

  constructor() {
    super('analytics', { format: 'text', level: 'warn' });
  }

  override warn(message: unknown, ...rest: unknown[]): void {
    this.warnings.push(typeof message === 'object' && message !== null && 'message' in message ? String(message.message) : String(message));
    super.warn(message, ...rest);
  }
}

export interface Produced {
  topic: string;
  partition: number;
  offset: string;
}

/** Sends one raw message (an envelope object or any string) keyed like the backend does; resolves with where it landed. */
export async function produce(producer: Producer, topic: string, key: string, value: unknown, partition?: number): Promise<Produced> {
  const [meta] = await producer.send({
    topic,
    messages: [{ key, value: typeof value === 'string' ? value : JSON.stringify(value), partition }],
  });
  return { topic, partition: meta.partition, offset: meta.baseOffset ?? '' };
}

/** Sends an envelope as the backend does: on its event type's topic, keyed by its entity_id. */
export function produceEvent(producer: Producer, event: EventEnvelope): Promise<Produced> {
  return produce(producer, topicOf(event.event_type), event.entity_id, event);
}
