import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ANALYTICS_CONFIG, AnalyticsConfig } from './config/analytics.config';
import { databaseOptions } from './database/database.options';
import { HealthController } from './health/health.controller';
import { HealthService } from './health/health.service';
import { OrdersModule } from './orders/orders.module';
import { PostsModule } from './posts/posts.module';
import { ProductsModule } from './products/products.module';
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
        ProjectionModule,
        UsersModule,
        SuppliersModule,
        ProductsModule,
        OrdersModule,
        PostsModule,
      ],
      controllers: [HealthController],
      providers: [{ provide: ANALYTICS_CONFIG, useValue: config }, HealthService],
    };
  }
}
