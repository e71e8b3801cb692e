import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export type ProfileName = 'dev' | 'test' | 'cluster';
export const PROFILE_NAMES: readonly ProfileName[] = ['dev', 'test', 'cluster'];

/** One Kafka node (combined broker and controller). */
export interface KafkaNode {
  id: number;
  port: number;
  controllerPort: number;
  /** Its SASL_PLAINTEXT listener (SCRAM-SHA-512): `port` + SASL_PORT_OFFSET. */
  saslPort: number;
}

/** The SCRAM user the stack's Kafka knows on its SASL listener, and its mechanism. */
export interface KafkaSaslUser {
  mechanism: 'scram-sha-512';
  username: string;
  password: string;
}

/**
 * The stack's MariaDB accounts. `user`/`password`: the application's account (over TCP from 127.0.0.1), with DDL and
 * DML on the databases that `grantOn` matches (a LIKE pattern) and nothing else. `contractRoot`: the dev profile also
 * keeps CONTRACT.md's default (`root`, empty password, over TCP) working, as an account with the very same rights.
 * The real root is only reachable through `socket` (unix_socket authentication, as the OS user that runs the stack).
 */
export interface MysqlAccounts {
  port: number;
  user: string;
  password: string;
  database: string;
  grantOn: string;
  contractRoot: boolean;
  socket: string;
}

/** Where and on which ports one copy of the stack runs. */
export interface StackProfile {
  name: ProfileName;
  repoDir: string;
  dataDir: string;
  cacheDir: string;
  /** Wipe the data directory on every fresh `up` (the throw-away test profile). */
  ephemeral: boolean;
  /** `port`/`controllerPort` are the first node's; `nodes` every node's (one, or three on the cluster). */
  mongo: { port: number; database: string };
  /** `sasl`: the SCRAM user of every node's SASL listener (node.saslPort). */
  kafka: { port: number; controllerPort: number; nodes: KafkaNode[]; partitions: number; replicationFactor: number; sasl: KafkaSaslUser };
  mysql: MysqlAccounts;
  /** The optional trace store: started only when asked (`--with jaeger` or STACK_JAEGER=1, or already running). */
  jaeger: JaegerPorts & { enabled: boolean };
}

/** Jaeger's query API and UI (`uiPort`, its gRPC query API on `uiPort - 1`) and its OTLP receivers. */
export interface JaegerPorts {
  uiPort: number;
  otlpGrpcPort: number;
  otlpHttpPort: number;
}

export const REPO_DIR = resolve(__dirname, '..', '..');

function portOf(value: string | undefined, fallback: number, variable: string): number {
  if (value === undefined || value === '') return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`${variable}: "${value}" is not a TCP port`);
  }
  return port;
}

function partitionsOf(value: string | undefined, fallback: number, variable: string): number {
  if (value === undefined || value === '') return fallback;
  const count = Number(value);
  if (!Number.isInteger(count) || count < 1 || count > 1000) throw new Error(`${variable}: "${value}" is not a partition count (1-1000)`);
  return count;
}

function portInUrl(url: string | undefined, fallback: number, variable: string): number {
  if (!url) return fallback;
  const match = /:(\d+)(?:[/,?]|$)/.exec(url.replace(/^[a-z+]+:\/\//, ''));
  return portOf(match?.[1], fallback, variable);
}

/** Jaeger's ports from `<prefix>JAEGER_UI_PORT`, `..._OTLP_GRPC_PORT`, `..._OTLP_HTTP_PORT`, else `defaults`. */
function jaegerOf(env: NodeJS.ProcessEnv, prefix: string, defaults: JaegerPorts): StackProfile['jaeger'] {
  return {
    enabled: env.STACK_JAEGER === '1',
    uiPort: portOf(env[`${prefix}JAEGER_UI_PORT`], defaults.uiPort, `${prefix}JAEGER_UI_PORT`),
    otlpGrpcPort: portOf(env[`${prefix}JAEGER_OTLP_GRPC_PORT`], defaults.otlpGrpcPort, `${prefix}JAEGER_OTLP_GRPC_PORT`),
    otlpHttpPort: portOf(env[`${prefix}JAEGER_OTLP_HTTP_PORT`], defaults.otlpHttpPort, `${prefix}JAEGER_OTLP_HTTP_PORT`),
  };
}

/** The single broker's topics have 3 partitions; the cluster's 6 (STACK_TOPIC_PARTITIONS changes either). */
export const TOPIC_PARTITIONS = 3;
export const CLUSTER_TOPIC_PARTITIONS = 6;
/** The cluster profile's ports are the test profile's plus this (brokers +50..+52, controllers +53..+55). */
export const CLUSTER_PORT_OFFSET = 50;

/** Each Kafka node's SASL_PLAINTEXT listener is its plaintext port + 6 (9098 in dev, 19098 in test). */
export const SASL_PORT_OFFSET = 6;

/** The stack's SCRAM-SHA-512 user (a loopback development stack: the password is no secret, only not empty). */
function saslUserOf(env: NodeJS.ProcessEnv): KafkaSaslUser {
  return {
    mechanism: 'scram-sha-512',
    username: env.STACK_KAFKA_SASL_USERNAME || 'platform',
    password: env.STACK_KAFKA_SASL_PASSWORD || 'platform-secret',
  };
}

function singleNode(port: number, controllerPort: number, env: NodeJS.ProcessEnv): StackProfile['kafka'] {
  const partitions = partitionsOf(env.STACK_TOPIC_PARTITIONS, TOPIC_PARTITIONS, 'STACK_TOPIC_PARTITIONS');
  const nodes = [{ id: 1, port, controllerPort, saslPort: port + SASL_PORT_OFFSET }];
  return { port, controllerPort, nodes, partitions, replicationFactor: 1, sasl: saslUserOf(env) };
}

/** The stack's MariaDB socket in a profile's data directory (its `mariadb` service directory): the one way to root. */
const mariadbSocket = (dataDir: string) => join(dataDir, 'mariadb', 'mariadb.sock');

/** `db` as a GRANT database pattern that matches only itself (`_` and `%` are wildcards there). */
export function exactDatabasePattern(db: string): string {
  return db.replace(/[\\_%]/g, (c) => `\\${c}`);
}

/**
 * Three combined broker+controller nodes on the test ports + 50 (so each session's STACK_TEST_* ports move its
 * cluster too), with FerretDB and MariaDB like the test profile, in its own throw-away directory.
 */
function clusterProfile(env: NodeJS.ProcessEnv): StackProfile {
  const test = resolveProfile('test', env);
  const base = test.kafka.port + CLUSTER_PORT_OFFSET;
  const nodes = [1, 2, 3].map((id) => ({
    id,
    port: base + id - 1,
    controllerPort: base + 2 + id,
    saslPort: base + id - 1 + SASL_PORT_OFFSET,
  }));
  const partitions = partitionsOf(env.STACK_TOPIC_PARTITIONS, CLUSTER_TOPIC_PARTITIONS, 'STACK_TOPIC_PARTITIONS');
  const dataDir = env.STACK_CLUSTER_DATA_DIR ?? `${test.dataDir}-cluster`;
  return {
    ...test,
    name: 'cluster',
    dataDir,
    kafka: {
      port: nodes[0]!.port,
      controllerPort: nodes[0]!.controllerPort,
      nodes,
      partitions,
      replicationFactor: 3,
      sasl: test.kafka.sasl,
    },
    mongo: { ...test.mongo, port: test.mongo.port + CLUSTER_PORT_OFFSET },
    mysql: { ...test.mysql, port: test.mysql.port + CLUSTER_PORT_OFFSET, socket: mariadbSocket(dataDir) },
    jaeger: {
      ...test.jaeger,
      uiPort: test.jaeger.uiPort + CLUSTER_PORT_OFFSET,
      otlpGrpcPort: test.jaeger.otlpGrpcPort + CLUSTER_PORT_OFFSET,
      otlpHttpPort: test.jaeger.otlpHttpPort + CLUSTER_PORT_OFFSET,
    },
  };
}

/**
 * dev: the CONTRACT.md environment (KAFKA_BOOTSTRAP_SERVERS, MONGODB_URI, MYSQL_PORT...),
 * data under .stack/dev. test: its own ports and a temp directory, wiped on each fresh start.
 * cluster: the test profile with three Kafka nodes, on the test ports + 50.
 */
export function resolveProfile(name: ProfileName, env: NodeJS.ProcessEnv = process.env): StackProfile {
  const cacheDir = env.STACK_CACHE_DIR ?? join(homedir(), '.cache', 'social-commerce-stack');
  if (name === 'cluster') return clusterProfile(env);
  if (name === 'test') {
    const kafkaPort = portOf(env.STACK_TEST_KAFKA_PORT, 19092, 'STACK_TEST_KAFKA_PORT');
    const dataDir = env.STACK_TEST_DATA_DIR ?? join(tmpdir(), 'social-commerce-test-stack');
    return {
      name,
      repoDir: REPO_DIR,
      dataDir,
      cacheDir,
      ephemeral: true,
      kafka: singleNode(kafkaPort, portOf(env.STACK_TEST_KAFKA_CONTROLLER_PORT, kafkaPort + 1, 'STACK_TEST_KAFKA_CONTROLLER_PORT'), env),
      mongo: { port: portOf(env.STACK_TEST_MONGO_PORT, 17017, 'STACK_TEST_MONGO_PORT'), database: 'social_commerce_test' },
      mysql: {
        port: portOf(env.STACK_TEST_MYSQL_PORT, 13306, 'STACK_TEST_MYSQL_PORT'),
        user: 'analytics',
        password: 'analytics-test',
        database: 'analytics_test',
        // Tests and bench make databases of their own (analytics_e2e_*, analytics_faults_*, analytics_bench_*).
        grantOn: 'analytics\\_%',
        contractRoot: false,
        socket: mariadbSocket(dataDir),
      },
      jaeger: jaegerOf(env, 'STACK_TEST_', { uiPort: 26686, otlpGrpcPort: 24317, otlpHttpPort: 24318 }),
    };
  }
  const kafkaPort = portInUrl(env.KAFKA_BOOTSTRAP_SERVERS?.split(',')[0], 9092, 'KAFKA_BOOTSTRAP_SERVERS');
  const dataDir = env.STACK_DATA_DIR ?? join(REPO_DIR, '.stack', 'dev');
  const mysqlDatabase = env.MYSQL_DATABASE ?? 'analytics';
  const mongoDb = /\/([A-Za-z0-9_-]+)(\?|$)/.exec((env.MONGODB_URI ?? '').replace(/^mongodb:\/\/[^/]*/, ''))?.[1];
  return {
    name,
    repoDir: REPO_DIR,
    dataDir,
    cacheDir,
    ephemeral: false,
    kafka: singleNode(kafkaPort, portOf(env.STACK_KAFKA_CONTROLLER_PORT, kafkaPort + 1, 'STACK_KAFKA_CONTROLLER_PORT'), env),
    mongo: { port: portInUrl(env.MONGODB_URI, 27017, 'MONGODB_URI'), database: mongoDb ?? 'social_commerce' },
    mysql: {
      port: portOf(env.MYSQL_PORT, 3306, 'MYSQL_PORT'),
      // Given MYSQL_USER (CONTRACT.md's names), the stack makes that account; else its own least-privilege one.
      user: env.MYSQL_USER || 'analytics',
      password: env.MYSQL_USER ? (env.MYSQL_PASSWORD ?? '') : (env.MYSQL_PASSWORD ?? 'analytics-dev'),
      database: mysqlDatabase,
      grantOn: exactDatabasePattern(mysqlDatabase),
      contractRoot: true,
      socket: mariadbSocket(dataDir),
    },
    jaeger: jaegerOf(env, 'STACK_', { uiPort: 16686, otlpGrpcPort: 4317, otlpHttpPort: 4318 }),
  };
}

/**
 * The environment the analytics app runs with (platform, bench, fault suite, docker-compose): what keeps it within
 * its 150 MB budget during a backlog drain on Node 24.
 * - A V8 old space of 56 MB and semi-spaces of 2 MB. Without limits V8 lets the heap grow to ~130 MB of garbage
 *   before a major GC (peak RSS ~240 MB, for ~15-25% more throughput). The app's live heap is ~32 MB idle (the code
 *   and sources of Nest, TypeORM, kafkajs and mysql2) and stays under 55 MB draining fetches of the largest events
 *   (test/e2e/analytics/memory-budget.e2e-spec.ts runs it with these settings; it runs out of memory at 40 MB).
 * - Two glibc malloc arenas instead of one per thread (V8's GC and compiler threads, libuv's pool): ~5 MB less.
 * Peak RSS draining 30,000 events, `npm run bench`: 163-177 MB with old space 96 MB / semi-space 4 MB, 141-152 MB
 * with 64 MB / 2 MB, 138-141 MB with these, at the same speed within the noise.
 */
export const ANALYTICS_RUNTIME_ENV: Readonly<Record<string, string>> = {
  NODE_OPTIONS: '--max-old-space-size=56 --max-semi-space-size=2',
  MALLOC_ARENA_MAX: '2',
};

/** The CONTRACT.md environment that points both apps at this profile's services. */
export function appEnv(profile: StackProfile): Record<string, string> {
  return {
    KAFKA_BOOTSTRAP_SERVERS: profile.kafka.nodes.map((n) => `127.0.0.1:${n.port}`).join(','),
    MONGODB_URI: `mongodb://127.0.0.1:${profile.mongo.port}/${profile.mongo.database}`,
    MYSQL_HOST: '127.0.0.1',
    MYSQL_PORT: String(profile.mysql.port),
    MYSQL_USER: profile.mysql.user,
    MYSQL_PASSWORD: profile.mysql.password,
    MYSQL_DATABASE: profile.mysql.database,
  };
}

/** appEnv's Kafka settings through the SASL listeners instead (SCRAM-SHA-512, the stack's user). */
export function kafkaSaslEnv(profile: StackProfile): Record<string, string> {
  return {
    KAFKA_BOOTSTRAP_SERVERS: profile.kafka.nodes.map((n) => `127.0.0.1:${n.saslPort}`).join(','),
    KAFKA_SASL_MECHANISM: profile.kafka.sasl.mechanism,
    KAFKA_SASL_USERNAME: profile.kafka.sasl.username,
    KAFKA_SASL_PASSWORD: profile.kafka.sasl.password,
  };
}

/** What turns tracing on in both apps and sends it to this profile's Jaeger (OTLP over HTTP). */
export function tracingEnv(profile: StackProfile): Record<string, string> {
  return { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${profile.jaeger.otlpHttpPort}` };
}
