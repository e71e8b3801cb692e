import { EventEnvelope, EventType } from '@app/kafka';
import { Injectable } from '@nestjs/common';
import { ProjectionWrite } from '../projection/projection-write';
import { upsertRow } from '../projection/upsert-row';
import { SupplierEntity } from './entities/supplier.entity';
import { flattenSupplier, flattenSupplierDeleted } from './supplier.flatten';

/** suppliers: upsert on created/updated, hard delete on deleted. */
@Injectable()
export class SuppliersProjection {
  upsert(envelope: EventEnvelope<'supplier.created' | 'supplier.updated'>): ProjectionWrite {
    const row = flattenSupplier(envelope);
    const key = { supplier_id: row.supplier_id };
    return {
      envelope,
      target: { table: 'suppliers', key },
      deletedBy: EventType.SUPPLIER_DELETED,
      write: (tx, exists) => upsertRow(tx, SupplierEntity, key, row, exists),
    };
  }

  delete(envelope: EventEnvelope<'supplier.deleted'>): ProjectionWrite {
    const key = flattenSupplierDeleted(envelope);
    return {
      envelope,
      target: { table: 'suppliers', key },
      write: async (tx) => {
        await tx.delete(SupplierEntity, key);
      },
    };
  }
}
