import { httpMetricsMiddleware } from '@app/kafka';
import { INestApplication, ValidationPipe } from '@nestjs/common';
import { Registry } from 'prom-client';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { validationFailed } from './common/errors/api-error';
import { ApiExceptionFilter } from './common/errors/api-exception.filter';
import { toFieldErrors } from './common/errors/validation-errors';
import { BodyDepthPipe } from './common/validation/body-depth.pipe';

/** Everything main.ts sets up on the app besides listening; e2e tests call it too, so they run the real configuration. */
export function configureBackendApp(app: INestApplication): INestApplication {
  app.use(httpMetricsMiddleware(app.get(Registry)));
  app.useGlobalPipes(
    new BodyDepthPipe(),
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
          'Errors are JSON {statusCode, code, message} (+ errors [{field, reason}] for 400).',
      )
      .setVersion('1.0')
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  // Only the signals a supervisor or a terminal sends to stop a service (Nest's default also traps SIGHUP, SIGUSR2, ...).
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  return app;
}
