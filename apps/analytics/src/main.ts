import { Logger } from '@nestjs/common';
import { createAnalyticsApp } from './analytics.app';

async function bootstrap(): Promise<void> {
  const app = await createAnalyticsApp();
  // On SIGINT/SIGTERM Nest closes the app (the consumer finishes its message, commits and leaves the group,
  // then MySQL and the HTTP server close) and, with useProcessExit, exits 0 instead of re-raising the signal.
  app.enableShutdownHooks(['SIGINT', 'SIGTERM'], { useProcessExit: true });
  Logger.log(`analytics listening on ${await app.getUrl()}`, 'Bootstrap');
}

bootstrap().catch((err: unknown) => {
  Logger.error(`analytics failed to start: ${(err as Error).stack ?? err}`, undefined, 'Bootstrap');
  process.exit(1);
});
