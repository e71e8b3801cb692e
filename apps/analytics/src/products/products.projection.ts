import { EventEnvelope, EventType } from '@app/kafka';
import { Injectable } from '@nestjs/common';
import { ProjectionWrite } from '../projection/projection-write';
import { upsertRow } from '../projection/upsert-row';
import { ProductVariantEntity } from './entities/product-variant.entity';
import { ProductEntity } from './entities/product.entity';
import { flattenProduct, flattenProductDeleted, ProductUpsertEventType } from './product.flatten';

/** products: every whole-document event upserts the product and replaces its variants; deleted removes both. */
@Injectable()
export class ProductsProjection {
  upsert(envelope: EventEnvelope<ProductUpsertEventType>): ProjectionWrite {
    const { product, variants } = flattenProduct(envelope);
    const key = { product_id: product.product_id };
    return {
      envelope,
      target: { table: 'products', key },
      deletedBy: EventType.PRODUCT_DELETED,
      write: async (tx, exists) => {
        await upsertRow(tx, ProductEntity, key, product, exists);
        await tx.delete(ProductVariantEntity, key);
        if (variants.length > 0) await tx.insert(ProductVariantEntity, variants);
      },
    };
  }

  delete(envelope: EventEnvelope<'product.deleted'>): ProjectionWrite {
    const key = flattenProductDeleted(envelope);
    return {
      envelope,
      target: { table: 'products', key },
      write: async (tx) => {
        await tx.delete(ProductEntity, key);
      },
    };
  }
}
