/**
 * Bench variants C and C1, the raw ceiling: kafkajs eachBatch straight into mysql2, 500 events per transaction,
 * with the statements the app's ProjectionApplier sends (apps/analytics/src/projection/projection-applier.ts):
 * 1. SET TRANSACTION ISOLATION LEVEL READ COMMITTED, START TRANSACTION, the batch's already processed ids, the
 *    applied deletes of its entities, per table the rows it touches (SELECT ... FOR UPDATE, keys sorted);
 * 2. the events folded in memory with the app's rules (duplicate, stale, superseded);
 * 3. per table one DELETE of removed rows, one multi-row INSERT of new rows, one multi-row INSERT ... ON DUPLICATE
 *    KEY UPDATE of changed rows, the replaced child rows (DELETE, INSERT); one multi-row processed_events insert;
 *    COMMIT.
 * C (the default) sends 1 and 3 as the app does, as two multi-statement round trips, so A/C is the app's own
 * overhead. C1 (RAW_ROUND_TRIPS=each) sends every statement in a round trip of its own: C's shape before it
 * followed the app (~9-11 round trips a batch), kept to show how much of the old A/C gap was round trips.
 */
import { AnyEventEnvelope, KafkaConfig, Topic } from '@app/kafka';
import { Kafka, KafkaMessage } from 'kafkajs';
import '../../libs/kafka/src/kafkajs/request-queue-fix';
import { createPool, PoolConnection } from 'mysql2/promise';
import { FlatChange, flatChange, Row } from './flat-change';

const EVENTS_PER_TRANSACTION = 500;
const CHILD_TABLES: Partial<Record<FlatChange['table'], string>> = { products: 'product_variants', orders: 'order_items' };
const CONCURRENCY = 3;
const ROUND_TRIPS: 'two' | 'each' = process.env.RAW_ROUND_TRIPS === 'each' ? 'each' : 'two';

interface Target {
  change: FlatChange;
  row: Row | null; // null: no row (never existed, or removed)
  /** MySQL held the row when the batch began: an upsert, not an insert. */
  existed: boolean;
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
  multipleStatements: true,
});

/** Statements sent as one multi-statement query (C) or one query each (C1); one result per statement. */
class Statements {
  private readonly sql: string[] = [];
  private readonly params: unknown[][] = [];

  add(sql: string, params: unknown[] = []): number {
    this.sql.push(sql);
    this.params.push(params);
    return this.sql.length - 1;
  }

  async run(db: PoolConnection): Promise<unknown[]> {
    if (ROUND_TRIPS === 'each') {
      const results: unknown[] = [];
      for (let i = 0; i < this.sql.length; i++) results.push((await db.query(this.sql[i]!, this.params[i]))[0]);
      return results;
    }
    const [results] = await db.query(this.sql.join(';\n'), this.params.flat());
    return this.sql.length === 1 ? [results] : (results as unknown[]);
  }
}

async function applyBatch(db: PoolConnection, messages: KafkaMessage[], topic: string, partition: number): Promise<void> {
  const events = messages.map((m) => ({ envelope: JSON.parse(m.value!.toString()) as AnyEventEnvelope, offset: m.offset }));
  const changes = events.map((e) => flatChange(e.envelope));
  try {
    const { seen, deletedAt, targets } = await readTargets(
      db,
      events.map((e) => e.envelope.event_id),
      changes,
    );
    const processed: unknown[][] = [];
    events.forEach(({ envelope: e, offset }, i) => {
      if (seen.has(e.event_id)) return;
      seen.add(e.event_id);
      const at = new Date(e.timestamp);
      const c = changes[i]!;
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
    const writes = new Statements();
    writeTargets(
      writes,
      [...targets.values()].filter((t) => t.dirty),
    );
    if (processed.length > 0) {
      writes.add(
        'INSERT INTO processed_events (event_id, event_type, entity_id, event_timestamp, outcome, source_topic, source_partition, source_offset) VALUES ?',
        [processed],
      );
    }
    writes.add('COMMIT');
    await writes.run(db);
  } catch (err) {
    await db.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

/** The first round trip: begins the transaction, reads the duplicates, the applied deletes and the locked target rows. */
async function readTargets(db: PoolConnection, ids: string[], changes: FlatChange[]) {
  const reads = new Statements();
  reads.add('SET TRANSACTION ISOLATION LEVEL READ COMMITTED');
  reads.add('START TRANSACTION');
  const processedAt = reads.add('SELECT event_id FROM processed_events WHERE event_id IN (?)', [[...new Set(ids)]]);
  const guarded = changes.filter((c) => c.deletedBy);
  const deletesAt = guarded.length
    ? reads.add(
        `SELECT entity_id, event_type, MAX(event_timestamp) AS at FROM processed_events
         WHERE entity_id IN (?) AND event_type IN (?) AND outcome = 'applied' GROUP BY entity_id, event_type`,
        [[...new Set(guarded.map((c) => c.key))], [...new Set(guarded.map((c) => c.deletedBy!))]],
      )
    : undefined;
  const targets = new Map<string, Target>();
  for (const c of changes) targets.set(`${c.table}:${c.key}`, { change: c, row: null, existed: false, dirty: false });
  const lockedAt = [...new Set(changes.map((c) => c.table))].map((table) => {
    const keyColumn = changes.find((c) => c.table === table)!.keyColumn;
    const keys = [...new Set(changes.filter((c) => c.table === table).map((c) => c.key))].sort();
    return { table, keyColumn, at: reads.add(`SELECT * FROM ${table} WHERE ${keyColumn} IN (?) FOR UPDATE`, [keys]) };
  });

  const results = await reads.run(db);
  const seen = new Set((results[processedAt] as { event_id: string }[]).map((r) => r.event_id));
  const deletedAt = new Map<string, number>();
  for (const d of deletesAt === undefined ? [] : (results[deletesAt] as { entity_id: string; at: Date }[])) {
    deletedAt.set(d.entity_id, Math.max(deletedAt.get(d.entity_id) ?? 0, new Date(d.at).getTime()));
  }
  for (const { table, keyColumn, at } of lockedAt) {
    for (const row of results[at] as Row[]) Object.assign(targets.get(`${table}:${row[keyColumn]}`)!, { row, existed: true });
  }
  return { seen, deletedAt, targets };
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

/** The second round trip's writes, per table: removed rows, new rows, changed rows, replaced children. */
function writeTargets(writes: Statements, dirty: Target[]): void {
  for (const table of new Set(dirty.map((t) => t.change.table))) {
    const ofTable = dirty.filter((t) => t.change.table === table);
    const keyColumn = ofTable[0]!.change.keyColumn;
    const removed = ofTable.filter((t) => !t.row).map((t) => t.change.key);
    if (removed.length > 0) writes.add(`DELETE FROM ${table} WHERE ${keyColumn} IN (?)`, [removed]);
    insertRows(
      writes,
      table,
      ofTable.flatMap((t) => (t.row && !t.existed ? [t.row] : [])),
    );
    insertRows(
      writes,
      table,
      ofTable.flatMap((t) => (t.row && t.existed ? [t.row] : [])),
      keyColumn,
    );
    const replaced = ofTable.filter((t) => t.row && t.children);
    const childTable = CHILD_TABLES[table];
    if (!childTable || replaced.length === 0) continue;
    writes.add(`DELETE FROM ${childTable} WHERE ${keyColumn} IN (?)`, [replaced.map((t) => t.change.key)]);
    insertRows(
      writes,
      childTable,
      replaced.flatMap((t) => t.children!),
    );
  }
}

/** Multi-row INSERT per set of columns (a patched row has every column, a flattened one its own); with `upsertKey`, ON DUPLICATE KEY UPDATE. */
function insertRows(writes: Statements, table: string, rows: Row[], upsertKey?: string): void {
  const byColumns = new Map<string, Row[]>();
  for (const row of rows) {
    const columns = Object.keys(row).join(',');
    byColumns.set(columns, [...(byColumns.get(columns) ?? []), row]);
  }
  for (const [joined, group] of byColumns) {
    const columns = joined.split(',');
    const updates = upsertKey
      ? ` ON DUPLICATE KEY UPDATE ${columns
          .filter((c) => c !== upsertKey)
          .map((c) => `${c} = VALUES(${c})`)
          .join(', ')}`
      : '';
    writes.add(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ?${updates}`, [group.map((row) => columns.map((c) => row[c] ?? null))]);
  }
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
        resolveOffset(chunk[chunk.length - 1]!.offset);
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
