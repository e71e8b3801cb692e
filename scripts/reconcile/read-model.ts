import { Topic } from '@app/kafka';
import { isDeepStrictEqual } from 'node:util';
import { ObjectId } from 'mongodb';
import { Pool, RowDataPacket } from 'mysql2/promise';

/**
 * The read model CONTRACT.md derives from each MongoDB document: the columns it names, the child rows, and the
 * entity_version of the event that wrote the row (the document's version). Written here from the contract, not by
 * the app's flatten code, so it checks the app. One implementation for `npm run reconcile`, the journey test and the
 * fault suite.
 */
export interface ReadModelView {
  row: Record<string, unknown> | null;
  children: Record<string, unknown>[];
}

// A stored document as the driver returns it: nested fields of many types, read by the contract's paths.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Doc = Record<string, any>;

/** A Mongo Date as MariaDB's DATETIME(3) reads back with dateStrings (UTC). */
const mysqlTime = (d: Date | null | undefined): string | null => (d ? d.toISOString().replace('T', ' ').replace('Z', '') : null);
const hex = (id: ObjectId | null | undefined): string | null => (id ? id.toHexString() : null);

interface ChildSpec {
  table: string;
  /** Columns read, in this order; the first is the order of the rows. */
  columns: string[];
  numeric: string[];
  rows(doc: Doc): Record<string, unknown>[];
}

/** One entity kind: where it lives on both sides and what the contract says its row holds. */
export interface KindSpec {
  topic: Topic;
  collection: string;
  table: string;
  key: string;
  /** The columns compared (entity_version last), and those MySQL returns as strings (BIGINT) to read as numbers. */
  columns: string[];
  numeric: string[];
  row(doc: Doc): Record<string, unknown>;
  children?: ChildSpec;
  /** Hard deletes: the document goes, and so must the row. */
  hardDelete: boolean;
}

const version = (doc: Doc) => ({ entity_version: doc.version ?? null });

export const KINDS: Record<Topic, KindSpec> = {
  user: {
    topic: 'user',
    collection: 'users',
    table: 'users',
    key: 'user_id',
    columns: ['email', 'display_name', 'status', 'deleted_at', 'entity_version'],
    numeric: ['entity_version'],
    row: (doc) => ({
      email: doc.email,
      display_name: doc.profile.display_name,
      status: doc.status,
      deleted_at: mysqlTime(doc.deleted_at),
      ...version(doc),
    }),
    hardDelete: false,
  },
  supplier: {
    topic: 'supplier',
    collection: 'suppliers',
    table: 'suppliers',
    key: 'supplier_id',
    columns: ['name', 'contact_email', 'address_city', 'address_country', 'entity_version'],
    numeric: ['entity_version'],
    row: (doc) => ({
      name: doc.name,
      contact_email: doc.contact.email,
      address_city: doc.address.city,
      address_country: doc.address.country,
      ...version(doc),
    }),
    hardDelete: true,
  },
  product: {
    topic: 'product',
    collection: 'products',
    table: 'products',
    key: 'product_id',
    columns: ['supplier_id', 'name', 'status', 'base_price_cents', 'published_at', 'entity_version'],
    numeric: ['base_price_cents', 'entity_version'],
    row: (doc) => ({
      supplier_id: hex(doc.supplier_id),
      name: doc.name,
      status: doc.status,
      base_price_cents: doc.base_price_cents,
      published_at: mysqlTime(doc.published_at),
      ...version(doc),
    }),
    children: {
      table: 'product_variants',
      columns: ['sku', 'price_cents', 'stock'],
      numeric: ['price_cents', 'stock'],
      rows: (doc) =>
        [...doc.variants]
          .sort((a: Doc, b: Doc) => (a.sku < b.sku ? -1 : 1))
          .map((v: Doc) => ({ sku: v.sku, price_cents: v.price_cents, stock: v.stock })),
    },
    hardDelete: true,
  },
  order: {
    topic: 'order',
    collection: 'orders',
    table: 'orders',
    key: 'order_id',
    columns: [
      'order_number',
      'customer_user_id',
      'customer_email',
      'shipping_city',
      'shipping_country',
      'status',
      'total_cents',
      'cancelled_at',
      'carrier',
      'tracking_number',
      'shipped_at',
      'entity_version',
    ],
    numeric: ['total_cents', 'entity_version'],
    row: (doc) => ({
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
      ...version(doc),
    }),
    children: {
      table: 'order_items',
      columns: ['line_no', 'product_id', 'sku', 'quantity', 'unit_price_cents', 'line_total_cents'],
      numeric: ['line_no', 'quantity', 'unit_price_cents', 'line_total_cents'],
      rows: (doc) =>
        doc.items.map((item: Doc) => ({
          line_no: item.line_no,
          product_id: hex(item.product_snapshot.product_id),
          sku: item.product_snapshot.sku,
          quantity: item.quantity,
          unit_price_cents: item.unit_price_cents,
          line_total_cents: item.line_total_cents,
        })),
    },
    hardDelete: false,
  },
  post: {
    topic: 'post',
    collection: 'posts',
    table: 'posts',
    key: 'post_id',
    columns: ['author_user_id', 'status', 'published_at', 'deleted_at', 'entity_version'],
    numeric: ['entity_version'],
    row: (doc) => ({
      author_user_id: hex(doc.author.user_id),
      status: doc.status,
      published_at: mysqlTime(doc.published_at),
      deleted_at: mysqlTime(doc.deleted_at),
      ...version(doc),
    }),
    hardDelete: false,
  },
};

/** What the contract says MySQL must hold for a document (none: a tombstone, whose delete is on its way). */
export function expectedView(kind: Topic, doc: Doc | null): ReadModelView {
  if (!doc || doc.tombstone) return { row: null, children: [] };
  const spec = KINDS[kind];
  return { row: spec.row(doc), children: spec.children?.rows(doc) ?? [] };
}

function asNumbers(row: Record<string, unknown>, columns: string[]): Record<string, unknown> {
  for (const c of columns) if (c in row) row[c] = row[c] === null ? null : Number(row[c]);
  return row;
}

/** What MySQL holds for the ids of one kind, as views (an id without a row: row null), read in one query per table. */
export async function readViews(pool: Pool, kind: Topic, ids: string[]): Promise<Map<string, ReadModelView>> {
  const spec = KINDS[kind];
  const views = new Map<string, ReadModelView>(ids.map((id) => [id, { row: null, children: [] }]));
  if (ids.length === 0) return views;
  const select = (columns: string[]) => [spec.key, ...columns].map((c) => `\`${c}\``).join(', ');
  const [rows] = await pool.query<RowDataPacket[]>(`SELECT ${select(spec.columns)} FROM \`${spec.table}\` WHERE \`${spec.key}\` IN (?)`, [
    ids,
  ]);
  for (const { [spec.key]: id, ...row } of rows) views.get(String(id))!.row = asNumbers(row, spec.numeric);
  if (spec.children) {
    const child = spec.children;
    const [children] = await pool.query<RowDataPacket[]>(
      `SELECT ${select(child.columns)} FROM \`${child.table}\` WHERE \`${spec.key}\` IN (?) ORDER BY \`${spec.key}\`, \`${child.columns[0]}\``,
      [ids],
    );
    for (const { [spec.key]: id, ...row } of children) views.get(String(id))!.children.push(asNumbers(row, child.numeric));
  }
  return views;
}

/** The first place where two views differ ("status: mongodb pending, mysql cancelled"), or null when they are equal. */
export function firstDifference(expected: ReadModelView, actual: ReadModelView): string | null {
  if (!expected.row || !actual.row)
    return expected.row === actual.row ? null : expected.row ? 'row missing in MySQL' : 'row in MySQL, none expected';
  for (const [column, value] of Object.entries(expected.row)) {
    if (!isDeepStrictEqual(value, actual.row[column])) return `${column}: mongodb ${show(value)}, mysql ${show(actual.row[column])}`;
  }
  if (!isDeepStrictEqual(expected.children, actual.children)) {
    return `child rows: mongodb ${expected.children.length}, mysql ${actual.children.length}${expected.children.length === actual.children.length ? ' (values differ)' : ''}`;
  }
  return null;
}

const show = (value: unknown) => (typeof value === 'string' ? JSON.stringify(value) : String(value));
