import { OUTBOX_PROP, OutboxEntry, VERSION_PROP } from '../../outbox/outbox-entry';
import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Types } from 'mongoose';
import { PRODUCT_STATUSES, ProductStatus } from '@app/kafka';

@Schema({ _id: false, minimize: false })
export class ProductVariant {
  @Prop({ type: String, required: true }) sku: string;
  @Prop({ type: String, required: true }) name: string;
  @Prop({ type: Object, default: () => ({}) }) attributes: Record<string, string>;
  @Prop({ type: Number, required: true, min: 0 }) price_cents: number;
  @Prop({ type: Number, required: true, min: 0, default: 0 }) stock: number;
}

@Schema({
  collection: 'products',
  timestamps: { createdAt: 'created_at', updatedAt: 'updated_at' },
  versionKey: false,
  minimize: false,
})
export class Product {
  @Prop(VERSION_PROP) version: number;
  @Prop(OUTBOX_PROP) outbox: OutboxEntry[];
  @Prop({ type: Boolean, default: false }) tombstone: boolean;
  @Prop({ type: Types.ObjectId, required: true, index: true }) supplier_id: Types.ObjectId;
  @Prop({ type: String, required: true, trim: true }) name: string;
  @Prop({ type: String, default: null }) description: string | null;
  @Prop({ type: String, default: null }) category: string | null;
  @Prop({ type: Number, required: true, min: 0 }) base_price_cents: number;
  @Prop({ type: String, default: 'USD' }) currency: string;
  @Prop({ type: String, enum: PRODUCT_STATUSES, default: 'draft' }) status: ProductStatus;
  @Prop({ type: [SchemaFactory.createForClass(ProductVariant)], default: [] }) variants: ProductVariant[];
  @Prop({ type: Date, default: null }) published_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export type ProductRecord = Product & { _id: Types.ObjectId };

export const ProductSchema = SchemaFactory.createForClass(Product);
