import { EventType, PayloadOf } from '@app/kafka';
import { toOrderData } from '../orders/order.mapping';
import { OrderRecord } from '../orders/schemas/order.schema';
import { toPostData } from '../posts/post.mapping';
import { PostRecord } from '../posts/schemas/post.schema';
import { toProductData } from '../products/product.mapping';
import { ProductRecord } from '../products/schemas/product.schema';
import { toSupplierData } from '../suppliers/supplier.mapping';
import { SupplierRecord } from '../suppliers/schemas/supplier.schema';
import { toUserData } from '../users/user.mapping';
import { UserRecord } from '../users/schemas/user.schema';

const iso = (d: Date | null | undefined, fallback: string) => (d ? d.toISOString() : fallback);

/**
 * The `data` of each event type from its document: the whole document, or ids and what the change needs.
 * Services build the events of their requests with these; the relay uses them after a crash lost the
 * request's own envelope (the document then says what it is when relayed: the read model converges to it).
 * `at` is the event's timestamp, for the fields a document does not keep (a hard delete's deleted_at).
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- one document type per event family, chosen by the key */
export const EVENT_DATA: { [T in EventType]: (doc: any, at: string) => PayloadOf<T> } = {
  'user.created': (doc: UserRecord) => toUserData(doc),
  'user.updated': (doc: UserRecord) => toUserData(doc),
  'user.deleted': (doc: UserRecord, at) => ({ user_id: doc._id.toHexString(), deleted_at: iso(doc.deleted_at, at) }),
  'supplier.created': (doc: SupplierRecord) => toSupplierData(doc),
  'supplier.updated': (doc: SupplierRecord) => toSupplierData(doc),
  'supplier.deleted': (doc: SupplierRecord, at) => ({ supplier_id: doc._id.toHexString(), deleted_at: at }),
  'product.created': (doc: ProductRecord) => toProductData(doc),
  'product.updated': (doc: ProductRecord) => toProductData(doc),
  'product.published': (doc: ProductRecord) => toProductData(doc),
  'product.discontinued': (doc: ProductRecord) => toProductData(doc),
  'product.out_of_stock': (doc: ProductRecord) => toProductData(doc),
  'product.restored': (doc: ProductRecord) => toProductData(doc),
  'product.deleted': (doc: ProductRecord, at) => ({
    product_id: doc._id.toHexString(),
    supplier_id: doc.supplier_id.toHexString(),
    deleted_at: at,
  }),
  'order.created': (doc: OrderRecord) => toOrderData(doc),
  'order.cancelled': (doc: OrderRecord, at) => ({
    order_id: doc._id.toHexString(),
    order_number: doc.order_number,
    reason: doc.cancellation_reason ?? null,
    cancelled_at: iso(doc.cancelled_at, at),
  }),
  'order.shipped': (doc: OrderRecord, at) => ({
    order_id: doc._id.toHexString(),
    order_number: doc.order_number,
    carrier: doc.carrier ?? '',
    tracking_number: doc.tracking_number ?? '',
    shipped_at: iso(doc.shipped_at, at),
  }),
  'post.created': (doc: PostRecord) => toPostData(doc),
  'post.updated': (doc: PostRecord) => toPostData(doc),
  'post.published': (doc: PostRecord) => toPostData(doc),
  'post.deleted': (doc: PostRecord, at) => ({ post_id: doc._id.toHexString(), deleted_at: iso(doc.deleted_at, at) }),
};
/* eslint-enable @typescript-eslint/no-explicit-any */

export function eventDataOf<T extends EventType>(eventType: T, doc: unknown, at: string): PayloadOf<T> {
  return EVENT_DATA[eventType](doc, at) as PayloadOf<T>;
}
