import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { BackendConfig } from './config/backend.config';
import { configureBackendApp } from './configure-backend-app';

async function bootstrap(): Promise<void> {
  const app = configureBackendApp(await NestFactory.create(AppModule));
  const { port } = app.get(BackendConfig);
  await app.listen(port);
  Logger.log(`backend listening on ${await app.getUrl()} (Swagger UI at /docs)`, 'Bootstrap');
}

bootstrap().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
