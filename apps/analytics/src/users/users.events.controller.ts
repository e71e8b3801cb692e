import { EventEnvelope } from '@app/kafka';
import { Controller, UseFilters } from '@nestjs/common';
import { ProjectionWrite } from '../projection/projection-write';
import { OnEvent } from '../transport/on-event.decorator';
import { PropagateErrorsFilter } from '../transport/propagate-errors.filter';
import { UsersProjection } from './users.projection';

@Controller()
@UseFilters(PropagateErrorsFilter)
export class UsersEventsController {
  constructor(private readonly projection: UsersProjection) {}

  @OnEvent('user.created')
  created(envelope: EventEnvelope<'user.created'>): ProjectionWrite {
    return this.projection.upsert(envelope);
  }

  @OnEvent('user.updated')
  updated(envelope: EventEnvelope<'user.updated'>): ProjectionWrite {
    return this.projection.upsert(envelope);
  }

  @OnEvent('user.deleted')
  deleted(envelope: EventEnvelope<'user.deleted'>): ProjectionWrite {
    return this.projection.softDelete(envelope);
  }

  /** The whole user as it is in MongoDB, with its version (reconcile --heal / --rebuild): the row becomes it. */
  @OnEvent('user.snapshot')
  snapshot(envelope: EventEnvelope<'user.snapshot'>): ProjectionWrite {
    return this.projection.upsert(envelope);
  }
}
