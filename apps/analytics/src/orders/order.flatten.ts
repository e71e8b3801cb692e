import { EventEnvelope, OrderStatus } from '@app/kafka';
import { PayloadReader } from '../projection/payload-reader';
import { PoisonEventError } from '../projection/poison-event.error';
import { lastEvent } from '../projection/projected-row';
import { OrderItemEntity } from './entities/order-item.entity';
import { OrderEntity } from './entities/order.entity';

const STATUSES: readonly OrderStatus[] = ['pending', 'cancelled'];

export interface FlatOrder {
  order: OrderEntity;
  items: OrderItemEntity[];
}

export type OrderCancellation = Pick<
  OrderEntity,
  'order_id' | 'status' | 'cancellation_reason' | 'cancelled_at' | 'event_id' | 'event_timestamp'
>;

/** order.created -> orders row (customer.* and shipping_address.* flattened) + one order_items row per line. */
export function flattenOrder(envelope: EventEnvelope<'order.created'>): FlatOrder {
  const data = PayloadReader.of(envelope.data);
  const order_id = data.id('id', envelope.entity_id);
  const customer = data.object('customer');
  const shipping = data.object('shipping_address');
  const order: OrderEntity = {
    order_id,
    order_number: data.string('order_number', 64),
    customer_user_id: customer.string('user_id', 24),
    customer_email: customer.string('email', 320),
    customer_display_name: customer.string('display_name', 200),
    shipping_recipient_name: shipping.string('recipient_name', 200),
    shipping_line1: shipping.string('line1', 200),
    shipping_line2: shipping.nullableString('line2', 200),
    shipping_city: shipping.string('city', 100),
    shipping_state: shipping.nullableString('state', 100),
    shipping_postal_code: shipping.string('postal_code', 20),
    shipping_country: shipping.string('country', 100),
    subtotal_cents: data.integer('subtotal_cents'),
    total_cents: data.integer('total_cents'),
    currency: data.string('currency', 3),
    status: data.oneOf('status', STATUSES),
    cancellation_reason: data.nullableString('cancellation_reason', 500),
    cancelled_at: data.nullableTimestamp('cancelled_at'),
    created_at: data.timestamp('created_at'),
    updated_at: data.timestamp('updated_at'),
    ...lastEvent(envelope),
  };
  const items = data.objects('items', 1).map((item) => {
    const snapshot = item.object('product_snapshot');
    return {
      order_id,
      line_no: item.integer('line_no', 1),
      product_id: snapshot.string('product_id', 24),
      supplier_id: snapshot.string('supplier_id', 24),
      product_name: snapshot.string('name', 200),
      sku: snapshot.string('sku', 100),
      variant_name: snapshot.string('variant_name', 200),
      quantity: item.integer('quantity', 1),
      unit_price_cents: item.integer('unit_price_cents'),
      line_total_cents: item.integer('line_total_cents'),
    };
  });
  if (new Set(items.map((i) => i.line_no)).size !== items.length) {
    throw new PoisonEventError('data.items has a duplicate line_no');
  }
  return { order, items };
}

/** order.cancelled -> the cancellation columns. */
export function flattenOrderCancelled(envelope: EventEnvelope<'order.cancelled'>): OrderCancellation {
  const data = PayloadReader.of(envelope.data);
  data.string('order_number', 64);
  return {
    order_id: data.id('order_id', envelope.entity_id),
    status: 'cancelled',
    cancellation_reason: data.nullableString('reason', 500),
    cancelled_at: data.timestamp('cancelled_at'),
    ...lastEvent(envelope),
  };
}
