import { EventEnvelope } from '@app/kafka';
import { Controller, UseFilters } from '@nestjs/common';
import { ProjectionWrite } from '../projection/projection-write';
import { OnEvent } from '../transport/on-event.decorator';
import { PropagateErrorsFilter } from '../transport/propagate-errors.filter';
import { SuppliersProjection } from './suppliers.projection';

@Controller()
@UseFilters(PropagateErrorsFilter)
export class SuppliersEventsController {
  constructor(private readonly projection: SuppliersProjection) {}

  @OnEvent('supplier.created')
  created(envelope: EventEnvelope<'supplier.created'>): ProjectionWrite {
    return this.projection.upsert(envelope);
  }

  @OnEvent('supplier.updated')
  updated(envelope: EventEnvelope<'supplier.updated'>): ProjectionWrite {
    return this.projection.upsert(envelope);
  }

  @OnEvent('supplier.deleted')
  deleted(envelope: EventEnvelope<'supplier.deleted'>): ProjectionWrite {
    return this.projection.delete(envelope);
  }

  /** The whole supplier as it is in MongoDB, with its version (reconcile --heal / --rebuild): the row becomes it. */
  @OnEvent('supplier.snapshot')
  snapshot(envelope: EventEnvelope<'supplier.snapshot'>): ProjectionWrite {
    return this.projection.upsert(envelope);
  }
}
