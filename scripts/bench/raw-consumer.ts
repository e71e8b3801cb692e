/**
 * Bench variant C, the raw ceiling: kafkajs eachBatch straight into mysql2, 500 events per transaction.
 * Per transaction: one SELECT of already processed ids (and applied hard deletes), one locked read of the
 * target rows per table, the events folded in memory with the app's rules (duplicate, stale, superseded),
 * then multi-row INSERT ... ON DUPLICATE KEY UPDATE per table and one multi-row processed_events insert.
 */
import { AnyEventEnvelope, KafkaConfig, Topic } from '@app/kafka';
import { Kafka, KafkaMessage } from 'kafkajs';
import { createPool, PoolConnection } from 'mysql2/promise';
import { FlatChange, flatChange, Row } from './flat-change';

const EVENTS_PER_TRANSACTION = 500;
const CHILD_TABLES: Partial<Record<FlatChange['table'], string>> = { products: 'product_variants', orders: 'order_items' };
const CONCURRENCY = 3;

interface Target {
  change: FlatChange;
  row: Row | null; // null: no row (never existed, or removed)
  children?: Row[];
  dirty: boolean;
}

const pool = createPool({
  host: process.env.MYSQL_HOST,
  port: Number(process.env.MYSQL_PORT),
  user: process.env.MYSQL_USER,
  password: process.env.MYSQL_PASSWORD,
  database: process.env.MYSQL_DATABASE,
  timezone: 'Z',
  connectionLimit: CONCURRENCY,
});

async function applyBatch(db: PoolConnection, messages: KafkaMessage[], topic: string, partition: number): Promise<void> {
  const events = messages.map((m) => ({ envelope: JSON.parse(m.value!.toString()) as AnyEventEnvelope, offset: m.offset }));
  const changes = events.map((e) => flatChange(e.envelope));
  await db.query('SET TRANSACTION ISOLATION LEVEL READ COMMITTED');
  await db.beginTransaction();
  try {
    const ids = events.map((e) => e.envelope.event_id);
    const guarded = changes.filter((c) => c.deletedBy);
    const entities = guarded.map((c) => c.key);
    const deleteTypes = [...new Set(guarded.map((c) => c.deletedBy!))];
    const [seenRows] = await db.query(
      `SELECT event_id, entity_id, event_timestamp FROM processed_events WHERE event_id IN (?)
       OR (entity_id IN (?) AND event_type IN (?) AND outcome = 'applied')`,
      [ids, entities.length ? entities : [''], deleteTypes.length ? deleteTypes : ['']],
    );
    const seen = new Set<string>();
    const inBatch = new Set(ids);
    const deletedAt = new Map<string, number>();
    for (const r of seenRows as { event_id: string; entity_id: string; event_timestamp: Date }[]) {
      if (inBatch.has(r.event_id)) seen.add(r.event_id);
      else deletedAt.set(r.entity_id, Math.max(deletedAt.get(r.entity_id) ?? 0, r.event_timestamp.getTime()));
    }
    const targets = await lockTargets(db, changes);
    const processed: unknown[][] = [];
    events.forEach(({ envelope: e, offset }, i) => {
      if (seen.has(e.event_id)) return;
      seen.add(e.event_id);
      const at = new Date(e.timestamp);
      const c = changes[i];
      const t = targets.get(`${c.table}:${c.key}`)!;
      let outcome = 'applied';
      if (c.deletedBy && (deletedAt.get(c.key) ?? -1) >= at.getTime()) outcome = 'superseded';
      else if (t.row && (t.row.event_timestamp as Date).getTime() > at.getTime()) outcome = 'stale';
      else {
        fold(t, c, at, deletedAt);
        if (e.event_type.endsWith('.deleted')) deletedAt.set(c.key, at.getTime()); // soft deletes guard too
      }
      processed.push([e.event_id, e.event_type, e.entity_id, at, outcome, topic, partition, offset]);
    });
    await writeTargets(
      db,
      [...targets.values()].filter((t) => t.dirty),
    );
    if (processed.length > 0) {
      await db.query(
        'INSERT INTO processed_events (event_id, event_type, entity_id, event_timestamp, outcome, source_topic, source_partition, source_offset) VALUES ?',
        [processed],
      );
    }
    await db.commit();
  } catch (err) {
    await db.rollback();
    throw err;
  }
}

/** One SELECT ... FOR UPDATE per table of the rows these events touch. */
async function lockTargets(db: PoolConnection, changes: FlatChange[]): Promise<Map<string, Target>> {
  const targets = new Map<string, Target>();
  for (const c of changes) targets.set(`${c.table}:${c.key}`, { change: c, row: null, dirty: false });
  for (const table of new Set(changes.map((c) => c.table))) {
    const keyColumn = changes.find((c) => c.table === table)!.keyColumn;
    const keys = [...new Set(changes.filter((c) => c.table === table).map((c) => c.key))];
    const [rows] = await db.query(`SELECT * FROM ${table} WHERE ${keyColumn} IN (?) FOR UPDATE`, [keys]);
    for (const row of rows as Row[]) targets.get(`${table}:${row[keyColumn]}`)!.row = row;
  }
  return targets;
}

function fold(t: Target, c: FlatChange, at: Date, deletedAt: Map<string, number>): void {
  if (c.row) {
    t.row = c.row;
    t.children = c.children?.rows;
  } else if (c.patch && t.row) {
    t.row = { ...t.row, ...c.patch };
  } else if (c.remove) {
    t.row = null;
    deletedAt.set(c.key, at.getTime());
  } else return;
  t.dirty = true;
}

async function writeTargets(db: PoolConnection, dirty: Target[]): Promise<void> {
  for (const table of new Set(dirty.map((t) => t.change.table))) {
    const ofTable = dirty.filter((t) => t.change.table === table);
    const keyColumn = ofTable[0].change.keyColumn;
    const removed = ofTable.filter((t) => !t.row).map((t) => t.change.key);
    if (removed.length > 0) await db.query(`DELETE FROM ${table} WHERE ${keyColumn} IN (?)`, [removed]);
    await upsertRows(
      db,
      table,
      ofTable.flatMap((t) => (t.row ? [t.row] : [])),
    );
    const replaced = ofTable.filter((t) => t.row && t.children);
    const childTable = CHILD_TABLES[table];
    if (!childTable || replaced.length === 0) continue;
    await db.query(`DELETE FROM ${childTable} WHERE ${keyColumn} IN (?)`, [replaced.map((t) => t.change.key)]);
    await upsertRows(
      db,
      childTable,
      replaced.flatMap((t) => t.children!),
    );
  }
}

async function upsertRows(db: PoolConnection, table: string, rows: Row[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]);
  const updates = columns.map((c) => `${c} = VALUES(${c})`).join(', ');
  await db.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ? ON DUPLICATE KEY UPDATE ${updates}`, [
    rows.map((row) => columns.map((c) => row[c])),
  ]);
}

async function main(): Promise<void> {
  const config = KafkaConfig.fromEnv('bench-raw').toConsumerConfig(process.env.KAFKA_GROUP_ID ?? 'bench-raw');
  const consumer = new Kafka(config.client).consumer(config.consumer);
  await consumer.connect();
  await consumer.subscribe({ topics: Topic.all(), fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: CONCURRENCY,
    eachBatch: async ({ batch, resolveOffset, commitOffsetsIfNecessary, uncommittedOffsets, heartbeat }) => {
      for (let i = 0; i < batch.messages.length; i += EVENTS_PER_TRANSACTION) {
        const chunk = batch.messages.slice(i, i + EVENTS_PER_TRANSACTION);
        const db = await pool.getConnection();
        try {
          await applyBatch(db, chunk, batch.topic, batch.partition);
        } finally {
          db.release();
        }
        resolveOffset(chunk[chunk.length - 1].offset);
        // Like A: each transaction's offset is committed once MySQL has it (without offsets, and with autoCommit
        // off, commitOffsetsIfNecessary() commits nothing: C skipped the OffsetCommit round trip A pays).
        await commitOffsetsIfNecessary(uncommittedOffsets());
        await heartbeat();
      }
    },
  });
  process.once(
    'SIGTERM',
    () =>
      void consumer
        .disconnect()
        .then(() => pool.end())
        .then(() => process.exit(0)),
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
