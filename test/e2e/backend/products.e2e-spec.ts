import { INestApplication } from '@nestjs/common';
import { ProductData, SupplierData } from '@app/kafka';
import { Db, ObjectId } from 'mongodb';
import request from 'supertest';
import { App } from 'supertest/types';
import { startBackendApp } from '../../support/backend-app';
import { testMongo } from '../../support/databases';
import { KafkaProbe } from '../../support/kafka-probe';
import {
  createActiveProduct,
  createProduct,
  createSupplier,
  expectError,
  expectEvent,
  HEX_24,
  ISO_UTC,
  productBody,
  SUPPLIER_ID,
  unknownId,
} from './fixtures';

describe('products', () => {
  let app: INestApplication;
  let http: App;
  let probe: KafkaProbe;
  let mongo: { db: Db; close: () => Promise<void> };
  let supplier: SupplierData;
  let otherSupplier: SupplierData;
  const stored = (id: string) => mongo.db.collection('products').findOne({ _id: new ObjectId(id) });
  const act = (product: ProductData, action: string, supplierId = product.supplier_id) =>
    request(http).post(`/products/${product.id}/${action}`).set(SUPPLIER_ID, supplierId);

  beforeAll(async () => {
    [app, probe, mongo] = await Promise.all([startBackendApp(), KafkaProbe.start(['product']), testMongo()]);
    http = app.getHttpServer();
    [supplier, otherSupplier] = await Promise.all([createSupplier(http), createSupplier(http)]);
  });

  afterAll(async () => {
    await Promise.all([app?.close(), probe?.stop(), mongo?.close()]);
  });

  describe('POST /products', () => {
    it('stores a draft product owned by X-Supplier-ID and emits product.created with the whole document', async () => {
      const body = productBody({ description: 'Hand glazed', category: 'kitchen', currency: 'EUR' });
      const res = await request(http).post('/products').set(SUPPLIER_ID, supplier.id).send(body).expect(201);

      expect(res.body).toEqual({
        id: expect.stringMatching(HEX_24),
        supplier_id: supplier.id,
        name: body.name,
        description: 'Hand glazed',
        category: 'kitchen',
        base_price_cents: 1200,
        currency: 'EUR',
        status: 'draft',
        variants: [{ ...(body.variants as object[])[0] }, { ...(body.variants as object[])[1], attributes: {} }],
        published_at: null,
        created_at: expect.stringMatching(ISO_UTC),
        updated_at: expect.stringMatching(ISO_UTC),
      });
      expect(await stored(res.body.id)).toMatchObject({ supplier_id: new ObjectId(supplier.id), status: 'draft', published_at: null });
      const event = await expectEvent(probe, 'product.created', res.body.id);
      expect(event.data).toEqual(res.body);
    });

    it('answers 400 when two variants share a sku', async () => {
      const variant = { sku: 'SAME', name: 'A', price_cents: 100 };
      const res = await request(http)
        .post('/products')
        .set(SUPPLIER_ID, supplier.id)
        .send(productBody({ variants: [variant, variant] }))
        .expect(400);
      expect(res.body.errors).toEqual([{ field: 'variants', reason: 'variants must not repeat a sku' }]);
    });

    it('answers 400 for a negative price, a lower-case currency and attributes that are not strings', async () => {
      const res = await request(http)
        .post('/products')
        .set(SUPPLIER_ID, supplier.id)
        .send(
          productBody({
            base_price_cents: -1,
            currency: 'usd',
            variants: [{ sku: 'A', name: 'A', price_cents: 1, attributes: { size: 3 } }],
          }),
        )
        .expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
        'base_price_cents',
        'currency',
        'variants.0.attributes',
      ]);
    });

    it('answers 401 without X-Supplier-ID and for a supplier that does not exist', async () => {
      expectError((await request(http).post('/products').send(productBody()).expect(401)).body, 401, 'IDENTITY_MISSING');
      expectError(
        (await request(http).post('/products').set(SUPPLIER_ID, unknownId()).send(productBody()).expect(401)).body,
        401,
        'IDENTITY_UNKNOWN',
      );
    });

    it('answers 403 when the body names another supplier than X-Supplier-ID', async () => {
      const res = await request(http)
        .post('/products')
        .set(SUPPLIER_ID, supplier.id)
        .send(productBody({ supplier_id: otherSupplier.id }))
        .expect(403);
      expectError(res.body, 403, 'NOT_OWNER');
    });
  });

  describe('GET /products/:id', () => {
    it('returns the product in the shape of its product.created data', async () => {
      const product = await createProduct(http, supplier.id);
      expect((await request(http).get(`/products/${product.id}`).expect(200)).body).toEqual(product);
    });

    it('answers 404 PRODUCT_NOT_FOUND for an unknown id', async () => {
      expectError((await request(http).get(`/products/${unknownId()}`).expect(404)).body, 404, 'PRODUCT_NOT_FOUND');
    });
  });

  describe('PATCH /products/:id', () => {
    it('changes the sent fields, replaces the variants and emits product.updated', async () => {
      const product = await createProduct(http, supplier.id);
      const variants = [{ sku: 'NEW-1', name: 'Green', attributes: { color: 'green' }, price_cents: 1500, stock: 2 }];
      const res = await request(http)
        .patch(`/products/${product.id}`)
        .set(SUPPLIER_ID, supplier.id)
        .send({ name: 'Renamed mug', description: null, variants })
        .expect(200);

      expect(res.body).toEqual({
        ...product,
        name: 'Renamed mug',
        description: null,
        variants,
        updated_at: expect.stringMatching(ISO_UTC),
      });
      expect(await stored(product.id)).toMatchObject({ name: 'Renamed mug', variants });
      const event = await expectEvent(probe, 'product.updated', product.id);
      expect(event.data).toEqual(res.body);
    });

    it('answers 403 NOT_OWNER for another supplier and leaves the product as it was', async () => {
      const product = await createProduct(http, supplier.id);
      const res = await request(http)
        .patch(`/products/${product.id}`)
        .set(SUPPLIER_ID, otherSupplier.id)
        .send({ name: 'Stolen' })
        .expect(403);
      expectError(res.body, 403, 'NOT_OWNER');
      expect(await stored(product.id)).toMatchObject({ name: product.name });
    });

    it('answers 404 for an unknown product and 400 for a malformed id', async () => {
      await request(http).patch(`/products/${unknownId()}`).set(SUPPLIER_ID, supplier.id).send({ name: 'x' }).expect(404);
      expect(
        (await request(http).patch('/products/xyz').set(SUPPLIER_ID, supplier.id).send({ name: 'x' }).expect(400)).body.errors,
      ).toEqual([{ field: 'id', reason: 'id must be a 24-character hex ObjectId' }]);
    });
  });

  describe('POST /products/:id/publish', () => {
    it('moves draft to active, sets published_at and emits product.published', async () => {
      const product = await createProduct(http, supplier.id);
      const res = await act(product, 'publish').expect(200);

      expect(res.body).toEqual({
        ...product,
        status: 'active',
        published_at: expect.stringMatching(ISO_UTC),
        updated_at: expect.stringMatching(ISO_UTC),
      });
      expect(await stored(product.id)).toMatchObject({ status: 'active', published_at: new Date(res.body.published_at) });
      const event = await expectEvent(probe, 'product.published', product.id);
      expect(event.data).toEqual(res.body);
    });

    it('answers 409 INVALID_TRANSITION naming from and to when the product is already active', async () => {
      const product = await createActiveProduct(http, supplier.id);
      const res = await act(product, 'publish').expect(409);
      expect(res.body).toMatchObject({ statusCode: 409, code: 'INVALID_TRANSITION', from: 'active', to: 'active' });
    });

    it('lets exactly one of two concurrent publishes win, with one event', async () => {
      const product = await createProduct(http, supplier.id);
      const statuses = (await Promise.all([act(product, 'publish'), act(product, 'publish')])).map((r) => r.status).sort();
      expect(statuses).toEqual([200, 409]);
      await expectEvent(probe, 'product.published', product.id);
    });

    it('answers 403 NOT_OWNER for another supplier', async () => {
      const product = await createProduct(http, supplier.id);
      expectError((await act(product, 'publish', otherSupplier.id).expect(403)).body, 403, 'NOT_OWNER');
      expect(await stored(product.id)).toMatchObject({ status: 'draft' });
    });
  });

  describe('POST /products/:id/out-of-stock', () => {
    it('moves active to out_of_stock and emits product.out_of_stock', async () => {
      const product = await createActiveProduct(http, supplier.id);
      const res = await act(product, 'out-of-stock').expect(200);

      expect(res.body).toEqual({ ...product, status: 'out_of_stock', updated_at: expect.stringMatching(ISO_UTC) });
      expect(await stored(product.id)).toMatchObject({ status: 'out_of_stock' });
      const event = await expectEvent(probe, 'product.out_of_stock', product.id);
      expect(event.data).toEqual(res.body);
    });

    it('answers 409 from draft', async () => {
      const product = await createProduct(http, supplier.id);
      expect((await act(product, 'out-of-stock').expect(409)).body).toMatchObject({
        code: 'INVALID_TRANSITION',
        from: 'draft',
        to: 'out_of_stock',
      });
    });
  });

  describe('POST /products/:id/restore', () => {
    it('moves out_of_stock back to active, keeps the first published_at and emits product.restored', async () => {
      const product = await createActiveProduct(http, supplier.id);
      await act(product, 'out-of-stock').expect(200);
      const res = await act(product, 'restore').expect(200);

      expect(res.body).toEqual({
        ...product,
        status: 'active',
        published_at: product.published_at,
        updated_at: expect.stringMatching(ISO_UTC),
      });
      expect(await stored(product.id)).toMatchObject({ status: 'active' });
      const event = await expectEvent(probe, 'product.restored', product.id);
      expect(event.data).toEqual(res.body);
    });

    it('sets published_at when a never published product is restored from discontinued', async () => {
      const product = await createProduct(http, supplier.id);
      await act(product, 'discontinue').expect(200);
      const res = await act(product, 'restore').expect(200);
      expect(res.body).toMatchObject({ status: 'active', published_at: expect.stringMatching(ISO_UTC) });
    });

    it('answers 409 for an active product', async () => {
      const product = await createActiveProduct(http, supplier.id);
      expect((await act(product, 'restore').expect(409)).body).toMatchObject({ code: 'INVALID_TRANSITION', from: 'active', to: 'active' });
    });
  });

  describe('POST /products/:id/discontinue', () => {
    it('moves active to discontinued and emits product.discontinued', async () => {
      const product = await createActiveProduct(http, supplier.id);
      const res = await act(product, 'discontinue').expect(200);

      expect(res.body).toEqual({ ...product, status: 'discontinued', updated_at: expect.stringMatching(ISO_UTC) });
      expect(await stored(product.id)).toMatchObject({ status: 'discontinued' });
      const event = await expectEvent(probe, 'product.discontinued', product.id);
      expect(event.data).toEqual(res.body);
    });

    it('answers 409 when already discontinued, and 404 for an unknown product', async () => {
      const product = await createProduct(http, supplier.id);
      await act(product, 'discontinue').expect(200);
      expect((await act(product, 'discontinue').expect(409)).body).toMatchObject({
        code: 'INVALID_TRANSITION',
        from: 'discontinued',
        to: 'discontinued',
      });
      expectError((await act({ ...product, id: unknownId() }, 'discontinue').expect(404)).body, 404, 'PRODUCT_NOT_FOUND');
    });
  });

  describe('DELETE /products/:id', () => {
    it('removes the document, emits product.deleted with product and supplier ids, then answers 404', async () => {
      const product = await createActiveProduct(http, supplier.id);
      const res = await request(http).delete(`/products/${product.id}`).set(SUPPLIER_ID, supplier.id).expect(200);

      expect(res.body).toEqual({ product_id: product.id, supplier_id: supplier.id, deleted_at: expect.stringMatching(ISO_UTC) });
      expect(await stored(product.id)).toBeNull();
      const event = await expectEvent(probe, 'product.deleted', product.id);
      expect(event.data).toEqual(res.body);
      await request(http).get(`/products/${product.id}`).expect(404);
    });

    it('answers 403 NOT_OWNER for another supplier and keeps the product', async () => {
      const product = await createProduct(http, supplier.id);
      expectError(
        (await request(http).delete(`/products/${product.id}`).set(SUPPLIER_ID, otherSupplier.id).expect(403)).body,
        403,
        'NOT_OWNER',
      );
      expect(await stored(product.id)).not.toBeNull();
    });
  });
});
