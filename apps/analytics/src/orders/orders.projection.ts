import { EventEnvelope } from '@app/kafka';
import { Injectable } from '@nestjs/common';
import { ProjectionWrite } from '../projection/projection-write';
import { upsertRow } from '../projection/upsert-row';
import { OrderItemEntity } from './entities/order-item.entity';
import { OrderEntity } from './entities/order.entity';
import { flattenOrder, flattenOrderCancelled, flattenOrderShipped } from './order.flatten';

/** orders: created inserts the order and its items; cancelled and shipped set the status and their columns. */
@Injectable()
export class OrdersProjection {
  create(envelope: EventEnvelope<'order.created'>): ProjectionWrite {
    const { order, items } = flattenOrder(envelope);
    const key = { order_id: order.order_id };
    return {
      envelope,
      target: { table: 'orders', key },
      write: async (tx, exists) => {
        await upsertRow(tx, OrderEntity, key, order, exists);
        await tx.delete(OrderItemEntity, key);
        await tx.insert(OrderItemEntity, items);
      },
    };
  }

  cancel(envelope: EventEnvelope<'order.cancelled'>): ProjectionWrite {
    const { order_id, ...change } = flattenOrderCancelled(envelope);
    return {
      envelope,
      target: { table: 'orders', key: { order_id } },
      write: async (tx, exists) => {
        if (exists) await tx.update(OrderEntity, { order_id }, change);
      },
    };
  }

  ship(envelope: EventEnvelope<'order.shipped'>): ProjectionWrite {
    const { order_id, ...change } = flattenOrderShipped(envelope);
    return {
      envelope,
      target: { table: 'orders', key: { order_id } },
      write: async (tx, exists) => {
        if (exists) await tx.update(OrderEntity, { order_id }, change);
      },
    };
  }
}
