import { EventEnvelope } from '@app/kafka';
import { PayloadReader } from '../projection/payload-reader';
import { lastEvent } from '../projection/projected-row';
import { SupplierEntity } from './entities/supplier.entity';

/** supplier.created / supplier.updated -> suppliers row (contact.* and address.* flattened). */
export function flattenSupplier(envelope: EventEnvelope<'supplier.created' | 'supplier.updated'>): SupplierEntity {
  const data = PayloadReader.of(envelope.data);
  const contact = data.object('contact');
  const address = data.object('address');
  return {
    supplier_id: data.id('id', envelope.entity_id),
    name: data.string('name', 200),
    contact_email: contact.string('email', 320),
    contact_phone: contact.nullableString('phone', 50),
    address_line1: address.string('line1', 200),
    address_line2: address.nullableString('line2', 200),
    address_city: address.string('city', 100),
    address_state: address.nullableString('state', 100),
    address_postal_code: address.nullableString('postal_code', 20),
    address_country: address.string('country', 100),
    status: data.string('status', 20),
    created_at: data.timestamp('created_at'),
    updated_at: data.timestamp('updated_at'),
    ...lastEvent(envelope),
  };
}

/** supplier.deleted -> the key of the row to remove. */
export function flattenSupplierDeleted(envelope: EventEnvelope<'supplier.deleted'>): { supplier_id: string } {
  const data = PayloadReader.of(envelope.data);
  data.timestamp('deleted_at');
  return { supplier_id: data.id('supplier_id', envelope.entity_id) };
}
