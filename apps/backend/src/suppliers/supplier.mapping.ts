import { SupplierData } from '@app/kafka';
import { EventDataBuilders } from '../outbox/event-data';
import { iso, orNull } from '../common/mongo/wire';
import { SupplierRecord } from './schemas/supplier.schema';

/** The stored supplier as the wire shape of supplier.created / supplier.updated and of the HTTP answers. */
export function toSupplierData(doc: SupplierRecord): SupplierData {
  return {
    id: doc._id.toHexString(),
    name: doc.name,
    contact: { email: doc.contact.email, phone: orNull(doc.contact.phone) },
    address: {
      line1: doc.address.line1,
      line2: orNull(doc.address.line2),
      city: doc.address.city,
      state: orNull(doc.address.state),
      postal_code: orNull(doc.address.postal_code),
      country: doc.address.country,
    },
    status: doc.status,
    created_at: iso(doc.created_at),
    updated_at: iso(doc.updated_at),
  };
}

/** The data of every supplier event, from the stored supplier (a hard delete's deleted_at is its event's time). */
export const SUPPLIER_EVENT_DATA: EventDataBuilders<'supplier'> = {
  'supplier.created': toSupplierData,
  'supplier.updated': toSupplierData,
  'supplier.deleted': (doc: SupplierRecord, at) => ({ supplier_id: doc._id.toHexString(), deleted_at: at }),
  'supplier.snapshot': toSupplierData,
};
