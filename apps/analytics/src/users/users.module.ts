import { Module } from '@nestjs/common';
import { UsersEventsController } from './users.events.controller';
import { UsersProjection } from './users.projection';

@Module({ controllers: [UsersEventsController], providers: [UsersProjection] })
export class UsersModule {}
