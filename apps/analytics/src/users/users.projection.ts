import { EventEnvelope, EventType } from '@app/kafka';
import { Injectable } from '@nestjs/common';
import { ProjectionWrite } from '../projection/projection-write';
import { upsertRow } from '../projection/upsert-row';
import { UserEntity } from './entities/user.entity';
import { flattenUser, flattenUserDeleted } from './user.flatten';

/** users: upsert on created/updated, soft delete (status deleted, deleted_at) on deleted. */
@Injectable()
export class UsersProjection {
  upsert(envelope: EventEnvelope<'user.created' | 'user.updated'>): ProjectionWrite {
    const row = flattenUser(envelope);
    return {
      envelope,
      // An upsert older than an applied soft delete does not bring the entity back (as for hard deletes).
      deletedBy: EventType.USER_DELETED,
      target: { table: 'users', key: { user_id: row.user_id } },
      write: (tx, exists) => upsertRow(tx, UserEntity, { user_id: row.user_id }, row, exists),
    };
  }

  softDelete(envelope: EventEnvelope<'user.deleted'>): ProjectionWrite {
    const { user_id, ...change } = flattenUserDeleted(envelope);
    return {
      envelope,
      target: { table: 'users', key: { user_id } },
      // A delete of a user this read model never saw has no row to mark; processed_events still records it.
      write: async (tx, exists) => {
        if (exists) await tx.update(UserEntity, { user_id }, change);
      },
    };
  }
}
