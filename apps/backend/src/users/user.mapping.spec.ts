import { Types } from 'mongoose';
import { toUserData } from './user.mapping';
import { UserRecord } from './schemas/user.schema';

describe('toUserData', () => {
  const _id = new Types.ObjectId();
  const created = new Date('2026-01-02T03:04:05.678Z');

  it('gives the wire shape: hex id, ISO dates, nulls for absent optional fields', () => {
    const doc = {
      _id,
      email: 'ada@example.com',
      profile: { display_name: 'Ada' },
      status: 'active',
      created_at: created,
      updated_at: created,
    } as unknown as UserRecord;
    expect(toUserData(doc)).toEqual({
      id: _id.toHexString(),
      email: 'ada@example.com',
      profile: { display_name: 'Ada', first_name: null, last_name: null, avatar_url: null, bio: null },
      contact: { phone: null },
      status: 'active',
      created_at: '2026-01-02T03:04:05.678Z',
      updated_at: '2026-01-02T03:04:05.678Z',
      deleted_at: null,
    });
  });

  it('carries deleted_at of a deleted user', () => {
    const deleted = new Date('2026-02-01T00:00:00.000Z');
    const doc = {
      _id,
      email: 'a@b.c',
      profile: { display_name: 'A' },
      contact: { phone: '+1 555' },
      status: 'deleted',
      created_at: created,
      updated_at: deleted,
      deleted_at: deleted,
    } as unknown as UserRecord;
    expect(toUserData(doc)).toMatchObject({ status: 'deleted', deleted_at: '2026-02-01T00:00:00.000Z', contact: { phone: '+1 555' } });
  });
});
