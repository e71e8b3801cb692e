import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { EventType, PostData, PostDeletedData } from '@app/kafka';
import { Model } from 'mongoose';
import { invalidTransition, notFound, notOwner, validationFailed } from '../common/errors/api-error';
import { oid } from '../common/mongo/object-id';
import { USER_ID_HEADER } from '../common/swagger/api-docs.decorators';
import { EntityLocks } from '../common/concurrency/entity-locks';
import { DomainEvents } from '../events/domain-events';
import { UserRecord } from '../users/schemas/user.schema';
import { CreatePostDto } from './dto/create-post.dto';
import { UpdatePostDto } from './dto/update-post.dto';
import { toPostData } from './post.mapping';
import { Post, PostRecord } from './schemas/post.schema';
import { updateWhere } from '../common/mongo/by-id';

@Injectable()
export class PostsService {
  constructor(
    @InjectModel(Post.name) private readonly posts: Model<Post>,
    private readonly events: DomainEvents,
    private readonly locks: EntityLocks,
  ) {}

  async create(author: UserRecord, dto: CreatePostDto): Promise<PostData> {
    const event = this.events.pending(EventType.POST_CREATED);
    const doc = await this.posts.create({
      outbox: [event],
      author: { user_id: author._id, display_name: author.profile.display_name },
      body: dto.body,
      media_urls: dto.media_urls ?? [],
      product_ids: (dto.product_ids ?? []).map(oid),
      status: 'draft',
    });
    const data = toPostData(doc.toObject<PostRecord>());
    await this.events.publishCreated(this.posts, event, data.id, data);
    return data;
  }

  async get(id: string): Promise<PostData> {
    const doc = await this.findLive(id);
    if (!doc) throw notFound('post', id);
    return toPostData(doc);
  }

  update(userId: string, id: string, dto: UpdatePostDto): Promise<PostData> {
    return this.locks.run('post', id, async () => {
      const current = await this.requireAuthored(userId, id);
      const set: Record<string, unknown> = {};
      if (dto.body !== undefined) set.body = dto.body;
      if (dto.media_urls !== undefined) set.media_urls = dto.media_urls;
      if (dto.product_ids !== undefined) set.product_ids = dto.product_ids.map(oid);
      if (Object.keys(set).length === 0) throw validationFailed([{ field: 'body', reason: 'body must set at least one field' }]);
      const event = this.events.pending(EventType.POST_UPDATED);
      const doc = await updateWhere<PostRecord>(this.posts, id, { deleted_at: null }, { $set: set, $push: { outbox: event } }, { current });
      if (!doc) throw notFound('post', id);
      const data = toPostData(doc);
      await this.events.publish(this.posts, event, data.id, data);
      return data;
    });
  }

  /** draft -> published in one conditional update. */
  publish(userId: string, id: string): Promise<PostData> {
    return this.locks.run('post', id, async () => {
      const current = await this.requireAuthored(userId, id);
      const event = this.events.pending(EventType.POST_PUBLISHED);
      const doc = await updateWhere<PostRecord>(
        this.posts,
        id,
        { deleted_at: null, status: { $in: ['draft'] } },
        { $set: { status: 'published', published_at: new Date() }, $push: { outbox: event } },
        { current },
      );
      if (!doc) {
        const now = await this.findLive(id);
        if (!now) throw notFound('post', id);
        throw invalidTransition('post', id, now.status, 'published');
      }
      const data = toPostData(doc);
      await this.events.publish(this.posts, event, data.id, data);
      return data;
    });
  }

  /** Soft delete: deleted_at set, the status kept; GET then answers 404. */
  remove(userId: string, id: string): Promise<PostDeletedData> {
    return this.locks.run('post', id, async () => {
      const current = await this.requireAuthored(userId, id);
      const event = this.events.pending(EventType.POST_DELETED);
      const doc = await updateWhere<PostRecord>(
        this.posts,
        id,
        { deleted_at: null },
        { $set: { deleted_at: new Date() }, $push: { outbox: event } },
        { current },
      );
      if (!doc?.deleted_at) throw notFound('post', id);
      const data: PostDeletedData = { post_id: id, deleted_at: doc.deleted_at.toISOString() };
      await this.events.publish(this.posts, event, id, data);
      return data;
    });
  }

  /** Not deleted; by _id alone, checked in code (see UsersService.findActive: what FerretDB can push down). */
  private async findLive(id: string): Promise<PostRecord | null> {
    const doc = await this.posts.findById(id).lean<PostRecord>().exec();
    return doc && !doc.deleted_at ? doc : null;
  }

  private async requireAuthored(userId: string, id: string): Promise<PostRecord> {
    const doc = await this.findLive(id);
    if (!doc) throw notFound('post', id);
    if (doc.author.user_id.toHexString() !== userId) throw notOwner('post', id, USER_ID_HEADER);
    return doc;
  }
}
