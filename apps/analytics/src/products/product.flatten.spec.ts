import { at, envelope, objectId, productData } from '../testing/event-fixtures';
import { flattenProduct, flattenProductDeleted, ProductUpsertEventType } from './product.flatten';

const UPSERTS: [ProductUpsertEventType, 'draft' | 'active' | 'out_of_stock' | 'discontinued'][] = [
  ['product.created', 'draft'],
  ['product.updated', 'draft'],
  ['product.published', 'active'],
  ['product.out_of_stock', 'out_of_stock'],
  ['product.restored', 'active'],
  ['product.discontinued', 'discontinued'],
];

describe('flattenProduct', () => {
  it.each(UPSERTS)('flattens %s into a products row and its variants', (type, status) => {
    const published_at = status === 'draft' ? null : '2025-02-01T09:00:00.000Z';
    const data = productData({ status, published_at });
    const event = envelope(type, data.id, data, at('2025-02-01T10:00:00.000Z'));
    expect(flattenProduct(event)).toEqual({
      product: {
        product_id: data.id,
        supplier_id: data.supplier_id,
        name: 'Desk Lamp',
        description: 'A lamp',
        category: 'lighting',
        base_price_cents: 2599,
        currency: 'USD',
        status,
        published_at: published_at && at(published_at),
        created_at: at('2025-01-02T03:04:05.678Z'),
        updated_at: at('2025-01-02T03:04:05.678Z'),
        event_id: event.event_id,
        event_timestamp: at('2025-02-01T10:00:00.000Z'),
        entity_version: null,
      },
      variants: [
        { product_id: data.id, sku: 'LAMP-BLK', name: 'Black', attributes: '{"color":"black"}', price_cents: 2599, stock: 10 },
        { product_id: data.id, sku: 'LAMP-WHT', name: 'White', attributes: '{"color":"white"}', price_cents: 2799, stock: 0 },
      ],
    });
  });

  it('rejects a fractional price and an unknown status', () => {
    const data = productData();
    expect(() => flattenProduct(envelope('product.updated', data.id, { ...data, base_price_cents: 25.99 }))).toThrow(
      'data.base_price_cents must be an integer from 0 to 9007199254740991',
    );
    expect(() => flattenProduct(envelope('product.updated', data.id, { ...data, status: 'gone' as never }))).toThrow(
      'data.status must be one of draft, active, out_of_stock, discontinued',
    );
  });

  it('rejects a negative variant stock and duplicate skus', () => {
    const data = productData();
    const [first] = data.variants;
    expect(() => flattenProduct(envelope('product.updated', data.id, { ...data, variants: [{ ...first, stock: -1 }] }))).toThrow(
      'data.variants[0].stock must be an integer from 0 to 2147483647',
    );
    expect(() => flattenProduct(envelope('product.updated', data.id, { ...data, variants: [first, first] }))).toThrow(
      'data.variants has a duplicate sku',
    );
  });
});

describe('flattenProductDeleted', () => {
  it('keys product.deleted by product_id', () => {
    const id = objectId();
    const event = envelope('product.deleted', id, { product_id: id, supplier_id: objectId(), deleted_at: '2025-03-01T00:00:00.000Z' });
    expect(flattenProductDeleted(event)).toEqual({ product_id: id });
  });
});
