import { Global, Module } from '@nestjs/common';
import { EntityLocks } from '../common/concurrency/entity-locks';
import { DomainEvents } from './domain-events';

/** What every domain's writes share: the event emitter and the per-entity write lock. Needs KafkaModule.forRoot in the root module. */
@Global()
@Module({ providers: [DomainEvents, EntityLocks], exports: [DomainEvents, EntityLocks] })
export class EventsModule {}
