import { resolveProfile, StackProfile } from '../stack/profile';

/**
 * A separate copy of the test stack (ports +10, its own data directory) for tests that stop, restart and
 * pause services, so the other e2e files running beside them keep a healthy stack.
 */
export function isolatedTestProfile(suffix: string, base: StackProfile = resolveProfile('test')): StackProfile {
  return resolveProfile('test', {
    STACK_CACHE_DIR: base.cacheDir,
    STACK_TEST_DATA_DIR: `${base.dataDir}-${suffix}`,
    STACK_TEST_KAFKA_PORT: String(base.kafka.port + 10),
    STACK_TEST_KAFKA_CONTROLLER_PORT: String(base.kafka.port + 11),
    STACK_TEST_MONGO_PORT: String(base.mongo.port + 10),
    STACK_TEST_MYSQL_PORT: String(base.mysql.port + 10),
  });
}
