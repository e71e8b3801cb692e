import { randomUUID } from 'node:crypto';
import { buildEnvelope, EventEnvelope, KafkaProducer, Topic } from '@app/kafka';
import { Db, ObjectId } from 'mongodb';
import { Pool, RowDataPacket } from 'mysql2/promise';
import { ORDER_EVENT_DATA } from '../../apps/backend/src/orders/order.mapping';
import { EventDataRegistry } from '../../apps/backend/src/outbox/event-data';
import { snapshotEnvelope } from '../../apps/backend/src/outbox/write-seam';
import { POST_EVENT_DATA } from '../../apps/backend/src/posts/post.mapping';
import { PRODUCT_EVENT_DATA } from '../../apps/backend/src/products/product.mapping';
import { SUPPLIER_EVENT_DATA } from '../../apps/backend/src/suppliers/supplier.mapping';
import { USER_EVENT_DATA } from '../../apps/backend/src/users/user.mapping';
import { KindReport } from './compare';
import { Doc, KINDS } from './read-model';

/** The event data the backend's domains register with its write seam: snapshots carry the same `data` as their events. */
export const EVENT_DATA = new EventDataRegistry();
EVENT_DATA.register(USER_EVENT_DATA);
EVENT_DATA.register(SUPPLIER_EVENT_DATA);
EVENT_DATA.register(PRODUCT_EVENT_DATA);
EVENT_DATA.register(ORDER_EVENT_DATA);
EVENT_DATA.register(POST_EVENT_DATA);

/** The snapshot of a live document (`<topic>.snapshot`, its whole state and version), as the write seam builds it. */
export function snapshotOf(kind: Topic, doc: Doc): EventEnvelope {
  return snapshotEnvelope(kind, doc as Doc & { _id: ObjectId }, EVENT_DATA);
}

export interface HealResult {
  sent: EventEnvelope[];
  /** Rows reconcile cannot remove: no document, and no delete event for their kind (users, orders, posts are never removed). */
  unhealable: string[];
}

/**
 * Publishes what makes the read model equal MongoDB again: for a live document that is missing or differs, its
 * snapshot; for a row of a hard-deleted kind whose document is gone (or a tombstone), its delete event, one version
 * above the row (or the tombstone's version).
 */
export async function heal(db: Db, pool: Pool, producer: KafkaProducer, reports: KindReport[]): Promise<HealResult> {
  const result: HealResult = { sent: [], unhealable: [] };
  for (const report of reports) {
    const spec = KINDS[report.kind];
    const collection = db.collection(spec.collection);
    for (const id of [...report.missing, ...report.differing.map((d) => d.id)]) {
      const doc = await collection.findOne({ _id: new ObjectId(id) });
      if (doc && !doc.tombstone) result.sent.push(await send(producer, report.kind, snapshotOf(report.kind, doc)));
    }
    for (const id of report.extra) {
      if (!spec.hardDelete) {
        result.unhealable.push(`${spec.table} ${id}`);
        continue;
      }
      const tombstone = await collection.findOne({ _id: new ObjectId(id) });
      const [[row]] = await pool.query<RowDataPacket[]>(`SELECT * FROM \`${spec.table}\` WHERE \`${spec.key}\` = ?`, [id]);
      if (!row) continue;
      const version = tombstone?.version ?? (row.entity_version === null ? undefined : Number(row.entity_version) + 1);
      const deletedAt = new Date().toISOString();
      const envelope =
        report.kind === 'product'
          ? buildEnvelope(head('product.deleted', version), id, {
              product_id: id,
              supplier_id: String(row.supplier_id),
              deleted_at: deletedAt,
            })
          : buildEnvelope(head('supplier.deleted', version), id, { supplier_id: id, deleted_at: deletedAt });
      result.sent.push(await send(producer, report.kind, envelope));
    }
  }
  return result;
}

function head<T extends 'product.deleted' | 'supplier.deleted'>(eventType: T, version: number | undefined) {
  return { event_type: eventType, event_id: randomUUID(), timestamp: new Date().toISOString(), entity_version: version };
}

async function send(producer: KafkaProducer, topic: Topic, envelope: EventEnvelope): Promise<EventEnvelope> {
  await producer.send(topic, envelope, envelope.entity_id);
  return envelope;
}

/** Resolves once every event_id is in processed_events, or with the ids still missing after `timeoutMs`. */
export async function waitForProcessed(pool: Pool, eventIds: string[], timeoutMs: number): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  let waiting = [...eventIds];
  while (waiting.length > 0) {
    const [found] = await pool.query<RowDataPacket[]>('SELECT event_id FROM processed_events WHERE event_id IN (?)', [waiting]);
    const done = new Set(found.map((r) => String(r.event_id)));
    waiting = waiting.filter((id) => !done.has(id));
    if (waiting.length === 0 || Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return waiting;
}
