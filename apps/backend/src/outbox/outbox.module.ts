import { Global, Module } from '@nestjs/common';
import { EntityLocks } from '../common/concurrency/entity-locks';
import { BulkHeadPops } from './bulk-head-pops';
import { EventDataRegistry } from './event-data';
import { OutboxPublisher } from './outbox-publisher';
import { OutboxRelay } from './outbox-relay';
import { WriteSeam } from './write-seam';

/** The write seam and the outbox behind it; every domain module gets WriteSeam. Needs KafkaModule.forRoot in the root module. */
@Global()
@Module({
  providers: [
    EntityLocks,
    EventDataRegistry,
    WriteSeam,
    OutboxPublisher,
    OutboxRelay,
    { provide: BulkHeadPops, useFactory: () => new BulkHeadPops() },
  ],
  exports: [WriteSeam, OutboxPublisher, OutboxRelay, EntityLocks],
})
export class OutboxModule {}
