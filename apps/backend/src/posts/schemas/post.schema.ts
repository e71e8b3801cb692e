import { OUTBOX_PROP, OutboxEntry, VERSION_PROP } from '../../outbox/outbox-entry';
import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Types } from 'mongoose';
import { POST_STATUSES, PostStatus } from '@app/kafka';

@Schema({ _id: false })
export class PostAuthor {
  @Prop({ type: Types.ObjectId, required: true, index: true }) user_id: Types.ObjectId;
  @Prop({ type: String, required: true }) display_name: string;
}

@Schema({
  collection: 'posts',
  timestamps: { createdAt: 'created_at', updatedAt: 'updated_at' },
  versionKey: false,
})
export class Post {
  @Prop(VERSION_PROP) version: number;
  @Prop(OUTBOX_PROP) outbox: OutboxEntry[];
  @Prop({ type: SchemaFactory.createForClass(PostAuthor), required: true }) author: PostAuthor;
  @Prop({ type: String, required: true }) body: string;
  @Prop({ type: [String], default: [] }) media_urls: string[];
  @Prop({ type: [Types.ObjectId], default: [] }) product_ids: Types.ObjectId[];
  @Prop({ type: String, enum: POST_STATUSES, default: 'draft' }) status: PostStatus;
  @Prop({ type: Date, default: null }) published_at: Date | null;
  @Prop({ type: Date, default: null }) deleted_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export type PostRecord = Post & { _id: Types.ObjectId };

export const PostSchema = SchemaFactory.createForClass(Post);
