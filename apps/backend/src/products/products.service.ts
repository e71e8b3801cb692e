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
import { CreateProductDto } from './dto/create-product.dto';
import { UpdateProductDto } from './dto/update-product.dto';
import { toProductData } from './product.mapping';
import { PRODUCT_TRANSITIONS, ProductAction } from './product-transitions';
import { Product, ProductRecord } from './schemas/product.schema';

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
    const doc = await this.products.create({
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
    await this.events.emit(EventType.PRODUCT_CREATED, data.id, data);
    return data;
  }

  async get(id: string): Promise<ProductData> {
    const doc = await this.find(id);
    if (!doc) throw notFound('product', id);
    return toProductData(doc);
  }

  find(id: string): Promise<ProductRecord | null> {
    return this.products.findById(id).lean<ProductRecord>().exec();
  }

  findMany(ids: string[]): Promise<ProductRecord[]> {
    return this.products
      .find({ _id: { $in: ids.map(oid) } })
      .lean<ProductRecord[]>()
      .exec();
  }

  update(supplierId: string, id: string, dto: UpdateProductDto): Promise<ProductData> {
    return this.locks.run('product', id, async () => {
      await this.requireOwned(supplierId, id);
      const set = toSetPaths(dto);
      if (Object.keys(set).length === 0) throw validationFailed([{ field: 'body', reason: 'body must set at least one field' }]);
      const doc = await this.products
        .findOneAndUpdate({ _id: id, supplier_id: oid(supplierId) }, { $set: set }, { new: true, runValidators: true })
        .lean<ProductRecord>()
        .exec();
      if (!doc) throw notFound('product', id);
      const data = toProductData(doc);
      await this.events.emit(EventType.PRODUCT_UPDATED, data.id, data);
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
      await this.requireOwned(supplierId, id);
      const { from, to, event } = PRODUCT_TRANSITIONS[action];
      const allowed = { _id: id, supplier_id: oid(supplierId), status: { $in: [...from] } };
      let doc: ProductRecord | null = null;
      if (to === 'active') {
        doc = await this.products
          .findOneAndUpdate({ ...allowed, published_at: null }, { $set: { status: to, published_at: new Date() } }, { new: true })
          .lean<ProductRecord>()
          .exec();
      }
      doc ??= await this.products
        .findOneAndUpdate(allowed, { $set: { status: to } }, { new: true })
        .lean<ProductRecord>()
        .exec();
      if (!doc) {
        const current = await this.find(id);
        if (!current) throw notFound('product', id);
        throw invalidTransition('product', id, current.status, to);
      }
      const data = toProductData(doc);
      await this.events.emit(event, data.id, data);
      return data;
    });
  }

  /** Hard delete. Orders keep their product snapshots. */
  remove(supplierId: string, id: string): Promise<ProductDeletedData> {
    return this.locks.run('product', id, async () => {
      await this.requireOwned(supplierId, id);
      const doc = await this.products
        .findOneAndDelete({ _id: id, supplier_id: oid(supplierId) })
        .lean<ProductRecord>()
        .exec();
      if (!doc) throw notFound('product', id);
      const data: ProductDeletedData = { product_id: id, supplier_id: supplierId, deleted_at: new Date().toISOString() };
      await this.events.emit(EventType.PRODUCT_DELETED, id, data);
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
