import { EventEnvelope } from '@app/kafka';
import { Controller, UseFilters } from '@nestjs/common';
import { ProjectionWrite } from '../projection/projection-write';
import { OnEvent } from '../transport/on-event.decorator';
import { PropagateErrorsFilter } from '../transport/propagate-errors.filter';
import { OrdersProjection } from './orders.projection';

@Controller()
@UseFilters(PropagateErrorsFilter)
export class OrdersEventsController {
  constructor(private readonly projection: OrdersProjection) {}

  @OnEvent('order.created')
  created(envelope: EventEnvelope<'order.created'>): ProjectionWrite {
    return this.projection.create(envelope);
  }

  @OnEvent('order.cancelled')
  cancelled(envelope: EventEnvelope<'order.cancelled'>): ProjectionWrite {
    return this.projection.cancel(envelope);
  }

  @OnEvent('order.shipped')
  shipped(envelope: EventEnvelope<'order.shipped'>): ProjectionWrite {
    return this.projection.ship(envelope);
  }

  /** The whole order as it is in MongoDB, with its version (reconcile --heal / --rebuild): the row becomes it. */
  @OnEvent('order.snapshot')
  snapshot(envelope: EventEnvelope<'order.snapshot'>): ProjectionWrite {
    return this.projection.create(envelope);
  }
}
