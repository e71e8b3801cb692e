import { EventEnvelope } from '@app/kafka';
import { Controller, UseFilters } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { ProjectionWrite } from '../projection/projection-write';
import { PropagateErrorsFilter } from '../transport/propagate-errors.filter';
import { PostsProjection } from './posts.projection';

@Controller()
@UseFilters(PropagateErrorsFilter)
export class PostsEventsController {
  constructor(private readonly projection: PostsProjection) {}

  @EventPattern('post.created')
  created(@Payload() envelope: EventEnvelope<'post.created'>): ProjectionWrite {
    return this.projection.upsert(envelope);
  }

  @EventPattern('post.updated')
  updated(@Payload() envelope: EventEnvelope<'post.updated'>): ProjectionWrite {
    return this.projection.upsert(envelope);
  }

  @EventPattern('post.published')
  published(@Payload() envelope: EventEnvelope<'post.published'>): ProjectionWrite {
    return this.projection.upsert(envelope);
  }

  @EventPattern('post.deleted')
  deleted(@Payload() envelope: EventEnvelope<'post.deleted'>): ProjectionWrite {
    return this.projection.softDelete(envelope);
  }
}
