import { Module } from '@nestjs/common';
import { ProductsEventsController } from './products.events.controller';
import { ProductsProjection } from './products.projection';

@Module({ controllers: [ProductsEventsController], providers: [ProductsProjection] })
export class ProductsModule {}
