import { ALL_EVENT_TYPES, TOPICS } from '@app/kafka';
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { AsyncApiModule } from './asyncapi.module';

describe('GET /asyncapi', () => {
  let app: INestApplication;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ imports: [AsyncApiModule] }).compile();
    app = await moduleRef.createNestApplication().init();
  });
  afterAll(() => app.close());

  it('answers the AsyncAPI 3.0 document as JSON: five channels, every event type a message', async () => {
    const res = await request(app.getHttpServer()).get('/asyncapi').expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body.asyncapi).toBe('3.0.0');
    expect(Object.keys(res.body.channels).sort()).toEqual([...TOPICS].sort());
    expect(Object.keys(res.body.components.messages)).toEqual([...ALL_EVENT_TYPES]);
  });

  it('answers a readable HTML page of it at /asyncapi.html, self-contained (no script, nothing from elsewhere)', async () => {
    const res = await request(app.getHttpServer()).get('/asyncapi.html').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    for (const type of ALL_EVENT_TYPES) expect(res.text).toContain(`<article id="${type}">`);
    expect(res.text).toContain('<td><code>tracking_number</code></td>');
    expect(res.text).toContain('<code>integer (&gt;= 1)</code>'); // entity_version
    expect(res.text).not.toMatch(/<script|<link|src="http|href="http/);
  });
});
