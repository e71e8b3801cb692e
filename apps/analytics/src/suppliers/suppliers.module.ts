import { Module } from '@nestjs/common';
import { SuppliersEventsController } from './suppliers.events.controller';
import { SuppliersProjection } from './suppliers.projection';

@Module({ controllers: [SuppliersEventsController], providers: [SuppliersProjection] })
export class SuppliersModule {}
