import { EventEnvelope, EventType } from '@app/kafka';
import { Injectable } from '@nestjs/common';
import { ProjectionWrite } from '../projection/projection-write';
import { flattenProduct, flattenProductDeleted, ProductUpsertEventType } from './product.flatten';

/** products: every whole-document event upserts the product and replaces its variants; deleted removes both. */
@Injectable()
export class ProductsProjection {
  upsert(envelope: EventEnvelope<ProductUpsertEventType>): ProjectionWrite {
    const { product, variants } = flattenProduct(envelope);
    return {
      envelope,
      target: { table: 'products', key: { product_id: product.product_id } },
      deletedBy: EventType.PRODUCT_DELETED,
      change: { kind: 'upsert', row: { ...product }, children: { table: 'product_variants', rows: variants.map((v) => ({ ...v })) } },
    };
  }

  delete(envelope: EventEnvelope<'product.deleted'>): ProjectionWrite {
    // The variants go with the product (ON DELETE CASCADE).
    return { envelope, target: { table: 'products', key: flattenProductDeleted(envelope) }, change: { kind: 'delete' } };
  }
}
