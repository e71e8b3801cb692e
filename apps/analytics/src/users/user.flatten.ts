import { EventEnvelope, FIELD_LIMITS, USER_STATUSES } from '@app/kafka';
import { PayloadReader } from '../projection/payload-reader';
import { lastEvent } from '../projection/projected-row';
import { UserEntity } from './entities/user.entity';

type UserUpsertEnvelope = EventEnvelope<'user.created' | 'user.updated' | 'user.snapshot'>;

export type UserSoftDelete = Pick<UserEntity, 'user_id' | 'status' | 'deleted_at' | 'event_id' | 'event_timestamp' | 'entity_version'>;

/** user.created / user.updated -> users row (profile.* and contact.* flattened). */
export function flattenUser(envelope: UserUpsertEnvelope): UserEntity {
  const data = PayloadReader.of(envelope.data);
  const profile = data.object('profile');
  return {
    user_id: data.id('id', envelope.entity_id),
    email: data.string('email', FIELD_LIMITS.email),
    display_name: profile.string('display_name', FIELD_LIMITS.user.display_name),
    first_name: profile.nullableString('first_name', FIELD_LIMITS.user.first_name),
    last_name: profile.nullableString('last_name', FIELD_LIMITS.user.last_name),
    avatar_url: profile.nullableString('avatar_url', FIELD_LIMITS.user.avatar_url),
    bio: profile.nullableString('bio', FIELD_LIMITS.user.bio),
    phone: data.object('contact').nullableString('phone', FIELD_LIMITS.user.phone),
    status: data.oneOf('status', USER_STATUSES),
    created_at: data.timestamp('created_at'),
    updated_at: data.timestamp('updated_at'),
    deleted_at: data.nullableTimestamp('deleted_at'),
    ...lastEvent(envelope),
  };
}

/** user.deleted -> the soft-delete columns; a minimal event of just {user_id} was deleted at the envelope's timestamp. */
export function flattenUserDeleted(envelope: EventEnvelope<'user.deleted'>): UserSoftDelete {
  const data = PayloadReader.of(envelope.data);
  return {
    user_id: data.id('user_id', envelope.entity_id),
    status: 'deleted',
    deleted_at: data.nullableTimestamp('deleted_at') ?? new Date(envelope.timestamp),
    ...lastEvent(envelope),
  };
}
