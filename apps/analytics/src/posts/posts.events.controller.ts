import { EventEnvelope } from '@app/kafka';
import { Controller, UseFilters } from '@nestjs/common';
import { ProjectionWrite } from '../projection/projection-write';
import { OnEvent } from '../transport/on-event.decorator';
import { PropagateErrorsFilter } from '../transport/propagate-errors.filter';
import { PostsProjection } from './posts.projection';

@Controller()
@UseFilters(PropagateErrorsFilter)
export class PostsEventsController {
  constructor(private readonly projection: PostsProjection) {}

  @OnEvent('post.created')
  created(envelope: EventEnvelope<'post.created'>): ProjectionWrite {
    return this.projection.upsert(envelope);
  }

  @OnEvent('post.updated')
  updated(envelope: EventEnvelope<'post.updated'>): ProjectionWrite {
    return this.projection.upsert(envelope);
  }

  @OnEvent('post.published')
  published(envelope: EventEnvelope<'post.published'>): ProjectionWrite {
    return this.projection.upsert(envelope);
  }

  @OnEvent('post.deleted')
  deleted(envelope: EventEnvelope<'post.deleted'>): ProjectionWrite {
    return this.projection.softDelete(envelope);
  }

  /** The whole post as it is in MongoDB, with its version (reconcile --heal / --rebuild): the row becomes it. */
  @OnEvent('post.snapshot')
  snapshot(envelope: EventEnvelope<'post.snapshot'>): ProjectionWrite {
    return this.projection.upsert(envelope);
  }
}
