import { INestApplication } from '@nestjs/common';
import { OrderData, ProductData, SupplierData, UserData } from '@app/kafka';
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
  createUser,
  expectError,
  expectEvent,
  HEX_24,
  ISO_UTC,
  SHIPPING,
  SUPPLIER_ID,
  unknownId,
  USER_ID,
} from './fixtures';

describe('orders', () => {
  let app: INestApplication;
  let http: App;
  let probe: KafkaProbe;
  let mongo: { db: Db; close: () => Promise<void> };
  let supplier: SupplierData;
  let mug: ProductData;
  let plate: ProductData;
  const stored = (id: string) => mongo.db.collection('orders').findOne({ _id: new ObjectId(id) });
  const line = (product: ProductData, variant: number, quantity: number) => ({
    product_id: product.id,
    sku: product.variants[variant].sku,
    quantity,
  });

  async function placeOrder(user: UserData): Promise<OrderData> {
    const res = await request(http)
      .post('/orders')
      .set(USER_ID, user.id)
      .send({ items: [line(mug, 0, 1)], shipping_address: SHIPPING })
      .expect(201);
    return res.body as OrderData;
  }

  beforeAll(async () => {
    [app, probe, mongo] = await Promise.all([startBackendApp(), KafkaProbe.start(['order']), testMongo()]);
    http = app.getHttpServer();
    supplier = await createSupplier(http);
    [mug, plate] = await Promise.all([createActiveProduct(http, supplier.id), createActiveProduct(http, supplier.id, { name: 'Plate' })]);
  });

  afterAll(async () => {
    await Promise.all([app?.close(), probe?.stop(), mongo?.close()]);
  });

  describe('POST /orders', () => {
    it('prices the items from the products, copies the customer, stores the order and emits order.created', async () => {
      const user = await createUser(http, { profile: { display_name: 'Buyer' } });
      const res = await request(http)
        .post('/orders')
        .set(USER_ID, user.id)
        .send({ items: [line(mug, 0, 2), line(plate, 1, 3)], shipping_address: { ...SHIPPING, line2: 'Flat 3' } })
        .expect(201);

      const snapshot = (p: ProductData, v: number) => ({
        product_id: p.id,
        supplier_id: supplier.id,
        name: p.name,
        sku: p.variants[v].sku,
        variant_name: p.variants[v].name,
      });
      expect(res.body).toEqual({
        id: expect.stringMatching(HEX_24),
        order_number: expect.stringMatching(/^ORD-\d{8}-[0-9A-Z]{6}$/),
        customer: { user_id: user.id, email: user.email, display_name: 'Buyer' },
        items: [
          { line_no: 1, product_snapshot: snapshot(mug, 0), quantity: 2, unit_price_cents: 1250, line_total_cents: 2500 },
          { line_no: 2, product_snapshot: snapshot(plate, 1), quantity: 3, unit_price_cents: 990, line_total_cents: 2970 },
        ],
        shipping_address: { ...SHIPPING, line2: 'Flat 3', state: null },
        subtotal_cents: 5470,
        total_cents: 5470,
        currency: 'USD',
        status: 'pending',
        cancellation_reason: null,
        cancelled_at: null,
        carrier: null,
        tracking_number: null,
        shipped_at: null,
        created_at: expect.stringMatching(ISO_UTC),
        updated_at: expect.stringMatching(ISO_UTC),
      });
      expect(await stored(res.body.id)).toMatchObject({
        order_number: res.body.order_number,
        customer: { user_id: new ObjectId(user.id), email: user.email },
        total_cents: 5470,
        status: 'pending',
      });
      const event = await expectEvent(probe, 'order.created', res.body.id);
      expect(event.data).toEqual(res.body);
    });

    it('answers 404 PRODUCT_NOT_FOUND naming the item of an unknown product, and stores nothing', async () => {
      const user = await createUser(http);
      const res = await request(http)
        .post('/orders')
        .set(USER_ID, user.id)
        .send({ items: [line(mug, 0, 1), { product_id: unknownId(), sku: 'X', quantity: 1 }], shipping_address: SHIPPING })
        .expect(404);
      expect(res.body).toMatchObject({ statusCode: 404, code: 'PRODUCT_NOT_FOUND', field: 'items.1.product_id' });
      expect(await mongo.db.collection('orders').countDocuments({ 'customer.user_id': new ObjectId(user.id) })).toBe(0);
    });

    it('answers 409 PRODUCT_NOT_ACTIVE for a draft product', async () => {
      const user = await createUser(http);
      const draft = await createProduct(http, supplier.id);
      const res = await request(http)
        .post('/orders')
        .set(USER_ID, user.id)
        .send({ items: [line(draft, 0, 1)], shipping_address: SHIPPING })
        .expect(409);
      expect(res.body).toMatchObject({ code: 'PRODUCT_NOT_ACTIVE', status: 'draft', field: 'items.0.product_id' });
    });

    it('answers 404 SKU_NOT_FOUND for a sku the product does not have', async () => {
      const user = await createUser(http);
      const res = await request(http)
        .post('/orders')
        .set(USER_ID, user.id)
        .send({ items: [{ product_id: mug.id, sku: plate.variants[0].sku, quantity: 1 }], shipping_address: SHIPPING })
        .expect(404);
      expect(res.body).toMatchObject({ code: 'SKU_NOT_FOUND', field: 'items.0.sku' });
    });

    it('answers 409 CURRENCY_MISMATCH for products in different currencies', async () => {
      const user = await createUser(http);
      const euro = await createActiveProduct(http, supplier.id, { currency: 'EUR' });
      const res = await request(http)
        .post('/orders')
        .set(USER_ID, user.id)
        .send({ items: [line(mug, 0, 1), line(euro, 0, 1)], shipping_address: SHIPPING })
        .expect(409);
      expectError(res.body, 409, 'CURRENCY_MISMATCH');
    });

    it('answers 400 for no items, a zero quantity and a missing shipping address', async () => {
      const user = await createUser(http);
      const empty = await request(http).post('/orders').set(USER_ID, user.id).send({ items: [], shipping_address: SHIPPING }).expect(400);
      expect(empty.body.errors).toEqual([{ field: 'items', reason: 'items must contain at least 1 elements' }]);
      const zero = await request(http)
        .post('/orders')
        .set(USER_ID, user.id)
        .send({ items: [line(mug, 0, 0)] })
        .expect(400);
      expect(zero.body.errors).toEqual(
        expect.arrayContaining([
          { field: 'items.0.quantity', reason: 'quantity must not be less than 1' },
          { field: 'shipping_address', reason: 'shipping_address must be an object' },
        ]),
      );
    });

    it('answers 401 IDENTITY_UNKNOWN when X-User-ID is a deleted user', async () => {
      const user = await createUser(http);
      await request(http).delete(`/users/${user.id}`).set(USER_ID, user.id).expect(200);
      const res = await request(http)
        .post('/orders')
        .set(USER_ID, user.id)
        .send({ items: [line(mug, 0, 1)], shipping_address: SHIPPING })
        .expect(401);
      expectError(res.body, 401, 'IDENTITY_UNKNOWN');
    });
  });

  describe('GET /orders/:id', () => {
    it('returns the order to its customer in the shape of its order.created data', async () => {
      const user = await createUser(http);
      const order = await placeOrder(user);
      expect((await request(http).get(`/orders/${order.id}`).set(USER_ID, user.id).expect(200)).body).toEqual(order);
    });

    it('answers 403 NOT_OWNER to another user', async () => {
      const [user, other] = await Promise.all([createUser(http), createUser(http)]);
      const order = await placeOrder(user);
      expectError((await request(http).get(`/orders/${order.id}`).set(USER_ID, other.id).expect(403)).body, 403, 'NOT_OWNER');
    });

    it('answers 404 ORDER_NOT_FOUND for an unknown id and 401 without X-User-ID', async () => {
      const user = await createUser(http);
      expectError((await request(http).get(`/orders/${unknownId()}`).set(USER_ID, user.id).expect(404)).body, 404, 'ORDER_NOT_FOUND');
      expectError((await request(http).get(`/orders/${unknownId()}`).expect(401)).body, 401, 'IDENTITY_MISSING');
    });
  });

  describe('POST /orders/:id/cancel', () => {
    it('cancels a pending order with its reason, stores it and emits order.cancelled with ids and reason', async () => {
      const user = await createUser(http);
      const order = await placeOrder(user);
      const res = await request(http)
        .post(`/orders/${order.id}/cancel`)
        .set(USER_ID, user.id)
        .send({ reason: 'changed my mind' })
        .expect(200);

      expect(res.body).toEqual({
        ...order,
        status: 'cancelled',
        cancellation_reason: 'changed my mind',
        cancelled_at: expect.stringMatching(ISO_UTC),
        updated_at: expect.stringMatching(ISO_UTC),
      });
      expect(await stored(order.id)).toMatchObject({
        status: 'cancelled',
        cancellation_reason: 'changed my mind',
        cancelled_at: new Date(res.body.cancelled_at),
      });
      const event = await expectEvent(probe, 'order.cancelled', order.id);
      expect(event.data).toEqual({
        order_id: order.id,
        order_number: order.order_number,
        reason: 'changed my mind',
        cancelled_at: res.body.cancelled_at,
      });
    });

    it('takes no body (reason null), then answers 409 INVALID_TRANSITION to a second cancel', async () => {
      const user = await createUser(http);
      const order = await placeOrder(user);
      const first = await request(http).post(`/orders/${order.id}/cancel`).set(USER_ID, user.id).expect(200);
      expect(first.body).toMatchObject({ status: 'cancelled', cancellation_reason: null });
      const second = await request(http).post(`/orders/${order.id}/cancel`).set(USER_ID, user.id).expect(409);
      expect(second.body).toMatchObject({ code: 'INVALID_TRANSITION', from: 'cancelled', to: 'cancelled' });
    });

    it('lets exactly one of two concurrent cancels win, with one order.cancelled event', async () => {
      const user = await createUser(http);
      const order = await placeOrder(user);
      const cancel = () => request(http).post(`/orders/${order.id}/cancel`).set(USER_ID, user.id).send({ reason: 'race' });
      const statuses = (await Promise.all([cancel(), cancel()])).map((r) => r.status).sort();
      expect(statuses).toEqual([200, 409]);
      await expectEvent(probe, 'order.cancelled', order.id);
    });

    it('answers 403 NOT_OWNER to another user and leaves the order pending', async () => {
      const [user, other] = await Promise.all([createUser(http), createUser(http)]);
      const order = await placeOrder(user);
      expectError((await request(http).post(`/orders/${order.id}/cancel`).set(USER_ID, other.id).expect(403)).body, 403, 'NOT_OWNER');
      expect(await stored(order.id)).toMatchObject({ status: 'pending' });
    });
  });

  describe('POST /orders/:id/ship', () => {
    const SHIPMENT = { carrier: 'DHL', tracking_number: 'JD014600006281234567' };

    it('ships a pending order for a supplier of its products, stores the shipment and emits order.shipped', async () => {
      const order = await placeOrder(await createUser(http));
      const res = await request(http).post(`/orders/${order.id}/ship`).set(SUPPLIER_ID, supplier.id).send(SHIPMENT).expect(200);
      expect(res.body).toEqual({
        ...order,
        status: 'shipped',
        ...SHIPMENT,
        shipped_at: expect.stringMatching(ISO_UTC),
        updated_at: expect.stringMatching(ISO_UTC),
      });
      expect(await stored(order.id)).toMatchObject({ status: 'shipped', ...SHIPMENT, shipped_at: new Date(res.body.shipped_at) });
      const event = await expectEvent(probe, 'order.shipped', order.id);
      expect(event.data).toEqual({ order_id: order.id, order_number: order.order_number, ...SHIPMENT, shipped_at: res.body.shipped_at });
    });

    it('answers 409 INVALID_TRANSITION for a cancelled order and for a second ship; cancel of a shipped order is 409 too', async () => {
      const user = await createUser(http);
      const [cancelled, shipped] = await Promise.all([placeOrder(user), placeOrder(user)]);
      await request(http).post(`/orders/${cancelled.id}/cancel`).set(USER_ID, user.id).expect(200);
      const refused = await request(http).post(`/orders/${cancelled.id}/ship`).set(SUPPLIER_ID, supplier.id).send(SHIPMENT).expect(409);
      expect(refused.body).toMatchObject({ code: 'INVALID_TRANSITION', from: 'cancelled', to: 'shipped' });

      await request(http).post(`/orders/${shipped.id}/ship`).set(SUPPLIER_ID, supplier.id).send(SHIPMENT).expect(200);
      expect(
        (await request(http).post(`/orders/${shipped.id}/ship`).set(SUPPLIER_ID, supplier.id).send(SHIPMENT).expect(409)).body,
      ).toMatchObject({ from: 'shipped' });
      expect((await request(http).post(`/orders/${shipped.id}/cancel`).set(USER_ID, user.id).expect(409)).body).toMatchObject({
        from: 'shipped',
        to: 'cancelled',
      });
    });

    it('answers 403 NOT_OWNER to a supplier with no product in the order, 401 without identity, 404 for an unknown order', async () => {
      const order = await placeOrder(await createUser(http));
      const stranger = await createSupplier(http);
      expectError(
        (await request(http).post(`/orders/${order.id}/ship`).set(SUPPLIER_ID, stranger.id).send(SHIPMENT).expect(403)).body,
        403,
        'NOT_OWNER',
      );
      await request(http).post(`/orders/${order.id}/ship`).send(SHIPMENT).expect(401);
      expectError(
        (await request(http).post(`/orders/${unknownId()}/ship`).set(SUPPLIER_ID, supplier.id).send(SHIPMENT).expect(404)).body,
        404,
        'ORDER_NOT_FOUND',
      );
      expect(await stored(order.id)).toMatchObject({ status: 'pending', shipped_at: null });
    });

    it('answers 400 naming the field for a missing carrier or an oversize tracking number', async () => {
      const order = await placeOrder(await createUser(http));
      const missing = await request(http)
        .post(`/orders/${order.id}/ship`)
        .set(SUPPLIER_ID, supplier.id)
        .send({ tracking_number: 'X1' })
        .expect(400);
      expect(missing.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'carrier' })]));
      const long = await request(http)
        .post(`/orders/${order.id}/ship`)
        .set(SUPPLIER_ID, supplier.id)
        .send({ carrier: 'DHL', tracking_number: 'X'.repeat(101) })
        .expect(400);
      expect(long.body.errors).toEqual([expect.objectContaining({ field: 'tracking_number' })]);
    });
  });
});
