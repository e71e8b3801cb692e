import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { App } from 'supertest/types';
import { startBackendApp } from '../../support/backend-app';
import { createSupplier, productBody, SUPPLIER_ID, uniqueEmail, USER_ID, createUser } from './fixtures';

/** Bad input gets a 4xx naming what is wrong, never a 5xx, and never a value the read model would refuse later. */
describe('input limits', () => {
  let app: INestApplication;
  let http: App;

  beforeAll(async () => {
    app = await startBackendApp();
    http = app.getHttpServer();
  });

  afterAll(async () => {
    await app?.close();
  });

  const fieldsOf = (body: { errors?: Array<{ field: string }> }) => (body.errors ?? []).map((e) => e.field);

  it('answers 413 PAYLOAD_TOO_LARGE, in the API error shape, to a 5 MB body', async () => {
    const res = await request(http)
      .post('/users')
      .set('content-type', 'application/json')
      .send(JSON.stringify({ email: uniqueEmail(), profile: { display_name: 'x', bio: 'b'.repeat(5 * 1024 * 1024) } }))
      .expect(413);
    expect(res.body).toMatchObject({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE' });
  });

  it('answers 400 naming body to JSON nested 15,000 levels deep, and to malformed JSON', async () => {
    const deep = `{"profile":${'['.repeat(15_000)}${']'.repeat(15_000)}}`; // 30 KB: under the size limit
    const res = await request(http).post('/users').set('content-type', 'application/json').send(deep).expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
    expect(fieldsOf(res.body)).toEqual(['body']);
    const malformed = await request(http).post('/users').set('content-type', 'application/json').send('{"email": ').expect(400);
    expect(fieldsOf(malformed.body)).toEqual(['body']);
  });

  it('refuses a price above 2^53 instead of rounding it (9007199254740993 would be stored as ...992)', async () => {
    const supplier = await createSupplier(http);
    const body = JSON.stringify(productBody({ base_price_cents: 1 })).replace(
      '"base_price_cents":1',
      '"base_price_cents":9007199254740993',
    );
    const res = await request(http)
      .post('/products')
      .set(SUPPLIER_ID, supplier.id)
      .set('content-type', 'application/json')
      .send(body)
      .expect(400);
    expect(fieldsOf(res.body)).toEqual(['base_price_cents']);
  });

  it('refuses an avatar_url of 2,080 characters, more media urls than the read model holds, and 90 KB of variant attributes', async () => {
    const avatar = `https://cdn.example/${'a'.repeat(2060)}`;
    const user = await request(http)
      .post('/users')
      .send({ email: uniqueEmail(), profile: { display_name: 'A', avatar_url: avatar } })
      .expect(400);
    expect(fieldsOf(user.body)).toEqual(['profile.avatar_url']);

    const author = await createUser(http);
    const media_urls = Array.from({ length: 40 }, (_, i) => `https://cdn.example/${i}/${'m'.repeat(1900)}`);
    const post = await request(http).post('/posts').set(USER_ID, author.id).send({ body: 'hi', media_urls }).expect(400);
    expect(fieldsOf(post.body)).toEqual(['media_urls']);

    const supplier = await createSupplier(http);
    const attributes = { notes: 'n'.repeat(90 * 1024) };
    const variants = [{ sku: 'S-1', name: 'One', attributes, price_cents: 100, stock: 1 }];
    const product = await request(http).post('/products').set(SUPPLIER_ID, supplier.id).send(productBody({ variants })).expect(400);
    expect(fieldsOf(product.body)).toEqual(['variants.0.attributes']);
  });
});
