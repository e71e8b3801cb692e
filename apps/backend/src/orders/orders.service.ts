import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { EventType, OrderCancelledData, OrderData, OrderShippedData } from '@app/kafka';
import { Model } from 'mongoose';
import { invalidTransition, notFound, notOwner } from '../common/errors/api-error';
import { isDuplicateKeyError } from '../common/mongo/duplicate-key';
import { oid } from '../common/mongo/object-id';
import { SUPPLIER_ID_HEADER, USER_ID_HEADER } from '../common/swagger/api-docs.decorators';
import { EntityLocks } from '../common/concurrency/entity-locks';
import { DomainEvents } from '../events/domain-events';
import { toProductData } from '../products/product.mapping';
import { ProductsService } from '../products/products.service';
import { UserRecord } from '../users/schemas/user.schema';
import { CreateOrderDto } from './dto/create-order.dto';
import { ShipOrderDto } from './dto/ship-order.dto';
import { generateOrderNumber } from './order-number';
import { priceOrder } from './order-pricing';
import { toOrderData } from './order.mapping';
import { Order, OrderRecord } from './schemas/order.schema';
import { updateWhere } from '../common/mongo/by-id';

const ORDER_NUMBER_ATTEMPTS = 5;

@Injectable()
export class OrdersService implements OnModuleInit {
  constructor(
    @InjectModel(Order.name) private readonly orders: Model<Order>,
    private readonly products: ProductsService,
    private readonly events: DomainEvents,
    private readonly locks: EntityLocks,
  ) {}

  /** The unique order_number index must exist before the first order. */
  async onModuleInit(): Promise<void> {
    await this.orders.init();
  }

  async create(user: UserRecord, dto: CreateOrderDto): Promise<OrderData> {
    const ids = [...new Set(dto.items.map((item) => item.product_id.toLowerCase()))];
    const catalog = new Map((await this.products.findMany(ids)).map((p) => [p._id.toHexString(), toProductData(p)]));
    const priced = priceOrder(
      dto.items.map((item) => ({ ...item, product_id: item.product_id.toLowerCase() })),
      catalog,
    );
    const order = {
      customer: { user_id: user._id, email: user.email, display_name: user.profile.display_name },
      items: priced.items.map((item) => ({
        ...item,
        product_snapshot: {
          ...item.product_snapshot,
          product_id: oid(item.product_snapshot.product_id),
          supplier_id: oid(item.product_snapshot.supplier_id),
        },
      })),
      shipping_address: { ...dto.shipping_address, line2: dto.shipping_address.line2 ?? null, state: dto.shipping_address.state ?? null },
      subtotal_cents: priced.subtotal_cents,
      total_cents: priced.total_cents,
      currency: priced.currency,
      status: 'pending' as const,
      outbox: [this.events.pending(EventType.ORDER_CREATED)],
    };
    const doc = await this.insertWithFreshNumber(order);
    const data = toOrderData(doc);
    await this.events.publishCreated(this.orders, order.outbox[0], data.id, data);
    return data;
  }

  async get(userId: string, id: string): Promise<OrderData> {
    return toOrderData(await this.requireOwned(userId, id));
  }

  /** pending -> cancelled in one conditional update (and under the entity lock), so a concurrent cancel cannot emit twice. */
  cancel(userId: string, id: string, reason: string | null): Promise<OrderData> {
    return this.locks.run('order', id, async () => {
      const current = await this.requireOwned(userId, id);
      const cancelled = this.events.pending(EventType.ORDER_CANCELLED);
      const doc = await updateWhere<OrderRecord>(
        this.orders,
        id,
        { status: 'pending' },
        { $set: { status: 'cancelled', cancellation_reason: reason, cancelled_at: new Date() }, $push: { outbox: cancelled } },
        { current },
      );
      if (!doc?.cancelled_at) {
        const now = await this.orders.findById(id).lean<OrderRecord>().exec();
        if (!now) throw notFound('order', id);
        throw invalidTransition('order', id, now.status, 'cancelled');
      }
      const event: OrderCancelledData = {
        order_id: id,
        order_number: doc.order_number,
        reason: doc.cancellation_reason ?? null,
        cancelled_at: doc.cancelled_at.toISOString(),
      };
      await this.events.publish(this.orders, cancelled, id, event);
      return toOrderData(doc);
    });
  }

  /**
   * pending -> shipped by a supplier with at least one product in the order; one conditional update
   * (under the entity lock), so shipping races with cancel and with itself emit exactly one event.
   */
  ship(supplierId: string, id: string, dto: ShipOrderDto): Promise<OrderData> {
    return this.locks.run('order', id, async () => {
      const current = await this.orders.findById(id).lean<OrderRecord>().exec();
      if (!current) throw notFound('order', id);
      if (!current.items.some((item) => item.product_snapshot.supplier_id.toHexString() === supplierId)) {
        throw notOwner('order', id, SUPPLIER_ID_HEADER);
      }
      const shipped = this.events.pending(EventType.ORDER_SHIPPED);
      const doc = await updateWhere<OrderRecord>(
        this.orders,
        id,
        { status: 'pending' },
        {
          $set: { status: 'shipped', carrier: dto.carrier, tracking_number: dto.tracking_number, shipped_at: new Date() },
          $push: { outbox: shipped },
        },
        { current },
      );
      if (!doc?.shipped_at) throw invalidTransition('order', id, current.status, 'shipped');
      const event: OrderShippedData = {
        order_id: id,
        order_number: doc.order_number,
        carrier: dto.carrier,
        tracking_number: dto.tracking_number,
        shipped_at: doc.shipped_at.toISOString(),
      };
      await this.events.publish(this.orders, shipped, id, event);
      return toOrderData(doc);
    });
  }

  private async requireOwned(userId: string, id: string): Promise<OrderRecord> {
    const doc = await this.orders.findById(id).lean<OrderRecord>().exec();
    if (!doc) throw notFound('order', id);
    if (doc.customer.user_id.toHexString() !== userId) throw notOwner('order', id, USER_ID_HEADER);
    return doc;
  }

  private async insertWithFreshNumber(
    order: Omit<
      Order,
      'order_number' | 'created_at' | 'updated_at' | 'cancellation_reason' | 'cancelled_at' | 'carrier' | 'tracking_number' | 'shipped_at'
    >,
  ): Promise<OrderRecord> {
    for (let attempt = 1; ; attempt++) {
      try {
        const doc = await this.orders.create({ ...order, order_number: generateOrderNumber() });
        return doc.toObject<OrderRecord>();
      } catch (err) {
        // Only order_number is unique here; a clash of 6 random characters on one day is rare, so retry.
        if (!isDuplicateKeyError(err) || attempt >= ORDER_NUMBER_ATTEMPTS) throw err;
      }
    }
  }
}
