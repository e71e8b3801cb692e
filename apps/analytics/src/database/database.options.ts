import { TypeOrmModuleOptions } from '@nestjs/typeorm';
import { MysqlSettings } from '../config/analytics.config';
import { OrderItemEntity } from '../orders/entities/order-item.entity';
import { OrderEntity } from '../orders/entities/order.entity';
import { PostEntity } from '../posts/entities/post.entity';
import { ProductVariantEntity } from '../products/entities/product-variant.entity';
import { ProductEntity } from '../products/entities/product.entity';
import { ProcessedEventEntity } from '../projection/processed-event.entity';
import { SupplierEntity } from '../suppliers/entities/supplier.entity';
import { UserEntity } from '../users/entities/user.entity';
import { InitialReadModel1735689600000 } from './migrations/1735689600000-initial-read-model';
import { AddOrderShipment1795478400000 } from './migrations/1795478400000-add-order-shipment';
import { WidenPostMediaUrls1795478400001 } from './migrations/1795478400001-widen-post-media-urls';
import { AddEntityVersions1795564800000 } from './migrations/1795564800000-add-entity-versions';
import { IndexProcessedEventsProcessedAt1795651200000 } from './migrations/1795651200000-index-processed-events-processed-at';

export const ENTITIES = [
  UserEntity,
  SupplierEntity,
  ProductEntity,
  ProductVariantEntity,
  OrderEntity,
  OrderItemEntity,
  PostEntity,
  ProcessedEventEntity,
];

/** In the order they run; a new one goes last. */
export const MIGRATIONS = [
  InitialReadModel1735689600000,
  AddOrderShipment1795478400000,
  WidenPostMediaUrls1795478400001,
  AddEntityVersions1795564800000,
  IndexProcessedEventsProcessedAt1795651200000,
];

/** Migrations listed by class, not by glob: the webpack build bundles them. Never `synchronize`. */
export function databaseOptions(mysql: MysqlSettings): TypeOrmModuleOptions {
  return {
    type: 'mysql',
    host: mysql.host,
    port: mysql.port,
    username: mysql.user,
    password: mysql.password,
    database: mysql.database,
    ...(mysql.ssl ? { ssl: mysql.ssl } : {}),
    charset: 'utf8mb4_unicode_ci',
    timezone: 'Z',
    // The applier sends a batch's reads, and its writes with COMMIT, as one query each (values always as parameters).
    multipleStatements: true,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: true,
    migrationsTransactionMode: 'each',
    synchronize: false,
    retryAttempts: 10,
    retryDelay: 3000,
  };
}
