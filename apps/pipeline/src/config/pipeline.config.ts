import { checkMongoUriTls, KafkaConfig, LogSettings, logSettingsFromEnv, mysqlSslOption, mysqlTlsFromEnv } from '@app/kafka';

export interface PipelineConfig {
  /** HTTP port of the page (0 picks a free port: tests). */
  port: number;
  /** Where the backend's API and /health answer (BACKEND_URL). */
  backendUrl: string;
  /** Where analytics' /health and /pipeline/outcomes answer (ANALYTICS_URL). */
  analyticsUrl: string;
  kafka: KafkaConfig;
  /** The analytics consumer group whose lag the page shows (KAFKA_GROUP_ID, as analytics reads it). */
  groupId: string;
  /** The group `npm run dlq -- replay --all` commits (DLQ_REPLAY_GROUP). */
  replayGroup: string;
  /** The backend's MongoDB, read only, to derive an entity's expected rows (MONGODB_URI, as the backend reads it). */
  mongoUri: string;
  /** The read model, to show an entity's rows. */
  mysql: { host: string; port: number; user: string; password: string; database: string; ssl?: { ca?: string; rejectUnauthorized: true } };
  log: LogSettings;
}

export type PipelineEnv = Partial<Record<string, string>>;

export const PIPELINE_CONFIG = Symbol('PIPELINE_CONFIG');

/** The one place the pipeline page reads process.env; `overrides` replace variables (tests). */
export function loadPipelineConfig(overrides: PipelineEnv = {}): PipelineConfig {
  const env: NodeJS.ProcessEnv = { ...process.env, ...overrides };
  return {
    port: port(env, 'PORT', 3002, 0),
    backendUrl: url(env, 'BACKEND_URL', 'http://localhost:3000'),
    analyticsUrl: url(env, 'ANALYTICS_URL', 'http://localhost:3001'),
    kafka: KafkaConfig.fromEnv('pipeline-page', env),
    groupId: nonEmpty(env, 'KAFKA_GROUP_ID', 'mysql-analytics-service'),
    replayGroup: nonEmpty(env, 'DLQ_REPLAY_GROUP', 'dlq-replay'),
    mongoUri: mongoUri(env),
    mysql: {
      host: nonEmpty(env, 'MYSQL_HOST', 'localhost'),
      port: port(env, 'MYSQL_PORT', 3306, 1),
      user: nonEmpty(env, 'MYSQL_USER', 'root'),
      password: env.MYSQL_PASSWORD ?? '',
      database: nonEmpty(env, 'MYSQL_DATABASE', 'analytics'),
      ssl: mysqlSslOption(mysqlTlsFromEnv(env)),
    },
    log: logSettingsFromEnv(env),
  };
}

function mongoUri(env: NodeJS.ProcessEnv): string {
  const uri = nonEmpty(env, 'MONGODB_URI', 'mongodb://localhost:27017/social_commerce');
  checkMongoUriTls(uri);
  return uri;
}

function nonEmpty(env: NodeJS.ProcessEnv, variable: string, fallback: string): string {
  const value = (env[variable] ?? fallback).trim();
  if (!value) throw new Error(`${variable}: must not be empty`);
  return value;
}

function url(env: NodeJS.ProcessEnv, variable: string, fallback: string): string {
  const value = nonEmpty(env, variable, fallback);
  if (!/^https?:\/\/[^/\s]+$/.test(value.replace(/\/$/, ''))) throw new Error(`${variable}: "${value}" is not an http(s)://host:port URL`);
  return value.replace(/\/$/, '');
}

function port(env: NodeJS.ProcessEnv, variable: string, fallback: number, min: number): number {
  const raw = env[variable];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > 65535) throw new Error(`${variable}: "${raw}" is not a TCP port`);
  return value;
}
