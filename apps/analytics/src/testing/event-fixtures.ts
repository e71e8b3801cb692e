import { randomBytes } from 'node:crypto';
import { buildEnvelope, EventEnvelope, EventType, OrderData, PayloadOf, PostData, ProductData, SupplierData, UserData } from '@app/kafka';

/** Wire-exact event payloads (the shapes of libs/kafka/src/events) for unit and e2e tests. */
export function objectId(): string {
  return randomBytes(12).toString('hex');
}

export function at(iso: string): Date {
  return new Date(iso);
}

export function envelope<T extends EventType>(type: T, entityId: string, data: PayloadOf<T>, when = new Date()): EventEnvelope<T> {
  return buildEnvelope(type, entityId, data, when);
}

export function userData(overrides: Partial<UserData> = {}): UserData {
  return {
    id: objectId(),
    email: `ada.${objectId()}@example.com`,
    profile: { display_name: 'Ada L', first_name: 'Ada', last_name: 'Lovelace', avatar_url: null, bio: 'Analyst' },
    contact: { phone: '+44 20 7946 0000' },
    status: 'active',
    created_at: '2025-01-02T03:04:05.678Z',
    updated_at: '2025-01-02T03:04:05.678Z',
    deleted_at: null,
    ...overrides,
  };
}

export function supplierData(overrides: Partial<SupplierData> = {}): SupplierData {
  return {
    id: objectId(),
    name: 'Acme Goods',
    contact: { email: `sales.${objectId()}@acme.example`, phone: null },
    address: { line1: '1 Main St', line2: null, city: 'Lisbon', state: null, postal_code: '1100-001', country: 'PT' },
    status: 'active',
    created_at: '2025-01-02T03:04:05.678Z',
    updated_at: '2025-01-02T03:04:05.678Z',
    ...overrides,
  };
}

export function productData(overrides: Partial<ProductData> = {}): ProductData {
  return {
    id: objectId(),
    supplier_id: objectId(),
    name: 'Desk Lamp',
    description: 'A lamp',
    category: 'lighting',
    base_price_cents: 2599,
    currency: 'USD',
    status: 'draft',
    variants: [
      { sku: 'LAMP-BLK', name: 'Black', attributes: { color: 'black' }, price_cents: 2599, stock: 10 },
      { sku: 'LAMP-WHT', name: 'White', attributes: { color: 'white' }, price_cents: 2799, stock: 0 },
    ],
    published_at: null,
    created_at: '2025-01-02T03:04:05.678Z',
    updated_at: '2025-01-02T03:04:05.678Z',
    ...overrides,
  };
}

export function orderData(overrides: Partial<OrderData> = {}): OrderData {
  const id = overrides.id ?? objectId();
  return {
    id,
    order_number: `ORD-${id.slice(-10).toUpperCase()}`,
    customer: { user_id: objectId(), email: 'ada@example.com', display_name: 'Ada L' },
    items: [
      {
        line_no: 1,
        product_snapshot: { product_id: objectId(), supplier_id: objectId(), name: 'Desk Lamp', sku: 'LAMP-BLK', variant_name: 'Black' },
        quantity: 2,
        unit_price_cents: 2599,
        line_total_cents: 5198,
      },
      {
        line_no: 2,
        product_snapshot: { product_id: objectId(), supplier_id: objectId(), name: 'Bulb', sku: 'BULB-1', variant_name: 'Warm' },
        quantity: 1,
        unit_price_cents: 500,
        line_total_cents: 500,
      },
    ],
    shipping_address: {
      recipient_name: 'Ada Lovelace',
      line1: '12 St James Sq',
      line2: null,
      city: 'London',
      state: null,
      postal_code: 'SW1Y 4JH',
      country: 'GB',
    },
    subtotal_cents: 5698,
    total_cents: 5698,
    currency: 'USD',
    status: 'pending',
    cancellation_reason: null,
    cancelled_at: null,
    created_at: '2025-01-02T03:04:05.678Z',
    updated_at: '2025-01-02T03:04:05.678Z',
    ...overrides,
  };
}

export function postData(overrides: Partial<PostData> = {}): PostData {
  return {
    id: objectId(),
    author: { user_id: objectId(), display_name: 'Ada L' },
    body: 'Look at this lamp ✨',
    media_urls: ['https://cdn.example/lamp.jpg'],
    product_ids: [objectId()],
    status: 'draft',
    published_at: null,
    created_at: '2025-01-02T03:04:05.678Z',
    updated_at: '2025-01-02T03:04:05.678Z',
    deleted_at: null,
    ...overrides,
  };
}
