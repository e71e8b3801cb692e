import type { ApplyOutcome } from './processed-event.entity';
import type { ChildRows, ProjectionWrite, Row } from './projection-write';

export type ApplyResult = ApplyOutcome | 'duplicate';

/** What MySQL holds for a batch's writes, read in its transaction before folding. */
export interface BatchReads {
  /** event_ids of the batch already in processed_events. */
  processed: ReadonlySet<string>;
  /** Latest applied timestamp (ms) per entity and event type, for the batch's `deletedBy` types: appliedKey(entity, type). */
  appliedAt: ReadonlyMap<string, number>;
  /** The target rows as they are (locked), by targetKey(table, key); a missing entry means no row. */
  rows: ReadonlyMap<string, Row>;
}

/** One processed_events row. */
export type ProcessedRow = [
  event_id: string,
  event_type: string,
  entity_id: string,
  event_timestamp: Date,
  outcome: ApplyOutcome,
  source_topic: string | null,
  source_partition: number | null,
  source_offset: string | null,
];

/** The statements one table needs after the batch is folded: deletes first, then inserts and updates, then child rows. */
export interface TablePlan {
  table: string;
  keyColumn: string;
  /** Rows that were in MySQL and are deleted by the batch (child rows go by ON DELETE CASCADE). */
  deletes: string[];
  /** Final rows MySQL does not hold (yet), grouped by column list: one multi-row INSERT per group. */
  inserts: Row[][];
  /** Final rows of rows MySQL holds (locked), grouped by column list. */
  updates: Row[][];
  /** Child tables whose rows the batch replaces for `parentKeys`. */
  children: Array<{ table: string; parentKeys: string[]; rows: Row[] }>;
}

export interface BatchPlan {
  /** One per write, in order. */
  results: ApplyResult[];
  processed: ProcessedRow[];
  tables: TablePlan[];
}

interface Target {
  table: string;
  keyColumn: string;
  key: string;
  /** The row as it will be after the events folded so far; null: no row. */
  row: Row | null;
  /** MySQL holds this row (read under lock). */
  inMysql: boolean;
  /** The row MySQL holds must be deleted before the final row (if any) is written. */
  deleteFirst: boolean;
  dirty: boolean;
  children?: ChildRows;
}

export const targetKey = (table: string, key: string): string => `${table}\u0000${key}`;
export const appliedKey = (entityId: string, eventType: string): string => `${entityId}\u0000${eventType}`;

/** The table, key column and key value of a write's target (one-column primary keys only). */
export function targetOf(write: ProjectionWrite): { table: string; keyColumn: string; key: string } {
  const [keyColumn, key] = Object.entries(write.target.key)[0];
  return { table: write.target.table, keyColumn, key };
}

/**
 * Folds a batch of writes, in order, over what MySQL holds, with the same rules as one event at a time:
 * - an event_id already processed (or earlier in the batch) changes nothing: duplicate;
 * - an upsert not newer than an applied delete of its entity (`deletedBy`) is superseded;
 * - an event older than the row's event_timestamp is stale;
 * - otherwise it is applied to the row in memory: upsert replaces, patch merges into an existing row, delete removes.
 * Only the final state of each row is written, so N events on one entity cost one row in one statement.
 */
export function planBatch(writes: ProjectionWrite[], reads: BatchReads): BatchPlan {
  const seen = new Set(reads.processed);
  const appliedAt = new Map(reads.appliedAt);
  const targets = new Map<string, Target>();
  const results: ApplyResult[] = [];
  const processed: ProcessedRow[] = [];

  for (const write of writes) {
    const { event_id, event_type, entity_id } = write.envelope;
    if (seen.has(event_id)) {
      results.push('duplicate');
      continue;
    }
    seen.add(event_id);
    const at = Date.parse(write.envelope.timestamp);
    const t = targetOf(write);
    const id = targetKey(t.table, t.key);
    let target = targets.get(id);
    if (!target) {
      const row = reads.rows.get(id) ?? null;
      target = { ...t, row, inMysql: row !== null, deleteFirst: false, dirty: false };
      targets.set(id, target);
    }
    let outcome: ApplyOutcome = 'applied';
    if (write.deletedBy && (appliedAt.get(appliedKey(entity_id, write.deletedBy)) ?? -Infinity) >= at) outcome = 'superseded';
    else if (target.row && timestampOf(target.row) > at) outcome = 'stale';
    else {
      fold(target, write);
      const k = appliedKey(entity_id, event_type);
      appliedAt.set(k, Math.max(appliedAt.get(k) ?? -Infinity, at));
    }
    results.push(outcome);
    const s = write.source;
    processed.push([event_id, event_type, entity_id, new Date(at), outcome, s?.topic ?? null, s?.partition ?? null, s?.offset ?? null]);
  }
  return { results, processed, tables: tablePlans([...targets.values()].filter((t) => t.dirty)) };
}

function fold(target: Target, write: ProjectionWrite): void {
  const change = write.change;
  if (change.kind === 'upsert') {
    target.row = { ...change.row };
    if (change.children) target.children = change.children;
  } else if (change.kind === 'patch') {
    // A patch of a row this read model never saw (or that was deleted) has nothing to change.
    if (!target.row) return;
    target.row = { ...target.row, ...change.set };
  } else {
    if (!target.row && !target.deleteFirst) return;
    target.row = null;
    target.children = undefined;
    target.deleteFirst = target.inMysql;
  }
  target.dirty = true;
}

function tablePlans(dirty: Target[]): TablePlan[] {
  const plans = new Map<string, TablePlan>();
  for (const target of dirty) {
    let plan = plans.get(target.table);
    if (!plan) {
      plan = { table: target.table, keyColumn: target.keyColumn, deletes: [], inserts: [], updates: [], children: [] };
      plans.set(target.table, plan);
    }
    if (target.deleteFirst) plan.deletes.push(target.key);
    if (!target.row) continue;
    addByColumns(target.inMysql && !target.deleteFirst ? plan.updates : plan.inserts, target.row);
    if (target.children) {
      let child = plan.children.find((c) => c.table === target.children!.table);
      if (!child) plan.children.push((child = { table: target.children.table, parentKeys: [], rows: [] }));
      child.parentKeys.push(target.key);
      child.rows.push(...target.children.rows);
    }
  }
  return [...plans.values()];
}

/** Rows with the same columns share a statement (a row read back from MySQL has every column, a flattened one its own). */
function addByColumns(groups: Row[][], row: Row): void {
  const columns = Object.keys(row).join(',');
  const group = groups.find((g) => Object.keys(g[0]).join(',') === columns);
  if (group) group.push(row);
  else groups.push([row]);
}

function timestampOf(row: Row): number {
  const value = row.event_timestamp;
  return value instanceof Date ? value.getTime() : Date.parse(String(value));
}
