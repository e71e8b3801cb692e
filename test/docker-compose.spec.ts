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
  it('has the five services of the platform, each with a healthcheck', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['app', 'kafka', 'mongodb', 'mysql', 'mysql-service']);
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
