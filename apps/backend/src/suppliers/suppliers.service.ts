import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { EventType, SupplierData, SupplierDeletedData } from '@app/kafka';
import { Model } from 'mongoose';
import { notFound, validationFailed } from '../common/errors/api-error';
import { toSetPaths } from '../common/mongo/set-paths';
import { isLive } from '../outbox/outbox-entry';
import { EntityWriter, WriteSeam } from '../outbox/write-seam';
import { CreateSupplierDto } from './dto/create-supplier.dto';
import { UpdateSupplierDto } from './dto/update-supplier.dto';
import { Supplier, SupplierRecord } from './schemas/supplier.schema';
import { SUPPLIER_EVENT_DATA, toSupplierData } from './supplier.mapping';

@Injectable()
export class SuppliersService {
  private readonly writer: EntityWriter<SupplierRecord>;

  constructor(
    @InjectModel(Supplier.name) private readonly suppliers: Model<Supplier>,
    seam: WriteSeam,
  ) {
    this.writer = seam.for(suppliers, 'supplier', SUPPLIER_EVENT_DATA);
  }

  async create(dto: CreateSupplierDto): Promise<SupplierData> {
    return toSupplierData(
      await this.writer.create(EventType.SUPPLIER_CREATED, { name: dto.name, contact: dto.contact, address: dto.address }),
    );
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

  async update(id: string, dto: UpdateSupplierDto): Promise<SupplierData> {
    const set = toSetPaths(dto);
    if (Object.keys(set).length === 0) throw validationFailed([{ field: 'body', reason: 'body must set at least one field' }]);
    const { doc } = await this.writer.change(id, (supplier) => {
      if (!supplier) throw notFound('supplier', id);
      return { event: EventType.SUPPLIER_UPDATED, update: { $set: set }, runValidators: true };
    });
    return toSupplierData(doc);
  }

  /**
   * Hard delete: a tombstone holding supplier.deleted until the event is on Kafka, then removed (see OutboxPublisher).
   * Its products stay (the read model keeps them too); their owner can no longer act on them.
   */
  async remove(id: string): Promise<SupplierDeletedData> {
    const { data } = await this.writer.change(id, (supplier) => {
      if (!supplier) throw notFound('supplier', id);
      return { event: EventType.SUPPLIER_DELETED, update: { $set: { tombstone: true } } };
    });
    return data;
  }
}
