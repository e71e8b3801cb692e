import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { generateEnv } from '../scripts/docker-env';

// ../shared/ORIGINAL-BRIEF.md, Exercise 1: these settings, exactly.
const KAFKA_ENV = {
  KAFKA_NODE_ID: '1',
  KAFKA_PROCESS_ROLES: 'broker,controller',
  KAFKA_CONTROLLER_QUORUM_VOTERS: '1@kafka:29093',
  KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
  KAFKA_LISTENERS: 'PLAINTEXT://0.0.0.0:9092,CONTROLLER://0.0.0.0:29093',
  KAFKA_ADVERTISED_LISTENERS: 'PLAINTEXT://kafka:9092',
  KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
  KAFKA_INTER_BROKER_LISTENER_NAME: 'PLAINTEXT',
  CLUSTER_ID: 'MkU3OEVBNTcwNTJENDM2Qk',
  KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
  KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'true',
};
const APP_ENV = { KAFKA_BOOTSTRAP_SERVERS: 'kafka:9092', KAFKA_CLIENT_ID: 'backend-service' };
const MYSQL_SERVICE_ENV = {
  KAFKA_BOOTSTRAP_SERVERS: 'kafka:9092',
  KAFKA_CLIENT_ID: 'mysql-service',
  KAFKA_GROUP_ID: 'mysql-analytics-service',
};

type Service = {
  image?: string;
  container_name?: string;
  restart?: string;
  stop_grace_period?: string;
  ports?: string[];
  build?: unknown;
  environment?: Record<string, unknown>;
  depends_on?: Record<string, unknown>;
  healthcheck?: unknown;
};
const compose = parse(readFileSync(join(__dirname, '..', 'docker-compose.yml'), 'utf8')) as { services: Record<string, Service> };
const envOf = (name: string) =>
  Object.fromEntries(Object.entries(compose.services[name]?.environment ?? {}).map(([k, v]) => [k, String(v)]));

describe('docker-compose.yml', () => {
  it('has the five services of the platform and Jaeger, each with a healthcheck', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['app', 'jaeger', 'kafka', 'mongodb', 'mysql', 'mysql-service']);
    for (const [name, service] of Object.entries(compose.services)) {
      expect({ name, healthcheck: Boolean(service.healthcheck) }).toEqual({ name, healthcheck: true });
    }
  });

  it.each(Object.entries(KAFKA_ENV))('configures kafka in KRaft mode: %s=%s', (key, value) => {
    expect(envOf('kafka')[key]).toBe(value);
  });

  it('runs the official apache/kafka image at the broker version the local stack uses', () => {
    expect(compose.services.kafka.image).toBe('apache/kafka:4.1.1');
  });

  it('runs the jaegertracing image of the Jaeger release the local stack builds, and sends both apps traces to it', () => {
    expect(compose.services.jaeger.image).toBe('jaegertracing/jaeger:2.12.0');
    expect(compose.services.jaeger.ports).toEqual(['127.0.0.1:16686:16686']);
    expect([envOf('app'), envOf('mysql-service')].map((e) => e.OTEL_EXPORTER_OTLP_ENDPOINT)).toEqual([
      'http://jaeger:4318',
      'http://jaeger:4318',
    ]);
  });

  it.each(Object.entries(APP_ENV))('wires app: %s=%s', (key, value) => {
    expect(envOf('app')[key]).toBe(value);
  });

  it.each(Object.entries(MYSQL_SERVICE_ENV))('wires mysql-service: %s=%s', (key, value) => {
    expect(envOf('mysql-service')[key]).toBe(value);
  });

  it.each([
    ['app', 3000],
    ['mysql-service', 3001],
  ])('checks %s through its readiness endpoint (GET /health/ready on %i)', (name, port) => {
    const test = (compose.services[name].healthcheck as { test: string[] }).test.join(' ');
    expect(test).toContain(`http://127.0.0.1:${port}/health/ready`);
  });

  it('starts the apps only after their dependencies are healthy', () => {
    expect(compose.services.app.depends_on).toEqual({
      kafka: { condition: 'service_healthy' },
      mongodb: { condition: 'service_healthy' },
    });
    expect(compose.services['mysql-service'].depends_on).toEqual({
      kafka: { condition: 'service_healthy' },
      mysql: { condition: 'service_healthy' },
    });
  });

  describe('least privilege', () => {
    const text = readFileSync(join(__dirname, '..', 'docker-compose.yml'), 'utf8');
    const example = readFileSync(join(__dirname, '..', '.env.example'), 'utf8');

    it.each(['kafka', 'mongodb', 'mysql', 'mysql-service'])('publishes %s on 127.0.0.1 only', (name) => {
      const ports = compose.services[name].ports ?? [];
      expect(ports.length).toBeGreaterThan(0);
      expect(ports.filter((p) => !p.startsWith('127.0.0.1:'))).toEqual([]);
    });

    it('has no passwordless MySQL root, and analytics logs in as its own user', () => {
      expect(envOf('mysql')).not.toHaveProperty('MYSQL_ALLOW_EMPTY_PASSWORD');
      expect(envOf('mysql').MYSQL_ROOT_PASSWORD).toMatch(/^\$\{MYSQL_ROOT_PASSWORD:\?/);
      expect(envOf('mysql-service').MYSQL_USER).toBe('${MYSQL_ANALYTICS_USER}');
      expect(envOf('mysql').MYSQL_USER).toMatch(/^\$\{MYSQL_ANALYTICS_USER:\?/);
    });

    it('runs MongoDB with authentication and the backend as its own user', () => {
      expect(envOf('mongodb').MONGO_INITDB_ROOT_PASSWORD).toMatch(/^\$\{MONGO_ROOT_PASSWORD:\?/);
      expect(envOf('app').MONGODB_URI).toBe('mongodb://${MONGO_APP_USER}:${MONGO_APP_PASSWORD}@mongodb:27017/social_commerce');
    });

    it('runs the backend with verified tokens, since it listens beyond loopback', () => {
      expect(envOf('app')).toMatchObject({ AUTH_MODE: 'jwt', HOST: '0.0.0.0', JWT_SECRET: expect.stringMatching(/^\$\{JWT_SECRET:\?/) });
    });

    it('takes every credential from .env, and .env.example names each one (npm run docker:env fills them in)', () => {
      const used = new Set([...text.matchAll(/\$\{([A-Z0-9_]+)/g)].map((m) => m[1]));
      const listed = new Set([...example.matchAll(/^([A-Z0-9_]+)=/gm)].map((m) => m[1]));
      expect([...used].filter((v) => !listed.has(v))).toEqual([]);
      const generated = generateEnv(example, () => 'RANDOM');
      expect(generated).not.toMatch(/=change-me$/m);
      expect(generated).toContain('JWT_SECRET=RANDOM');
      expect(generated).toContain('MYSQL_ANALYTICS_USER=analytics');
    });
  });
});

/** `docker compose -f docker-compose.yml -f docker-compose.cluster.yml`: mappings merged key by key, the override winning. */
function merged(base: Record<string, Service>, override: Record<string, Service>): Record<string, Service> {
  const services: Record<string, Service> = { ...base };
  for (const [name, service] of Object.entries(override)) {
    const before = services[name] ?? {};
    services[name] = {
      ...before,
      ...service,
      environment: { ...before.environment, ...service.environment },
      depends_on: { ...before.depends_on, ...service.depends_on },
    };
  }
  return services;
}

describe('docker-compose.cluster.yml over docker-compose.yml', () => {
  const override = parse(readFileSync(join(__dirname, '..', 'docker-compose.cluster.yml'), 'utf8'), { merge: true }) as {
    services: Record<string, Service>;
  };
  const services = merged(compose.services, override.services);
  const env = (name: string) => Object.fromEntries(Object.entries(services[name]?.environment ?? {}).map(([k, v]) => [k, String(v)]));
  const nodes = ['kafka', 'kafka-2', 'kafka-3'];

  it('runs three apache/kafka nodes, each with a healthcheck, beside the platform', () => {
    expect(Object.keys(services).sort()).toEqual(['app', 'jaeger', 'kafka', 'kafka-2', 'kafka-3', 'mongodb', 'mysql', 'mysql-service']);
    for (const name of nodes) {
      expect({ name, image: services[name]!.image, healthcheck: Boolean(services[name]!.healthcheck) }).toEqual({
        name,
        image: 'apache/kafka:4.1.1',
        healthcheck: true,
      });
    }
  });

  it('makes them one KRaft cluster: ids 1-3, one 3-voter quorum, one cluster id, each advertising its own name', () => {
    expect(nodes.map((n) => env(n).KAFKA_NODE_ID)).toEqual(['1', '2', '3']);
    expect(nodes.map((n) => env(n).KAFKA_ADVERTISED_LISTENERS)).toEqual([
      'PLAINTEXT://kafka:9092',
      'PLAINTEXT://kafka-2:9092',
      'PLAINTEXT://kafka-3:9092',
    ]);
    for (const n of nodes) {
      expect(env(n)).toMatchObject({
        KAFKA_PROCESS_ROLES: 'broker,controller',
        KAFKA_CONTROLLER_QUORUM_VOTERS: '1@kafka:29093,2@kafka-2:29093,3@kafka-3:29093',
        CLUSTER_ID: env('kafka').CLUSTER_ID,
      });
    }
  });

  it.each([
    ['KAFKA_DEFAULT_REPLICATION_FACTOR', '3'],
    ['KAFKA_MIN_INSYNC_REPLICAS', '2'],
    ['KAFKA_UNCLEAN_LEADER_ELECTION_ENABLE', 'false'],
    ['KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR', '3'],
    ['KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR', '3'],
    ['KAFKA_TRANSACTION_STATE_LOG_MIN_ISR', '2'],
    ['KAFKA_NUM_PARTITIONS', '6'],
  ])('sets %s=%s on every node', (key, value) => {
    expect(nodes.map((n) => env(n)[key])).toEqual([value, value, value]);
  });

  it.each(['app', 'mysql-service'])('points %s at all three brokers and starts it once all three are healthy', (name) => {
    expect(env(name).KAFKA_BOOTSTRAP_SERVERS).toBe('kafka:9092,kafka-2:9092,kafka-3:9092');
    for (const n of nodes) expect(services[name]!.depends_on?.[n]).toEqual({ condition: 'service_healthy' });
  });
});

describe('docker-compose.yml under a supervisor', () => {
  it.each(Object.keys(compose.services))('restarts %s when it exits, unless it was stopped', (name) => {
    expect(compose.services[name].restart).toBe('unless-stopped');
  });

  it.each(['app', 'mysql-service'])('gives %s 30 s between SIGTERM and SIGKILL (the backend drains 5 s first)', (name) => {
    expect(compose.services[name].stop_grace_period).toBe('30s');
    expect(Number(envOf('app').SHUTDOWN_DRAIN_MS) / 1000).toBeLessThan(30);
  });

  it('lets analytics run as several replicas (--scale): no fixed container name, no single fixed host port', () => {
    for (const name of ['app', 'mysql-service']) expect({ name, container_name: compose.services[name].container_name }).toEqual({ name });
    expect(compose.services['mysql-service'].ports).toEqual(['127.0.0.1:3001-3009:3001']);
  });
});
