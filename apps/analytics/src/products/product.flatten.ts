import { EventEnvelope, ProductStatus } from '@app/kafka';
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
  | 'product.restored';

const STATUSES: readonly ProductStatus[] = ['draft', 'active', 'out_of_stock', 'discontinued'];

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
    supplier_id: data.string('supplier_id', 24),
    name: data.string('name', 200),
    description: data.nullableString('description', 65535),
    category: data.nullableString('category', 100),
    base_price_cents: data.integer('base_price_cents'),
    currency: data.string('currency', 3),
    status: data.oneOf('status', STATUSES),
    published_at: data.nullableTimestamp('published_at'),
    created_at: data.timestamp('created_at'),
    updated_at: data.timestamp('updated_at'),
    ...lastEvent(envelope),
  };
  const variants = data.objects('variants').map((v) => ({
    product_id,
    sku: v.string('sku', 100),
    name: v.string('name', 200),
    attributes: JSON.stringify(v.stringMap('attributes')),
    price_cents: v.integer('price_cents'),
    stock: v.integer('stock'),
  }));
  const skus = new Set(variants.map((v) => v.sku));
  if (skus.size !== variants.length) throw new PoisonEventError('data.variants has a duplicate sku');
  return { product, variants };
}

/** product.deleted -> the key of the row to remove (its variants go by cascade). */
export function flattenProductDeleted(envelope: EventEnvelope<'product.deleted'>): { product_id: string } {
  const data = PayloadReader.of(envelope.data);
  data.timestamp('deleted_at');
  return { product_id: data.id('product_id', envelope.entity_id) };
}
