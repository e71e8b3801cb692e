import { readFileSync } from 'node:fs';
import { Kafka, logLevel } from 'kafkajs';
import type { KafkaConfig as KafkaClientConfig, SASLOptions } from 'kafkajs';
import { ConfigError } from './config-error';
import { findCause } from './kafkajs/find-cause';

/**
 * Credentials and TLS of the apps' connections (Kafka, MySQL, MongoDB), read from the environment and validated at
 * start. Error messages name the variable and never carry a password.
 */
export class ConnectionConfigError extends ConfigError {}

export const KAFKA_SASL_MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;
export type KafkaSaslMechanism = (typeof KAFKA_SASL_MECHANISMS)[number];

/** What the client sends: `password` is not enumerable, so a logged or serialised config never shows it. */
export interface KafkaSasl {
  mechanism: KafkaSaslMechanism;
  username: string;
  readonly password: string;
}

export interface KafkaSecurity {
  sasl?: KafkaSasl;
  /** TLS to the brokers; `ca` (PEM) when KAFKA_SSL_CA_FILE names one, else the system's CAs. */
  ssl?: { ca?: string };
}

/** TLS to MySQL: MYSQL_SSL=true, with the CA of MYSQL_SSL_CA_FILE or the system's. */
export interface MysqlTls {
  ca?: string;
}

function flag(env: NodeJS.ProcessEnv, variable: string): boolean {
  const raw = env[variable];
  if (raw === undefined || raw.trim() === '') return false;
  const value = raw.trim().toLowerCase();
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new ConnectionConfigError(variable, `"${raw}" is not true or false`);
}

/** The PEM text of a CA file; a clear error when it is missing, unreadable or not PEM. */
function caFile(env: NodeJS.ProcessEnv, variable: string, enabledBy: string): string | undefined {
  const path = env[variable]?.trim();
  if (!path) return undefined;
  if (!flag(env, enabledBy)) throw new ConnectionConfigError(variable, `is set but ${enabledBy} is not true`);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConnectionConfigError(variable, `cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  if (!text.includes('-----BEGIN CERTIFICATE-----')) throw new ConnectionConfigError(variable, `${path} holds no PEM certificate`);
  return text;
}

/**
 * KAFKA_SASL_MECHANISM (plain | scram-sha-256 | scram-sha-512) with KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD;
 * KAFKA_SSL (true | false) with the optional KAFKA_SSL_CA_FILE. Nothing set: plaintext, no authentication.
 */
export function kafkaSecurityFromEnv(env: NodeJS.ProcessEnv): KafkaSecurity {
  const security: KafkaSecurity = {};
  const mechanism = env.KAFKA_SASL_MECHANISM?.trim().toLowerCase() ?? '';
  const username = env.KAFKA_SASL_USERNAME ?? '';
  const password = env.KAFKA_SASL_PASSWORD ?? '';
  if (!mechanism) {
    if (username || password) {
      const given = username ? 'KAFKA_SASL_USERNAME' : 'KAFKA_SASL_PASSWORD';
      throw new ConnectionConfigError('KAFKA_SASL_MECHANISM', `must be set when ${given} is (${KAFKA_SASL_MECHANISMS.join(', ')})`);
    }
  } else {
    if (!(KAFKA_SASL_MECHANISMS as readonly string[]).includes(mechanism)) {
      throw new ConnectionConfigError(
        'KAFKA_SASL_MECHANISM',
        `"${env.KAFKA_SASL_MECHANISM}" is not one of ${KAFKA_SASL_MECHANISMS.join(', ')}`,
      );
    }
    if (!username.trim()) throw new ConnectionConfigError('KAFKA_SASL_USERNAME', `must be set with KAFKA_SASL_MECHANISM=${mechanism}`);
    if (!password) throw new ConnectionConfigError('KAFKA_SASL_PASSWORD', `must be set with KAFKA_SASL_MECHANISM=${mechanism}`);
    const sasl = { mechanism: mechanism as KafkaSaslMechanism, username: username.trim() } as KafkaSasl;
    Object.defineProperty(sasl, 'password', { value: password, enumerable: false });
    security.sasl = sasl;
  }
  const ca = caFile(env, 'KAFKA_SSL_CA_FILE', 'KAFKA_SSL');
  if (flag(env, 'KAFKA_SSL')) security.ssl = ca ? { ca } : {};
  return security;
}

/** The kafkajs `sasl` and `ssl` options of `security` (none when it is empty). */
export function kafkaClientSecurity(security: KafkaSecurity): Pick<KafkaClientConfig, 'sasl' | 'ssl'> {
  const options: Pick<KafkaClientConfig, 'sasl' | 'ssl'> = {};
  if (security.sasl) {
    const { mechanism, username, password } = security.sasl;
    options.sasl = { mechanism, username, password } as SASLOptions;
  }
  if (security.ssl) options.ssl = security.ssl.ca ? { ca: [security.ssl.ca] } : true;
  return options;
}

/** MYSQL_SSL (true | false) and MYSQL_SSL_CA_FILE: undefined when MySQL is reached without TLS. */
export function mysqlTlsFromEnv(env: NodeJS.ProcessEnv): MysqlTls | undefined {
  const ca = caFile(env, 'MYSQL_SSL_CA_FILE', 'MYSQL_SSL');
  if (!flag(env, 'MYSQL_SSL')) return undefined;
  return ca ? { ca } : {};
}

/** The mysql2 `ssl` option of `tls`: certificates always verified. */
export function mysqlSslOption(tls: MysqlTls | undefined): { ca?: string; rejectUnauthorized: true } | undefined {
  return tls && { ...(tls.ca ? { ca: tls.ca } : {}), rejectUnauthorized: true };
}

const MONGO_TLS_OPTIONS = ['tls', 'ssl', 'tlsInsecure', 'tlsAllowInvalidCertificates', 'tlsAllowInvalidHostnames'];

/**
 * The TLS options of a MongoDB URI, checked: tls/ssl and the like only true or false, and tlsCAFile (or
 * tlsCertificateKeyFile) a file this process can read. Credentials stay in the URI; messages never show them.
 */
export function checkMongoUriTls(uri: string, variable = 'MONGODB_URI'): void {
  const query = uri.split('?')[1];
  if (!query) return;
  for (const [name, value] of new URLSearchParams(query)) {
    if (MONGO_TLS_OPTIONS.includes(name) && value !== 'true' && value !== 'false') {
      throw new ConnectionConfigError(variable, `option ${name}="${value}" is not true or false`);
    }
    if (name === 'tlsCAFile' || name === 'tlsCertificateKeyFile') {
      try {
        readFileSync(value);
      } catch (err) {
        throw new ConnectionConfigError(variable, `option ${name}: cannot read ${value} (${(err as NodeJS.ErrnoException).code})`);
      }
    }
  }
}

/** A rejected SASL login at start: the app stops with this rather than retrying a password that cannot work. */
export class KafkaAuthenticationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KafkaAuthenticationError';
  }
}

/**
 * With SASL configured, logs in to one broker once and throws KafkaAuthenticationError when the broker refuses the
 * credentials. An unreachable broker is not an error here: each app has its own way to wait for Kafka.
 */
export async function verifyKafkaCredentials(client: KafkaClientConfig, security: KafkaSecurity): Promise<void> {
  if (!security.sasl) return;
  const admin = new Kafka({ ...client, logLevel: logLevel.NOTHING, retry: { retries: 0 } }).admin();
  try {
    await admin.connect();
  } catch (err) {
    const refused = findCause(err, (e) => e.name === 'KafkaJSSASLAuthenticationError');
    if (refused) {
      const { mechanism, username } = security.sasl;
      throw new KafkaAuthenticationError(
        `Kafka SASL authentication failed for user "${username}" (${mechanism.toUpperCase()}): ${refused.message}; check KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD`,
      );
    }
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
