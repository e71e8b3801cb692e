import { StructuredLogger } from '@app/kafka';
import { INestApplication, LoggerService, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadPipelineConfig, PipelineEnv } from './config/pipeline.config';
import { PipelineModule } from './pipeline.module';

/** The pipeline page as main.ts runs it (tests start it the same way, with env overrides); listening when it returns. */
export async function createPipelineApp(
  overrides: PipelineEnv = {},
  logger?: LoggerService | LogLevel[] | false,
): Promise<INestApplication> {
  const config = loadPipelineConfig(overrides);
  const app = await NestFactory.create(PipelineModule.forRoot(config), { logger: logger ?? new StructuredLogger('pipeline', config.log) });
  await app.listen(config.port);
  return app;
}
