import { OrderData } from '@app/kafka';
import { EventDataBuilders } from '../outbox/event-data';
import { iso, isoOrNull, orNull } from '../common/mongo/wire';
import { OrderRecord } from './schemas/order.schema';

/** The stored order as the wire shape of order.created and of the HTTP answers. */
export function toOrderData(doc: OrderRecord): OrderData {
  return {
    id: doc._id.toHexString(),
    order_number: doc.order_number,
    customer: {
      user_id: doc.customer.user_id.toHexString(),
      email: doc.customer.email,
      display_name: doc.customer.display_name,
    },
    items: doc.items.map((item) => ({
      line_no: item.line_no,
      product_snapshot: {
        product_id: item.product_snapshot.product_id.toHexString(),
        supplier_id: item.product_snapshot.supplier_id.toHexString(),
        name: item.product_snapshot.name,
        sku: item.product_snapshot.sku,
        variant_name: item.product_snapshot.variant_name,
      },
      quantity: item.quantity,
      unit_price_cents: item.unit_price_cents,
      line_total_cents: item.line_total_cents,
    })),
    shipping_address: {
      recipient_name: doc.shipping_address.recipient_name,
      line1: doc.shipping_address.line1,
      line2: orNull(doc.shipping_address.line2),
      city: doc.shipping_address.city,
      state: orNull(doc.shipping_address.state),
      postal_code: doc.shipping_address.postal_code,
      country: doc.shipping_address.country,
    },
    subtotal_cents: doc.subtotal_cents,
    total_cents: doc.total_cents,
    currency: doc.currency,
    status: doc.status,
    cancellation_reason: orNull(doc.cancellation_reason),
    cancelled_at: isoOrNull(doc.cancelled_at),
    carrier: orNull(doc.carrier),
    tracking_number: orNull(doc.tracking_number),
    shipped_at: isoOrNull(doc.shipped_at),
    created_at: iso(doc.created_at),
    updated_at: iso(doc.updated_at),
  };
}

/** The data of every order event: created and snapshot carry the whole order, cancelled and shipped what changed. */
export const ORDER_EVENT_DATA: EventDataBuilders<'order'> = {
  'order.created': toOrderData,
  'order.cancelled': (doc: OrderRecord, at) => ({
    order_id: doc._id.toHexString(),
    order_number: doc.order_number,
    reason: orNull(doc.cancellation_reason),
    cancelled_at: isoOrNull(doc.cancelled_at) ?? at,
  }),
  'order.shipped': (doc: OrderRecord, at) => ({
    order_id: doc._id.toHexString(),
    order_number: doc.order_number,
    carrier: doc.carrier ?? '',
    tracking_number: doc.tracking_number ?? '',
    shipped_at: isoOrNull(doc.shipped_at) ?? at,
  }),
  'order.snapshot': toOrderData,
};
