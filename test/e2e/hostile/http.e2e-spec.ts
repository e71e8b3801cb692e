import { createHmac, generateKeyPairSync, randomUUID } from 'node:crypto';
import { AddressInfo, connect } from 'node:net';
import { INestApplication } from '@nestjs/common';
import { Db } from 'mongodb';
import request from 'supertest';
import { App } from 'supertest/types';
import { signIdentityToken } from '../../../apps/backend/src/auth/jwt';
import { startBackendApp } from '../../support/backend-app';
import { testMongo } from '../../support/databases';
import { KafkaProbe } from '../../support/kafka-probe';
import { createSupplier, createUser, productBody, SUPPLIER_ID, unknownId, USER_ID } from '../backend/fixtures';

const SECRET = `hostile-suite-secret-${randomUUID()}`;
const RUN = randomUUID().slice(0, 8);
let serial = 0;
/** A string unique to one case: it goes into the body, and must show up in no document and no event. */
const marker = () => `hostile-${RUN}-${++serial}`;
const emailOf = (m: string) => `${m}@example.com`;

/** Starts the backend with `env` set while its config is read (BackendConfig.fromEnv runs at module compile). */
async function backendWith(env: Record<string, string>): Promise<INestApplication> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    return await startBackendApp();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

type Sent = { status: number; body: { code?: string; errors?: Array<{ field: string; reason: string }> } };
interface Case {
  name: string;
  app?: 'headers' | 'jwt';
  send: (http: App, m: string) => Promise<Sent>;
  status: number;
  code?: string;
  /** A field the 400 names. */
  field?: string;
}

const token = (sub: string, kind: 'user' | 'supplier', more: { exp?: number; secret?: string } = {}) =>
  signIdentityToken({ sub, kind, exp: more.exp }, { alg: 'HS256', secret: more.secret ?? SECRET });
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

/** Ids shared by the cases, made in beforeAll. */
const ids = { victim: '', other: '', supplier: '', product: '' };
const userBody = (m: string, extra: Record<string, unknown> = {}) => ({ email: emailOf(m), profile: { display_name: m }, ...extra });
const json = (http: App, method: 'post' | 'patch', path: string) => request(http)[method](path).set('content-type', 'application/json');

const CASES: Case[] = [
  // Content types: a plain HTML form (or text/plain) can POST cross-site without a CORS preflight.
  {
    name: 'form-encoded POST /users',
    send: (http, m) =>
      request(http)
        .post('/users')
        .type('form')
        .send(`email=${emailOf(m)}&profile[display_name]=${m}`),
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
  },
  {
    name: 'form-encoded POST /suppliers',
    send: (http, m) => request(http).post('/suppliers').type('form').send(`name=${m}`),
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
  },
  {
    name: 'text/plain POST /users holding JSON',
    send: (http, m) =>
      request(http)
        .post('/users')
        .set('content-type', 'text/plain')
        .send(JSON.stringify(userBody(m))),
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
  },
  {
    name: 'multipart PATCH /users/:id',
    send: (http, m) => request(http).patch(`/users/${ids.victim}`).set(USER_ID, ids.victim).field('profile[display_name]', m),
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
  },
  {
    name: 'POST /users without a content type',
    send: (http, m) =>
      request(http)
        .post('/users')
        .set('content-type', '')
        .send(Buffer.from(JSON.stringify(userBody(m)))),
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
  },
  // Malformed and oversized bodies.
  {
    name: 'malformed JSON',
    send: (http, m) => json(http, 'post', '/users').send(`{"email": "${emailOf(m)}", `),
    status: 400,
    code: 'BAD_REQUEST',
    field: 'body',
  },
  {
    name: 'a JSON array as the body',
    send: (http, m) => json(http, 'post', '/users').send(`[${JSON.stringify(userBody(m))}]`),
    status: 400,
  },
  {
    name: 'a JSON string as the body',
    send: (http, m) => json(http, 'post', '/users').send(JSON.stringify(m)),
    status: 400,
    code: 'BAD_REQUEST',
    field: 'body',
  },
  {
    name: "'a.' x 400,000 in a field (an 800 KB body)",
    send: (http, m) =>
      json(http, 'post', '/users').send(JSON.stringify(userBody(m, { profile: { display_name: m, bio: 'a.'.repeat(400_000) } }))),
    status: 413,
    code: 'PAYLOAD_TOO_LARGE',
  },
  {
    name: 'a 2 MB body',
    send: (http, m) => json(http, 'post', '/suppliers').send(JSON.stringify({ name: m, padding: 'x'.repeat(2 * 1024 * 1024) })),
    status: 413,
    code: 'PAYLOAD_TOO_LARGE',
  },
  {
    name: 'JSON nested 20,000 levels',
    send: (http, m) => json(http, 'post', '/users').send(`{"email":"${emailOf(m)}","profile":${'['.repeat(20_000)}${']'.repeat(20_000)}}`),
    status: 400,
    field: 'body',
  },
  // Prototype keys and NUL characters.
  {
    name: 'a __proto__ key',
    send: (http, m) =>
      json(http, 'post', '/users').send(`{"email":"${emailOf(m)}","profile":{"display_name":"${m}"},"__proto__":{"status":"admin"}}`),
    status: 400,
    field: '__proto__',
  },
  {
    name: 'a constructor key',
    send: (http, m) => json(http, 'post', '/users').send(JSON.stringify({ ...userBody(m), constructor: { prototype: { admin: true } } })),
    status: 400,
    field: 'constructor',
  },
  {
    name: 'a nested __proto__ key (profile.__proto__)',
    send: (http, m) => json(http, 'post', '/users').send(`{"email":"${emailOf(m)}","profile":{"display_name":"${m}","__proto__":{"x":1}}}`),
    status: 400,
    field: 'profile.__proto__',
  },
  {
    name: 'a __proto__ key in variant attributes',
    send: (http, m) =>
      json(http, 'post', '/products')
        .set(SUPPLIER_ID, ids.supplier)
        .send(JSON.stringify(productBody({ name: m })).replace('"attributes":{', '"attributes":{"__proto__":{"polluted":"yes"},')),
    status: 400,
    field: 'variants.0.attributes.__proto__',
  },
  {
    name: 'a NUL byte in a variant attribute key',
    send: (http, m) =>
      json(http, 'post', '/products')
        .set(SUPPLIER_ID, ids.supplier)
        .send(
          productBody({
            name: m,
            variants: [{ sku: `S-${m}`, name: 'x', attributes: { 'co\u0000lor': 'red' }, price_cents: 1, stock: 1 }],
          }),
        ),
    status: 400,
    field: 'variants.0.attributes.co\\0lor',
  },
  {
    name: 'a NUL byte in a display name',
    send: (http, m) => json(http, 'post', '/users').send(userBody(m, { profile: { display_name: `${m}\u0000admin` } })),
    status: 400,
    field: 'profile.display_name',
  },
  {
    name: 'a NUL byte in a post body',
    send: (http, m) =>
      json(http, 'post', '/posts')
        .set(USER_ID, ids.victim)
        .send({ body: `${m}\u0000` }),
    status: 400,
    field: 'body',
  },
  // Operator injection (MongoDB query and update operators).
  {
    name: 'an operator as the email ({"$gt": ""})',
    send: (http, m) => json(http, 'post', '/users').send({ email: { $gt: '' }, profile: { display_name: m } }),
    status: 400,
    field: 'email',
  },
  {
    name: 'an update operator as the PATCH body ({"$set": ...})',
    send: (http, m) =>
      json(http, 'patch', `/users/${ids.victim}`)
        .set(USER_ID, ids.victim)
        .send({ $set: { 'profile.display_name': m } }),
    status: 400,
    field: '$set',
  },
  {
    name: 'a $where in a nested field',
    send: (http, m) => json(http, 'post', '/users').send({ email: emailOf(m), profile: { display_name: { $where: 'sleep(5000)' } } }),
    status: 400,
    field: 'profile.display_name',
  },
  {
    name: 'an operator as an order product_id',
    send: (http, m) =>
      json(http, 'post', '/orders')
        .set(USER_ID, ids.victim)
        .send({
          items: [{ product_id: { $ne: null }, sku: m, quantity: 1 }],
          shipping_address: { recipient_name: m, line1: 'x', city: 'x', postal_code: 'x', country: 'GB' },
        }),
    status: 400,
    field: 'items.0.product_id',
  },
  {
    name: 'a dotted key ({"profile.status": ...})',
    send: (http, m) => json(http, 'post', '/users').send({ email: emailOf(m), profile: { display_name: m }, 'profile.status': 'admin' }),
    status: 400,
    field: 'profile.status',
  },
  { name: 'an operator as the :id param', send: (http) => request(http).get('/users/%7B%22%24ne%22%3Anull%7D'), status: 400, field: 'id' },
  // Wrong types and values past the limits.
  {
    name: 'a number as the email',
    send: (http, m) => json(http, 'post', '/users').send({ email: 42, profile: { display_name: m } }),
    status: 400,
    field: 'email',
  },
  {
    name: 'profile as an array',
    send: (http, m) => json(http, 'post', '/users').send({ email: emailOf(m), profile: [m] }),
    status: 400,
    field: 'profile',
  },
  {
    name: 'a price as a string',
    send: (http, m) =>
      json(http, 'post', '/products')
        .set(SUPPLIER_ID, ids.supplier)
        .send(productBody({ name: m, base_price_cents: '1200' })),
    status: 400,
    field: 'base_price_cents',
  },
  {
    name: 'a fractional price',
    send: (http, m) =>
      json(http, 'post', '/products')
        .set(SUPPLIER_ID, ids.supplier)
        .send(productBody({ name: m, base_price_cents: 12.5 })),
    status: 400,
    field: 'base_price_cents',
  },
  {
    name: 'a price of 2^53 + 1',
    send: (http, m) =>
      json(http, 'post', '/products')
        .set(SUPPLIER_ID, ids.supplier)
        .send(
          JSON.stringify(productBody({ name: m, base_price_cents: 1 })).replace(
            '"base_price_cents":1',
            '"base_price_cents":9007199254740993',
          ),
        ),
    status: 400,
    field: 'base_price_cents',
  },
  {
    name: 'a negative quantity',
    send: (http, m) =>
      json(http, 'post', '/orders')
        .set(USER_ID, ids.victim)
        .send({
          items: [{ product_id: ids.product, sku: m, quantity: -1 }],
          shipping_address: { recipient_name: m, line1: 'x', city: 'x', postal_code: 'x', country: 'GB' },
        }),
    status: 400,
    field: 'items.0.quantity',
  },
  {
    name: 'media_urls as a string',
    send: (http, m) => json(http, 'post', '/posts').set(USER_ID, ids.victim).send({ body: m, media_urls: 'x' }),
    status: 400,
    field: 'media_urls',
  },
  // Identity in headers mode.
  {
    name: 'PATCH /users/:id without an identity',
    send: (http, m) => json(http, 'patch', `/users/${ids.victim}`).send({ profile: { display_name: m } }),
    status: 401,
    code: 'IDENTITY_MISSING',
  },
  {
    name: 'an operator as X-User-ID',
    send: (http, m) => json(http, 'post', '/posts').set(USER_ID, '{"$ne":null}').send({ body: m }),
    status: 401,
    code: 'IDENTITY_INVALID',
  },
  {
    name: 'an X-User-ID that names nobody',
    send: (http, m) => json(http, 'post', '/posts').set(USER_ID, unknownId()).send({ body: m }),
    status: 401,
    code: 'IDENTITY_UNKNOWN',
  },
  {
    name: "another user's X-User-ID on PATCH /users/:id",
    send: (http, m) =>
      json(http, 'patch', `/users/${ids.victim}`)
        .set(USER_ID, ids.other)
        .send({ profile: { display_name: m } }),
    status: 403,
    code: 'NOT_OWNER',
  },
  // Identity in jwt mode: spoofed with and without tokens.
  {
    name: 'jwt: only the victim X-User-ID header, no token',
    app: 'jwt',
    send: (http, m) =>
      json(http, 'patch', `/users/${ids.victim}`)
        .set(USER_ID, ids.victim)
        .send({ profile: { display_name: m } }),
    status: 401,
    code: 'TOKEN_MISSING',
  },
  {
    name: 'jwt: a token signed with another secret',
    app: 'jwt',
    send: (http, m) =>
      json(http, 'patch', `/users/${ids.victim}`)
        .set('authorization', `Bearer ${token(ids.victim, 'user', { secret: 'not-the-secret-but-long-enough-0000' })}`)
        .send({ profile: { display_name: m } }),
    status: 401,
    code: 'TOKEN_SIGNATURE',
  },
  {
    name: 'jwt: alg none',
    app: 'jwt',
    send: (http, m) =>
      json(http, 'patch', `/users/${ids.victim}`)
        .set('authorization', `Bearer ${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: ids.victim, kind: 'user', exp: 9e9 })}.AA`)
        .send({ profile: { display_name: m } }),
    status: 401,
    code: 'TOKEN_ALGORITHM',
  },
  {
    name: 'jwt: an RS256 token where HS256 is configured (algorithm confusion)',
    app: 'jwt',
    send: (http, m) => {
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const rs = signIdentityToken(
        { sub: ids.victim, kind: 'user' },
        { alg: 'RS256', privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() },
      );
      return json(http, 'patch', `/users/${ids.victim}`)
        .set('authorization', `Bearer ${rs}`)
        .send({ profile: { display_name: m } });
    },
    status: 401,
    code: 'TOKEN_ALGORITHM',
  },
  {
    name: 'jwt: an expired token',
    app: 'jwt',
    send: (http, m) =>
      json(http, 'patch', `/users/${ids.victim}`)
        .set('authorization', `Bearer ${token(ids.victim, 'user', { exp: Math.floor(Date.now() / 1000) - 5 })}`)
        .send({ profile: { display_name: m } }),
    status: 401,
    code: 'TOKEN_EXPIRED',
  },
  {
    name: 'jwt: a token without exp',
    app: 'jwt',
    send: (http, m) => {
      const signed = `${b64({ alg: 'HS256' })}.${b64({ sub: ids.victim, kind: 'user' })}`;
      const sig = createHmac('sha256', SECRET).update(signed).digest('base64url');
      return json(http, 'patch', `/users/${ids.victim}`)
        .set('authorization', `Bearer ${signed}.${sig}`)
        .send({ profile: { display_name: m } });
    },
    status: 401,
    code: 'TOKEN_CLAIMS',
  },
  {
    name: 'jwt: a garbage bearer value',
    app: 'jwt',
    send: (http, m) => json(http, 'post', '/posts').set('authorization', 'Bearer {"$ne":null}').send({ body: m }),
    status: 401,
    code: 'TOKEN_MALFORMED',
  },
  {
    name: 'jwt: Basic instead of Bearer',
    app: 'jwt',
    send: (http, m) => json(http, 'post', '/posts').set('authorization', 'Basic YWRtaW46YWRtaW4=').send({ body: m }),
    status: 401,
    code: 'TOKEN_MALFORMED',
  },
  {
    name: "jwt: a supplier's token on a user route",
    app: 'jwt',
    send: (http, m) =>
      json(http, 'patch', `/users/${ids.victim}`)
        .set('authorization', `Bearer ${token(ids.victim, 'supplier')}`)
        .send({ profile: { display_name: m } }),
    status: 401,
    code: 'TOKEN_WRONG_KIND',
  },
  {
    name: "jwt: a user's token on a supplier route",
    app: 'jwt',
    send: (http, m) =>
      json(http, 'post', '/products')
        .set('authorization', `Bearer ${token(ids.victim, 'user')}`)
        .send(productBody({ name: m })),
    status: 401,
    code: 'TOKEN_WRONG_KIND',
  },
  {
    name: "jwt: the attacker's own valid token on the victim's PATCH",
    app: 'jwt',
    send: (http, m) =>
      json(http, 'patch', `/users/${ids.victim}`)
        .set('authorization', `Bearer ${token(ids.other, 'user')}`)
        .send({ profile: { display_name: m } }),
    status: 403,
    code: 'NOT_OWNER',
  },
  {
    name: "jwt: the attacker's token plus the victim's X-User-ID header",
    app: 'jwt',
    send: (http, m) =>
      json(http, 'patch', `/users/${ids.victim}`)
        .set('authorization', `Bearer ${token(ids.other, 'user')}`)
        .set(USER_ID, ids.victim)
        .send({ profile: { display_name: m } }),
    status: 403,
    code: 'NOT_OWNER',
  },
  {
    name: 'jwt: a valid token for a user that does not exist',
    app: 'jwt',
    send: (http, m) =>
      json(http, 'post', '/posts')
        .set('authorization', `Bearer ${token(unknownId(), 'user')}`)
        .send({ body: m }),
    status: 401,
    code: 'IDENTITY_UNKNOWN',
  },
  {
    name: 'jwt: a spoofed X-Supplier-ID on POST /products, no token',
    app: 'jwt',
    send: (http, m) =>
      json(http, 'post', '/products')
        .set(SUPPLIER_ID, ids.supplier)
        .send(productBody({ name: m })),
    status: 401,
    code: 'TOKEN_MISSING',
  },
];

describe('hostile HTTP input', () => {
  let headersApp: INestApplication;
  let jwtApp: INestApplication;
  let probe: KafkaProbe;
  let mongo: { db: Db; close: () => Promise<void> };
  const refusedMarkers: string[] = [];
  let victimBefore: unknown;

  /** Documents holding the marker anywhere a case puts it. */
  async function storedWith(m: string): Promise<number> {
    const db = mongo.db;
    const counts = await Promise.all([
      db.collection('users').countDocuments({ email: emailOf(m) }),
      db.collection('users').countDocuments({ 'profile.display_name': m }),
      db.collection('suppliers').countDocuments({ name: m }),
      db.collection('products').countDocuments({ name: m }),
      db.collection('posts').countDocuments({ body: m }),
      db.collection('orders').countDocuments({ 'shipping_address.recipient_name': m }),
    ]);
    return counts.reduce((a, b) => a + b, 0);
  }

  beforeAll(async () => {
    [headersApp, probe, mongo] = await Promise.all([
      startBackendApp(),
      KafkaProbe.start(['user', 'supplier', 'product', 'order', 'post']),
      testMongo(),
    ]);
    jwtApp = await backendWith({ AUTH_MODE: 'jwt', JWT_SECRET: SECRET });
    const http = headersApp.getHttpServer();
    const [victim, other, supplier] = await Promise.all([createUser(http), createUser(http), createSupplier(http)]);
    Object.assign(ids, { victim: victim.id, other: other.id, supplier: supplier.id });
    ids.product = (await request(http).post('/products').set(SUPPLIER_ID, supplier.id).send(productBody()).expect(201)).body.id;
    victimBefore = (await request(http).get(`/users/${victim.id}`).set(USER_ID, victim.id).expect(200)).body;
  });

  /** What each case got, printed at the end: the suite's answers, for the record. */
  const answers: string[] = [];

  afterAll(async () => {
    if (answers.length) console.log(`hostile HTTP requests and their answers:\n${answers.join('\n')}`);
    await Promise.all([headersApp?.close(), jwtApp?.close(), probe?.stop(), mongo?.close()]);
  });

  it.each(CASES.map((c) => [c.name, c] as const))('refuses %s, storing and emitting nothing', async (name, c) => {
    const m = marker();
    refusedMarkers.push(m);
    const res = await c.send((c.app === 'jwt' ? jwtApp : headersApp).getHttpServer(), m);
    expect({ status: res.status, code: res.body?.code }).toEqual({ status: c.status, code: c.code ?? res.body?.code });
    const reason = res.body?.errors?.[0]
      ? `${res.body.errors[0].field}: ${res.body.errors[0].reason}`
      : (res.body as { message?: string })?.message;
    answers.push(`  ${name} -> ${res.status} ${res.body?.code ?? ''} ${String(reason ?? '').slice(0, 120)}`);
    if (c.status === 400 && !c.code) expect(res.body.code).toBe('VALIDATION_FAILED');
    if (c.field) expect((res.body.errors ?? []).map((e) => e.field)).toContain(c.field);
    expect(await storedWith(m)).toBe(0);
    expect(probe.messages.filter((msg) => msg.value?.includes(m))).toEqual([]);
  });

  it("left the victim user as it was, and no refused request's event reached Kafka", async () => {
    const http = headersApp.getHttpServer();
    expect((await request(http).get(`/users/${ids.victim}`).set(USER_ID, ids.victim).expect(200)).body).toEqual(victimBefore);
    // A sentinel event after every case: once it is on Kafka, an event of any earlier request would be too.
    const sentinel = await createUser(http);
    await probe.waitFor((msg) => msg.json?.entity_id === sentinel.id, 20_000, 'the sentinel user.created');
    expect(probe.messages.filter((msg) => refusedMarkers.some((m) => msg.value?.includes(m)))).toEqual([]);
  });

  it('accepts the same journey with a valid token (the refusals above are about the token, not the route)', async () => {
    const http = jwtApp.getHttpServer();
    const name = marker();
    const res = await json(http, 'patch', `/users/${ids.other}`)
      .set('authorization', `Bearer ${token(ids.other, 'user')}`)
      .send({ profile: { display_name: name } })
      .expect(200);
    expect(res.body.profile.display_name).toBe(name);
    const own = await request(http)
      .get(`/users/${ids.other}`)
      .set('authorization', `Bearer ${token(ids.other, 'user')}`)
      .expect(200);
    expect(own.body.email).toEqual(expect.any(String));
    const seen = await request(http)
      .get(`/users/${ids.other}`)
      .set('authorization', `Bearer ${token(ids.victim, 'user')}`)
      .expect(200);
    expect(seen.body).not.toHaveProperty('email');
    expect(seen.body).not.toHaveProperty('contact');
  });
});

describe('hostile HTTP load', () => {
  let mongo: { db: Db; close: () => Promise<void> };

  beforeAll(async () => {
    mongo = await testMongo();
  });

  afterAll(async () => {
    await mongo?.close();
  });

  it('answers 429 past THROTTLE_LIMIT requests per client IP, and stores nothing for the refused one', async () => {
    const app = await backendWith({ THROTTLE_LIMIT: '5', THROTTLE_TTL_MS: '60000' });
    try {
      const http = app.getHttpServer();
      for (let i = 0; i < 5; i++) await request(http).get(`/users/${unknownId()}`).expect(404);
      const m = marker();
      const res = await json(http, 'post', '/users').send(userBody(m));
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 429, code: 'TOO_MANY_REQUESTS' });
      expect(await mongo.db.collection('users').countDocuments({ email: emailOf(m) })).toBe(0);
      await request(http).get('/health/live').expect(200); // probes are never throttled
    } finally {
      await app.close();
    }
  });

  /** A client that sends the request line, headers and part of a body, then trickles nothing more. */
  async function trickle(port: number, headersComplete: boolean, m: string): Promise<{ answer: string; seconds: number }> {
    const started = Date.now();
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1');
      let answer = '';
      socket.on('data', (chunk) => (answer += chunk.toString()));
      socket.on('close', () => resolve({ answer, seconds: (Date.now() - started) / 1000 }));
      socket.on('error', reject);
      const body = JSON.stringify(userBody(m));
      socket.write(`POST /users HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n`);
      if (headersComplete) socket.write(`Content-Length: ${body.length + 100}\r\n\r\n${body.slice(0, 10)}`);
      else socket.write('X-Slow: ');
    });
  }

  it.each([
    ['a body that never completes', true, 'HTTP_REQUEST_TIMEOUT_MS', 3],
    ['headers that never complete', false, 'HTTP_HEADERS_TIMEOUT_MS', 2],
  ] as const)(
    'closes a connection that trickles %s with 408 after %s, storing nothing',
    async (_what, headersComplete, _variable, limit) => {
      const app = await backendWith({ HTTP_HEADERS_TIMEOUT_MS: '2000', HTTP_REQUEST_TIMEOUT_MS: '3000' });
      try {
        await app.listen(0, '127.0.0.1');
        const { port } = app.getHttpServer().address() as AddressInfo;
        const m = marker();
        const { answer, seconds } = await trickle(port, headersComplete, m);
        expect(answer).toMatch(/^HTTP\/1\.1 408/);
        expect(seconds).toBeGreaterThanOrEqual(limit - 0.5);
        expect(seconds).toBeLessThan(limit + 5);
        expect(await mongo.db.collection('users').countDocuments({ email: emailOf(m) })).toBe(0);
      } finally {
        await app.close();
      }
    },
  );

  it('uses 10 s for headers, 30 s for a request and a keep-alive timeout by default', async () => {
    const app = await startBackendApp();
    try {
      const server = app.getHttpServer();
      expect({ headers: server.headersTimeout, request: server.requestTimeout, keepAlive: server.keepAliveTimeout }).toEqual({
        headers: 10_000,
        request: 30_000,
        keepAlive: 5_000,
      });
    } finally {
      await app.close();
    }
  });
});
