import { httpMetricsMiddleware, useHttpTracing } from '@app/kafka';
import { INestApplication, ValidationPipe } from '@nestjs/common';
import { Registry } from 'prom-client';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { validationFailed } from './common/errors/api-error';
import { ApiExceptionFilter } from './common/errors/api-exception.filter';
import { toFieldErrors } from './common/errors/validation-errors';
import { BodyContentPipe } from './common/validation/body-content.pipe';
import { BodyDepthPipe } from './common/validation/body-depth.pipe';
import { rejectInvalidUtf8, UnicodeTextPipe } from './common/validation/unicode-text';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { jsonOnly } from './common/validation/json-only.middleware';
import { BackendConfig } from './config/backend.config';
import { Server } from 'node:http';

/** Everything main.ts sets up on the app besides listening; e2e tests call it too, so they run the real configuration. */
export function configureBackendApp(app: INestApplication): INestApplication {
  const config = app.get(BackendConfig);
  useHttpTracing(app);
  app.use(httpMetricsMiddleware(app.get(Registry)));
  app.use(jsonOnly);
  const server = app.getHttpServer() as Server;
  server.headersTimeout = config.http.headersTimeoutMs;
  server.requestTimeout = config.http.requestTimeoutMs;
  server.keepAliveTimeout = config.http.keepAliveTimeoutMs;
  // Node checks those two timeouts every connectionsCheckingInterval (default 30 s): a trickled request would live
  // up to 30 s past its limit. Read when the server starts listening.
  (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval = 1000;
  (app as NestExpressApplication).useBodyParser('json', { verify: rejectInvalidUtf8 });
  app.useGlobalPipes(
    new BodyDepthPipe(),
    new BodyContentPipe(),
    new UnicodeTextPipe(),
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: (errors) => validationFailed(toFieldErrors(errors)),
    }),
  );
  app.useGlobalFilters(new ApiExceptionFilter());
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Social commerce backend')
      .setDescription(
        'Users, suppliers, products, orders and posts in MongoDB; every change emits one domain event to Kafka. ' +
          'Errors are JSON {statusCode, code, message} (+ errors [{field, reason}] for 400). ' +
          (config.auth.mode === 'jwt'
            ? 'This server runs AUTH_MODE=jwt: press Authorize and paste a token from `npm run token -- user <id>` (or `supplier <id>`).'
            : 'This server runs AUTH_MODE=headers: fill in X-User-ID / X-Supplier-ID (with AUTH_MODE=jwt, Authorize takes a bearer token).'),
      )
      .setVersion('1.0')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'npm run token -- user <id> (AUTH_MODE=jwt)' })
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json', swaggerOptions: { persistAuthorization: true } });
  // Only the signals a supervisor or a terminal sends to stop a service (Nest's default also traps SIGHUP, SIGUSR2, ...).
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  return app;
}
