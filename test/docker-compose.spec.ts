import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

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

  it.each(Object.keys(compose.services))('restarts %s when it exits, unless it was stopped', (name) => {
    expect(compose.services[name].restart).toBe('unless-stopped');
  });

  it.each(['app', 'mysql-service'])('gives %s 30 s between SIGTERM and SIGKILL (the backend drains 5 s first)', (name) => {
    expect(compose.services[name].stop_grace_period).toBe('30s');
    expect(Number(envOf('app').SHUTDOWN_DRAIN_MS) / 1000).toBeLessThan(30);
  });

  it('lets analytics run as several replicas (--scale): no fixed container name, no single fixed host port', () => {
    for (const name of ['app', 'mysql-service']) expect({ name, container_name: compose.services[name].container_name }).toEqual({ name });
    expect(compose.services['mysql-service'].ports).toEqual(['3001-3009:3001']);
  });
});
