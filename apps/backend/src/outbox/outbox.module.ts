import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { EntityLocks } from '../common/concurrency/entity-locks';
import { BulkHeadPops } from './bulk-head-pops';
import { EventDataRegistry } from './event-data';
import { OutboxPublisher } from './outbox-publisher';
import { OutboxRelay } from './outbox-relay';
import { WriteSeam } from './write-seam';
import { WriterGuard } from './writer.guard';
import { WriterLease } from './writer-lease';

/** The write seam, the outbox behind it and who may write (WriterLease); every domain module gets WriteSeam. Needs KafkaModule.forRoot in the root module. */
@Global()
@Module({
  providers: [
    EntityLocks,
    EventDataRegistry,
    WriteSeam,
    OutboxPublisher,
    OutboxRelay,
    WriterLease,
    { provide: APP_GUARD, useClass: WriterGuard },
    { provide: BulkHeadPops, useFactory: () => new BulkHeadPops() },
  ],
  exports: [WriteSeam, OutboxPublisher, OutboxRelay, EntityLocks, WriterLease],
})
export class OutboxModule {}
