import { INestApplication } from '@nestjs/common';
import { PostData, UserData } from '@app/kafka';
import { Db, ObjectId } from 'mongodb';
import request from 'supertest';
import { App } from 'supertest/types';
import { startBackendApp } from '../../support/backend-app';
import { testMongo } from '../../support/databases';
import { KafkaProbe } from '../../support/kafka-probe';
import { createUser, expectError, expectEvent, HEX_24, ISO_UTC, unknownId, USER_ID } from './fixtures';

describe('posts', () => {
  let app: INestApplication;
  let http: App;
  let probe: KafkaProbe;
  let mongo: { db: Db; close: () => Promise<void> };
  const stored = (id: string) => mongo.db.collection('posts').findOne({ _id: new ObjectId(id) });

  async function writePost(author: UserData): Promise<PostData> {
    const res = await request(http).post('/posts').set(USER_ID, author.id).send({ body: 'First!' }).expect(201);
    return res.body as PostData;
  }

  beforeAll(async () => {
    [app, probe, mongo] = await Promise.all([startBackendApp(), KafkaProbe.start(['post']), testMongo()]);
    http = app.getHttpServer();
  });

  afterAll(async () => {
    await Promise.all([app?.close(), probe?.stop(), mongo?.close()]);
  });

  describe('POST /posts', () => {
    it('stores a draft post authored by X-User-ID and emits post.created with the whole document', async () => {
      const author = await createUser(http, { profile: { display_name: 'Writer' } });
      const productId = unknownId();
      const res = await request(http)
        .post('/posts')
        .set(USER_ID, author.id)
        .send({ body: 'Look at this mug', media_urls: ['https://cdn.example.com/m.jpg'], product_ids: [productId] })
        .expect(201);

      expect(res.body).toEqual({
        id: expect.stringMatching(HEX_24),
        author: { user_id: author.id, display_name: 'Writer' },
        body: 'Look at this mug',
        media_urls: ['https://cdn.example.com/m.jpg'],
        product_ids: [productId],
        status: 'draft',
        published_at: null,
        created_at: expect.stringMatching(ISO_UTC),
        updated_at: expect.stringMatching(ISO_UTC),
        deleted_at: null,
      });
      expect(await stored(res.body.id)).toMatchObject({ author: { user_id: new ObjectId(author.id) }, status: 'draft', deleted_at: null });
      const event = await expectEvent(probe, 'post.created', res.body.id);
      expect(event.data).toEqual(res.body);
    });

    it('answers 400 for an empty body text and media that are not URLs', async () => {
      const author = await createUser(http);
      const res = await request(http)
        .post('/posts')
        .set(USER_ID, author.id)
        .send({ body: '', media_urls: ['nope'] })
        .expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['body', 'media_urls']);
    });

    it('answers 401 IDENTITY_UNKNOWN for a user that does not exist', async () => {
      expectError(
        (await request(http).post('/posts').set(USER_ID, unknownId()).send({ body: 'x' }).expect(401)).body,
        401,
        'IDENTITY_UNKNOWN',
      );
    });
  });

  describe('GET /posts/:id', () => {
    it('returns the post in the shape of its post.created data', async () => {
      const post = await writePost(await createUser(http));
      expect((await request(http).get(`/posts/${post.id}`).expect(200)).body).toEqual(post);
    });

    it('answers 404 POST_NOT_FOUND for an unknown id', async () => {
      expectError((await request(http).get(`/posts/${unknownId()}`).expect(404)).body, 404, 'POST_NOT_FOUND');
    });
  });

  describe('PATCH /posts/:id', () => {
    it('changes the sent fields and emits post.updated with the whole document', async () => {
      const author = await createUser(http);
      const post = await writePost(author);
      const res = await request(http)
        .patch(`/posts/${post.id}`)
        .set(USER_ID, author.id)
        .send({ body: 'Edited', media_urls: [] })
        .expect(200);

      expect(res.body).toEqual({ ...post, body: 'Edited', media_urls: [], updated_at: expect.stringMatching(ISO_UTC) });
      expect(await stored(post.id)).toMatchObject({ body: 'Edited' });
      const event = await expectEvent(probe, 'post.updated', post.id);
      expect(event.data).toEqual(res.body);
    });

    it('answers 403 NOT_OWNER to another user and keeps the text', async () => {
      const [author, other] = await Promise.all([createUser(http), createUser(http)]);
      const post = await writePost(author);
      expectError(
        (await request(http).patch(`/posts/${post.id}`).set(USER_ID, other.id).send({ body: 'x' }).expect(403)).body,
        403,
        'NOT_OWNER',
      );
      expect(await stored(post.id)).toMatchObject({ body: 'First!' });
    });

    it('answers 400 for a product id that is not an ObjectId', async () => {
      const author = await createUser(http);
      const post = await writePost(author);
      const res = await request(http)
        .patch(`/posts/${post.id}`)
        .set(USER_ID, author.id)
        .send({ product_ids: ['abc'] })
        .expect(400);
      expect(res.body.errors).toEqual([{ field: 'product_ids', reason: 'each value in product_ids must be a mongodb id' }]);
    });
  });

  describe('POST /posts/:id/publish', () => {
    it('moves draft to published, sets published_at and emits post.published', async () => {
      const author = await createUser(http);
      const post = await writePost(author);
      const res = await request(http).post(`/posts/${post.id}/publish`).set(USER_ID, author.id).expect(200);

      expect(res.body).toEqual({
        ...post,
        status: 'published',
        published_at: expect.stringMatching(ISO_UTC),
        updated_at: expect.stringMatching(ISO_UTC),
      });
      expect(await stored(post.id)).toMatchObject({ status: 'published', published_at: new Date(res.body.published_at) });
      const event = await expectEvent(probe, 'post.published', post.id);
      expect(event.data).toEqual(res.body);
    });

    it('answers 409 INVALID_TRANSITION when already published', async () => {
      const author = await createUser(http);
      const post = await writePost(author);
      await request(http).post(`/posts/${post.id}/publish`).set(USER_ID, author.id).expect(200);
      const res = await request(http).post(`/posts/${post.id}/publish`).set(USER_ID, author.id).expect(409);
      expect(res.body).toMatchObject({ code: 'INVALID_TRANSITION', from: 'published', to: 'published' });
    });
  });

  describe('DELETE /posts/:id', () => {
    it('soft deletes: deleted_at stored, post.deleted emitted, then 404 on GET and PATCH', async () => {
      const author = await createUser(http);
      const post = await writePost(author);
      const res = await request(http).delete(`/posts/${post.id}`).set(USER_ID, author.id).expect(200);

      expect(res.body).toEqual({ post_id: post.id, deleted_at: expect.stringMatching(ISO_UTC) });
      expect(await stored(post.id)).toMatchObject({ body: 'First!', deleted_at: new Date(res.body.deleted_at) });
      const event = await expectEvent(probe, 'post.deleted', post.id);
      expect(event.data).toEqual(res.body);
      await request(http).get(`/posts/${post.id}`).expect(404);
      await request(http).patch(`/posts/${post.id}`).set(USER_ID, author.id).send({ body: 'x' }).expect(404);
    });

    it('answers 403 NOT_OWNER to another user and keeps the post', async () => {
      const [author, other] = await Promise.all([createUser(http), createUser(http)]);
      const post = await writePost(author);
      expectError((await request(http).delete(`/posts/${post.id}`).set(USER_ID, other.id).expect(403)).body, 403, 'NOT_OWNER');
      expect(await stored(post.id)).toMatchObject({ deleted_at: null });
    });
  });
});
