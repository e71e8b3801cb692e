import { ProductData } from '@app/kafka';
import { ApiError } from '../common/errors/api-error';
import { priceOrder } from './order-pricing';

function product(id: string, overrides: Partial<ProductData> = {}): ProductData {
  return {
    id,
    supplier_id: 's'.repeat(24),
    name: `Product ${id}`,
    description: null,
    category: null,
    base_price_cents: 1000,
    currency: 'USD',
    status: 'active',
    variants: [
      { sku: `${id}-A`, name: 'Variant A', attributes: {}, price_cents: 1250, stock: 5 },
      { sku: `${id}-B`, name: 'Variant B', attributes: {}, price_cents: 300, stock: 5 },
    ],
    published_at: '2026-01-01T00:00:00.000Z',
    created_at: '2026-01-01T00:00:00.000Z',
    updated_at: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

function errorOf(fn: () => unknown): { status: number; body: Record<string, unknown> } {
  try {
    fn();
  } catch (err) {
    if (err instanceof ApiError) return { status: err.getStatus(), body: err.getResponse() as Record<string, unknown> };
    throw err;
  }
  throw new Error('expected an ApiError');
}

describe('priceOrder', () => {
  const p1 = product('p1');
  const p2 = product('p2');
  const catalog = new Map([
    ['p1', p1],
    ['p2', p2],
  ]);

  it('numbers the lines, copies the snapshot and the variant price, and sums the totals', () => {
    const priced = priceOrder(
      [
        { product_id: 'p1', sku: 'p1-A', quantity: 2 },
        { product_id: 'p2', sku: 'p2-B', quantity: 3 },
      ],
      catalog,
    );
    expect(priced).toEqual({
      items: [
        {
          line_no: 1,
          product_snapshot: { product_id: 'p1', supplier_id: p1.supplier_id, name: 'Product p1', sku: 'p1-A', variant_name: 'Variant A' },
          quantity: 2,
          unit_price_cents: 1250,
          line_total_cents: 2500,
        },
        {
          line_no: 2,
          product_snapshot: { product_id: 'p2', supplier_id: p2.supplier_id, name: 'Product p2', sku: 'p2-B', variant_name: 'Variant B' },
          quantity: 3,
          unit_price_cents: 300,
          line_total_cents: 900,
        },
      ],
      subtotal_cents: 3400,
      total_cents: 3400,
      currency: 'USD',
    });
  });

  it('answers 404 PRODUCT_NOT_FOUND naming the line of an unknown product', () => {
    expect(errorOf(() => priceOrder([{ product_id: 'nope', sku: 'x', quantity: 1 }], catalog))).toMatchObject({
      status: 404,
      body: { code: 'PRODUCT_NOT_FOUND', field: 'items.0.product_id' },
    });
  });

  it.each(['draft', 'out_of_stock', 'discontinued'] as const)('answers 409 PRODUCT_NOT_ACTIVE for a %s product', (status) => {
    const products = new Map([['p1', product('p1', { status })]]);
    expect(errorOf(() => priceOrder([{ product_id: 'p1', sku: 'p1-A', quantity: 1 }], products))).toMatchObject({
      status: 409,
      body: { code: 'PRODUCT_NOT_ACTIVE', status },
    });
  });

  it('answers 404 SKU_NOT_FOUND for a sku the product does not have', () => {
    expect(errorOf(() => priceOrder([{ product_id: 'p1', sku: 'p2-A', quantity: 1 }], catalog))).toMatchObject({
      status: 404,
      body: { code: 'SKU_NOT_FOUND', field: 'items.0.sku' },
    });
  });

  it('answers 409 CURRENCY_MISMATCH when the products are priced in different currencies', () => {
    const products = new Map([
      ['p1', p1],
      ['p3', product('p3', { currency: 'EUR' })],
    ]);
    const lines = [
      { product_id: 'p1', sku: 'p1-A', quantity: 1 },
      { product_id: 'p3', sku: 'p3-A', quantity: 1 },
    ];
    expect(errorOf(() => priceOrder(lines, products))).toMatchObject({ status: 409, body: { code: 'CURRENCY_MISMATCH' } });
  });
});
