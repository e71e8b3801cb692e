import { Module } from '@nestjs/common';
import { OrdersEventsController } from './orders.events.controller';
import { OrdersProjection } from './orders.projection';

@Module({ controllers: [OrdersEventsController], providers: [OrdersProjection] })
export class OrdersModule {}
