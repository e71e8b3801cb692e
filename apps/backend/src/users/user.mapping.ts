import { UserData } from '@app/kafka';
import { EventDataBuilders } from '../outbox/event-data';
import { iso, isoOrNull, orNull } from '../common/mongo/wire';
import { UserRecord } from './schemas/user.schema';

/** The stored user as the wire shape of user.created / user.updated and of the HTTP answers. */
export function toUserData(doc: UserRecord): UserData {
  return {
    id: doc._id.toHexString(),
    email: doc.email,
    profile: {
      display_name: doc.profile.display_name,
      first_name: orNull(doc.profile.first_name),
      last_name: orNull(doc.profile.last_name),
      avatar_url: orNull(doc.profile.avatar_url),
      bio: orNull(doc.profile.bio),
    },
    contact: { phone: orNull(doc.contact?.phone) },
    status: doc.status,
    created_at: iso(doc.created_at),
    updated_at: iso(doc.updated_at),
    deleted_at: isoOrNull(doc.deleted_at),
  };
}

/** The data of every user event, from the stored user (registered with the write seam by UsersService). */
export const USER_EVENT_DATA: EventDataBuilders<'user'> = {
  'user.created': toUserData,
  'user.updated': toUserData,
  'user.deleted': (doc: UserRecord, at) => ({ user_id: doc._id.toHexString(), deleted_at: isoOrNull(doc.deleted_at) ?? at }),
  'user.snapshot': toUserData,
};
