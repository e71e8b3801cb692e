import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { EventType, ProductData, ProductDeletedData } from '@app/kafka';
import { Model } from 'mongoose';
import { invalidTransition, notFound, notOwner, validationFailed } from '../common/errors/api-error';
import { oid } from '../common/mongo/object-id';
import { toSetPaths } from '../common/mongo/set-paths';
import { SUPPLIER_ID_HEADER } from '../common/swagger/api-docs.decorators';
import { EntityLocks } from '../common/concurrency/entity-locks';
import { DomainEvents } from '../events/domain-events';
import { isLive } from '../outbox/outbox-entry';
import { CreateProductDto } from './dto/create-product.dto';
import { UpdateProductDto } from './dto/update-product.dto';
import { toProductData } from './product.mapping';
import { PRODUCT_TRANSITIONS, ProductAction } from './product-transitions';
import { Product, ProductRecord } from './schemas/product.schema';
import { findByIds, updateWhere } from '../common/mongo/by-id';

@Injectable()
export class ProductsService {
  constructor(
    @InjectModel(Product.name) private readonly products: Model<Product>,
    private readonly events: DomainEvents,
    private readonly locks: EntityLocks,
  ) {}

  async create(supplierId: string, dto: CreateProductDto): Promise<ProductData> {
    if (dto.supplier_id !== undefined && dto.supplier_id.toLowerCase() !== supplierId) {
      throw notOwner('supplier', dto.supplier_id, SUPPLIER_ID_HEADER);
    }
    const event = this.events.pending(EventType.PRODUCT_CREATED);
    const doc = await this.products.create({
      outbox: [event],
      supplier_id: oid(supplierId),
      name: dto.name,
      description: dto.description ?? null,
      category: dto.category ?? null,
      base_price_cents: dto.base_price_cents,
      currency: dto.currency ?? 'USD',
      status: 'draft',
      variants: dto.variants ?? [],
    });
    const data = toProductData(doc.toObject<ProductRecord>());
    await this.events.publishCreated(this.products, event, data.id, data);
    return data;
  }

  async get(id: string): Promise<ProductData> {
    const doc = await this.find(id);
    if (!doc) throw notFound('product', id);
    return toProductData(doc);
  }

  /** The product, unless deleted (a tombstone waiting for its product.deleted to reach Kafka counts as deleted). */
  async find(id: string): Promise<ProductRecord | null> {
    const doc = await this.products.findById(id).lean<ProductRecord>().exec();
    return isLive(doc) ? doc : null;
  }

  async findMany(ids: string[]): Promise<ProductRecord[]> {
    const docs = await findByIds<ProductRecord>(this.products, ids.map(oid));
    return docs.filter(isLive);
  }

  update(supplierId: string, id: string, dto: UpdateProductDto): Promise<ProductData> {
    return this.locks.run('product', id, async () => {
      const current = await this.requireOwned(supplierId, id);
      const set = toSetPaths(dto);
      if (Object.keys(set).length === 0) throw validationFailed([{ field: 'body', reason: 'body must set at least one field' }]);
      const event = this.events.pending(EventType.PRODUCT_UPDATED);
      const doc = await updateWhere<ProductRecord>(
        this.products,
        id,
        { supplier_id: oid(supplierId), tombstone: { $ne: true } },
        { $set: set, $push: { outbox: event } },
        { runValidators: true, current },
      );
      if (!doc) throw notFound('product', id);
      const data = toProductData(doc);
      await this.events.publish(this.products, event, data.id, data);
      return data;
    });
  }

  /**
   * One conditional update per attempt (status in the allowed ones), so on MongoDB two concurrent
   * transitions cannot both win; the entity lock gives the same on FerretDB (see EntityLocks).
   * Becoming active the first time also sets published_at, in the same update.
   */
  transition(supplierId: string, id: string, action: ProductAction): Promise<ProductData> {
    return this.locks.run('product', id, async () => {
      const current = await this.requireOwned(supplierId, id);
      const { from, to, event } = PRODUCT_TRANSITIONS[action];
      const allowed = { supplier_id: oid(supplierId), status: { $in: [...from] }, tombstone: { $ne: true } };
      const pending = this.events.pending(event);
      let doc: ProductRecord | null = null;
      if (to === 'active') {
        doc = await updateWhere<ProductRecord>(
          this.products,
          id,
          { ...allowed, published_at: null },
          { $set: { status: to, published_at: new Date() }, $push: { outbox: pending } },
          { current },
        );
      }
      doc ??= await updateWhere<ProductRecord>(
        this.products,
        id,
        allowed,
        { $set: { status: to }, $push: { outbox: pending } },
        { current },
      );
      if (!doc) {
        const now = await this.find(id);
        if (!now) throw notFound('product', id);
        throw invalidTransition('product', id, now.status, to);
      }
      const data = toProductData(doc);
      await this.events.publish(this.products, pending, data.id, data);
      return data;
    });
  }

  /**
   * Hard delete. The document becomes a tombstone holding product.deleted in its outbox (one atomic update),
   * and is removed once the event is on Kafka. Orders keep their product snapshots.
   */
  remove(supplierId: string, id: string): Promise<ProductDeletedData> {
    return this.locks.run('product', id, async () => {
      const current = await this.requireOwned(supplierId, id);
      const event = this.events.pending(EventType.PRODUCT_DELETED);
      const doc = await updateWhere<ProductRecord>(
        this.products,
        id,
        { supplier_id: oid(supplierId), tombstone: { $ne: true } },
        { $set: { tombstone: true }, $push: { outbox: event } },
        { current },
      );
      if (!doc) throw notFound('product', id);
      const data: ProductDeletedData = { product_id: id, supplier_id: supplierId, deleted_at: event.timestamp };
      await this.events.publish(this.products, event, id, data);
      return data;
    });
  }

  private async requireOwned(supplierId: string, id: string): Promise<ProductRecord> {
    const doc = await this.find(id);
    if (!doc) throw notFound('product', id);
    if (doc.supplier_id.toHexString() !== supplierId) throw notOwner('product', id, SUPPLIER_ID_HEADER);
    return doc;
  }
}
