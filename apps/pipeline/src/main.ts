import { Logger } from '@nestjs/common';
import { createPipelineApp } from './pipeline.app';

async function bootstrap(): Promise<void> {
  const app = await createPipelineApp();
  app.enableShutdownHooks(['SIGINT', 'SIGTERM'], { useProcessExit: true });
  Logger.log(`pipeline page on ${await app.getUrl()}`, 'Bootstrap');
}

bootstrap().catch((err: unknown) => {
  Logger.error(`pipeline page failed to start: ${(err as Error).stack ?? err}`, undefined, 'Bootstrap');
  process.exit(1);
});
