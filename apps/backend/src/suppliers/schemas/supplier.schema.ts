import { OUTBOX_PROP, OutboxEntry, VERSION_PROP } from '../../outbox/outbox-entry';
import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Types } from 'mongoose';
import { SUPPLIER_STATUSES, SupplierStatus } from '@app/kafka';

@Schema({ _id: false, minimize: false })
export class SupplierContact {
  @Prop({ type: String, required: true, lowercase: true, trim: true }) email: string;
  @Prop({ type: String, default: null }) phone: string | null;
}

@Schema({ _id: false, minimize: false })
export class SupplierAddress {
  @Prop({ type: String, required: true }) line1: string;
  @Prop({ type: String, default: null }) line2: string | null;
  @Prop({ type: String, required: true }) city: string;
  @Prop({ type: String, default: null }) state: string | null;
  @Prop({ type: String, default: null }) postal_code: string | null;
  @Prop({ type: String, required: true }) country: string;
}

@Schema({
  collection: 'suppliers',
  timestamps: { createdAt: 'created_at', updatedAt: 'updated_at' },
  versionKey: false,
  minimize: false,
})
export class Supplier {
  @Prop(VERSION_PROP) version: number;
  @Prop(OUTBOX_PROP) outbox: OutboxEntry[];
  @Prop({ type: Boolean, default: false }) tombstone: boolean;
  @Prop({ type: String, required: true, trim: true }) name: string;
  @Prop({ type: SchemaFactory.createForClass(SupplierContact), required: true }) contact: SupplierContact;
  @Prop({ type: SchemaFactory.createForClass(SupplierAddress), required: true }) address: SupplierAddress;
  @Prop({ type: String, enum: SUPPLIER_STATUSES, default: 'active' }) status: SupplierStatus;
  created_at: Date;
  updated_at: Date;
}

export type SupplierRecord = Supplier & { _id: Types.ObjectId };

export const SupplierSchema = SchemaFactory.createForClass(Supplier);
