import { EventEnvelope, EventType } from '@app/kafka';
import { Injectable } from '@nestjs/common';
import { ProjectionWrite } from '../projection/projection-write';
import { flattenPost, flattenPostDeleted } from './post.flatten';

/** posts: upsert on created/updated/published, soft delete (deleted_at) on deleted. */
@Injectable()
export class PostsProjection {
  upsert(envelope: EventEnvelope<'post.created' | 'post.updated' | 'post.published' | 'post.snapshot'>): ProjectionWrite {
    const row = flattenPost(envelope);
    return {
      envelope,
      // An upsert older than an applied soft delete does not bring the entity back (as for hard deletes).
      deletedBy: EventType.POST_DELETED,
      target: { table: 'posts', key: { post_id: row.post_id } },
      change: { kind: 'upsert', row: { ...row } },
    };
  }

  softDelete(envelope: EventEnvelope<'post.deleted'>): ProjectionWrite {
    const { post_id, ...set } = flattenPostDeleted(envelope);
    return { envelope, target: { table: 'posts', key: { post_id } }, change: { kind: 'patch', set } };
  }
}
