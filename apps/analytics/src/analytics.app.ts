import { INestApplication, LoggerService, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CustomStrategy } from '@nestjs/microservices';
import { AppModule } from './app.module';
import { AnalyticsEnv, loadAnalyticsConfig } from './config/analytics.config';
import { ProjectionApplier } from './projection/projection-applier';
import { EnvelopeKafkaServer } from './transport/envelope-kafka.server';

export interface AnalyticsAppOptions {
  logger?: LoggerService | LogLevel[] | false;
}

/**
 * The whole analytics service, used by main.ts and by the e2e tests: a hybrid Nest app with the
 * envelope-routed Kafka consumer and the HTTP side (/health). Migrations have run when it returns.
 */
export async function createAnalyticsApp(overrides: AnalyticsEnv = {}, options: AnalyticsAppOptions = {}): Promise<INestApplication> {
  const config = loadAnalyticsConfig(overrides);
  const app = await NestFactory.create(AppModule.forRoot(config), { logger: options.logger });
  const strategy = new EnvelopeKafkaServer({
    kafka: config.kafka,
    groupId: config.groupId,
    applier: app.get(ProjectionApplier),
  });
  app.connectMicroservice<CustomStrategy>({ strategy });
  await app.startAllMicroservices();
  await app.listen(config.port);
  return app;
}
