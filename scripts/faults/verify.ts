import { isDeepStrictEqual } from 'node:util';
import { Db } from 'mongodb';
import { Pool } from 'mysql2/promise';
import { expectedReadModel, readModelOf } from '../../test/support/read-model';
import { rows } from '../../test/support/databases';
import { EntityKind } from '../demo/journey';
import { acknowledged, keyOf, Mutation } from './ledger';

export interface PhaseFigures {
  phase: string;
  emitted: number;
  projected: number;
  lost: number;
  doubled: number;
  regressed: number;
  /** Seconds to recover after the fault; null when not within the timeout; undefined for a phase without a fault (setup). */
  recoverySeconds?: number | null;
  /** Mutations the API did not acknowledge (5xx, timeouts), for context: not counted as emitted. */
  refused: number;
}

const TABLES: Record<EntityKind, [table: string, idColumn: string]> = {
  user: ['users', 'user_id'],
  supplier: ['suppliers', 'supplier_id'],
  product: ['products', 'product_id'],
  order: ['orders', 'order_id'],
  post: ['posts', 'post_id'],
};
const COLLECTIONS: Record<EntityKind, [collection: string, markerField: string]> = {
  user: ['users', 'email'],
  supplier: ['suppliers', 'name'],
  product: ['products', 'name'],
  order: ['orders', 'shipping_address.recipient_name'],
  post: ['posts', 'body'],
};

/** processed_events rows per (entity, event type), and the newest entity_version processed per entity. */
export async function processedCounts(pool: Pool, ids: string[]): Promise<{ counts: Map<string, number>; latest: Map<string, number> }> {
  const counts = new Map<string, number>();
  const latest = new Map<string, number>();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const found = await rows<{ entity_id: string; event_type: string; n: number; latest: number | null }>(
      pool,
      'SELECT entity_id, event_type, COUNT(*) AS n, MAX(entity_version) AS latest FROM processed_events WHERE entity_id IN (?) GROUP BY entity_id, event_type',
      [chunk],
    );
    for (const r of found) {
      counts.set(keyOf(r.entity_id, r.event_type), Number(r.n));
      if (r.latest !== null && (latest.get(r.entity_id) ?? 0) < Number(r.latest)) latest.set(r.entity_id, Number(r.latest));
    }
  }
  return { counts, latest };
}

/** True once every acknowledged mutation issued up to `until` has its event in processed_events. */
export async function caughtUp(pool: Pool, mutations: Mutation[], until: number): Promise<boolean> {
  return (await notProjected(pool, mutations, until)).length === 0;
}

/** Acknowledged mutations issued by `until` whose event is not in processed_events yet. */
export async function notProjected(pool: Pool, mutations: Mutation[], until: number): Promise<Mutation[]> {
  const due = mutations.filter((m) => acknowledged(m) && m.issuedAt <= until && m.id);
  const { counts } = await processedCounts(pool, [...new Set(due.map((m) => m.id!))]);
  return due.filter((m) => (counts.get(keyOf(m.id!, m.eventType)) ?? 0) === 0);
}

/** Unacknowledged creates whose document exists anyway: gets their id from MongoDB by the marker they wrote. */
async function findLeaks(db: Db, mutations: Mutation[]): Promise<Mutation[]> {
  const leaked: Mutation[] = [];
  for (const m of mutations.filter((x) => !acknowledged(x) && !x.id && x.marker)) {
    const [collection, field] = COLLECTIONS[m.kind];
    const doc = await db.collection(collection).findOne({ [field]: m.marker });
    if (doc) {
      m.id = doc._id.toHexString();
      leaked.push(m);
    }
  }
  return leaked;
}

/**
 * Compares the ledger of API mutations with processed_events and every MongoDB document with its
 * MySQL rows; figures per phase as the README's "Fault suite" section defines them.
 */
export async function verify(
  db: Db,
  pool: Pool,
  mutations: Mutation[],
  phases: string[],
  recovery: Map<string, number | null>,
): Promise<{ figures: PhaseFigures[]; details: string[] }> {
  const details: string[] = [];
  const figures = new Map(
    phases.map((phase) => [
      phase,
      {
        phase,
        emitted: 0,
        projected: 0,
        lost: 0,
        doubled: 0,
        regressed: 0,
        recoverySeconds: recovery.get(phase),
        refused: 0,
      } as PhaseFigures,
    ]),
  );
  const leaked = await findLeaks(db, mutations);
  const withId = mutations.filter((m) => m.id);
  const entities = new Map<string, { kind: EntityKind; last: Mutation }>();
  for (const m of withId) entities.set(m.id!, { kind: m.kind, last: m });
  const { counts, latest } = await processedCounts(pool, [...entities.keys()]);
  const entityWithLoss = new Set<string>();

  for (const m of mutations) {
    const f = figures.get(m.phase)!;
    const count = m.id ? (counts.get(keyOf(m.id, m.eventType)) ?? 0) : 0;
    if (!acknowledged(m)) {
      f.refused += 1;
      if (count > 1) {
        f.doubled += count - 1;
        details.push(`doubled: unacknowledged ${m.eventType} ${m.id} projected ${count} times`);
      }
      continue;
    }
    f.emitted += 1;
    if (count > 0) f.projected += 1;
    if (count === 0) {
      f.lost += 1;
      entityWithLoss.add(m.id!);
      details.push(`lost: ${m.eventType} ${m.id} (HTTP ${m.status}) never reached processed_events`);
    }
    if (count > 1) {
      f.doubled += count - 1;
      details.push(`doubled: ${m.eventType} ${m.id} projected ${count} times`);
    }
  }
  for (const m of leaked) details.push(`leaked: ${m.eventType} ${m.id} answered HTTP ${m.status} but its document is in MongoDB`);

  for (const [id, { kind, last }] of entities) {
    const f = figures.get(last.phase)!;
    const expected = await expectedReadModel(db, { kind, id });
    const actual = await readModelOf(pool, { kind, id });
    if (!isDeepStrictEqual(expected, actual) && !entityWithLoss.has(id)) {
      f.lost += 1;
      details.push(`lost: ${kind} ${id} MySQL ${JSON.stringify(actual.row)} != MongoDB ${JSON.stringify(expected.row)}`);
    }
    const [table, idColumn] = TABLES[kind];
    const [row] = await rows<{ entity_version: number | null }>(pool, `SELECT entity_version FROM ${table} WHERE ${idColumn} = ?`, [id]);
    if (row && latest.has(id) && (row.entity_version ?? 0) < latest.get(id)!) {
      f.regressed += 1;
      details.push(`regressed: ${kind} ${id} row at version ${row.entity_version}, latest event version ${latest.get(id)}`);
    }
  }
  return { figures: [...figures.values()], details };
}

/**
 * Nothing lost, doubled or regressed, and every fault recovered within the timeout: delivery that resumes only when
 * something else restarts the process (the spoiled producer id the full form found) loses nothing but is not a pass.
 */
export const clean = (figures: PhaseFigures[]) =>
  figures.every((f) => f.lost === 0 && f.doubled === 0 && f.regressed === 0 && f.recoverySeconds !== null);

export function formatFigures(f: PhaseFigures): string {
  const recovery = f.recoverySeconds == null ? '-' : f.recoverySeconds.toFixed(1);
  return `${f.phase.padEnd(34)} emitted ${String(f.emitted).padStart(5)}  projected ${String(f.projected).padStart(5)}  lost ${String(f.lost).padStart(4)}  doubled ${String(f.doubled).padStart(3)}  regressed ${String(f.regressed).padStart(3)}  recovery ${recovery.padStart(6)}s  (refused ${f.refused})`;
}

/** Per phase, how the API answered the mutations it refused: "HTTP 503 x2, no answer x1" (0 is no answer: connection refused or cut). */
export function refusedAnswers(mutations: Mutation[]): Map<string, string> {
  const byPhase = new Map<string, Map<number, number>>();
  for (const m of mutations) {
    if (acknowledged(m)) continue;
    const counts = byPhase.get(m.phase) ?? new Map<number, number>();
    counts.set(m.status ?? 0, (counts.get(m.status ?? 0) ?? 0) + 1);
    byPhase.set(m.phase, counts);
  }
  return new Map(
    [...byPhase].map(([phase, counts]) => [
      phase,
      [...counts]
        .sort((a, b) => b[1] - a[1] || a[0] - b[0])
        .map(([status, n]) => `${status === 0 ? 'no answer' : `HTTP ${status}`} x${n}`)
        .join(', '),
    ]),
  );
}
