import { EventEnvelope, EventType } from '@app/kafka';
import { Injectable } from '@nestjs/common';
import { ProjectionWrite } from '../projection/projection-write';
import { flattenSupplier, flattenSupplierDeleted } from './supplier.flatten';

/** suppliers: upsert on created/updated, hard delete on deleted. */
@Injectable()
export class SuppliersProjection {
  upsert(envelope: EventEnvelope<'supplier.created' | 'supplier.updated' | 'supplier.snapshot'>): ProjectionWrite {
    const row = flattenSupplier(envelope);
    return {
      envelope,
      target: { table: 'suppliers', key: { supplier_id: row.supplier_id } },
      deletedBy: EventType.SUPPLIER_DELETED,
      change: { kind: 'upsert', row: { ...row } },
    };
  }

  delete(envelope: EventEnvelope<'supplier.deleted'>): ProjectionWrite {
    return { envelope, target: { table: 'suppliers', key: flattenSupplierDeleted(envelope) }, change: { kind: 'delete' } };
  }
}
