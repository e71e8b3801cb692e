import { EventEnvelope, FIELD_LIMITS, MAX_INT, ORDER_STATUSES } from '@app/kafka';
import { PayloadReader } from '../projection/payload-reader';
import { PoisonEventError } from '../projection/poison-event.error';
import { lastEvent } from '../projection/projected-row';
import { OrderItemEntity } from './entities/order-item.entity';
import { OrderEntity } from './entities/order.entity';

export interface FlatOrder {
  order: OrderEntity;
  items: OrderItemEntity[];
}

export type OrderCancellation = Pick<
  OrderEntity,
  'order_id' | 'status' | 'cancellation_reason' | 'cancelled_at' | 'event_id' | 'event_timestamp' | 'entity_version'
>;

export type OrderShipment = Pick<
  OrderEntity,
  'order_id' | 'status' | 'carrier' | 'tracking_number' | 'shipped_at' | 'event_id' | 'event_timestamp' | 'entity_version'
>;

/** order.created -> orders row (customer.* and shipping_address.* flattened) + one order_items row per line. */
export function flattenOrder(envelope: EventEnvelope<'order.created' | 'order.snapshot'>): FlatOrder {
  const data = PayloadReader.of(envelope.data);
  const order_id = data.id('id', envelope.entity_id);
  const customer = data.object('customer');
  const shipping = data.object('shipping_address');
  const order: OrderEntity = {
    order_id,
    order_number: data.string('order_number', FIELD_LIMITS.order.order_number),
    customer_user_id: customer.string('user_id', FIELD_LIMITS.id),
    customer_email: customer.string('email', FIELD_LIMITS.email),
    customer_display_name: customer.string('display_name', FIELD_LIMITS.user.display_name),
    shipping_recipient_name: shipping.string('recipient_name', FIELD_LIMITS.order.recipient_name),
    shipping_line1: shipping.string('line1', FIELD_LIMITS.order.line1),
    shipping_line2: shipping.nullableString('line2', FIELD_LIMITS.order.line2),
    shipping_city: shipping.string('city', FIELD_LIMITS.order.city),
    shipping_state: shipping.nullableString('state', FIELD_LIMITS.order.state),
    shipping_postal_code: shipping.string('postal_code', FIELD_LIMITS.order.postal_code),
    shipping_country: shipping.string('country', FIELD_LIMITS.order.country),
    subtotal_cents: data.integer('subtotal_cents'),
    total_cents: data.integer('total_cents'),
    currency: data.string('currency', FIELD_LIMITS.currency),
    status: data.oneOf('status', ORDER_STATUSES),
    cancellation_reason: data.nullableString('cancellation_reason', FIELD_LIMITS.order.cancellation_reason),
    cancelled_at: data.nullableTimestamp('cancelled_at'),
    // Absent from order.created events produced before order.shipped existed: read as null.
    carrier: data.nullableString('carrier', FIELD_LIMITS.order.carrier),
    tracking_number: data.nullableString('tracking_number', FIELD_LIMITS.order.tracking_number),
    shipped_at: data.nullableTimestamp('shipped_at'),
    created_at: data.timestamp('created_at'),
    updated_at: data.timestamp('updated_at'),
    ...lastEvent(envelope),
  };
  const items = data.objects('items', 1, FIELD_LIMITS.order.items).map((item) => {
    const snapshot = item.object('product_snapshot');
    return {
      order_id,
      line_no: item.integer('line_no', 1, MAX_INT),
      product_id: snapshot.string('product_id', FIELD_LIMITS.id),
      supplier_id: snapshot.string('supplier_id', FIELD_LIMITS.id),
      product_name: snapshot.string('name', FIELD_LIMITS.product.name),
      sku: snapshot.string('sku', FIELD_LIMITS.product.sku),
      variant_name: snapshot.string('variant_name', FIELD_LIMITS.product.variant_name),
      quantity: item.integer('quantity', 1, MAX_INT),
      unit_price_cents: item.integer('unit_price_cents'),
      line_total_cents: item.integer('line_total_cents'),
    };
  });
  if (new Set(items.map((i) => i.line_no)).size !== items.length) {
    throw new PoisonEventError('data.items has a duplicate line_no');
  }
  return { order, items };
}

/** order.cancelled -> the cancellation columns; a minimal event of just {order_id} was cancelled at the envelope's timestamp. */
export function flattenOrderCancelled(envelope: EventEnvelope<'order.cancelled'>): OrderCancellation {
  const data = PayloadReader.of(envelope.data);
  data.nullableString('order_number', FIELD_LIMITS.order.order_number);
  return {
    order_id: data.id('order_id', envelope.entity_id),
    status: 'cancelled',
    cancellation_reason: data.nullableString('reason', FIELD_LIMITS.order.cancellation_reason),
    cancelled_at: data.nullableTimestamp('cancelled_at') ?? new Date(envelope.timestamp),
    ...lastEvent(envelope),
  };
}

/** order.shipped -> status shipped and the shipment columns (added by migration AddOrderShipment). */
export function flattenOrderShipped(envelope: EventEnvelope<'order.shipped'>): OrderShipment {
  const data = PayloadReader.of(envelope.data);
  data.nullableString('order_number', FIELD_LIMITS.order.order_number);
  return {
    order_id: data.id('order_id', envelope.entity_id),
    status: 'shipped',
    carrier: data.string('carrier', FIELD_LIMITS.order.carrier),
    tracking_number: data.string('tracking_number', FIELD_LIMITS.order.tracking_number),
    shipped_at: data.nullableTimestamp('shipped_at') ?? new Date(envelope.timestamp),
    ...lastEvent(envelope),
  };
}
