import { KafkaConfig, startTracing, StructuredLogger, verifyKafkaCredentials } from '@app/kafka';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { BackendConfig } from './config/backend.config';
import { configureBackendApp } from './configure-backend-app';

async function bootstrap(): Promise<void> {
  const { port, log, auth } = BackendConfig.fromEnv();
  // Wrong SASL credentials stop the start (the outbox would retry them for ever); an unreachable Kafka does not.
  const kafka = KafkaConfig.fromEnv('backend-service');
  await verifyKafkaCredentials(kafka.toClientConfig(), kafka.security);
  const tracing = await startTracing('backend');
  const app = configureBackendApp(await NestFactory.create(AppModule, { logger: new StructuredLogger('backend', log) }));
  await app.listen(port, auth.host);
  Logger.log(
    `backend listening on ${await app.getUrl()} (Swagger UI at /docs, AUTH_MODE=${auth.mode}, tracing ${tracing ? 'on' : 'off'})`,
    'Bootstrap',
  );
}

bootstrap().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
