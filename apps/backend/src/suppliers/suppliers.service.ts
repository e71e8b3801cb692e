import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { EventType, SupplierData, SupplierDeletedData } from '@app/kafka';
import { Model } from 'mongoose';
import { notFound, validationFailed } from '../common/errors/api-error';
import { toSetPaths } from '../common/mongo/set-paths';
import { EntityLocks } from '../common/concurrency/entity-locks';
import { DomainEvents } from '../events/domain-events';
import { isLive } from '../outbox/outbox-entry';
import { CreateSupplierDto } from './dto/create-supplier.dto';
import { UpdateSupplierDto } from './dto/update-supplier.dto';
import { Supplier, SupplierRecord } from './schemas/supplier.schema';
import { toSupplierData } from './supplier.mapping';
import { updateWhere } from '../common/mongo/by-id';

@Injectable()
export class SuppliersService {
  constructor(
    @InjectModel(Supplier.name) private readonly suppliers: Model<Supplier>,
    private readonly events: DomainEvents,
    private readonly locks: EntityLocks,
  ) {}

  async create(dto: CreateSupplierDto): Promise<SupplierData> {
    const event = this.events.pending(EventType.SUPPLIER_CREATED);
    const doc = await this.suppliers.create({ name: dto.name, contact: dto.contact, address: dto.address, outbox: [event] });
    const data = toSupplierData(doc.toObject<SupplierRecord>());
    await this.events.publishCreated(this.suppliers, event, data.id, data);
    return data;
  }

  async get(id: string): Promise<SupplierData> {
    const doc = await this.find(id);
    if (!doc) throw notFound('supplier', id);
    return toSupplierData(doc);
  }

  /** The supplier, unless deleted (a tombstone waiting for its supplier.deleted to reach Kafka counts as deleted). */
  async find(id: string): Promise<SupplierRecord | null> {
    const doc = await this.suppliers.findById(id).lean<SupplierRecord>().exec();
    return isLive(doc) ? doc : null;
  }

  update(id: string, dto: UpdateSupplierDto): Promise<SupplierData> {
    return this.locks.run('supplier', id, async () => {
      const set = toSetPaths(dto);
      if (Object.keys(set).length === 0) throw validationFailed([{ field: 'body', reason: 'body must set at least one field' }]);
      const event = this.events.pending(EventType.SUPPLIER_UPDATED);
      const doc = await updateWhere<SupplierRecord>(
        this.suppliers,
        id,
        { tombstone: { $ne: true } },
        { $set: set, $push: { outbox: event } },
        { runValidators: true },
      );
      if (!doc) throw notFound('supplier', id);
      const data = toSupplierData(doc);
      await this.events.publish(this.suppliers, event, data.id, data);
      return data;
    });
  }

  /**
   * Hard delete: a tombstone holding supplier.deleted until the event is on Kafka, then removed (see OutboxPublisher).
   * Its products stay (the read model keeps them too); their owner can no longer act on them.
   */
  remove(id: string): Promise<SupplierDeletedData> {
    return this.locks.run('supplier', id, async () => {
      const event = this.events.pending(EventType.SUPPLIER_DELETED);
      const doc = await updateWhere<SupplierRecord>(
        this.suppliers,
        id,
        { tombstone: { $ne: true } },
        { $set: { tombstone: true }, $push: { outbox: event } },
      );
      if (!doc) throw notFound('supplier', id);
      const data: SupplierDeletedData = { supplier_id: id, deleted_at: event.timestamp };
      await this.events.publish(this.suppliers, event, id, data);
      return data;
    });
  }
}
