import { logLevel, Partitioners } from 'kafkajs';
import type { ConsumerConfig, ConsumerRunConfig, KafkaConfig as KafkaClientConfig, ProducerConfig } from 'kafkajs';
import { ConfigError } from './config-error';
import { kafkaClientSecurity, KafkaSecurity, kafkaSecurityFromEnv } from './connection-security';
import './kafkajs/request-queue-fix'; // every client of the apps is built from this config
import { kafkaLogCreator } from './observability/logging';

export type AutoOffsetReset = 'earliest' | 'latest';

/** What the brief's consumer config carried, as kafkajs / Nest Kafka-transport options. */
export interface KafkaConsumerOptions {
  client: KafkaClientConfig;
  consumer: ConsumerConfig;
  run: Pick<ConsumerRunConfig, 'autoCommit' | 'autoCommitInterval'>;
  subscribe: { fromBeginning: boolean };
  /** The brief's settings by their librdkafka names, for logs and docs. */
  settings: {
    'bootstrap.servers': string;
    'group.id': string;
    'client.id': string;
    'auto.offset.reset': AutoOffsetReset;
    'enable.auto.commit': true;
    'auto.commit.interval.ms': number;
  };
}

export interface KafkaProducerOptions {
  client: KafkaClientConfig;
  producer: ProducerConfig;
}

export const AUTO_COMMIT_INTERVAL_MS = 5000;
const OFFSET_RESET_POLICIES: readonly AutoOffsetReset[] = ['earliest', 'latest'];
const HOST_PORT = /^[A-Za-z0-9._-]+:\d{1,5}$/;

export class KafkaConfigError extends ConfigError {}

/** Kafka connection settings, read from the environment and validated once. */
export class KafkaConfig {
  constructor(
    readonly bootstrapServers: string[],
    readonly clientId: string,
    readonly autoOffsetReset: AutoOffsetReset = 'earliest',
    /** SASL and TLS (KAFKA_SASL_*, KAFKA_SSL*): none by default. */
    readonly security: KafkaSecurity = {},
  ) {}

  /**
   * KAFKA_BOOTSTRAP_SERVERS (default localhost:9092, comma separated),
   * KAFKA_CLIENT_ID (default `clientId`), KAFKA_AUTO_OFFSET_RESET (default earliest),
   * KAFKA_SASL_MECHANISM / KAFKA_SASL_USERNAME / KAFKA_SASL_PASSWORD, KAFKA_SSL / KAFKA_SSL_CA_FILE.
   */
  static fromEnv(clientId = 'service', env: NodeJS.ProcessEnv = process.env): KafkaConfig {
    return new KafkaConfig(
      parseBrokers(env.KAFKA_BOOTSTRAP_SERVERS ?? 'localhost:9092'),
      parseClientId(env.KAFKA_CLIENT_ID ?? clientId),
      parseOffsetReset(env.KAFKA_AUTO_OFFSET_RESET ?? 'earliest'),
      kafkaSecurityFromEnv(env),
    );
  }

  /** The kafkajs client options of every client of the apps and scripts: brokers, SASL, TLS, retries, logging. */
  toClientConfig(): KafkaClientConfig {
    return {
      clientId: this.clientId,
      brokers: [...this.bootstrapServers],
      ...kafkaClientSecurity(this.security),
      connectionTimeout: 3000,
      retry: { initialRetryTime: 300, retries: 8 },
      // INFO reaches the app logger, which filters by LOG_LEVEL (kafkajs INFO is Nest "log": joins, rebalances).
      logLevel: logLevel.INFO,
      logCreator: kafkaLogCreator,
    };
  }

  toProducerConfig(): KafkaProducerOptions {
    return {
      client: this.toClientConfig(),
      // acks=all on an idempotent producer: an event is either stored once or the send fails.
      // The Java-compatible murmur2 partitioner: the same key lands on the same partition as with any Kafka client.
      producer: {
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: true,
        createPartitioner: Partitioners.DefaultPartitioner,
      },
    };
  }

  toConsumerConfig(groupId: string): KafkaConsumerOptions {
    if (!groupId.trim()) throw new KafkaConfigError('KAFKA_GROUP_ID', 'must not be empty');
    return {
      client: this.toClientConfig(),
      consumer: { groupId, allowAutoTopicCreation: true },
      run: { autoCommit: true, autoCommitInterval: AUTO_COMMIT_INTERVAL_MS },
      subscribe: { fromBeginning: this.autoOffsetReset === 'earliest' },
      settings: {
        'bootstrap.servers': this.bootstrapServers.join(','),
        'group.id': groupId,
        'client.id': this.clientId,
        'auto.offset.reset': this.autoOffsetReset,
        'enable.auto.commit': true,
        'auto.commit.interval.ms': AUTO_COMMIT_INTERVAL_MS,
      },
    };
  }
}

function parseBrokers(value: string): string[] {
  const brokers = value
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean);
  if (brokers.length === 0) throw new KafkaConfigError('KAFKA_BOOTSTRAP_SERVERS', 'must list at least one host:port');
  const bad = brokers.find((b) => !HOST_PORT.test(b));
  if (bad) throw new KafkaConfigError('KAFKA_BOOTSTRAP_SERVERS', `"${bad}" is not host:port`);
  return brokers;
}

function parseClientId(value: string): string {
  if (!value.trim()) throw new KafkaConfigError('KAFKA_CLIENT_ID', 'must not be empty');
  return value.trim();
}

function parseOffsetReset(value: string): AutoOffsetReset {
  const policy = value.trim().toLowerCase() as AutoOffsetReset;
  if (!OFFSET_RESET_POLICIES.includes(policy)) {
    throw new KafkaConfigError('KAFKA_AUTO_OFFSET_RESET', `"${value}" is not one of ${OFFSET_RESET_POLICIES.join(', ')}`);
  }
  return policy;
}
