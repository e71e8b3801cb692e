import { EventEnvelope } from '@app/kafka';
import { PoisonEventError } from '../projection/poison-event.error';
import { at, envelope, objectId, userData } from '../testing/event-fixtures';
import { flattenUser, flattenUserDeleted } from './user.flatten';

describe('flattenUser', () => {
  it.each(['user.created', 'user.updated'] as const)('flattens %s into a users row', (type) => {
    const data = userData({ profile: { display_name: 'Ada', first_name: null, last_name: 'L', avatar_url: 'https://a/b.png', bio: null } });
    const event = envelope(type, data.id, data, at('2025-02-01T10:00:00.123Z'));
    expect(flattenUser(event)).toEqual({
      user_id: data.id,
      email: data.email,
      display_name: 'Ada',
      first_name: null,
      last_name: 'L',
      avatar_url: 'https://a/b.png',
      bio: null,
      phone: '+44 20 7946 0000',
      status: 'active',
      created_at: at('2025-01-02T03:04:05.678Z'),
      updated_at: at('2025-01-02T03:04:05.678Z'),
      deleted_at: null,
      event_id: event.event_id,
      event_timestamp: at('2025-02-01T10:00:00.123Z'),
      entity_version: null,
    });
  });

  it('rejects a payload without profile as poison, naming the field', () => {
    const data = userData();
    const event = envelope('user.created', data.id, { ...data, profile: undefined } as never);
    expect(() => flattenUser(event)).toThrow(new PoisonEventError('data.profile must be an object'));
  });

  it('rejects a payload whose id is not the entity_id', () => {
    const event = envelope('user.updated', objectId(), userData());
    expect(() => flattenUser(event)).toThrow(/data\.id must equal the envelope's entity_id/);
  });
});

describe('flattenUserDeleted', () => {
  it('turns user.deleted into status deleted and deleted_at', () => {
    const id = objectId();
    const event = envelope('user.deleted', id, { user_id: id, deleted_at: '2025-03-01T00:00:00.000Z' }, at('2025-03-01T00:00:00.001Z'));
    expect(flattenUserDeleted(event)).toEqual({
      user_id: id,
      status: 'deleted',
      deleted_at: at('2025-03-01T00:00:00.000Z'),
      event_id: event.event_id,
      event_timestamp: at('2025-03-01T00:00:00.001Z'),
      entity_version: null,
    });
  });

  it('reads a minimal delete of just {user_id} as deleted at the envelope timestamp', () => {
    const id = objectId();
    const event = {
      ...envelope('user.deleted', id, { user_id: id, deleted_at: 'x' }, at('2025-03-02T00:00:00.000Z')),
      data: { user_id: id },
    } as EventEnvelope<'user.deleted'>;
    expect(flattenUserDeleted(event)).toMatchObject({ user_id: id, status: 'deleted', deleted_at: at('2025-03-02T00:00:00.000Z') });
  });

  it('rejects a delete whose deleted_at is not a timestamp', () => {
    const id = objectId();
    const event = envelope('user.deleted', id, { user_id: id, deleted_at: 'yesterday' });
    expect(() => flattenUserDeleted(event)).toThrow('data.deleted_at must be an ISO 8601 UTC timestamp');
  });
});
