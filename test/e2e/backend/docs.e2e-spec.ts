import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { App } from 'supertest/types';
import { startBackendApp } from '../../support/backend-app';

const CONTRACT_ROUTES: Array<[method: string, path: string, header: string | null]> = [
  ['post', '/users', null],
  ['get', '/users/{id}', 'X-User-ID'], // optional: the viewer, who sees email and contact only of themself
  ['patch', '/users/{id}', 'X-User-ID'],
  ['delete', '/users/{id}', 'X-User-ID'],
  ['post', '/suppliers', null],
  ['get', '/suppliers/{id}', null],
  ['patch', '/suppliers/{id}', 'X-Supplier-ID'],
  ['delete', '/suppliers/{id}', 'X-Supplier-ID'],
  ['post', '/products', 'X-Supplier-ID'],
  ['get', '/products/{id}', null],
  ['patch', '/products/{id}', 'X-Supplier-ID'],
  ['post', '/products/{id}/publish', 'X-Supplier-ID'],
  ['post', '/products/{id}/out-of-stock', 'X-Supplier-ID'],
  ['post', '/products/{id}/restore', 'X-Supplier-ID'],
  ['post', '/products/{id}/discontinue', 'X-Supplier-ID'],
  ['delete', '/products/{id}', 'X-Supplier-ID'],
  ['post', '/orders', 'X-User-ID'],
  ['get', '/orders/{id}', 'X-User-ID'],
  ['post', '/orders/{id}/cancel', 'X-User-ID'],
  ['post', '/orders/{id}/ship', 'X-Supplier-ID'],
  ['post', '/posts', 'X-User-ID'],
  ['get', '/posts/{id}', null],
  ['patch', '/posts/{id}', 'X-User-ID'],
  ['post', '/posts/{id}/publish', 'X-User-ID'],
  ['delete', '/posts/{id}', 'X-User-ID'],
];

describe('API documentation', () => {
  let app: INestApplication;
  let http: App;
  // The OpenAPI JSON as served, walked by path and method; typing every level would hide nothing the assertions check.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let document: any;

  beforeAll(async () => {
    app = await startBackendApp();
    http = app.getHttpServer();
    document = (await request(http).get('/docs-json').expect(200)).body;
  });

  afterAll(async () => {
    await app?.close();
  });

  describe('GET /docs', () => {
    it('serves the Swagger UI', async () => {
      const res = await request(http).get('/docs').redirects(1).expect(200);
      expect(res.text).toContain('swagger-ui');
    });
  });

  describe('GET /docs-json', () => {
    it.each(CONTRACT_ROUTES)('documents %s %s with its identity header and error answers', (method, path, header) => {
      const operation = document.paths[path]?.[method];
      expect(operation).toBeDefined();
      const headers = (operation.parameters ?? []).filter((p: { in: string }) => p.in === 'header').map((p: { name: string }) => p.name);
      expect(headers).toEqual(header ? [header] : []);
      // The same routes take a bearer token in AUTH_MODE=jwt: Swagger UI's Authorize button fills it in.
      expect(operation.security ?? []).toEqual(header ? [{ bearer: [] }] : []);
      const statuses = Object.keys(operation.responses);
      expect(statuses).toEqual(expect.arrayContaining(header ? ['400', '401'] : ['400']));
      if (
        method !== 'get' &&
        method !== 'delete' &&
        !path.endsWith('publish') &&
        !path.includes('stock') &&
        !path.endsWith('restore') &&
        !path.endsWith('discontinue')
      ) {
        expect(operation.requestBody?.content['application/json'].schema.$ref).toMatch(/^#\/components\/schemas\/\w+Dto$/);
      }
    });

    it('declares the bearer scheme Swagger UI authorizes with', () => {
      expect(document.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
    });

    it('gives request bodies examples', () => {
      expect(document.components.schemas.CreateUserDto.properties.email.example).toBe('ada@example.com');
      expect(document.components.schemas.OrderLineDto.properties.quantity.example).toBe(2);
    });
  });
});
