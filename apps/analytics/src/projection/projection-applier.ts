import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryRunner } from 'typeorm';
import { appliedKey, ApplyResult, BatchReads, planBatch, TablePlan, targetKey, targetOf } from './batch-plan';
import { ProjectionWrite, Row } from './projection-write';

export type { ApplyResult } from './batch-plan';

/**
 * Applies a batch of projection writes in ONE MySQL transaction, with the read model's ordering and idempotency
 * rules (see planBatch): a fixed number of statements whatever the batch size:
 * 1. the batch's event_ids already in processed_events (duplicates), and the applied deletes of its entities;
 * 2. per target table, the rows the batch touches, read under a write lock (SELECT ... FOR UPDATE);
 * 3. the batch folded in memory, in order, per entity (planBatch);
 * 4. per table: one DELETE of removed rows, one multi-row INSERT of new rows, one multi-row INSERT ... ON DUPLICATE
 *    KEY UPDATE of changed rows (one UPDATE each for a row that changes another unique value), and the replaced child rows
 *    (one DELETE, one multi-row INSERT);
 * 5. one multi-row insert into processed_events, then COMMIT.
 * Either the whole batch is in MySQL with its processed_events rows, or none of it.
 * Table and column names come from code (the projections), never from event data; values are always parameters.
 */
@Injectable()
export class ProjectionApplier {
  private uniqueKeyed?: Promise<Map<string, string[]>>;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async apply(writes: ProjectionWrite[]): Promise<ApplyResult[]> {
    if (writes.length === 0) return [];
    const runner = this.dataSource.createQueryRunner();
    try {
      // READ COMMITTED: SELECT ... FOR UPDATE of a row that does not exist yet takes no gap lock,
      // so partitions consumed in parallel never deadlock on the same index gap.
      await runner.startTransaction('READ COMMITTED');
      try {
        const results = await this.applyIn(runner, writes);
        await runner.commitTransaction();
        return results;
      } catch (err) {
        await runner.rollbackTransaction().catch(() => undefined);
        throw err;
      }
    } finally {
      await runner.release();
    }
  }

  private async applyIn(db: QueryRunner, writes: ProjectionWrite[]): Promise<ApplyResult[]> {
    const reads = await this.read(db, writes);
    const plan = planBatch(writes, reads);
    for (const table of plan.tables) await this.write(db, table, reads.rows);
    if (plan.processed.length > 0) {
      await db.query(
        'INSERT INTO processed_events (event_id, event_type, entity_id, event_timestamp, outcome, source_topic, source_partition, source_offset) VALUES ?',
        [plan.processed],
      );
    }
    return plan.results;
  }

  private async read(db: QueryRunner, writes: ProjectionWrite[]): Promise<BatchReads> {
    const ids = [...new Set(writes.map((w) => w.envelope.event_id))];
    const found: { event_id: string }[] = await db.query('SELECT event_id FROM processed_events WHERE event_id IN (?)', [ids]);
    const processed = new Set(found.map((r) => r.event_id));

    const appliedAt = new Map<string, number>();
    const guarded = writes.filter((w) => w.deletedBy);
    if (guarded.length > 0) {
      const deletes: { entity_id: string; event_type: string; at: Date }[] = await db.query(
        `SELECT entity_id, event_type, MAX(event_timestamp) AS at FROM processed_events
         WHERE entity_id IN (?) AND event_type IN (?) AND outcome = 'applied' GROUP BY entity_id, event_type`,
        [[...new Set(guarded.map((w) => w.envelope.entity_id))], [...new Set(guarded.map((w) => w.deletedBy!))]],
      );
      for (const d of deletes) appliedAt.set(appliedKey(d.entity_id, d.event_type), new Date(d.at).getTime());
    }

    const rows = new Map<string, Row>();
    const keysByTable = new Map<string, { keyColumn: string; keys: Set<string> }>();
    for (const w of writes) {
      const { table, keyColumn, key } = targetOf(w);
      const entry = keysByTable.get(table) ?? { keyColumn, keys: new Set<string>() };
      entry.keys.add(key);
      keysByTable.set(table, entry);
    }
    for (const [table, { keyColumn, keys }] of keysByTable) {
      // Sorted: two transactions locking overlapping rows take them in the same order.
      const locked: Row[] = await db.query(`SELECT * FROM \`${table}\` WHERE \`${keyColumn}\` IN (?) FOR UPDATE`, [[...keys].sort()]);
      for (const row of locked) rows.set(targetKey(table, String(row[keyColumn])), row);
    }
    return { processed, appliedAt, rows };
  }

  /** The columns of each table's unique indexes besides the primary key (orders.order_number), read once from the schema. */
  private otherUniqueColumns(db: QueryRunner): Promise<Map<string, string[]>> {
    this.uniqueKeyed ??= db
      .query(
        "SELECT TABLE_NAME AS t, COLUMN_NAME AS c FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND NON_UNIQUE = 0 AND INDEX_NAME <> 'PRIMARY'",
      )
      .then((rows: { t: string; c: string }[]) => {
        const columns = new Map<string, string[]>();
        for (const { t, c } of rows) columns.set(t, [...(columns.get(t) ?? []), c]);
        return columns;
      })
      .catch((err: unknown) => {
        this.uniqueKeyed = undefined;
        throw err;
      });
    return this.uniqueKeyed;
  }

  private async write(db: QueryRunner, plan: TablePlan, locked: ReadonlyMap<string, Row>): Promise<void> {
    const key = `\`${plan.keyColumn}\``;
    if (plan.deletes.length > 0) await db.query(`DELETE FROM \`${plan.table}\` WHERE ${key} IN (?)`, [plan.deletes]);
    for (const rows of plan.inserts) await insert(db, plan.table, rows);
    const unique = (await this.otherUniqueColumns(db)).get(plan.table) ?? [];
    for (const rows of plan.updates) {
      // ON DUPLICATE KEY UPDATE would update whichever row a clashing unique value belongs to: a row that changes
      // such a value (orders.order_number) gets its own UPDATE, which fails on a clash instead.
      const [safe, changing]: [Row[], Row[]] = [[], []];
      for (const row of rows) {
        const before = locked.get(targetKey(plan.table, String(row[plan.keyColumn])));
        (unique.every((c) => !(c in row) || sameValue(row[c], before?.[c])) ? safe : changing).push(row);
      }
      if (safe.length > 0) await upsert(db, plan.table, plan.keyColumn, safe);
      for (const row of changing) await update(db, plan.table, plan.keyColumn, row);
    }
    for (const child of plan.children) {
      await db.query(`DELETE FROM \`${child.table}\` WHERE ${key} IN (?)`, [child.parentKeys]);
      if (child.rows.length > 0) await insert(db, child.table, child.rows);
    }
  }
}

const sameValue = (a: unknown, b: unknown) => (a ?? null) === (b ?? null) || (a != null && b != null && String(a) === String(b));

/** Multi-row insert; rows with the same columns. A row MySQL already holds fails it (ER_DUP_ENTRY: retried, never overwritten). */
function insert(db: QueryRunner, table: string, rows: Row[], onDuplicate = ''): Promise<unknown> {
  const columns = Object.keys(rows[0]);
  const names = columns.map((c) => `\`${c}\``).join(', ');
  return db.query(`INSERT INTO \`${table}\` (${names}) VALUES ?${onDuplicate}`, [rows.map((row) => columns.map((c) => row[c] ?? null))]);
}

function update(db: QueryRunner, table: string, keyColumn: string, row: Row): Promise<unknown> {
  const columns = Object.keys(row).filter((c) => c !== keyColumn);
  const set = columns.map((c) => `\`${c}\` = ?`).join(', ');
  return db.query(`UPDATE \`${table}\` SET ${set} WHERE \`${keyColumn}\` = ?`, [...columns.map((c) => row[c] ?? null), row[keyColumn]]);
}

/**
 * Multi-row update of rows MySQL holds, as insert-or-update by primary key (only rows whose other unique values stay). VALUES(col) is understood by MariaDB and MySQL 8 alike. The key itself
 * is not in the update list: MariaDB counts `order_id = VALUES(order_id)` as a change of a referenced key.
 */
function upsert(db: QueryRunner, table: string, keyColumn: string, rows: Row[]): Promise<unknown> {
  const updates = Object.keys(rows[0])
    .filter((c) => c !== keyColumn)
    .map((c) => `\`${c}\` = VALUES(\`${c}\`)`)
    .join(', ');
  return insert(db, table, rows, ` ON DUPLICATE KEY UPDATE ${updates}`);
}
