import { createRegistry, MetricsController } from '@app/kafka';
import { Global, Module } from '@nestjs/common';
import { Registry } from 'prom-client';
import { BackendMetrics } from './backend-metrics';

/** GET /metrics, the app's registry (process and HTTP metrics) and BackendMetrics for the event counters. */
@Global()
@Module({
  controllers: [MetricsController],
  providers: [
    { provide: Registry, useFactory: () => createRegistry('backend') },
    { provide: BackendMetrics, inject: [Registry], useFactory: (registry: Registry) => new BackendMetrics(registry) },
  ],
  exports: [Registry, BackendMetrics],
})
export class MetricsModule {}
