/**
 * Bench variant B, the naive Nest consumer: stock Transport.KAFKA (eachMessage), one @EventPattern per topic,
 * TypeORM `repository.save` of each row of each event (no batching, no transaction, no ordering checks),
 * on the app's own entities and migration.
 */
import { AnyEventEnvelope, KafkaConfig } from '@app/kafka';
import { Controller, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventPattern, MicroserviceOptions, Payload, Transport } from '@nestjs/microservices';
import { InjectDataSource, TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import { databaseOptions, ENTITIES } from '../../apps/analytics/src/database/database.options';
import { loadAnalyticsConfig } from '../../apps/analytics/src/config/analytics.config';
import { flatChange } from './flat-change';

const config = loadAnalyticsConfig();

@Controller()
class NaiveEventsController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @EventPattern('user')
  user(@Payload() envelope: AnyEventEnvelope) {
    return this.project(envelope);
  }

  @EventPattern('supplier')
  supplier(@Payload() envelope: AnyEventEnvelope) {
    return this.project(envelope);
  }

  @EventPattern('product')
  product(@Payload() envelope: AnyEventEnvelope) {
    return this.project(envelope);
  }

  @EventPattern('order')
  order(@Payload() envelope: AnyEventEnvelope) {
    return this.project(envelope);
  }

  @EventPattern('post')
  post(@Payload() envelope: AnyEventEnvelope) {
    return this.project(envelope);
  }

  private async project(envelope: AnyEventEnvelope): Promise<void> {
    const c = flatChange(envelope);
    const key = { [c.keyColumn]: c.key };
    if (c.row) await this.repo(c.table).save(c.row);
    if (c.patch) await this.repo(c.table).update(key, c.patch);
    if (c.remove) await this.repo(c.table).delete(key);
    if (c.children) {
      await this.repo(c.children.table).delete(key);
      for (const child of c.children.rows) await this.repo(c.children.table).save(child);
    }
    await this.repo('processed_events').save({
      event_id: envelope.event_id,
      event_type: envelope.event_type,
      entity_id: envelope.entity_id,
      event_timestamp: new Date(envelope.timestamp),
      outcome: 'applied',
    });
  }

  private repo(table: string) {
    const target = this.dataSource.entityMetadatas.find((m) => m.tableName === table)!.target;
    return this.dataSource.getRepository(target as EntityTarget<ObjectLiteral>);
  }
}

@Module({
  imports: [TypeOrmModule.forRoot(databaseOptions(config.mysql)), TypeOrmModule.forFeature(ENTITIES)],
  controllers: [NaiveEventsController],
})
class NaiveConsumerModule {}

async function main(): Promise<void> {
  const kafka = KafkaConfig.fromEnv('bench-naive');
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(NaiveConsumerModule, {
    transport: Transport.KAFKA,
    options: {
      client: kafka.toClientConfig(),
      consumer: { groupId: config.groupId },
      subscribe: { fromBeginning: true },
      postfixId: '', // keep the group id as given: the bench watches that group
    },
    logger: ['error', 'warn'],
  });
  app.enableShutdownHooks(['SIGTERM']);
  await app.listen();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
