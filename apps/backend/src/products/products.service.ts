import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { EventType, ProductData, ProductDeletedData } from '@app/kafka';
import { Model } from 'mongoose';
import { invalidTransition, notFound, notOwner, validationFailed } from '../common/errors/api-error';
import { findByIds } from '../common/mongo/by-id';
import { oid } from '../common/mongo/object-id';
import { toSetPaths } from '../common/mongo/set-paths';
import { SUPPLIER_ID_HEADER } from '../common/swagger/api-docs.decorators';
import { isLive } from '../outbox/outbox-entry';
import { EntityWriter, WriteSeam } from '../outbox/write-seam';
import { CreateProductDto } from './dto/create-product.dto';
import { UpdateProductDto } from './dto/update-product.dto';
import { PRODUCT_EVENT_DATA, toProductData } from './product.mapping';
import { canApply, PRODUCT_TRANSITIONS, ProductAction } from './product-transitions';
import { Product, ProductRecord } from './schemas/product.schema';

@Injectable()
export class ProductsService {
  private readonly writer: EntityWriter<ProductRecord>;

  constructor(
    @InjectModel(Product.name) private readonly products: Model<Product>,
    seam: WriteSeam,
  ) {
    this.writer = seam.for(products, 'product', PRODUCT_EVENT_DATA);
  }

  async create(supplierId: string, dto: CreateProductDto): Promise<ProductData> {
    if (dto.supplier_id !== undefined && dto.supplier_id.toLowerCase() !== supplierId) {
      throw notOwner('supplier', dto.supplier_id, SUPPLIER_ID_HEADER);
    }
    const doc = await this.writer.create(EventType.PRODUCT_CREATED, {
      supplier_id: oid(supplierId),
      name: dto.name,
      description: dto.description ?? null,
      category: dto.category ?? null,
      base_price_cents: dto.base_price_cents,
      currency: dto.currency ?? 'USD',
      status: 'draft',
      variants: dto.variants ?? [],
    });
    return toProductData(doc);
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

  async update(supplierId: string, id: string, dto: UpdateProductDto): Promise<ProductData> {
    const set = toSetPaths(dto);
    const { doc } = await this.writer.change(id, (product) => {
      owned(product, supplierId, id);
      if (Object.keys(set).length === 0) throw validationFailed([{ field: 'body', reason: 'body must set at least one field' }]);
      return { event: EventType.PRODUCT_UPDATED, update: { $set: set }, runValidators: true };
    });
    return toProductData(doc);
  }

  /** A lifecycle step allowed from the current status; becoming active the first time also sets published_at. */
  async transition(supplierId: string, id: string, action: ProductAction): Promise<ProductData> {
    const { to, event } = PRODUCT_TRANSITIONS[action];
    const { doc } = await this.writer.change(id, (product) => {
      const current = owned(product, supplierId, id);
      if (!canApply(action, current.status)) throw invalidTransition('product', id, current.status, to);
      const firstPublished = to === 'active' && !current.published_at ? { published_at: new Date() } : {};
      return { event, update: { $set: { status: to, ...firstPublished } } };
    });
    return toProductData(doc);
  }

  /**
   * Hard delete. The document becomes a tombstone holding product.deleted in its outbox (one atomic update),
   * and is removed once the event is on Kafka. Orders keep their product snapshots.
   */
  async remove(supplierId: string, id: string): Promise<ProductDeletedData> {
    const { data } = await this.writer.change(id, (product) => {
      owned(product, supplierId, id);
      return { event: EventType.PRODUCT_DELETED, update: { $set: { tombstone: true } } };
    });
    return data;
  }
}

/** The product, when it exists and `supplierId` owns it: else 404 or 403. */
function owned(product: ProductRecord | null, supplierId: string, id: string): ProductRecord {
  if (!product) throw notFound('product', id);
  if (product.supplier_id.toHexString() !== supplierId) throw notOwner('product', id, SUPPLIER_ID_HEADER);
  return product;
}
