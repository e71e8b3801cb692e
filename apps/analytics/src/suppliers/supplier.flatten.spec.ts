import { at, envelope, objectId, supplierData } from '../testing/event-fixtures';
import { flattenSupplier, flattenSupplierDeleted } from './supplier.flatten';

describe('flattenSupplier', () => {
  it.each(['supplier.created', 'supplier.updated'] as const)('flattens %s into a suppliers row', (type) => {
    const data = supplierData({ contact: { email: 'a@b.example', phone: '+351 1' } });
    const event = envelope(type, data.id, data, at('2025-02-01T10:00:00.000Z'));
    expect(flattenSupplier(event)).toEqual({
      supplier_id: data.id,
      name: 'Acme Goods',
      contact_email: 'a@b.example',
      contact_phone: '+351 1',
      address_line1: '1 Main St',
      address_line2: null,
      address_city: 'Lisbon',
      address_state: null,
      address_postal_code: '1100-001',
      address_country: 'PT',
      status: 'active',
      created_at: at('2025-01-02T03:04:05.678Z'),
      updated_at: at('2025-01-02T03:04:05.678Z'),
      event_id: event.event_id,
      event_timestamp: at('2025-02-01T10:00:00.000Z'),
      entity_version: null,
    });
  });

  it('rejects an address without city', () => {
    const data = supplierData();
    const event = envelope('supplier.created', data.id, { ...data, address: { ...data.address, city: '' } });
    expect(() => flattenSupplier(event)).toThrow('data.address.city must be a non-empty string');
  });
});

describe('flattenSupplierDeleted', () => {
  it('keys supplier.deleted by supplier_id', () => {
    const id = objectId();
    expect(flattenSupplierDeleted(envelope('supplier.deleted', id, { supplier_id: id, deleted_at: '2025-03-01T00:00:00.000Z' }))).toEqual({
      supplier_id: id,
    });
  });
});
