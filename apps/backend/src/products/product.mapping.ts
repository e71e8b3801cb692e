import { ProductData } from '@app/kafka';
import { EventDataBuilders } from '../outbox/event-data';
import { iso, isoOrNull, orNull } from '../common/mongo/wire';
import { ProductRecord } from './schemas/product.schema';

/** The stored product as the wire shape of every product event but product.deleted, and of the HTTP answers. */
export function toProductData(doc: ProductRecord): ProductData {
  return {
    id: doc._id.toHexString(),
    supplier_id: doc.supplier_id.toHexString(),
    name: doc.name,
    description: orNull(doc.description),
    category: orNull(doc.category),
    base_price_cents: doc.base_price_cents,
    currency: doc.currency,
    status: doc.status,
    variants: (doc.variants ?? []).map((v) => ({
      sku: v.sku,
      name: v.name,
      attributes: { ...(v.attributes ?? {}) },
      price_cents: v.price_cents,
      stock: v.stock,
    })),
    published_at: isoOrNull(doc.published_at),
    created_at: iso(doc.created_at),
    updated_at: iso(doc.updated_at),
  };
}

/** The data of every product event: the whole product, but for product.deleted (ids; deleted_at is its event's time). */
export const PRODUCT_EVENT_DATA: EventDataBuilders<'product'> = {
  'product.created': toProductData,
  'product.updated': toProductData,
  'product.published': toProductData,
  'product.discontinued': toProductData,
  'product.out_of_stock': toProductData,
  'product.restored': toProductData,
  'product.deleted': (doc: ProductRecord, at) => ({
    product_id: doc._id.toHexString(),
    supplier_id: doc.supplier_id.toHexString(),
    deleted_at: at,
  }),
  'product.snapshot': toProductData,
};
