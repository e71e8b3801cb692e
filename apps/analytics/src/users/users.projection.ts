import { EventEnvelope, EventType } from '@app/kafka';
import { Injectable } from '@nestjs/common';
import { ProjectionWrite } from '../projection/projection-write';
import { flattenUser, flattenUserDeleted } from './user.flatten';

/** users: upsert on created/updated, soft delete (status deleted, deleted_at) on deleted. */
@Injectable()
export class UsersProjection {
  upsert(envelope: EventEnvelope<'user.created' | 'user.updated' | 'user.snapshot'>): ProjectionWrite {
    const row = flattenUser(envelope);
    return {
      envelope,
      // An upsert older than an applied soft delete does not bring the entity back (as for hard deletes).
      deletedBy: EventType.USER_DELETED,
      target: { table: 'users', key: { user_id: row.user_id } },
      change: { kind: 'upsert', row: { ...row } },
    };
  }

  softDelete(envelope: EventEnvelope<'user.deleted'>): ProjectionWrite {
    const { user_id, ...set } = flattenUserDeleted(envelope);
    // A delete of a user this read model never saw has no row to mark; processed_events still records it.
    return { envelope, target: { table: 'users', key: { user_id } }, change: { kind: 'patch', set } };
  }
}
