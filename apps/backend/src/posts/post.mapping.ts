import { PostData } from '@app/kafka';
import { EventDataBuilders } from '../outbox/event-data';
import { iso, isoOrNull } from '../common/mongo/wire';
import { PostRecord } from './schemas/post.schema';

/** The stored post as the wire shape of post.created / updated / published and of the HTTP answers. */
export function toPostData(doc: PostRecord): PostData {
  return {
    id: doc._id.toHexString(),
    author: { user_id: doc.author.user_id.toHexString(), display_name: doc.author.display_name },
    body: doc.body,
    media_urls: [...(doc.media_urls ?? [])],
    product_ids: (doc.product_ids ?? []).map((id) => id.toHexString()),
    status: doc.status,
    published_at: isoOrNull(doc.published_at),
    created_at: iso(doc.created_at),
    updated_at: iso(doc.updated_at),
    deleted_at: isoOrNull(doc.deleted_at),
  };
}

/** The data of every post event, from the stored post. */
export const POST_EVENT_DATA: EventDataBuilders<'post'> = {
  'post.created': toPostData,
  'post.updated': toPostData,
  'post.published': toPostData,
  'post.deleted': (doc: PostRecord, at) => ({ post_id: doc._id.toHexString(), deleted_at: isoOrNull(doc.deleted_at) ?? at }),
  'post.snapshot': toPostData,
};
