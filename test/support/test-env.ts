import { appEnv, resolveProfile } from '../../scripts/stack/profile';

// Every e2e test process talks to the test profile's services, never to a developer's stack.
Object.assign(process.env, appEnv(resolveProfile('test')), {
  KAFKA_CLIENT_ID: process.env.KAFKA_CLIENT_ID ?? 'e2e',
  // Suites fire hundreds of requests from 127.0.0.1; the hostile suite starts its own app with a low limit.
  THROTTLE_LIMIT: process.env.THROTTLE_LIMIT ?? '0',
});
