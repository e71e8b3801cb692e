import { Topic } from '@app/kafka';
import { Db } from 'mongodb';
import { Pool, RowDataPacket } from 'mysql2/promise';
import { Doc, expectedView, firstDifference, KINDS, readViews } from './read-model';

const CHUNK = 500;

/** What reconcile found for one collection and its table. */
export interface KindReport {
  kind: Topic;
  /** Documents read (tombstones included) plus rows with no document. */
  checked: number;
  equal: number;
  /** Live documents without a row. */
  missing: string[];
  /** Rows with no live document (none, or a tombstone). */
  extra: string[];
  /** Documents whose row differs, with the first difference. */
  differing: Array<{ id: string; difference: string }>;
}

export const drift = (r: KindReport): number => r.missing.length + r.extra.length + r.differing.length;

/**
 * Compares every document of `kind` with its read-model rows (the contract's derivation, `read-model.ts`), a chunk of
 * documents at a time (one query per table a chunk), then finds the rows whose document does not exist.
 */
export async function reconcileKind(db: Db, pool: Pool, kind: Topic): Promise<KindReport> {
  const spec = KINDS[kind];
  const report: KindReport = { kind, checked: 0, equal: 0, missing: [], extra: [], differing: [] };
  const seen = new Set<string>();
  let chunk: Doc[] = [];
  const compare = async () => {
    const views = await readViews(
      pool,
      kind,
      chunk.map((d) => d._id.toHexString()),
    );
    for (const doc of chunk) {
      const id = doc._id.toHexString();
      const expected = expectedView(kind, doc);
      const actual = views.get(id)!;
      report.checked += 1;
      const difference = firstDifference(expected, actual);
      if (!difference) report.equal += 1;
      else if (!actual.row) report.missing.push(id);
      else if (!expected.row) report.extra.push(id);
      else report.differing.push({ id, difference });
    }
    chunk = [];
  };
  for await (const doc of db.collection(spec.collection).find({}, { batchSize: 1000 })) {
    seen.add(doc._id.toHexString());
    chunk.push(doc);
    if (chunk.length >= CHUNK) await compare();
  }
  if (chunk.length > 0) await compare();
  const [keys] = await pool.query<RowDataPacket[]>(`SELECT \`${spec.key}\` AS id FROM \`${spec.table}\``);
  for (const { id } of keys) {
    if (seen.has(String(id))) continue;
    report.checked += 1;
    report.extra.push(String(id));
  }
  return report;
}

/** The reports as a table, then the first differences of each collection. */
export function formatReports(reports: KindReport[], examples = 5): string {
  const header = ['collection', 'checked', 'equal', 'missing in MySQL', 'extra in MySQL', 'differing', 'first difference'];
  const lines = reports.map((r) => [
    KINDS[r.kind].collection,
    String(r.checked),
    String(r.equal),
    String(r.missing.length),
    String(r.extra.length),
    String(r.differing.length),
    r.differing[0] ? `${r.differing[0].id} ${r.differing[0].difference}` : '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const row = (cells: string[]) =>
    `| ${cells.map((c, i) => (i === 0 || i === 6 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  const out = [row(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...lines.map(row)];
  for (const r of reports) {
    const shown = [
      ...r.missing.slice(0, examples).map((id) => `missing in MySQL: ${id}`),
      ...r.extra.slice(0, examples).map((id) => `extra in MySQL: ${id}`),
      ...r.differing.slice(0, examples).map((d) => `differs: ${d.id} ${d.difference}`),
    ];
    for (const line of shown) out.push(`  ${KINDS[r.kind].collection}: ${line}`);
  }
  const total = reports.reduce((n, r) => n + drift(r), 0);
  out.push(`drift: ${total} (${reports.reduce((n, r) => n + r.checked, 0)} checked)`);
  return out.join('\n');
}
