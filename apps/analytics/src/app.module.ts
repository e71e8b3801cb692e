import { createRegistry, KafkaReachability, MetricsController, Topic } from '@app/kafka';
import { DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { Registry } from 'prom-client';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ANALYTICS_CONFIG, AnalyticsConfig } from './config/analytics.config';
import { databaseOptions } from './database/database.options';
import { HealthController } from './health/health.controller';
import { ConsumerMonitor } from './health/consumer-monitor';
import { ReadinessIndicators } from './health/readiness.indicators';
import { ConsumerMetrics } from './metrics/consumer-metrics';
import { OrdersModule } from './orders/orders.module';
import { RecentOutcomes } from './pipeline/recent-outcomes';
import { RecentOutcomesController } from './pipeline/recent-outcomes.controller';
import { PostsModule } from './posts/posts.module';
import { ProductsModule } from './products/products.module';
import { ProcessedEventsPruner } from './projection/processed-events-pruner';
import { ProjectionModule } from './projection/projection.module';
import { SuppliersModule } from './suppliers/suppliers.module';
import { UsersModule } from './users/users.module';

@Module({})
export class AppModule {
  static forRoot(config: AnalyticsConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        TypeOrmModule.forRoot(databaseOptions(config.mysql)),
        TerminusModule.forRoot({ logger: false }),
        ProjectionModule,
        UsersModule,
        SuppliersModule,
        ProductsModule,
        OrdersModule,
        PostsModule,
      ],
      controllers: [HealthController, MetricsController, RecentOutcomesController],
      providers: [
        { provide: ANALYTICS_CONFIG, useValue: config },
        { provide: Registry, useFactory: () => createRegistry('analytics') },
        { provide: KafkaReachability, useFactory: () => new KafkaReachability(config.kafka) },
        {
          provide: ConsumerMonitor,
          inject: [KafkaReachability],
          useFactory: (kafka: KafkaReachability) => new ConsumerMonitor(kafka, config.groupId, Topic.all(), config.stallTimeoutMs),
        },
        {
          provide: ConsumerMetrics,
          inject: [Registry, ConsumerMonitor],
          useFactory: (registry: Registry, monitor: ConsumerMonitor) => new ConsumerMetrics(registry, () => monitor.partitions()),
        },
        {
          provide: ProcessedEventsPruner,
          inject: [getDataSourceToken(), Registry],
          useFactory: (dataSource: DataSource, registry: Registry) =>
            new ProcessedEventsPruner(dataSource, registry, config.processedEvents),
        },
        ReadinessIndicators,
        { provide: RecentOutcomes, useFactory: () => new RecentOutcomes() },
      ],
    };
  }
}
