import { checkMongoUriTls, LogSettings, logSettingsFromEnv, redact } from '@app/kafka';
import { AuthSettings, authSettingsFromEnv, DEFAULT_AUTH } from './auth.config';
import { BackendConfigError } from './config-error';
import { DEFAULT_HTTP_LIMITS, HttpLimits, httpLimitsFromEnv } from './http-limits.config';

export { BackendConfigError };

/**
 * How long a request waits for Kafka before leaving its event to the relay; how often the relay retries the documents
 * this process left pending; its lease; how often the lease holder scans every collection for pending events.
 */
export interface OutboxSettings {
  fastPathMs: number;
  relayIntervalMs: number;
  leaseMs: number;
  scanIntervalMs?: number;
}

/**
 * Who may write (see WriterLease): `auto` takes a writer lease on FerretDB (one writing instance, the others standby)
 * and lets every instance write on MongoDB (compare-and-set); `single` writes without a lease (one instance only, or
 * test apps that share a database but not documents). The lease's length and how often it is renewed (the holder
 * stops writing one renew interval before its lease could be taken).
 */
export interface WriterSettings {
  mode: 'auto' | 'single';
  leaseMs: number;
  renewMs: number;
}

export const DEFAULT_WRITER: WriterSettings = { mode: 'auto', leaseMs: 10_000, renewMs: 2000 };

/** The backend's own settings (Kafka settings are read by KafkaConfig.fromEnv in the lib). */
export class BackendConfig {
  constructor(
    readonly mongodbUri: string,
    readonly port: number,
    readonly log: LogSettings = { format: 'json', level: 'log' },
    readonly outbox: OutboxSettings = { fastPathMs: 500, relayIntervalMs: 1000, leaseMs: 10_000, scanIntervalMs: 60_000 },
    readonly auth: AuthSettings = DEFAULT_AUTH,
    readonly http: HttpLimits = DEFAULT_HTTP_LIMITS,
    /** After SIGTERM: how long readiness answers 503 while requests are still served, before the app closes. */
    readonly shutdownDrainMs = 5000,
    readonly writer: WriterSettings = DEFAULT_WRITER,
  ) {}

  /** MONGODB_URI (default mongodb://localhost:27017/social_commerce), PORT (default 3000), LOG_*, OUTBOX_*, AUTH_*, HOST, JWT_*, THROTTLE_*, SHUTDOWN_DRAIN_MS, WRITER_*. */
  static fromEnv(env: NodeJS.ProcessEnv = process.env): BackendConfig {
    return new BackendConfig(
      parseMongoUri(env.MONGODB_URI ?? 'mongodb://localhost:27017/social_commerce'),
      parsePort(env.PORT ?? '3000'),
      logSettingsFromEnv(env),
      {
        fastPathMs: parseMs(env, 'OUTBOX_FAST_PATH_MS', 500),
        relayIntervalMs: parseMs(env, 'OUTBOX_RELAY_INTERVAL_MS', 1000),
        leaseMs: parseMs(env, 'OUTBOX_LEASE_MS', 10_000),
        scanIntervalMs: parseMs(env, 'OUTBOX_SCAN_INTERVAL_MS', 60_000),
      },
      authSettingsFromEnv(env),
      httpLimitsFromEnv(env),
      parseMs(env, 'SHUTDOWN_DRAIN_MS', 5000, 0),
      writerSettingsFromEnv(env),
    );
  }
}

function writerSettingsFromEnv(env: NodeJS.ProcessEnv): WriterSettings {
  const mode = (env.WRITER_MODE ?? '').trim() || DEFAULT_WRITER.mode;
  if (mode !== 'auto' && mode !== 'single') throw new BackendConfigError('WRITER_MODE', `"${mode}" is neither auto nor single`);
  const leaseMs = parseMs(env, 'WRITER_LEASE_MS', DEFAULT_WRITER.leaseMs);
  const renewMs = parseMs(env, 'WRITER_RENEW_MS', Math.min(DEFAULT_WRITER.renewMs, Math.floor(leaseMs / 3)));
  if (renewMs * 3 > leaseMs)
    throw new BackendConfigError(
      'WRITER_RENEW_MS',
      `${renewMs} is more than a third of WRITER_LEASE_MS (${leaseMs}): the writer stops writing one renew interval before its lease ends, and must get a second try at renewing before that`,
    );
  return { mode, leaseMs, renewMs };
}

function parseMongoUri(value: string): string {
  if (!/^mongodb(\+srv)?:\/\/\S+$/.test(value.trim())) {
    throw new BackendConfigError('MONGODB_URI', `"${redact(value)}" is not a mongodb:// or mongodb+srv:// URI`);
  }
  checkMongoUriTls(value.trim());
  return value.trim();
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value.trim()) || port > 65535) {
    throw new BackendConfigError('PORT', `"${value}" is not a port number (0-65535)`);
  }
  return port;
}

function parseMs(env: NodeJS.ProcessEnv, variable: string, fallback: number, min = 1): number {
  const raw = env[variable];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim()) || Number(raw) < min)
    throw new BackendConfigError(variable, `"${raw}" is not a ${min === 0 ? 'non-negative' : 'positive'} number of milliseconds`);
  return Number(raw);
}
