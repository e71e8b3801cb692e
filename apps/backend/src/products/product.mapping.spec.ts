import { Types } from 'mongoose';
import { toProductData } from './product.mapping';
import { ProductRecord } from './schemas/product.schema';

describe('toProductData', () => {
  it('gives the wire shape: hex ids, ISO dates, nulls and {} for absent optional fields', () => {
    const _id = new Types.ObjectId();
    const supplier_id = new Types.ObjectId();
    const at = new Date('2026-05-06T07:08:09.010Z');
    const doc = {
      _id,
      supplier_id,
      name: 'Mug',
      base_price_cents: 1200,
      currency: 'EUR',
      status: 'active',
      variants: [{ sku: 'MUG-1', name: 'Blue', price_cents: 1300, stock: 4 }],
      published_at: at,
      created_at: at,
      updated_at: at,
    } as unknown as ProductRecord;
    expect(toProductData(doc)).toEqual({
      id: _id.toHexString(),
      supplier_id: supplier_id.toHexString(),
      name: 'Mug',
      description: null,
      category: null,
      base_price_cents: 1200,
      currency: 'EUR',
      status: 'active',
      variants: [{ sku: 'MUG-1', name: 'Blue', attributes: {}, price_cents: 1300, stock: 4 }],
      published_at: '2026-05-06T07:08:09.010Z',
      created_at: '2026-05-06T07:08:09.010Z',
      updated_at: '2026-05-06T07:08:09.010Z',
    });
  });
});
