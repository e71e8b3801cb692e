import { Module } from '@nestjs/common';
import { PostsEventsController } from './posts.events.controller';
import { PostsProjection } from './posts.projection';

@Module({ controllers: [PostsEventsController], providers: [PostsProjection] })
export class PostsModule {}
