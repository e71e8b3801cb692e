import { OUTBOX_PROP, OutboxEntry, VERSION_PROP } from '../../outbox/outbox-entry';
import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Types } from 'mongoose';
import { USER_STATUSES, UserStatus } from '@app/kafka';

@Schema({ _id: false, minimize: false })
export class UserProfile {
  @Prop({ type: String, required: true }) display_name: string;
  @Prop({ type: String, default: null }) first_name: string | null;
  @Prop({ type: String, default: null }) last_name: string | null;
  @Prop({ type: String, default: null }) avatar_url: string | null;
  @Prop({ type: String, default: null }) bio: string | null;
}

@Schema({ _id: false, minimize: false })
export class UserContact {
  @Prop({ type: String, default: null }) phone: string | null;
}

@Schema({
  collection: 'users',
  timestamps: { createdAt: 'created_at', updatedAt: 'updated_at' },
  versionKey: false,
  minimize: false,
})
export class User {
  @Prop(VERSION_PROP) version: number;
  @Prop(OUTBOX_PROP) outbox: OutboxEntry[];
  @Prop({ type: String, required: true, unique: true, lowercase: true, trim: true }) email: string;
  @Prop({ type: SchemaFactory.createForClass(UserProfile), required: true }) profile: UserProfile;
  @Prop({ type: SchemaFactory.createForClass(UserContact), default: () => ({ phone: null }) }) contact: UserContact;
  @Prop({ type: String, enum: USER_STATUSES, default: 'active' }) status: UserStatus;
  @Prop({ type: Date, default: null }) deleted_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

/** A user as read with `.lean()`. */
export type UserRecord = User & { _id: Types.ObjectId };

export const UserSchema = SchemaFactory.createForClass(User);
