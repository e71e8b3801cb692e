import { resolveProfile, StackProfile } from '../stack/profile';

/**
 * A separate copy of the test stack (ports + `offset`, its own data directory) for tests that stop, restart and
 * pause services, so the other e2e files running beside them keep a healthy stack. Each such suite takes its own
 * offset: jest runs two files at once, and two copies on the same ports would refuse each other.
 */
export function isolatedTestProfile(suffix: string, offset: number, base: StackProfile = resolveProfile('test')): StackProfile {
  return resolveProfile('test', {
    STACK_CACHE_DIR: base.cacheDir,
    STACK_TEST_DATA_DIR: `${base.dataDir}-${suffix}`,
    STACK_TEST_KAFKA_PORT: String(base.kafka.port + offset),
    STACK_TEST_KAFKA_CONTROLLER_PORT: String(base.kafka.port + offset + 1),
    STACK_TEST_MONGO_PORT: String(base.mongo.port + offset),
    STACK_TEST_MYSQL_PORT: String(base.mysql.port + offset),
  });
}

/**
 * A separate copy of the cluster profile: the cluster of the test ports + `offset` (so its brokers are on the test Kafka
 * port + offset + 50..52, controllers +53..55, FerretDB and MariaDB + offset + 50), in its own data directory; the
 * cluster e2e (kafka-cluster.e2e-spec.ts) keeps the plain cluster profile.
 */
export function isolatedClusterProfile(suffix: string, offset: number, base: StackProfile = resolveProfile('test')): StackProfile {
  return resolveProfile('cluster', {
    STACK_CACHE_DIR: base.cacheDir,
    STACK_CLUSTER_DATA_DIR: `${base.dataDir}-${suffix}`,
    STACK_TEST_KAFKA_PORT: String(base.kafka.port + offset),
    STACK_TEST_MONGO_PORT: String(base.mongo.port + offset),
    STACK_TEST_MYSQL_PORT: String(base.mysql.port + offset),
  });
}
