import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { EventType, OrderData } from '@app/kafka';
import { Model } from 'mongoose';
import { invalidTransition, notFound, notOwner } from '../common/errors/api-error';
import { isDuplicateKeyError } from '../common/mongo/duplicate-key';
import { oid } from '../common/mongo/object-id';
import { SUPPLIER_ID_HEADER, USER_ID_HEADER } from '../common/swagger/api-docs.decorators';
import { EntityWriter, WriteSeam } from '../outbox/write-seam';
import { toProductData } from '../products/product.mapping';
import { ProductsService } from '../products/products.service';
import { UserRecord } from '../users/schemas/user.schema';
import { CreateOrderDto } from './dto/create-order.dto';
import { ShipOrderDto } from './dto/ship-order.dto';
import { generateOrderNumber } from './order-number';
import { priceOrder } from './order-pricing';
import { ORDER_EVENT_DATA, toOrderData } from './order.mapping';
import { Order, OrderRecord } from './schemas/order.schema';

const ORDER_NUMBER_ATTEMPTS = 5;

@Injectable()
export class OrdersService implements OnModuleInit {
  private readonly writer: EntityWriter<OrderRecord>;

  constructor(
    @InjectModel(Order.name) private readonly orders: Model<Order>,
    private readonly products: ProductsService,
    seam: WriteSeam,
  ) {
    this.writer = seam.for(orders, 'order', ORDER_EVENT_DATA);
  }

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
    };
    for (let attempt = 1; ; attempt++) {
      try {
        return toOrderData(await this.writer.create(EventType.ORDER_CREATED, { ...order, order_number: generateOrderNumber() }));
      } catch (err) {
        // Only order_number is unique here; a clash of 6 random characters on one day is rare, so retry.
        if (!isDuplicateKeyError(err) || attempt >= ORDER_NUMBER_ATTEMPTS) throw err;
      }
    }
  }

  async get(userId: string, id: string): Promise<OrderData> {
    const doc = await this.orders.findById(id).lean<OrderRecord>().exec();
    return toOrderData(ownedBy(doc, userId, id));
  }

  /** pending -> cancelled by the customer; once, whatever races it (see EntityWriter.change). */
  async cancel(userId: string, id: string, reason: string | null): Promise<OrderData> {
    const { doc } = await this.writer.change(id, (order) => {
      const current = ownedBy(order, userId, id);
      if (current.status !== 'pending') throw invalidTransition('order', id, current.status, 'cancelled');
      return {
        event: EventType.ORDER_CANCELLED,
        update: { $set: { status: 'cancelled', cancellation_reason: reason, cancelled_at: new Date() } },
      };
    });
    return toOrderData(doc);
  }

  /** pending -> shipped by a supplier with at least one product in the order; once, whatever races it. */
  async ship(supplierId: string, id: string, dto: ShipOrderDto): Promise<OrderData> {
    const { doc } = await this.writer.change(id, (order) => {
      if (!order) throw notFound('order', id);
      if (!order.items.some((item) => item.product_snapshot.supplier_id.toHexString() === supplierId)) {
        throw notOwner('order', id, SUPPLIER_ID_HEADER);
      }
      if (order.status !== 'pending') throw invalidTransition('order', id, order.status, 'shipped');
      return {
        event: EventType.ORDER_SHIPPED,
        update: { $set: { status: 'shipped', carrier: dto.carrier, tracking_number: dto.tracking_number, shipped_at: new Date() } },
      };
    });
    return toOrderData(doc);
  }
}

/** The order, when it exists and `userId` placed it: else 404 or 403. */
function ownedBy(order: OrderRecord | null, userId: string, id: string): OrderRecord {
  if (!order) throw notFound('order', id);
  if (order.customer.user_id.toHexString() !== userId) throw notOwner('order', id, USER_ID_HEADER);
  return order;
}
