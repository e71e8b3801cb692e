// The tests' own kafkajs clients (admins, consumers that read topics back) get the same idle-timer fix as the apps
// (kafkajs#1751): each test file has its own module registry, so the apps' import of it does not reach them.
import '../../libs/kafka/src/kafkajs/request-queue-fix';
import { appEnv, resolveProfile } from '../../scripts/stack/profile';

// Every e2e test process talks to the test profile's services, never to a developer's stack.
Object.assign(process.env, appEnv(resolveProfile('test')), {
  KAFKA_CLIENT_ID: process.env.KAFKA_CLIENT_ID ?? 'e2e',
  // Suites fire hundreds of requests from 127.0.0.1; the hostile suite starts its own app with a low limit.
  THROTTLE_LIMIT: process.env.THROTTLE_LIMIT ?? '0',
  // Test files run two at a time, each with its own backend app on the one test database (their own documents): with
  // the writer lease one of them would be a standby. The lease's own e2e (backend/writer-lease) sets WRITER_MODE=auto.
  WRITER_MODE: process.env.WRITER_MODE ?? 'single',
});
