import { EventEnvelope, FIELD_LIMITS, POST_STATUSES } from '@app/kafka';
import { PayloadReader } from '../projection/payload-reader';
import { lastEvent } from '../projection/projected-row';
import { PostEntity } from './entities/post.entity';

export type PostSoftDelete = Pick<PostEntity, 'post_id' | 'deleted_at' | 'event_id' | 'event_timestamp' | 'entity_version'>;

/** post.created / updated / published -> posts row (author.* flattened, lists as JSON text). */
export function flattenPost(envelope: EventEnvelope<'post.created' | 'post.updated' | 'post.published' | 'post.snapshot'>): PostEntity {
  const data = PayloadReader.of(envelope.data);
  const author = data.object('author');
  return {
    post_id: data.id('id', envelope.entity_id),
    author_user_id: author.string('user_id', FIELD_LIMITS.id),
    author_display_name: author.string('display_name', FIELD_LIMITS.user.display_name),
    body: data.string('body', FIELD_LIMITS.post.body),
    media_urls: JSON.stringify(data.strings('media_urls', FIELD_LIMITS.post.media_urls, FIELD_LIMITS.post.media_url)),
    product_ids: JSON.stringify(data.strings('product_ids', FIELD_LIMITS.post.product_ids, FIELD_LIMITS.id)),
    status: data.oneOf('status', POST_STATUSES),
    published_at: data.nullableTimestamp('published_at'),
    created_at: data.timestamp('created_at'),
    updated_at: data.timestamp('updated_at'),
    deleted_at: data.nullableTimestamp('deleted_at'),
    ...lastEvent(envelope),
  };
}

/**
 * post.deleted -> the soft-delete columns (status keeps the lifecycle value; deleted_at marks the delete);
 * a minimal event of just {post_id} was deleted at the envelope's timestamp.
 */
export function flattenPostDeleted(envelope: EventEnvelope<'post.deleted'>): PostSoftDelete {
  const data = PayloadReader.of(envelope.data);
  return {
    post_id: data.id('post_id', envelope.entity_id),
    deleted_at: data.nullableTimestamp('deleted_at') ?? new Date(envelope.timestamp),
    ...lastEvent(envelope),
  };
}
