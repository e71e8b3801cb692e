import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { EventType, PostData, PostDeletedData } from '@app/kafka';
import { Model } from 'mongoose';
import { invalidTransition, notFound, notOwner, validationFailed } from '../common/errors/api-error';
import { oid } from '../common/mongo/object-id';
import { USER_ID_HEADER } from '../common/swagger/api-docs.decorators';
import { EntityWriter, WriteSeam } from '../outbox/write-seam';
import { UserRecord } from '../users/schemas/user.schema';
import { CreatePostDto } from './dto/create-post.dto';
import { UpdatePostDto } from './dto/update-post.dto';
import { POST_EVENT_DATA, toPostData } from './post.mapping';
import { Post, PostRecord } from './schemas/post.schema';

@Injectable()
export class PostsService {
  private readonly writer: EntityWriter<PostRecord>;

  constructor(
    @InjectModel(Post.name) private readonly posts: Model<Post>,
    seam: WriteSeam,
  ) {
    this.writer = seam.for(posts, 'post', POST_EVENT_DATA);
  }

  async create(author: UserRecord, dto: CreatePostDto): Promise<PostData> {
    const doc = await this.writer.create(EventType.POST_CREATED, {
      author: { user_id: author._id, display_name: author.profile.display_name },
      body: dto.body,
      media_urls: dto.media_urls ?? [],
      product_ids: (dto.product_ids ?? []).map(oid),
      status: 'draft',
    });
    return toPostData(doc);
  }

  async get(id: string): Promise<PostData> {
    const doc = await this.findLive(id);
    if (!doc) throw notFound('post', id);
    return toPostData(doc);
  }

  async update(userId: string, id: string, dto: UpdatePostDto): Promise<PostData> {
    const set: Record<string, unknown> = {};
    if (dto.body !== undefined) set.body = dto.body;
    if (dto.media_urls !== undefined) set.media_urls = dto.media_urls;
    if (dto.product_ids !== undefined) set.product_ids = dto.product_ids.map(oid);
    const { doc } = await this.writer.change(id, (post) => {
      authored(post, userId, id);
      if (Object.keys(set).length === 0) throw validationFailed([{ field: 'body', reason: 'body must set at least one field' }]);
      return { event: EventType.POST_UPDATED, update: { $set: set } };
    });
    return toPostData(doc);
  }

  /** draft -> published. */
  async publish(userId: string, id: string): Promise<PostData> {
    const { doc } = await this.writer.change(id, (post) => {
      const current = authored(post, userId, id);
      if (current.status !== 'draft') throw invalidTransition('post', id, current.status, 'published');
      return { event: EventType.POST_PUBLISHED, update: { $set: { status: 'published', published_at: new Date() } } };
    });
    return toPostData(doc);
  }

  /** Soft delete: deleted_at set, the status kept; GET then answers 404. */
  async remove(userId: string, id: string): Promise<PostDeletedData> {
    const { data } = await this.writer.change(id, (post) => {
      authored(post, userId, id);
      return { event: EventType.POST_DELETED, update: { $set: { deleted_at: new Date() } } };
    });
    return data;
  }

  /** Not deleted; by _id alone, checked in code (see UsersService.findActive: what FerretDB can push down). */
  private async findLive(id: string): Promise<PostRecord | null> {
    const doc = await this.posts.findById(id).lean<PostRecord>().exec();
    return doc && !doc.deleted_at ? doc : null;
  }
}

/** The post, when it is not deleted and `userId` wrote it: else 404 or 403. */
function authored(post: PostRecord | null, userId: string, id: string): PostRecord {
  if (!post || post.deleted_at) throw notFound('post', id);
  if (post.author.user_id.toHexString() !== userId) throw notOwner('post', id, USER_ID_HEADER);
  return post;
}
