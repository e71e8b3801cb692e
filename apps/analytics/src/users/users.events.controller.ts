import { EventEnvelope } from '@app/kafka';
import { Controller, UseFilters } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { ProjectionWrite } from '../projection/projection-write';
import { PropagateErrorsFilter } from '../transport/propagate-errors.filter';
import { UsersProjection } from './users.projection';

@Controller()
@UseFilters(PropagateErrorsFilter)
export class UsersEventsController {
  constructor(private readonly projection: UsersProjection) {}

  @EventPattern('user.created')
  created(@Payload() envelope: EventEnvelope<'user.created'>): ProjectionWrite {
    return this.projection.upsert(envelope);
  }

  @EventPattern('user.updated')
  updated(@Payload() envelope: EventEnvelope<'user.updated'>): ProjectionWrite {
    return this.projection.upsert(envelope);
  }

  @EventPattern('user.deleted')
  deleted(@Payload() envelope: EventEnvelope<'user.deleted'>): ProjectionWrite {
    return this.projection.softDelete(envelope);
  }
}
