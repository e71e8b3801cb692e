import { AnyEventEnvelope, EventEnvelope, EventType } from '@app/kafka';
import { OrdersProjection } from '../../apps/analytics/src/orders/orders.projection';
import { PostsProjection } from '../../apps/analytics/src/posts/posts.projection';
import { ProductsProjection } from '../../apps/analytics/src/products/products.projection';
import { ProjectionWrite, Row } from '../../apps/analytics/src/projection/projection-write';
import { SuppliersProjection } from '../../apps/analytics/src/suppliers/suppliers.projection';
import { UsersProjection } from '../../apps/analytics/src/users/users.projection';

export type { Row } from '../../apps/analytics/src/projection/projection-write';

/** What one event does to one read-model row, for the bench's own consumers B and C (from the app's projections). */
export interface FlatChange {
  table: string;
  keyColumn: string;
  key: string;
  /** The whole new row (created/updated/lifecycle events). */
  row?: Row;
  /** Columns to change on an existing row (soft deletes, cancellation, shipping). */
  patch?: Row;
  remove?: true;
  /** Child rows that replace the old ones (variants, order items). */
  children?: { table: string; rows: Row[] };
  /** The delete after which older upserts of this entity are ignored. */
  deletedBy?: string;
}

const users = new UsersProjection();
const suppliers = new SuppliersProjection();
const products = new ProductsProjection();
const orders = new OrdersProjection();
const posts = new PostsProjection();

/** The app's mapping of each event type (the same calls its @OnEvent handlers make). */
const WRITES: { [T in EventType]: (e: EventEnvelope<T>) => ProjectionWrite } = {
  'user.created': (e) => users.upsert(e),
  'user.updated': (e) => users.upsert(e),
  'user.deleted': (e) => users.softDelete(e),
  'supplier.created': (e) => suppliers.upsert(e),
  'supplier.updated': (e) => suppliers.upsert(e),
  'supplier.deleted': (e) => suppliers.delete(e),
  'product.created': (e) => products.upsert(e),
  'product.updated': (e) => products.upsert(e),
  'product.published': (e) => products.upsert(e),
  'product.discontinued': (e) => products.upsert(e),
  'product.out_of_stock': (e) => products.upsert(e),
  'product.restored': (e) => products.upsert(e),
  'product.deleted': (e) => products.delete(e),
  'order.created': (e) => orders.create(e),
  'order.cancelled': (e) => orders.cancel(e),
  'order.shipped': (e) => orders.ship(e),
  'post.created': (e) => posts.upsert(e),
  'post.updated': (e) => posts.upsert(e),
  'post.published': (e) => posts.upsert(e),
  'post.deleted': (e) => posts.softDelete(e),
  'user.snapshot': (e) => users.upsert(e),
  'supplier.snapshot': (e) => suppliers.upsert(e),
  'product.snapshot': (e) => products.upsert(e),
  'order.snapshot': (e) => orders.create(e),
  'post.snapshot': (e) => posts.upsert(e),
};

export function flatChange(e: AnyEventEnvelope): FlatChange {
  const write = (WRITES[e.event_type] as (e: AnyEventEnvelope) => ProjectionWrite)(e);
  const [keyColumn, key] = Object.entries(write.target.key)[0];
  const flat: FlatChange = { table: write.target.table, keyColumn, key, deletedBy: write.deletedBy };
  const change = write.change;
  if (change.kind === 'upsert') return { ...flat, row: change.row, children: change.children };
  if (change.kind === 'patch') return { ...flat, patch: change.set };
  return { ...flat, remove: true };
}
