import { EventEnvelope, FIELD_LIMITS, MAX_INT, PRODUCT_STATUSES } from '@app/kafka';
import { PayloadReader } from '../projection/payload-reader';
import { PoisonEventError } from '../projection/poison-event.error';
import { lastEvent } from '../projection/projected-row';
import { ProductVariantEntity } from './entities/product-variant.entity';
import { ProductEntity } from './entities/product.entity';

export type ProductUpsertEventType =
  | 'product.created'
  | 'product.updated'
  | 'product.published'
  | 'product.discontinued'
  | 'product.out_of_stock'
  | 'product.restored'
  | 'product.snapshot';

export interface FlatProduct {
  product: ProductEntity;
  variants: ProductVariantEntity[];
}

/** Any whole-document product event -> products row + its product_variants rows. */
export function flattenProduct(envelope: EventEnvelope<ProductUpsertEventType>): FlatProduct {
  const data = PayloadReader.of(envelope.data);
  const product_id = data.id('id', envelope.entity_id);
  const product: ProductEntity = {
    product_id,
    supplier_id: data.string('supplier_id', FIELD_LIMITS.id),
    name: data.string('name', FIELD_LIMITS.product.name),
    description: data.nullableString('description', FIELD_LIMITS.product.description),
    category: data.nullableString('category', FIELD_LIMITS.product.category),
    base_price_cents: data.integer('base_price_cents'),
    currency: data.string('currency', FIELD_LIMITS.currency),
    status: data.oneOf('status', PRODUCT_STATUSES),
    published_at: data.nullableTimestamp('published_at'),
    created_at: data.timestamp('created_at'),
    updated_at: data.timestamp('updated_at'),
    ...lastEvent(envelope),
  };
  const variants = data.objects('variants', 0, FIELD_LIMITS.product.variants).map((v) => ({
    product_id,
    sku: v.string('sku', FIELD_LIMITS.product.sku),
    name: v.string('name', FIELD_LIMITS.product.variant_name),
    attributes: JSON.stringify(v.stringMap('attributes', FIELD_LIMITS.product)),
    price_cents: v.integer('price_cents'),
    stock: v.integer('stock', 0, MAX_INT),
  }));
  const skus = new Set(variants.map((v) => v.sku));
  if (skus.size !== variants.length) throw new PoisonEventError('data.variants has a duplicate sku');
  return { product, variants };
}

/** product.deleted -> the key of the row to remove (its variants go by cascade); deleted_at is optional. */
export function flattenProductDeleted(envelope: EventEnvelope<'product.deleted'>): { product_id: string } {
  const data = PayloadReader.of(envelope.data);
  data.nullableTimestamp('deleted_at');
  return { product_id: data.id('product_id', envelope.entity_id) };
}
