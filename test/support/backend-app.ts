import { StructuredLogger } from '@app/kafka';
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { AppModule } from '../../apps/backend/src/app.module';
import { configureBackendApp } from '../../apps/backend/src/configure-backend-app';

/**
 * The real backend (AppModule + configureBackendApp, as main.ts runs it) on the test stack's
 * MongoDB and Kafka, initialised but not listening: drive it with supertest(app.getHttpServer()).
 * Close it in afterAll.
 */
export async function startBackendApp(): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
  const app = configureBackendApp(
    moduleRef.createNestApplication({ logger: new StructuredLogger('backend', { format: 'text', level: 'warn' }) }),
  );
  await app.init();
  return app;
}
