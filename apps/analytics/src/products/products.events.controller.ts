import { EventEnvelope } from '@app/kafka';
import { Controller, UseFilters } from '@nestjs/common';
import { ProjectionWrite } from '../projection/projection-write';
import { OnEvent } from '../transport/on-event.decorator';
import { PropagateErrorsFilter } from '../transport/propagate-errors.filter';
import { ProductsProjection } from './products.projection';

@Controller()
@UseFilters(PropagateErrorsFilter)
export class ProductsEventsController {
  constructor(private readonly projection: ProductsProjection) {}

  @OnEvent('product.created')
  created(envelope: EventEnvelope<'product.created'>): ProjectionWrite {
    return this.projection.upsert(envelope);
  }

  @OnEvent('product.updated')
  updated(envelope: EventEnvelope<'product.updated'>): ProjectionWrite {
    return this.projection.upsert(envelope);
  }

  @OnEvent('product.published')
  published(envelope: EventEnvelope<'product.published'>): ProjectionWrite {
    return this.projection.upsert(envelope);
  }

  @OnEvent('product.discontinued')
  discontinued(envelope: EventEnvelope<'product.discontinued'>): ProjectionWrite {
    return this.projection.upsert(envelope);
  }

  @OnEvent('product.out_of_stock')
  outOfStock(envelope: EventEnvelope<'product.out_of_stock'>): ProjectionWrite {
    return this.projection.upsert(envelope);
  }

  @OnEvent('product.restored')
  restored(envelope: EventEnvelope<'product.restored'>): ProjectionWrite {
    return this.projection.upsert(envelope);
  }

  @OnEvent('product.deleted')
  deleted(envelope: EventEnvelope<'product.deleted'>): ProjectionWrite {
    return this.projection.delete(envelope);
  }

  /** The whole product as it is in MongoDB, with its version (reconcile --heal / --rebuild): the row becomes it. */
  @OnEvent('product.snapshot')
  snapshot(envelope: EventEnvelope<'product.snapshot'>): ProjectionWrite {
    return this.projection.upsert(envelope);
  }
}
