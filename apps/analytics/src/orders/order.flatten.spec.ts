import { at, envelope, objectId, orderData } from '../testing/event-fixtures';
import { flattenOrder, flattenOrderCancelled, flattenOrderShipped } from './order.flatten';

describe('flattenOrder', () => {
  it('flattens order.created into an orders row and one order_items row per line', () => {
    const data = orderData();
    const event = envelope('order.created', data.id, data, at('2025-02-01T10:00:00.000Z'));
    const [line1, line2] = data.items;
    expect(flattenOrder(event)).toEqual({
      order: {
        order_id: data.id,
        order_number: data.order_number,
        customer_user_id: data.customer.user_id,
        customer_email: 'ada@example.com',
        customer_display_name: 'Ada L',
        shipping_recipient_name: 'Ada Lovelace',
        shipping_line1: '12 St James Sq',
        shipping_line2: null,
        shipping_city: 'London',
        shipping_state: null,
        shipping_postal_code: 'SW1Y 4JH',
        shipping_country: 'GB',
        subtotal_cents: 5698,
        total_cents: 5698,
        currency: 'USD',
        status: 'pending',
        cancellation_reason: null,
        cancelled_at: null,
        carrier: null,
        tracking_number: null,
        shipped_at: null,
        created_at: at('2025-01-02T03:04:05.678Z'),
        updated_at: at('2025-01-02T03:04:05.678Z'),
        event_id: event.event_id,
        event_timestamp: at('2025-02-01T10:00:00.000Z'),
        entity_version: null,
      },
      items: [
        {
          order_id: data.id,
          line_no: 1,
          product_id: line1.product_snapshot.product_id,
          supplier_id: line1.product_snapshot.supplier_id,
          product_name: 'Desk Lamp',
          sku: 'LAMP-BLK',
          variant_name: 'Black',
          quantity: 2,
          unit_price_cents: 2599,
          line_total_cents: 5198,
        },
        {
          order_id: data.id,
          line_no: 2,
          product_id: line2.product_snapshot.product_id,
          supplier_id: line2.product_snapshot.supplier_id,
          product_name: 'Bulb',
          sku: 'BULB-1',
          variant_name: 'Warm',
          quantity: 1,
          unit_price_cents: 500,
          line_total_cents: 500,
        },
      ],
    });
  });

  it('rejects an order without items', () => {
    const data = orderData({ items: [] });
    expect(() => flattenOrder(envelope('order.created', data.id, data))).toThrow('data.items must have at least 1 item(s)');
  });

  it('rejects an item with a zero quantity, naming the line', () => {
    const data = orderData();
    const items = [data.items[0], { ...data.items[1], quantity: 0 }];
    expect(() => flattenOrder(envelope('order.created', data.id, { ...data, items }))).toThrow(
      'data.items[1].quantity must be an integer from 1 to 2147483647',
    );
  });
});

describe('flattenOrderCancelled', () => {
  it('turns order.cancelled into status cancelled, the reason and cancelled_at', () => {
    const id = objectId();
    const event = envelope(
      'order.cancelled',
      id,
      { order_id: id, order_number: 'ORD-1', reason: 'changed my mind', cancelled_at: '2025-03-01T00:00:00.000Z' },
      at('2025-03-01T00:00:00.002Z'),
    );
    expect(flattenOrderCancelled(event)).toEqual({
      order_id: id,
      status: 'cancelled',
      cancellation_reason: 'changed my mind',
      cancelled_at: at('2025-03-01T00:00:00.000Z'),
      event_id: event.event_id,
      event_timestamp: at('2025-03-01T00:00:00.002Z'),
      entity_version: null,
    });
  });
});

describe('flattenOrderShipped', () => {
  it('turns order.shipped into status shipped, carrier, tracking number and shipped_at', () => {
    const id = objectId();
    const event = envelope(
      'order.shipped',
      id,
      { order_id: id, order_number: 'ORD-1', carrier: 'DHL', tracking_number: 'JD0146', shipped_at: '2025-03-01T00:00:00.000Z' },
      at('2025-03-01T00:00:00.002Z'),
    );
    expect(flattenOrderShipped(event)).toEqual({
      order_id: id,
      status: 'shipped',
      carrier: 'DHL',
      tracking_number: 'JD0146',
      shipped_at: at('2025-03-01T00:00:00.000Z'),
      event_id: event.event_id,
      event_timestamp: at('2025-03-01T00:00:00.002Z'),
      entity_version: null,
    });
  });

  it('rejects a shipment without a tracking number', () => {
    const id = objectId();
    const event = envelope('order.shipped', id, {
      order_id: id,
      order_number: 'ORD-1',
      carrier: 'DHL',
      tracking_number: '',
      shipped_at: '2025-03-01T00:00:00.000Z',
    });
    expect(() => flattenOrderShipped(event)).toThrow('data.tracking_number must be a non-empty string');
  });
});
