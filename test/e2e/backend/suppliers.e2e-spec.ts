import { INestApplication } from '@nestjs/common';
import { Db, ObjectId } from 'mongodb';
import request from 'supertest';
import { App } from 'supertest/types';
import { startBackendApp } from '../../support/backend-app';
import { testMongo } from '../../support/databases';
import { KafkaProbe } from '../../support/kafka-probe';
import { createSupplier, expectError, expectEvent, HEX_24, ISO_UTC, SUPPLIER_ID, unknownId } from './fixtures';

describe('suppliers', () => {
  let app: INestApplication;
  let http: App;
  let probe: KafkaProbe;
  let mongo: { db: Db; close: () => Promise<void> };
  const stored = (id: string) => mongo.db.collection('suppliers').findOne({ _id: new ObjectId(id) });

  beforeAll(async () => {
    [app, probe, mongo] = await Promise.all([startBackendApp(), KafkaProbe.start(['supplier']), testMongo()]);
    http = app.getHttpServer();
  });

  afterAll(async () => {
    await Promise.all([app?.close(), probe?.stop(), mongo?.close()]);
  });

  describe('POST /suppliers', () => {
    it('stores the supplier and emits supplier.created with the whole document', async () => {
      const body = {
        name: 'Acme Supplies',
        contact: { email: 'Sales@Acme.example', phone: '+1 555 0100' },
        address: { line1: '1 Industrial Way', city: 'Springfield', state: 'IL', postal_code: '62701', country: 'US' },
      };
      const res = await request(http).post('/suppliers').send(body).expect(201);

      expect(res.body).toEqual({
        id: expect.stringMatching(HEX_24),
        name: 'Acme Supplies',
        contact: { email: 'sales@acme.example', phone: '+1 555 0100' },
        address: { ...body.address, line2: null },
        status: 'active',
        created_at: expect.stringMatching(ISO_UTC),
        updated_at: expect.stringMatching(ISO_UTC),
      });
      expect(await stored(res.body.id)).toMatchObject({
        name: 'Acme Supplies',
        address: { city: 'Springfield', line2: null },
        status: 'active',
      });
      const event = await expectEvent(probe, 'supplier.created', res.body.id);
      expect(event.data).toEqual(res.body);
    });

    it('answers 400 naming the missing nested fields', async () => {
      const res = await request(http)
        .post('/suppliers')
        .send({ name: 'No address', contact: { email: 'x@y.example' } })
        .expect(400);
      expectError(res.body, 400, 'VALIDATION_FAILED');
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain('address');
    });
  });

  describe('GET /suppliers/:id', () => {
    it('returns the supplier in the shape of its supplier.created data', async () => {
      const supplier = await createSupplier(http);
      expect((await request(http).get(`/suppliers/${supplier.id}`).expect(200)).body).toEqual(supplier);
    });

    it('answers 404 SUPPLIER_NOT_FOUND for an unknown id and 400 for a malformed one', async () => {
      expectError((await request(http).get(`/suppliers/${unknownId()}`).expect(404)).body, 404, 'SUPPLIER_NOT_FOUND');
      expect((await request(http).get('/suppliers/123').expect(400)).body.errors).toEqual([
        { field: 'id', reason: 'id must be a 24-character hex ObjectId' },
      ]);
    });
  });

  describe('PATCH /suppliers/:id', () => {
    it('merges the sent address fields and emits supplier.updated with the whole document', async () => {
      const supplier = await createSupplier(http);
      const res = await request(http)
        .patch(`/suppliers/${supplier.id}`)
        .set(SUPPLIER_ID, supplier.id)
        .send({ name: 'Renamed', address: { city: 'Shelbyville' } })
        .expect(200);

      expect(res.body).toEqual({
        ...supplier,
        name: 'Renamed',
        address: { ...supplier.address, city: 'Shelbyville' },
        updated_at: expect.stringMatching(ISO_UTC),
      });
      expect(await stored(supplier.id)).toMatchObject({ name: 'Renamed', address: { line1: supplier.address.line1, city: 'Shelbyville' } });
      const event = await expectEvent(probe, 'supplier.updated', supplier.id);
      expect(event.data).toEqual(res.body);
    });

    it('answers 403 NOT_OWNER for another supplier and 401 for an unknown one', async () => {
      const [supplier, other] = await Promise.all([createSupplier(http), createSupplier(http)]);
      const forbidden = await request(http).patch(`/suppliers/${supplier.id}`).set(SUPPLIER_ID, other.id).send({ name: 'x' }).expect(403);
      expectError(forbidden.body, 403, 'NOT_OWNER');
      const unknown = await request(http).patch(`/suppliers/${supplier.id}`).set(SUPPLIER_ID, unknownId()).send({ name: 'x' }).expect(401);
      expectError(unknown.body, 401, 'IDENTITY_UNKNOWN');
      expect(await stored(supplier.id)).toMatchObject({ name: supplier.name });
    });

    it('answers 400 for an unknown nested field', async () => {
      const supplier = await createSupplier(http);
      const res = await request(http)
        .patch(`/suppliers/${supplier.id}`)
        .set(SUPPLIER_ID, supplier.id)
        .send({ address: { planet: 'Mars' } })
        .expect(400);
      expect(res.body.errors).toEqual([{ field: 'address.planet', reason: 'property planet should not exist' }]);
    });
  });

  describe('DELETE /suppliers/:id', () => {
    it('removes the document, emits supplier.deleted, then answers 404', async () => {
      const supplier = await createSupplier(http);
      const res = await request(http).delete(`/suppliers/${supplier.id}`).set(SUPPLIER_ID, supplier.id).expect(200);

      expect(res.body).toEqual({ supplier_id: supplier.id, deleted_at: expect.stringMatching(ISO_UTC) });
      expect(await stored(supplier.id)).toBeNull();
      const event = await expectEvent(probe, 'supplier.deleted', supplier.id);
      expect(event.data).toEqual(res.body);
      await request(http).get(`/suppliers/${supplier.id}`).expect(404);
      await request(http).delete(`/suppliers/${supplier.id}`).set(SUPPLIER_ID, supplier.id).expect(404);
    });

    it('answers 401 IDENTITY_INVALID for a malformed X-Supplier-ID and keeps the supplier', async () => {
      const supplier = await createSupplier(http);
      expectError(
        (await request(http).delete(`/suppliers/${supplier.id}`).set(SUPPLIER_ID, 'abc').expect(401)).body,
        401,
        'IDENTITY_INVALID',
      );
      expect(await stored(supplier.id)).not.toBeNull();
    });
  });
});
