import { EventEnvelope } from '@app/kafka';
import { Controller, UseFilters } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { ProjectionWrite } from '../projection/projection-write';
import { PropagateErrorsFilter } from '../transport/propagate-errors.filter';
import { SuppliersProjection } from './suppliers.projection';

@Controller()
@UseFilters(PropagateErrorsFilter)
export class SuppliersEventsController {
  constructor(private readonly projection: SuppliersProjection) {}

  @EventPattern('supplier.created')
  created(@Payload() envelope: EventEnvelope<'supplier.created'>): ProjectionWrite {
    return this.projection.upsert(envelope);
  }

  @EventPattern('supplier.updated')
  updated(@Payload() envelope: EventEnvelope<'supplier.updated'>): ProjectionWrite {
    return this.projection.upsert(envelope);
  }

  @EventPattern('supplier.deleted')
  deleted(@Payload() envelope: EventEnvelope<'supplier.deleted'>): ProjectionWrite {
    return this.projection.delete(envelope);
  }
}
