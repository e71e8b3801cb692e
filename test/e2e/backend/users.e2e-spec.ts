import { INestApplication } from '@nestjs/common';
import { UserData } from '@app/kafka';
import { Db, ObjectId } from 'mongodb';
import request from 'supertest';
import { App } from 'supertest/types';
import { startBackendApp } from '../../support/backend-app';
import { testMongo } from '../../support/databases';
import { eventually } from '../../support/eventually';
import { KafkaProbe } from '../../support/kafka-probe';
import { createUser, expectError, expectEvent, HEX_24, ISO_UTC, uniqueEmail, unknownId, USER_ID } from './fixtures';

describe('users', () => {
  let app: INestApplication;
  let http: App;
  let probe: KafkaProbe;
  let mongo: { db: Db; close: () => Promise<void> };
  const stored = (id: string) => mongo.db.collection('users').findOne({ _id: new ObjectId(id) });

  beforeAll(async () => {
    [app, probe, mongo] = await Promise.all([startBackendApp(), KafkaProbe.start(['user']), testMongo()]);
    http = app.getHttpServer();
  });

  afterAll(async () => {
    await Promise.all([app?.close(), probe?.stop(), mongo?.close()]);
  });

  describe('POST /users', () => {
    it('stores the user with a lower-cased email and emits user.created with the whole document', async () => {
      const email = uniqueEmail('Ada').toUpperCase();
      const res = await request(http)
        .post('/users')
        .send({ email, profile: { display_name: 'Ada', first_name: 'Ada', bio: 'engines' }, contact: { phone: '+44 1' } })
        .expect(201);

      expect(res.body).toEqual({
        id: expect.stringMatching(HEX_24),
        email: email.toLowerCase(),
        profile: { display_name: 'Ada', first_name: 'Ada', last_name: null, avatar_url: null, bio: 'engines' },
        contact: { phone: '+44 1' },
        status: 'active',
        created_at: expect.stringMatching(ISO_UTC),
        updated_at: expect.stringMatching(ISO_UTC),
        deleted_at: null,
      });
      expect(await stored(res.body.id)).toMatchObject({
        email: email.toLowerCase(),
        profile: { display_name: 'Ada', first_name: 'Ada', last_name: null },
        status: 'active',
        deleted_at: null,
        created_at: new Date(res.body.created_at),
      });
      const event = await expectEvent(probe, 'user.created', res.body.id, 1);
      expect(event.data).toEqual(res.body);
    });

    it('takes a burst of creates off their outboxes, and a PATCH right after its create keeps its change and order', async () => {
      // The creates' events leave their documents in bulk writes after the answers; each PATCH waits for its document's.
      const users = await Promise.all(
        Array.from({ length: 30 }, async (_, i) => {
          const created = await request(http)
            .post('/users')
            .send({ email: uniqueEmail(`burst${i}`), profile: { display_name: 'Burst' } })
            .expect(201);
          await request(http)
            .patch(`/users/${created.body.id}`)
            .set(USER_ID, created.body.id)
            .send({ profile: { bio: `bio ${i}` } })
            .expect(200);
          return { id: created.body.id as string, bio: `bio ${i}` };
        }),
      );
      const docs = await eventually(
        async () => {
          const found = await mongo.db
            .collection('users')
            .find({ _id: { $in: users.map((u) => new ObjectId(u.id)) } })
            .toArray();
          return found.every((d) => d.outbox.length === 0) ? found : undefined;
        },
        { what: 'every outbox of the burst to empty' },
      );
      expect(new Map(docs.map((d) => [d._id.toHexString(), d.profile.bio]))).toEqual(new Map(users.map((u) => [u.id, u.bio])));
      for (const { id } of users) {
        const events = await probe.waitForAll((m) => m.key === id, 2);
        // At least once: under load the relay may send an event its request's send also delivered (same event_id).
        const once = [...new Map(events.map((m) => [m.json?.event_id, m.json?.event_type])).values()];
        expect(once).toEqual(['user.created', 'user.updated']);
      }
    });

    it('answers 400 naming each invalid or unknown field', async () => {
      const res = await request(http)
        .post('/users')
        .send({ email: 'not-an-email', profile: { display_name: '' }, role: 'admin' })
        .expect(400);
      expectError(res.body, 400, 'VALIDATION_FAILED');
      expect(res.body.errors).toEqual(
        expect.arrayContaining([
          { field: 'email', reason: 'email must be an email' },
          { field: 'profile.display_name', reason: 'display_name should not be empty' },
          { field: 'role', reason: 'property role should not exist' },
        ]),
      );
    });

    it('answers 400 for a body that is not JSON', async () => {
      const res = await request(http).post('/users').set('Content-Type', 'application/json').send('{"email":').expect(400);
      expect(res.body).toMatchObject({ statusCode: 400, errors: [{ field: 'body', reason: expect.any(String) }] });
    });

    it('answers 409 EMAIL_TAKEN for an email already registered, whatever its case', async () => {
      const user = await createUser(http);
      const res = await request(http)
        .post('/users')
        .send({ email: user.email.toUpperCase(), profile: { display_name: 'Copy' } })
        .expect(409);
      expectError(res.body, 409, 'EMAIL_TAKEN');
      expect(await mongo.db.collection('users').countDocuments({ email: user.email })).toBe(1);
    });
  });

  describe('GET /users/:id', () => {
    it('returns the user themself in the shape of its user.created data', async () => {
      const user = await createUser(http);
      const res = await request(http).get(`/users/${user.id}`).set(USER_ID, user.id).expect(200);
      expect(res.body).toEqual(user);
    });

    it('shows anyone else only the public profile: no email, no contact', async () => {
      const user = await createUser(http, { contact: { phone: '+44 20 7946 0000' } });
      const other = await createUser(http);
      const { email: _email, contact: _contact, ...publicProfile } = user;
      for (const viewer of [{}, { [USER_ID]: other.id }]) {
        const res = await request(http).get(`/users/${user.id}`).set(viewer).expect(200);
        expect(res.body).toEqual(publicProfile);
      }
    });

    it('answers 400 naming the id param when it is not an ObjectId', async () => {
      const res = await request(http).get('/users/not-an-id').expect(400);
      expectError(res.body, 400, 'VALIDATION_FAILED');
      expect(res.body.errors).toEqual([{ field: 'id', reason: 'id must be a 24-character hex ObjectId' }]);
    });

    it('answers 404 USER_NOT_FOUND for an unknown id', async () => {
      const res = await request(http).get(`/users/${unknownId()}`).expect(404);
      expectError(res.body, 404, 'USER_NOT_FOUND');
    });
  });

  describe('PATCH /users/:id', () => {
    it('merges the sent fields into the stored user and emits user.updated with the whole document', async () => {
      const user = await createUser(http, { profile: { display_name: 'Before', first_name: 'Keep' } });
      const res = await request(http)
        .patch(`/users/${user.id}`)
        .set(USER_ID, user.id)
        .send({ profile: { display_name: 'After', bio: 'new bio' }, contact: { phone: '+1 555' } })
        .expect(200);

      expect(res.body).toEqual({
        ...user,
        profile: { ...user.profile, display_name: 'After', first_name: 'Keep', bio: 'new bio' },
        contact: { phone: '+1 555' },
        updated_at: expect.stringMatching(ISO_UTC),
      });
      expect(await stored(user.id)).toMatchObject({ version: 2, profile: { display_name: 'After', first_name: 'Keep', bio: 'new bio' } });
      const event = await expectEvent(probe, 'user.updated', user.id, 2);
      expect(event.data).toEqual(res.body);
    });

    it('keeps both of two concurrent changes to different fields', async () => {
      const user = await createUser(http);
      const patch = (body: object) => request(http).patch(`/users/${user.id}`).set(USER_ID, user.id).send(body).expect(200);
      await Promise.all([patch({ profile: { bio: 'bio' } }), patch({ contact: { phone: '+1 2' } })]);
      expect(await stored(user.id)).toMatchObject({ profile: { bio: 'bio' }, contact: { phone: '+1 2' } });
    });

    it('answers 401 IDENTITY_MISSING without X-User-ID', async () => {
      const user = await createUser(http);
      const res = await request(http)
        .patch(`/users/${user.id}`)
        .send({ profile: { bio: 'x' } })
        .expect(401);
      expectError(res.body, 401, 'IDENTITY_MISSING');
    });

    it('answers 401 IDENTITY_INVALID when X-User-ID is not an ObjectId', async () => {
      const user = await createUser(http);
      const res = await request(http)
        .patch(`/users/${user.id}`)
        .set(USER_ID, 'me')
        .send({ profile: { bio: 'x' } })
        .expect(401);
      expectError(res.body, 401, 'IDENTITY_INVALID');
    });

    it('answers 401 IDENTITY_UNKNOWN when X-User-ID names no user', async () => {
      const user = await createUser(http);
      const res = await request(http)
        .patch(`/users/${user.id}`)
        .set(USER_ID, unknownId())
        .send({ profile: { bio: 'x' } })
        .expect(401);
      expectError(res.body, 401, 'IDENTITY_UNKNOWN');
    });

    it('answers 403 NOT_OWNER when X-User-ID is another user, and changes nothing', async () => {
      const [user, other] = await Promise.all([createUser(http), createUser(http)]);
      const res = await request(http)
        .patch(`/users/${user.id}`)
        .set(USER_ID, other.id)
        .send({ profile: { bio: 'hacked' } })
        .expect(403);
      expectError(res.body, 403, 'NOT_OWNER');
      expect(await stored(user.id)).toMatchObject({ profile: { bio: null } });
    });

    it('answers 409 EMAIL_TAKEN when the new email belongs to another user', async () => {
      const [user, other] = await Promise.all([createUser(http), createUser(http)]);
      const res = await request(http).patch(`/users/${user.id}`).set(USER_ID, user.id).send({ email: other.email }).expect(409);
      expectError(res.body, 409, 'EMAIL_TAKEN');
      expect(await stored(user.id)).toMatchObject({ email: user.email });
    });

    it('answers 400 for null in a required field and for an empty body', async () => {
      const user = await createUser(http);
      const nulled = await request(http).patch(`/users/${user.id}`).set(USER_ID, user.id).send({ email: null }).expect(400);
      expect(nulled.body.errors).toContainEqual({ field: 'email', reason: 'email must be an email' });
      const empty = await request(http).patch(`/users/${user.id}`).set(USER_ID, user.id).send({}).expect(400);
      expect(empty.body.errors).toEqual([{ field: 'body', reason: 'body must set at least one field' }]);
    });
  });

  describe('DELETE /users/:id', () => {
    it('soft deletes: status deleted and deleted_at stored, user.deleted emitted, then 404 on GET, PATCH and DELETE', async () => {
      const user = await createUser(http);
      const res = await request(http).delete(`/users/${user.id}`).set(USER_ID, user.id).expect(200);

      expect(res.body).toEqual({ user_id: user.id, deleted_at: expect.stringMatching(ISO_UTC) });
      expect(await stored(user.id)).toMatchObject({
        version: 2,
        status: 'deleted',
        deleted_at: new Date(res.body.deleted_at),
        email: user.email,
      });
      const event = await expectEvent(probe, 'user.deleted', user.id, 2);
      expect(event.data).toEqual(res.body);

      expectError((await request(http).get(`/users/${user.id}`).expect(404)).body, 404, 'USER_NOT_FOUND');
      await request(http)
        .patch(`/users/${user.id}`)
        .set(USER_ID, user.id)
        .send({ profile: { bio: 'x' } })
        .expect(404);
      await request(http).delete(`/users/${user.id}`).set(USER_ID, user.id).expect(404);
    });

    it('answers 403 NOT_OWNER when X-User-ID is another user, and keeps the user', async () => {
      const [user, other] = await Promise.all([createUser(http), createUser(http)]);
      expectError((await request(http).delete(`/users/${user.id}`).set(USER_ID, other.id).expect(403)).body, 403, 'NOT_OWNER');
      expect(await stored(user.id)).toMatchObject({ status: 'active' });
    });

    it('answers 401 without X-User-ID', async () => {
      const user: UserData = await createUser(http);
      expectError((await request(http).delete(`/users/${user.id}`).expect(401)).body, 401, 'IDENTITY_MISSING');
    });
  });
});
