import { inSpan, tracingOn } from '@app/kafka';
import { Injectable } from '@nestjs/common';
import { SpanKind } from '@opentelemetry/api';
import { InjectDataSource } from '@nestjs/typeorm';
import { escape, raw } from 'mysql2';
import { DataSource, QueryRunner } from 'typeorm';
import { AppliedDelete, appliedKey, ApplyResult, BatchReads, planBatch, TablePlan, targetKey, targetOf, VersionGap } from './batch-plan';
import { ProjectionWrite, Row } from './projection-write';

export type { ApplyResult, VersionGap } from './batch-plan';

/** One result per write, in order, and the version gaps the batch showed. */
export interface BatchOutcome {
  results: ApplyResult[];
  gaps: VersionGap[];
}

/**
 * Applies a batch of projection writes in ONE MySQL transaction, with the read model's ordering and idempotency
 * rules (see planBatch): a fixed number of statements whatever the batch size, sent in two round trips:
 * 1. (first round trip) the transaction begins; the batch's event_ids already in processed_events (duplicates), the
 *    applied deletes of its entities, and per target table the rows the batch touches, read under a write lock
 *    (SELECT ... FOR UPDATE);
 * 2. the batch folded in memory, in order, per entity, by entity version (or timestamp) (planBatch);
 * 3. (second round trip) per table: one DELETE of removed rows, one multi-row INSERT of new rows, one multi-row
 *    INSERT ... ON DUPLICATE KEY UPDATE of changed rows (one UPDATE each for a row that changes another unique value),
 *    and the replaced child rows (one DELETE, one multi-row INSERT); one multi-row insert into processed_events; COMMIT.
 * MySQL runs a multi-statement query in order and stops at the first failing statement, so COMMIT runs only after
 * every write succeeded; otherwise the transaction is rolled back. Either the whole batch is in MySQL with its
 * processed_events rows, or none of it.
 * Table and column names come from code (the projections), never from event data; values are always escaped by the
 * driver (each `?`, and a multi-row VALUES list with its escape(): valuesList), which is what makes multi-statement
 * queries safe here.
 */
@Injectable()
export class ProjectionApplier {
  private uniqueKeyed?: Promise<Map<string, string[]>>;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** With tracing on, the transaction is a CLIENT span `mysql transaction`, inside the batch's span. */
  apply(writes: ProjectionWrite[]): Promise<BatchOutcome> {
    if (writes.length === 0) return Promise.resolve({ results: [], gaps: [] });
    if (!tracingOn()) return this.applyInTransaction(writes);
    const attributes = {
      'db.system': 'mysql',
      'db.operation.name': 'transaction',
      'db.namespace': String(this.dataSource.options.database),
    };
    return inSpan('mysql transaction', { kind: SpanKind.CLIENT, attributes: { ...attributes, 'db.batch.size': writes.length } }, () =>
      this.applyInTransaction(writes),
    );
  }

  private async applyInTransaction(writes: ProjectionWrite[]): Promise<BatchOutcome> {
    const runner = this.dataSource.createQueryRunner();
    try {
      const unique = await this.otherUniqueColumns(runner);
      try {
        const reads = await this.read(runner, writes);
        const plan = planBatch(writes, reads);
        const statements = new Statements();
        for (const table of plan.tables) write(statements, table, reads.rows, unique.get(table.table) ?? []);
        if (plan.processed.length > 0) {
          statements.add(
            'INSERT INTO processed_events (event_id, event_type, entity_id, event_timestamp, outcome, source_topic, source_partition, source_offset, entity_version) VALUES ?',
            [valuesList(plan.processed)],
          );
        }
        statements.add('COMMIT');
        await statements.run(runner);
        return { results: plan.results, gaps: plan.gaps };
      } catch (err) {
        await runner.query('ROLLBACK').catch(() => undefined);
        throw err;
      }
    } finally {
      await runner.release();
    }
  }

  /** Begins the transaction and reads what planBatch needs, in one round trip. */
  private async read(db: QueryRunner, writes: ProjectionWrite[]): Promise<BatchReads> {
    const statements = new Statements();
    // READ COMMITTED: SELECT ... FOR UPDATE of a row that does not exist yet takes no gap lock,
    // so partitions consumed in parallel never deadlock on the same index gap.
    statements.add('SET TRANSACTION ISOLATION LEVEL READ COMMITTED');
    statements.add('START TRANSACTION');
    const ids = [...new Set(writes.map((w) => w.envelope.event_id))];
    const processedAt = statements.add('SELECT event_id FROM processed_events WHERE event_id IN (?)', [ids]);

    const guarded = writes.filter((w) => w.deletedBy);
    const deletesAt =
      guarded.length > 0
        ? statements.add(
            `SELECT entity_id, event_type, MAX(event_timestamp) AS at, MAX(entity_version) AS version FROM processed_events
             WHERE entity_id IN (?) AND event_type IN (?) AND outcome = 'applied' GROUP BY entity_id, event_type`,
            [[...new Set(guarded.map((w) => w.envelope.entity_id))], [...new Set(guarded.map((w) => w.deletedBy!))]],
          )
        : undefined;

    const keysByTable = new Map<string, { keyColumn: string; keys: Set<string> }>();
    for (const w of writes) {
      const { table, keyColumn, key } = targetOf(w);
      const entry = keysByTable.get(table) ?? { keyColumn, keys: new Set<string>() };
      entry.keys.add(key);
      keysByTable.set(table, entry);
    }
    const lockedAt = [...keysByTable].map(([table, { keyColumn, keys }]) => ({
      table,
      keyColumn,
      // Sorted: two transactions locking overlapping rows take them in the same order.
      at: statements.add(`SELECT * FROM \`${table}\` WHERE \`${keyColumn}\` IN (?) FOR UPDATE`, [[...keys].sort()]),
    }));

    const results = await statements.run(db);
    const processed = new Set((results[processedAt] as { event_id: string }[]).map((r) => r.event_id));
    const deletes = new Map<string, AppliedDelete>();
    if (deletesAt !== undefined) {
      for (const d of results[deletesAt] as { entity_id: string; event_type: string; at: Date; version: number | null }[]) {
        deletes.set(appliedKey(d.entity_id, d.event_type), {
          at: new Date(d.at).getTime(),
          version: d.version === null ? null : Number(d.version),
        });
      }
    }
    const rows = new Map<string, Row>();
    for (const { table, keyColumn, at } of lockedAt) {
      for (const row of results[at] as Row[]) rows.set(targetKey(table, String(row[keyColumn])), row);
    }
    return { processed, deletes, rows };
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
}

/** Statements sent to MySQL as one multi-statement query (one round trip), each with its own parameters. */
class Statements {
  private readonly sql: string[] = [];
  private readonly params: unknown[] = [];

  /** Adds a statement; returns its index in the results. */
  add(sql: string, params: unknown[] = []): number {
    this.sql.push(sql);
    this.params.push(...params);
    return this.sql.length - 1;
  }

  /** One result per statement (rows for a SELECT). */
  async run(db: QueryRunner): Promise<unknown[]> {
    const results: unknown = await db.query(this.sql.join(';\n'), this.params);
    return this.sql.length === 1 ? [results] : (results as unknown[]);
  }
}

function write(statements: Statements, plan: TablePlan, locked: ReadonlyMap<string, Row>, unique: string[]): void {
  const key = `\`${plan.keyColumn}\``;
  if (plan.deletes.length > 0) statements.add(`DELETE FROM \`${plan.table}\` WHERE ${key} IN (?)`, [plan.deletes]);
  for (const rows of plan.inserts) insert(statements, plan.table, rows);
  for (const rows of plan.updates) {
    // ON DUPLICATE KEY UPDATE would update whichever row a clashing unique value belongs to: a row that changes
    // such a value (orders.order_number) gets its own UPDATE, which fails on a clash instead.
    const [safe, changing]: [Row[], Row[]] = [[], []];
    for (const row of rows) {
      const before = locked.get(targetKey(plan.table, String(row[plan.keyColumn])));
      (unique.every((c) => !(c in row) || sameValue(row[c], before?.[c])) ? safe : changing).push(row);
    }
    if (safe.length > 0) upsert(statements, plan.table, plan.keyColumn, safe);
    for (const row of changing) update(statements, plan.table, plan.keyColumn, row);
  }
  for (const child of plan.children) {
    statements.add(`DELETE FROM \`${child.table}\` WHERE ${key} IN (?)`, [child.parentKeys]);
    if (child.rows.length > 0) insert(statements, child.table, child.rows);
  }
}

const sameValue = (a: unknown, b: unknown) => (a ?? null) === (b ?? null) || (a != null && b != null && String(a) === String(b));

/** Multi-row insert; rows with the same columns. A row MySQL already holds fails it (ER_DUP_ENTRY: retried, never overwritten). */
function insert(statements: Statements, table: string, rows: Row[], onDuplicate = ''): void {
  const columns = Object.keys(rows[0]);
  const names = columns.map((c) => `\`${c}\``).join(', ');
  statements.add(`INSERT INTO \`${table}\` (${names}) VALUES ?${onDuplicate}`, [valuesList(rows.map((row) => columns.map((c) => row[c])))]);
}

function update(statements: Statements, table: string, keyColumn: string, row: Row): void {
  const columns = Object.keys(row).filter((c) => c !== keyColumn);
  const set = columns.map((c) => `\`${c}\` = ?`).join(', ');
  statements.add(`UPDATE \`${table}\` SET ${set} WHERE \`${keyColumn}\` = ?`, [...columns.map((c) => sqlValue(row[c])), row[keyColumn]]);
}

/**
 * The rows of a multi-row INSERT as `(a, b), (c, d)`, every value escaped by the driver's own escape() (the same
 * function it runs for a `?`), handed to it as raw SQL. Built with join, it is one flat string: given the rows as
 * nested arrays for `VALUES ?`, the driver concatenates tens of thousands of pieces, which all stay alive until the
 * whole query is built, so every young-generation collection during it copies them (most of a batch's GC time).
 */
function valuesList(rows: unknown[][]): ReturnType<typeof raw> {
  const row = (values: unknown[]) => `(${values.map((v) => escape(sqlValue(v) as Parameters<typeof escape>[0])).join(', ')})`;
  return raw(rows.map(row).join(',\n'));
}

/**
 * A value as the driver is given it. A Date goes as its UTC DATETIME text ('2026-12-07T10:00:00.000'; MariaDB and
 * MySQL read the ISO 'T'), the text the driver writes for it with the pool's timezone 'Z', which the driver builds
 * from a dozen small strings per date: with several dates a row, that was the largest share of a batch's garbage.
 */
function sqlValue(value: unknown): unknown {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString().slice(0, 23);
  return value ?? null;
}

/**
 * Multi-row update of rows MySQL holds, as insert-or-update by primary key (only rows whose other unique values stay). VALUES(col) is understood by MariaDB and MySQL 8 alike. The key itself
 * is not in the update list: MariaDB counts `order_id = VALUES(order_id)` as a change of a referenced key.
 */
function upsert(statements: Statements, table: string, keyColumn: string, rows: Row[]): void {
  const updates = Object.keys(rows[0])
    .filter((c) => c !== keyColumn)
    .map((c) => `\`${c}\` = VALUES(\`${c}\`)`)
    .join(', ');
  insert(statements, table, rows, ` ON DUPLICATE KEY UPDATE ${updates}`);
}
