import { startTracing } from '@app/kafka';
import { Logger } from '@nestjs/common';
import { createAnalyticsApp } from './analytics.app';
import { ConsumerMonitor } from './health/consumer-monitor';

/** How long a failed consumer's app may take to close before the process exits anyway. */
const CLOSE_DEADLINE_MS = 10_000;

async function bootstrap(): Promise<void> {
  const tracing = await startTracing('analytics');
  const app = await createAnalyticsApp();
  // On SIGINT/SIGTERM Nest closes the app (the consumer finishes its message, commits and leaves the group,
  // then MySQL and the HTTP server close) and, with useProcessExit, exits 0 instead of re-raising the signal.
  app.enableShutdownHooks(['SIGINT', 'SIGTERM'], { useProcessExit: true });
  // A consumer kafkajs will not restart (a non-retriable error) leaves a process that consumes nothing: exit 1,
  // so that the supervisor (docker-compose's restart policy, systemd, Kubernetes) starts a new one.
  app.get(ConsumerMonitor).onFailed((error) => {
    Logger.error(
      `consumer crashed and kafkajs will not restart it (${error}): exiting 1 for the supervisor to restart the service`,
      'Bootstrap',
    );
    setTimeout(() => process.exit(1), CLOSE_DEADLINE_MS).unref();
    app.close().finally(() => process.exit(1));
  });
  Logger.log(`analytics listening on ${await app.getUrl()} (tracing ${tracing ? 'on' : 'off'})`, 'Bootstrap');
}

bootstrap().catch((err: unknown) => {
  Logger.error(`analytics failed to start: ${(err as Error).stack ?? err}`, undefined, 'Bootstrap');
  process.exit(1);
});
