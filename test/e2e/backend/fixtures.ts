import { randomUUID } from 'node:crypto';
import { EventEnvelope, ProductData, SupplierData, UserData } from '@app/kafka';
import { Types } from 'mongoose';
import request from 'supertest';
import { App } from 'supertest/types';
import { KafkaProbe, ProbedMessage } from '../../support/kafka-probe';

export const USER_ID = 'X-User-ID';
export const SUPPLIER_ID = 'X-Supplier-ID';
export const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
export const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
export const HEX_24 = /^[0-9a-f]{24}$/;

/** An ObjectId no document has. */
export function unknownId(): string {
  return new Types.ObjectId().toHexString();
}

export function uniqueEmail(prefix = 'user'): string {
  return `${prefix}-${randomUUID()}@example.com`;
}

export async function createUser(http: App, overrides: Record<string, unknown> = {}): Promise<UserData> {
  const res = await request(http)
    .post('/users')
    .send({ email: uniqueEmail(), profile: { display_name: 'Test User' }, ...overrides })
    .expect(201);
  return res.body as UserData;
}

export async function createSupplier(http: App): Promise<SupplierData> {
  const res = await request(http)
    .post('/suppliers')
    .send({
      name: `Supplier ${randomUUID().slice(0, 8)}`,
      contact: { email: uniqueEmail('sales') },
      address: { line1: '1 Industrial Way', city: 'Springfield', country: 'US' },
    })
    .expect(201);
  return res.body as SupplierData;
}

export function productBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const sku = `SKU-${randomUUID().slice(0, 8)}`;
  return {
    name: 'Stoneware mug',
    base_price_cents: 1200,
    variants: [
      { sku: `${sku}-A`, name: 'Blue', attributes: { color: 'blue' }, price_cents: 1250, stock: 10 },
      { sku: `${sku}-B`, name: 'Red', price_cents: 990, stock: 3 },
    ],
    ...overrides,
  };
}

export async function createProduct(http: App, supplierId: string, overrides: Record<string, unknown> = {}): Promise<ProductData> {
  const res = await request(http).post('/products').set(SUPPLIER_ID, supplierId).send(productBody(overrides)).expect(201);
  return res.body as ProductData;
}

export async function createActiveProduct(http: App, supplierId: string, overrides: Record<string, unknown> = {}): Promise<ProductData> {
  const product = await createProduct(http, supplierId, overrides);
  const res = await request(http).post(`/products/${product.id}/publish`).set(SUPPLIER_ID, supplierId).expect(200);
  return res.body as ProductData;
}

export const SHIPPING = {
  recipient_name: 'Ada Lovelace',
  line1: '12 St James Sq',
  city: 'London',
  postal_code: 'SW1Y 4JH',
  country: 'GB',
};

/**
 * Waits for the one `eventType` event of `entityId` on its topic and checks the envelope:
 * topic = first part of the type, key = entity_id, the five fields plus entity_version (`version` when given, else an
 * integer from 1), uuid v4 event_id, ISO UTC timestamp. Returns the envelope so the test can check `data`.
 */
export async function expectEvent(probe: KafkaProbe, eventType: string, entityId: string, version?: number): Promise<EventEnvelope> {
  const match = (m: ProbedMessage) => m.json?.event_type === eventType && m.json?.entity_id === entityId;
  const message = await probe.waitFor(match, 20_000, `${eventType} of ${entityId}`);
  expect(message.topic).toBe(eventType.split('.')[0]);
  expect(message.key).toBe(entityId);
  expect(Object.keys(message.json).sort()).toEqual(['data', 'entity_id', 'entity_version', 'event_id', 'event_type', 'timestamp']);
  if (version === undefined) expect(Number.isSafeInteger(message.json.entity_version) && message.json.entity_version >= 1).toBe(true);
  else expect(message.json.entity_version).toBe(version);
  expect(message.json.event_id).toMatch(UUID_V4);
  expect(message.json.timestamp).toMatch(ISO_UTC);
  expect(probe.messages.filter(match)).toHaveLength(1);
  return message.json as EventEnvelope;
}

/** The error body every error answer has. */
export function expectError(body: unknown, statusCode: number, code: string): void {
  expect(body).toMatchObject({ statusCode, code, message: expect.any(String) });
}
