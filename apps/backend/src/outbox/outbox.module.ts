import { Global, Module } from '@nestjs/common';
import { OutboxPublisher } from './outbox-publisher';
import { OutboxRelay } from './outbox-relay';

@Global()
@Module({ providers: [OutboxPublisher, OutboxRelay], exports: [OutboxPublisher, OutboxRelay] })
export class OutboxModule {}
