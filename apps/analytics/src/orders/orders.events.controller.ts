import { EventEnvelope } from '@app/kafka';
import { Controller, UseFilters } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { ProjectionWrite } from '../projection/projection-write';
import { PropagateErrorsFilter } from '../transport/propagate-errors.filter';
import { OrdersProjection } from './orders.projection';

@Controller()
@UseFilters(PropagateErrorsFilter)
export class OrdersEventsController {
  constructor(private readonly projection: OrdersProjection) {}

  @EventPattern('order.created')
  created(@Payload() envelope: EventEnvelope<'order.created'>): ProjectionWrite {
    return this.projection.create(envelope);
  }

  @EventPattern('order.cancelled')
  cancelled(@Payload() envelope: EventEnvelope<'order.cancelled'>): ProjectionWrite {
    return this.projection.cancel(envelope);
  }
}
