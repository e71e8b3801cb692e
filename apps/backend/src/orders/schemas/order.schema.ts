import { OUTBOX_PROP, OutboxEntry, VERSION_PROP } from '../../outbox/outbox-entry';
import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Types } from 'mongoose';
import { ORDER_STATUSES, OrderStatus } from '@app/kafka';

@Schema({ _id: false })
export class OrderCustomer {
  @Prop({ type: Types.ObjectId, required: true, index: true }) user_id: Types.ObjectId;
  @Prop({ type: String, required: true }) email: string;
  @Prop({ type: String, required: true }) display_name: string;
}

@Schema({ _id: false })
export class ProductSnapshot {
  @Prop({ type: Types.ObjectId, required: true }) product_id: Types.ObjectId;
  @Prop({ type: Types.ObjectId, required: true }) supplier_id: Types.ObjectId;
  @Prop({ type: String, required: true }) name: string;
  @Prop({ type: String, required: true }) sku: string;
  @Prop({ type: String, required: true }) variant_name: string;
}

@Schema({ _id: false })
export class OrderItem {
  @Prop({ type: Number, required: true }) line_no: number;
  @Prop({ type: SchemaFactory.createForClass(ProductSnapshot), required: true }) product_snapshot: ProductSnapshot;
  @Prop({ type: Number, required: true, min: 1 }) quantity: number;
  @Prop({ type: Number, required: true, min: 0 }) unit_price_cents: number;
  @Prop({ type: Number, required: true, min: 0 }) line_total_cents: number;
}

@Schema({ _id: false })
export class ShippingAddress {
  @Prop({ type: String, required: true }) recipient_name: string;
  @Prop({ type: String, required: true }) line1: string;
  @Prop({ type: String, default: null }) line2: string | null;
  @Prop({ type: String, required: true }) city: string;
  @Prop({ type: String, default: null }) state: string | null;
  @Prop({ type: String, required: true }) postal_code: string;
  @Prop({ type: String, required: true }) country: string;
}

@Schema({
  collection: 'orders',
  timestamps: { createdAt: 'created_at', updatedAt: 'updated_at' },
  versionKey: false,
})
export class Order {
  @Prop(VERSION_PROP) version: number;
  @Prop(OUTBOX_PROP) outbox: OutboxEntry[];
  @Prop({ type: String, required: true, unique: true }) order_number: string;
  @Prop({ type: SchemaFactory.createForClass(OrderCustomer), required: true }) customer: OrderCustomer;
  @Prop({ type: [SchemaFactory.createForClass(OrderItem)], required: true }) items: OrderItem[];
  @Prop({ type: SchemaFactory.createForClass(ShippingAddress), required: true }) shipping_address: ShippingAddress;
  @Prop({ type: Number, required: true, min: 0 }) subtotal_cents: number;
  @Prop({ type: Number, required: true, min: 0 }) total_cents: number;
  @Prop({ type: String, required: true }) currency: string;
  @Prop({ type: String, enum: ORDER_STATUSES, default: 'pending' }) status: OrderStatus;
  @Prop({ type: String, default: null }) cancellation_reason: string | null;
  @Prop({ type: Date, default: null }) cancelled_at: Date | null;
  @Prop({ type: String, default: null }) carrier: string | null;
  @Prop({ type: String, default: null }) tracking_number: string | null;
  @Prop({ type: Date, default: null }) shipped_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export type OrderRecord = Order & { _id: Types.ObjectId };

export const OrderSchema = SchemaFactory.createForClass(Order);
