import { EventEnvelope } from '@app/kafka';
import { Injectable } from '@nestjs/common';
import { ProjectionWrite } from '../projection/projection-write';
import { flattenOrder, flattenOrderCancelled, flattenOrderShipped } from './order.flatten';

/** orders: created inserts the order and its items; cancelled and shipped set the status and their columns. */
@Injectable()
export class OrdersProjection {
  create(envelope: EventEnvelope<'order.created' | 'order.snapshot'>): ProjectionWrite {
    const { order, items } = flattenOrder(envelope);
    return {
      envelope,
      target: { table: 'orders', key: { order_id: order.order_id } },
      change: { kind: 'upsert', row: { ...order }, children: { table: 'order_items', rows: items.map((item) => ({ ...item })) } },
    };
  }

  cancel(envelope: EventEnvelope<'order.cancelled'>): ProjectionWrite {
    const { order_id, ...set } = flattenOrderCancelled(envelope);
    return { envelope, target: { table: 'orders', key: { order_id } }, change: { kind: 'patch', set } };
  }

  ship(envelope: EventEnvelope<'order.shipped'>): ProjectionWrite {
    const { order_id, ...set } = flattenOrderShipped(envelope);
    return { envelope, target: { table: 'orders', key: { order_id } }, change: { kind: 'patch', set } };
  }
}
