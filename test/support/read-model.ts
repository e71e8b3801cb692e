import { Db, ObjectId } from 'mongodb';
import { Pool } from 'mysql2/promise';
import { Touched } from '../../scripts/demo/journey';
import { rows } from './databases';

/**
 * One entity in the read model, in the columns CONTRACT.md names: its row (null when there is none)
 * and its child rows (variants, items) in key order. Built two ways: from MySQL, and from the MongoDB
 * document by the contract's rules (written here from the contract, not by the app's flatten code).
 */
export interface ReadModelView {
  row: Record<string, unknown> | null;
  children: Record<string, unknown>[];
}

// A stored document as the driver returns it: nested fields of many types, read by the contract's paths.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Doc = Record<string, any>;

/** A Mongo Date as MariaDB's DATETIME(3) reads back with dateStrings (UTC). */
const mysqlTime = (d: Date | null | undefined): string | null => (d ? d.toISOString().replace('T', ' ').replace('Z', '') : null);
const hex = (id: ObjectId | null | undefined): string | null => (id ? id.toHexString() : null);

const COLLECTIONS: Record<Touched['kind'], string> = {
  user: 'users',
  supplier: 'suppliers',
  product: 'products',
  order: 'orders',
  post: 'posts',
};

/** What the contract says MySQL must hold for the entity, given its MongoDB document (gone: no rows). */
export async function expectedReadModel(db: Db, { kind, id }: Touched): Promise<ReadModelView> {
  const doc = (await db.collection(COLLECTIONS[kind]).findOne({ _id: new ObjectId(id) })) as Doc | null;
  if (!doc) return { row: null, children: [] };
  switch (kind) {
    case 'user':
      return {
        row: { email: doc.email, display_name: doc.profile.display_name, status: doc.status, deleted_at: mysqlTime(doc.deleted_at) },
        children: [],
      };
    case 'supplier':
      return {
        row: { name: doc.name, contact_email: doc.contact.email, address_city: doc.address.city, address_country: doc.address.country },
        children: [],
      };
    case 'product':
      return {
        row: {
          supplier_id: hex(doc.supplier_id),
          name: doc.name,
          status: doc.status,
          base_price_cents: doc.base_price_cents,
          published_at: mysqlTime(doc.published_at),
        },
        children: [...doc.variants]
          .sort((a: Doc, b: Doc) => (a.sku < b.sku ? -1 : 1))
          .map((v: Doc) => ({ sku: v.sku, price_cents: v.price_cents, stock: v.stock })),
      };
    case 'order':
      return {
        row: {
          order_number: doc.order_number,
          customer_user_id: hex(doc.customer.user_id),
          customer_email: doc.customer.email,
          shipping_city: doc.shipping_address.city,
          shipping_country: doc.shipping_address.country,
          status: doc.status,
          total_cents: doc.total_cents,
          cancelled_at: mysqlTime(doc.cancelled_at),
          carrier: doc.carrier ?? null,
          tracking_number: doc.tracking_number ?? null,
          shipped_at: mysqlTime(doc.shipped_at),
        },
        children: doc.items.map((item: Doc) => ({
          line_no: item.line_no,
          product_id: hex(item.product_snapshot.product_id),
          sku: item.product_snapshot.sku,
          quantity: item.quantity,
          unit_price_cents: item.unit_price_cents,
          line_total_cents: item.line_total_cents,
        })),
      };
    case 'post':
      return {
        row: {
          author_user_id: hex(doc.author.user_id),
          status: doc.status,
          published_at: mysqlTime(doc.published_at),
          deleted_at: mysqlTime(doc.deleted_at),
        },
        children: [],
      };
  }
}

/** What MySQL holds for the entity, in the same shape as expectedReadModel. */
export async function readModelOf(pool: Pool, { kind, id }: Touched): Promise<ReadModelView> {
  const one = async (sql: string) => (await rows(pool, sql, [id]))[0] ?? null;
  const numbers = (row: Record<string, unknown> | null, columns: string[]) => {
    if (row) for (const c of columns) row[c] = row[c] === null ? null : Number(row[c]);
    return row;
  };
  switch (kind) {
    case 'user':
      return { row: await one('SELECT email, display_name, status, deleted_at FROM users WHERE user_id = ?'), children: [] };
    case 'supplier':
      return {
        row: await one('SELECT name, contact_email, address_city, address_country FROM suppliers WHERE supplier_id = ?'),
        children: [],
      };
    case 'product':
      return {
        row: numbers(await one('SELECT supplier_id, name, status, base_price_cents, published_at FROM products WHERE product_id = ?'), [
          'base_price_cents',
        ]),
        children: (await rows(pool, 'SELECT sku, price_cents, stock FROM product_variants WHERE product_id = ? ORDER BY sku', [id])).map(
          (v) => numbers(v, ['price_cents', 'stock'])!,
        ),
      };
    case 'order':
      return {
        row: numbers(
          await one(
            `SELECT order_number, customer_user_id, customer_email, shipping_city, shipping_country, status, total_cents, cancelled_at,
                    carrier, tracking_number, shipped_at
               FROM orders WHERE order_id = ?`,
          ),
          ['total_cents'],
        ),
        children: (
          await rows(
            pool,
            'SELECT line_no, product_id, sku, quantity, unit_price_cents, line_total_cents FROM order_items WHERE order_id = ? ORDER BY line_no',
            [id],
          )
        ).map((item) => numbers(item, ['line_no', 'quantity', 'unit_price_cents', 'line_total_cents'])!),
      };
    case 'post':
      return { row: await one('SELECT author_user_id, status, published_at, deleted_at FROM posts WHERE post_id = ?'), children: [] };
  }
}
