import { httpMetricsMiddleware, StructuredLogger, useHttpTracing, verifyKafkaCredentials } from '@app/kafka';
import { INestApplication, LoggerService, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CustomStrategy } from '@nestjs/microservices';
import { Registry } from 'prom-client';
import { AppModule } from './app.module';
import { AnalyticsEnv, loadAnalyticsConfig } from './config/analytics.config';
import { ConsumerMonitor } from './health/consumer-monitor';
import { ConsumerMetrics } from './metrics/consumer-metrics';
import { RecentOutcomes } from './pipeline/recent-outcomes';
import { ProjectionApplier } from './projection/projection-applier';
import { observers } from './transport/consumer-observer';
import { EnvelopeKafkaServer } from './transport/envelope-kafka.server';

export interface AnalyticsAppOptions {
  /** Default: StructuredLogger with LOG_FORMAT / LOG_LEVEL. */
  logger?: LoggerService | LogLevel[] | false;
}

/**
 * The whole analytics service, used by main.ts and by the e2e tests: a hybrid Nest app with the
 * envelope-routed Kafka consumer and the HTTP side (/health, /metrics). Migrations have run when it returns.
 * The HTTP port is bound before the consumer joins its group: a port clash fails the start before any partition
 * is assigned, and readiness answers (503) while the group is joining. Any start-up failure closes the app,
 * so a consumer that did join leaves its group at once instead of orphaning its partitions until the session times out.
 */
export async function createAnalyticsApp(overrides: AnalyticsEnv = {}, options: AnalyticsAppOptions = {}): Promise<INestApplication> {
  const config = loadAnalyticsConfig(overrides);
  // Wrong SASL credentials stop the start here, with the broker's answer (an unreachable Kafka is waited for later).
  await verifyKafkaCredentials(config.kafka.toClientConfig(), config.kafka.security);
  const app = await NestFactory.create(AppModule.forRoot(config), {
    logger: options.logger ?? new StructuredLogger('analytics', config.log),
  });
  try {
    useHttpTracing(app);
    app.use(httpMetricsMiddleware(app.get(Registry)));
    const strategy = new EnvelopeKafkaServer({
      kafka: config.kafka,
      groupId: config.groupId,
      applier: app.get(ProjectionApplier),
      batchSize: config.batchSize,
      concurrency: config.concurrency,
      maxClockSkewMs: config.maxClockSkewMs,
      observer: observers(app.get(ConsumerMetrics), app.get(ConsumerMonitor), app.get(RecentOutcomes)),
    });
    app.connectMicroservice<CustomStrategy>({ strategy });
    await app.listen(config.port);
    await app.startAllMicroservices();
    return app;
  } catch (err) {
    await app.close().catch(() => undefined);
    throw err;
  }
}
