import { EventEnvelope, FIELD_LIMITS, SUPPLIER_STATUSES } from '@app/kafka';
import { PayloadReader } from '../projection/payload-reader';
import { lastEvent } from '../projection/projected-row';
import { SupplierEntity } from './entities/supplier.entity';

/** supplier.created / supplier.updated -> suppliers row (contact.* and address.* flattened). */
export function flattenSupplier(envelope: EventEnvelope<'supplier.created' | 'supplier.updated' | 'supplier.snapshot'>): SupplierEntity {
  const data = PayloadReader.of(envelope.data);
  const contact = data.object('contact');
  const address = data.object('address');
  return {
    supplier_id: data.id('id', envelope.entity_id),
    name: data.string('name', FIELD_LIMITS.supplier.name),
    contact_email: contact.string('email', FIELD_LIMITS.email),
    contact_phone: contact.nullableString('phone', FIELD_LIMITS.supplier.phone),
    address_line1: address.string('line1', FIELD_LIMITS.supplier.line1),
    address_line2: address.nullableString('line2', FIELD_LIMITS.supplier.line2),
    address_city: address.string('city', FIELD_LIMITS.supplier.city),
    address_state: address.nullableString('state', FIELD_LIMITS.supplier.state),
    address_postal_code: address.nullableString('postal_code', FIELD_LIMITS.supplier.postal_code),
    address_country: address.string('country', FIELD_LIMITS.supplier.country),
    status: data.oneOf('status', SUPPLIER_STATUSES),
    created_at: data.timestamp('created_at'),
    updated_at: data.timestamp('updated_at'),
    ...lastEvent(envelope),
  };
}

/** supplier.deleted -> the key of the row to remove; deleted_at is optional. */
export function flattenSupplierDeleted(envelope: EventEnvelope<'supplier.deleted'>): { supplier_id: string } {
  const data = PayloadReader.of(envelope.data);
  data.nullableTimestamp('deleted_at');
  return { supplier_id: data.id('supplier_id', envelope.entity_id) };
}
