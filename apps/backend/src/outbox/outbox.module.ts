import { Global, Module } from '@nestjs/common';
import { BulkHeadPops } from './bulk-head-pops';
import { OutboxPublisher } from './outbox-publisher';
import { OutboxRelay } from './outbox-relay';

@Global()
@Module({
  providers: [OutboxPublisher, OutboxRelay, { provide: BulkHeadPops, useFactory: () => new BulkHeadPops() }],
  exports: [OutboxPublisher, OutboxRelay],
})
export class OutboxModule {}
