import { homeTopicOf, isSnapshotEventType } from '@app/kafka';
import type { ApplyOutcome } from './processed-event.entity';
import type { ChildRows, ProjectionWrite, Row } from './projection-write';

export type ApplyResult = ApplyOutcome | 'duplicate';

/** What MySQL holds for a batch's writes, read in its transaction before folding. */
export interface BatchReads {
  /** event_ids of the batch already in processed_events. */
  processed: ReadonlySet<string>;
  /** The latest applied delete per entity and delete type (the batch's `deletedBy` types), by appliedKey(entity, type). */
  deletes: ReadonlyMap<string, AppliedDelete>;
  /** The target rows as they are (locked), by targetKey(table, key); a missing entry means no row. */
  rows: ReadonlyMap<string, Row>;
}

/** The newest applied delete of an entity: its timestamp (ms) and its entity_version (null: it had none). */
export interface AppliedDelete {
  at: number;
  version: number | null;
}

/** A versioned event whose version is above the row's + 1: applied (it carries the whole state), and reported. */
export interface VersionGap {
  topic: string;
  entity_id: string;
  event_type: string;
  /** The versions that never arrived: from..to. */
  missing: [from: number, to: number];
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
  entity_version: number | null,
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
  gaps: VersionGap[];
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
 * - an event not newer than its row is stale; otherwise it is applied to the row in memory: upsert replaces, patch
 *   merges into an existing row, delete removes.
 * "Newer" compares entity versions when the event and the row (or the delete) both have one: a version not above the
 * row's is stale whatever its timestamp, a snapshot (the whole state as it is) only when below it. A row or event
 * without one (rows from before versions, other producers) compares timestamps, as before versions: an event older
 * than the row's event_timestamp is stale; a versioned event wins over a row of unknown version. A version above
 * the row's + 1 is applied and reported as a gap.
 * Only the final state of each row is written, so N events on one entity cost one row in one statement.
 */
export function planBatch(writes: ProjectionWrite[], reads: BatchReads): BatchPlan {
  const seen = new Set(reads.processed);
  const deletes = new Map(reads.deletes);
  const targets = new Map<string, Target>();
  const results: ApplyResult[] = [];
  const processed: ProcessedRow[] = [];
  const gaps: VersionGap[] = [];

  for (const write of writes) {
    const { event_id, event_type, entity_id } = write.envelope;
    if (seen.has(event_id)) {
      results.push('duplicate');
      continue;
    }
    seen.add(event_id);
    const at = Date.parse(write.envelope.timestamp);
    const version = write.envelope.entity_version ?? null;
    const t = targetOf(write);
    const id = targetKey(t.table, t.key);
    let target = targets.get(id);
    if (!target) {
      const row = reads.rows.get(id) ?? null;
      target = { ...t, row, inMysql: row !== null, deleteFirst: false, dirty: false };
      targets.set(id, target);
    }
    let outcome: ApplyOutcome = 'applied';
    const snapshot = isSnapshotEventType(event_type);
    const deleted = write.deletedBy ? deletes.get(appliedKey(entity_id, write.deletedBy)) : undefined;
    if (deleted && isSuperseded(deleted, at, version, snapshot)) outcome = 'superseded';
    else if (target.row && isStale(target.row, at, version, snapshot)) outcome = 'stale';
    else {
      const gap = versionGap(target.row, version, event_type);
      if (gap) gaps.push({ topic: homeTopicOf(event_type), entity_id, event_type, missing: gap });
      fold(target, write);
      const k = appliedKey(entity_id, event_type);
      const before = deletes.get(k);
      deletes.set(k, { at: Math.max(before?.at ?? -Infinity, at), version: maxVersion(before?.version ?? null, version) });
    }
    results.push(outcome);
    const s = write.source;
    processed.push([
      event_id,
      event_type,
      entity_id,
      new Date(at),
      outcome,
      s?.topic ?? null,
      s?.partition ?? null,
      s?.offset ?? null,
      version,
    ]);
  }
  return { results, processed, tables: tablePlans([...targets.values()].filter((t) => t.dirty)), gaps };
}

/** Whether an applied delete of the entity is not older than the event (a snapshot of the deleted state itself is not). */
function isSuperseded(deleted: AppliedDelete, at: number, version: number | null, snapshot: boolean): boolean {
  if (version !== null && deleted.version !== null) return snapshot ? deleted.version > version : deleted.version >= version;
  return deleted.at >= at;
}

/** Whether an event (at `at`, of `version`) is older than what `row` already reflects; see planBatch. */
function isStale(row: Row, at: number, version: number | null, snapshot: boolean): boolean {
  const rowVersion = versionOf(row);
  if (version !== null && rowVersion !== null) return snapshot ? version < rowVersion : version <= rowVersion;
  if (version !== null) return false; // a row of unknown version: the next versioned event wins
  return timestampOf(row) > at;
}

/** The versions between the row's and the event's, when some never arrived (a snapshot carries the whole state: none). */
function versionGap(row: Row | null, version: number | null, eventType: string): [number, number] | null {
  if (version === null || isSnapshotEventType(eventType)) return null;
  const expected = row ? versionOf(row) : 0;
  if (expected === null || version <= expected + 1) return null;
  return [expected + 1, version - 1];
}

function versionOf(row: Row): number | null {
  const value = row.entity_version;
  return value === null || value === undefined ? null : Number(value);
}

function maxVersion(a: number | null, b: number | null): number | null {
  return a === null ? b : b === null ? a : Math.max(a, b);
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
  // Rows with the same columns share a statement (a row read back from MySQL has every column, a flattened one its own).
  const groups = new Map<string, Row[]>();
  for (const target of dirty) {
    let plan = plans.get(target.table);
    if (!plan) {
      plan = { table: target.table, keyColumn: target.keyColumn, deletes: [], inserts: [], updates: [], children: [] };
      plans.set(target.table, plan);
    }
    if (target.deleteFirst) plan.deletes.push(target.key);
    if (!target.row) continue;
    const kind = target.inMysql && !target.deleteFirst ? 'updates' : 'inserts';
    const columns = `${target.table}\u0000${kind}\u0000${Object.keys(target.row).join(',')}`;
    let group = groups.get(columns);
    if (!group) {
      groups.set(columns, (group = []));
      plan[kind].push(group);
    }
    group.push(target.row);
    if (target.children) {
      let child = plan.children.find((c) => c.table === target.children!.table);
      if (!child) plan.children.push((child = { table: target.children.table, parentKeys: [], rows: [] }));
      child.parentKeys.push(target.key);
      child.rows.push(...target.children.rows);
    }
  }
  return [...plans.values()];
}

function timestampOf(row: Row): number {
  const value = row.event_timestamp;
  return value instanceof Date ? value.getTime() : Date.parse(String(value));
}
