import { ConfigError, KafkaConfig, LogSettings, logSettingsFromEnv, mysqlSslOption, mysqlTlsFromEnv } from '@app/kafka';

export interface MysqlSettings {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  /** TLS (MYSQL_SSL, MYSQL_SSL_CA_FILE), certificates verified: mysql2's and TypeORM's `ssl` option. */
  ssl?: { ca?: string; rejectUnauthorized: true };
}

export interface AnalyticsConfig {
  /** HTTP port of /health (0 picks a free port: tests). */
  port: number;
  groupId: string;
  kafka: KafkaConfig;
  mysql: MysqlSettings;
  /** Readiness fails when a partition with lag has not committed for this long (CONSUMER_STALL_TIMEOUT_MS). */
  stallTimeoutMs: number;
  /** Most events applied in one MySQL transaction (CONSUMER_BATCH_SIZE). */
  batchSize: number;
  /** Partitions consumed at the same time, each with its own transaction (CONSUMER_CONCURRENCY). */
  concurrency: number;
  /** How far in the future a version-less event's timestamp may be before it is dead-lettered (MAX_EVENT_CLOCK_SKEW_MS). */
  maxClockSkewMs: number;
  processedEvents: ProcessedEventsRetention;
  log: LogSettings;
}

/** How long processed_events rows are kept, and how often older ones are pruned (ProcessedEventsPruner). */
export interface ProcessedEventsRetention {
  /** Rows processed longer ago than this many days are pruned (PROCESSED_EVENTS_RETENTION_DAYS); null: never (`off`). */
  retentionDays: number | null;
  /** Time between prunes; one also runs at start (PROCESSED_EVENTS_PRUNE_INTERVAL_MS). */
  pruneIntervalMs: number;
}

export type AnalyticsEnv = Partial<Record<string, string>>;

export const ANALYTICS_CONFIG = Symbol('ANALYTICS_CONFIG');

export class AnalyticsConfigError extends ConfigError {}

/**
 * The one place the analytics app reads process.env; `overrides` replace variables
 * (tests give each run its own KAFKA_GROUP_ID and MYSQL_DATABASE and go through the same validation).
 */
export function loadAnalyticsConfig(overrides: AnalyticsEnv = {}): AnalyticsConfig {
  const env: NodeJS.ProcessEnv = { ...process.env, ...overrides };
  return {
    port: port(env, 'PORT', 3001, 0),
    groupId: nonEmpty(env, 'KAFKA_GROUP_ID', 'mysql-analytics-service'),
    kafka: KafkaConfig.fromEnv('mysql-service', env),
    mysql: {
      host: nonEmpty(env, 'MYSQL_HOST', 'localhost'),
      port: port(env, 'MYSQL_PORT', 3306, 1),
      user: nonEmpty(env, 'MYSQL_USER', 'root'),
      password: env.MYSQL_PASSWORD ?? '',
      database: identifier(env, 'MYSQL_DATABASE', 'analytics'),
      ssl: mysqlSslOption(mysqlTlsFromEnv(env)),
    },
    stallTimeoutMs: milliseconds(env, 'CONSUMER_STALL_TIMEOUT_MS', 60_000),
    batchSize: count(env, 'CONSUMER_BATCH_SIZE', 500, 10_000),
    concurrency: count(env, 'CONSUMER_CONCURRENCY', 3, 64),
    maxClockSkewMs: milliseconds(env, 'MAX_EVENT_CLOCK_SKEW_MS', 5 * 60_000),
    processedEvents: {
      retentionDays: days(env, 'PROCESSED_EVENTS_RETENTION_DAYS', 7, 3650),
      pruneIntervalMs: milliseconds(env, 'PROCESSED_EVENTS_PRUNE_INTERVAL_MS', 60 * 60_000),
    },
    log: logSettingsFromEnv(env),
  };
}

function nonEmpty(env: NodeJS.ProcessEnv, variable: string, fallback: string): string {
  const value = (env[variable] ?? fallback).trim();
  if (!value) throw new AnalyticsConfigError(variable, 'must not be empty');
  return value;
}

function port(env: NodeJS.ProcessEnv, variable: string, fallback: number, min: number): number {
  const raw = env[variable];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > 65535) {
    throw new AnalyticsConfigError(variable, `"${raw}" is not a TCP port`);
  }
  return value;
}

function milliseconds(env: NodeJS.ProcessEnv, variable: string, fallback: number): number {
  const raw = env[variable];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new AnalyticsConfigError(variable, `"${raw}" is not a positive number of milliseconds`);
  return value;
}

function count(env: NodeJS.ProcessEnv, variable: string, fallback: number, max: number): number {
  const raw = env[variable];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > max)
    throw new AnalyticsConfigError(variable, `"${raw}" is not a whole number from 1 to ${max}`);
  return value;
}

/** A whole number of days from 1 to `max`, or `off` (null). 0 is refused rather than read as "keep nothing" or "off". */
function days(env: NodeJS.ProcessEnv, variable: string, fallback: number, max: number): number | null {
  const raw = env[variable]?.trim();
  if (raw === undefined || raw === '') return fallback;
  if (raw.toLowerCase() === 'off') return null;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < 1 || value > max) {
    throw new AnalyticsConfigError(variable, `"${raw}" is not a whole number of days from 1 to ${max}, or off`);
  }
  return value;
}

function identifier(env: NodeJS.ProcessEnv, variable: string, fallback: string): string {
  const value = nonEmpty(env, variable, fallback);
  if (!/^[A-Za-z0-9_$]{1,64}$/.test(value)) {
    throw new AnalyticsConfigError(variable, `"${value}" is not a plain database name (letters, digits, _ or $)`);
  }
  return value;
}
