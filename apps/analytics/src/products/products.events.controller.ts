import { EventEnvelope } from '@app/kafka';
import { Controller, UseFilters } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { ProjectionWrite } from '../projection/projection-write';
import { PropagateErrorsFilter } from '../transport/propagate-errors.filter';
import { ProductsProjection } from './products.projection';

@Controller()
@UseFilters(PropagateErrorsFilter)
export class ProductsEventsController {
  constructor(private readonly projection: ProductsProjection) {}

  @EventPattern('product.created')
  created(@Payload() envelope: EventEnvelope<'product.created'>): ProjectionWrite {
    return this.projection.upsert(envelope);
  }

  @EventPattern('product.updated')
  updated(@Payload() envelope: EventEnvelope<'product.updated'>): ProjectionWrite {
    return this.projection.upsert(envelope);
  }

  @EventPattern('product.published')
  published(@Payload() envelope: EventEnvelope<'product.published'>): ProjectionWrite {
    return this.projection.upsert(envelope);
  }

  @EventPattern('product.discontinued')
  discontinued(@Payload() envelope: EventEnvelope<'product.discontinued'>): ProjectionWrite {
    return this.projection.upsert(envelope);
  }

  @EventPattern('product.out_of_stock')
  outOfStock(@Payload() envelope: EventEnvelope<'product.out_of_stock'>): ProjectionWrite {
    return this.projection.upsert(envelope);
  }

  @EventPattern('product.restored')
  restored(@Payload() envelope: EventEnvelope<'product.restored'>): ProjectionWrite {
    return this.projection.upsert(envelope);
  }

  @EventPattern('product.deleted')
  deleted(@Payload() envelope: EventEnvelope<'product.deleted'>): ProjectionWrite {
    return this.projection.delete(envelope);
  }
}
