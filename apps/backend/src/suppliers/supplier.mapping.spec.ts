import { Types } from 'mongoose';
import { SupplierRecord } from './schemas/supplier.schema';
import { toSupplierData } from './supplier.mapping';

describe('toSupplierData', () => {
  it('gives the wire shape with nulls for the optional contact and address fields', () => {
    const _id = new Types.ObjectId();
    const at = new Date('2026-03-04T05:06:07.000Z');
    const doc = {
      _id,
      name: 'Acme',
      contact: { email: 'sales@acme.test' },
      address: { line1: '1 Main St', city: 'Springfield', country: 'US' },
      status: 'active',
      created_at: at,
      updated_at: at,
    } as unknown as SupplierRecord;
    expect(toSupplierData(doc)).toEqual({
      id: _id.toHexString(),
      name: 'Acme',
      contact: { email: 'sales@acme.test', phone: null },
      address: { line1: '1 Main St', line2: null, city: 'Springfield', state: null, postal_code: null, country: 'US' },
      status: 'active',
      created_at: '2026-03-04T05:06:07.000Z',
      updated_at: '2026-03-04T05:06:07.000Z',
    });
  });
});
