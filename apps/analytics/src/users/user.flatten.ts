import { EventEnvelope } from '@app/kafka';
import { PayloadReader } from '../projection/payload-reader';
import { lastEvent } from '../projection/projected-row';
import { UserEntity } from './entities/user.entity';

type UserUpsertEnvelope = EventEnvelope<'user.created' | 'user.updated'>;

export type UserSoftDelete = Pick<UserEntity, 'user_id' | 'status' | 'deleted_at' | 'event_id' | 'event_timestamp'>;

/** user.created / user.updated -> users row (profile.* and contact.* flattened). */
export function flattenUser(envelope: UserUpsertEnvelope): UserEntity {
  const data = PayloadReader.of(envelope.data);
  const profile = data.object('profile');
  return {
    user_id: data.id('id', envelope.entity_id),
    email: data.string('email', 320),
    display_name: profile.string('display_name', 200),
    first_name: profile.nullableString('first_name', 200),
    last_name: profile.nullableString('last_name', 200),
    avatar_url: profile.nullableString('avatar_url', 2048),
    bio: profile.nullableString('bio', 65535),
    phone: data.object('contact').nullableString('phone', 50),
    status: data.oneOf('status', ['active', 'deleted'] as const),
    created_at: data.timestamp('created_at'),
    updated_at: data.timestamp('updated_at'),
    deleted_at: data.nullableTimestamp('deleted_at'),
    ...lastEvent(envelope),
  };
}

/** user.deleted -> the soft-delete columns. */
export function flattenUserDeleted(envelope: EventEnvelope<'user.deleted'>): UserSoftDelete {
  const data = PayloadReader.of(envelope.data);
  return {
    user_id: data.id('user_id', envelope.entity_id),
    status: 'deleted',
    deleted_at: data.timestamp('deleted_at'),
    ...lastEvent(envelope),
  };
}
