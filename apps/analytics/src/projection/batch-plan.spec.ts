import { appliedKey, BatchReads, planBatch, targetKey } from './batch-plan';
import { ProjectionWrite, Row, RowChange } from './projection-write';

let seq = 0;
function write(table: string, id: string, at: string, change: RowChange, extra: Partial<ProjectionWrite> = {}): ProjectionWrite {
  const keyColumn = `${table.replace(/s$/, '')}_id`;
  const event_id = `00000000-0000-4000-8000-${String(++seq).padStart(12, '0')}`;
  return {
    envelope: { event_id, event_type: `${table.replace(/s$/, '')}.x`, entity_id: id, timestamp: at },
    target: { table, key: { [keyColumn]: id } },
    change,
    source: { topic: table.replace(/s$/, ''), partition: 0, offset: String(seq) },
    ...extra,
  };
}

const user = (id: string, at: string, name: string): Row => ({ user_id: id, display_name: name, event_timestamp: new Date(at) });
const noReads = (): BatchReads => ({ processed: new Set(), deletes: new Map(), rows: new Map() });

describe('planBatch', () => {
  it('folds several events of one entity into its last row, one statement for the table', () => {
    const writes = [
      write('users', 'u1', '2026-01-01T00:00:01Z', { kind: 'upsert', row: user('u1', '2026-01-01T00:00:01Z', 'A') }),
      write('users', 'u1', '2026-01-01T00:00:02Z', { kind: 'upsert', row: user('u1', '2026-01-01T00:00:02Z', 'B') }),
      write('users', 'u2', '2026-01-01T00:00:01Z', { kind: 'upsert', row: user('u2', '2026-01-01T00:00:01Z', 'C') }),
      write('users', 'u1', '2026-01-01T00:00:03Z', {
        kind: 'patch',
        set: { status: 'deleted', event_timestamp: new Date('2026-01-01T00:00:03Z') },
      }),
    ];
    const plan = planBatch(writes, noReads());
    expect(plan.results).toEqual(['applied', 'applied', 'applied', 'applied']);
    expect(plan.tables).toHaveLength(1);
    expect(plan.tables[0].deletes).toEqual([]);
    // u1 and u2 have different columns (u1 was patched): two groups.
    expect(plan.tables[0].inserts).toEqual([
      [{ ...user('u1', '2026-01-01T00:00:02Z', 'B'), status: 'deleted', event_timestamp: new Date('2026-01-01T00:00:03Z') }],
      [user('u2', '2026-01-01T00:00:01Z', 'C')],
    ]);
    expect(plan.tables[0].updates).toEqual([]);
    expect(plan.processed.map((p) => p[4])).toEqual(['applied', 'applied', 'applied', 'applied']);
  });

  it('skips event_ids already processed or repeated in the batch, without a processed_events row', () => {
    const first = write('users', 'u1', '2026-01-01T00:00:01Z', { kind: 'upsert', row: user('u1', '2026-01-01T00:00:01Z', 'A') });
    const second = write('users', 'u2', '2026-01-01T00:00:01Z', { kind: 'upsert', row: user('u2', '2026-01-01T00:00:01Z', 'B') });
    const plan = planBatch([first, second, first], { ...noReads(), processed: new Set([second.envelope.event_id]) });
    expect(plan.results).toEqual(['applied', 'duplicate', 'duplicate']);
    expect(plan.processed.map((p) => p[0])).toEqual([first.envelope.event_id]);
  });

  it('leaves a row alone for an event older than it (stale), using the row MySQL holds', () => {
    const rows = new Map([[targetKey('users', 'u1'), user('u1', '2026-01-01T00:00:05Z', 'Newer')]]);
    const older = write('users', 'u1', '2026-01-01T00:00:04Z', { kind: 'upsert', row: user('u1', '2026-01-01T00:00:04Z', 'Older') });
    const plan = planBatch([older], { ...noReads(), rows });
    expect(plan.results).toEqual(['stale']);
    expect(plan.tables).toEqual([]);
    expect(plan.processed[0]).toEqual([
      older.envelope.event_id,
      'user.x',
      'u1',
      new Date('2026-01-01T00:00:04Z'),
      'stale',
      'user',
      0,
      older.source!.offset,
      null,
    ]);
  });

  it('does not bring back an entity deleted by a newer event, in MySQL or earlier in the batch (superseded)', () => {
    const product = (at: string): Row => ({ product_id: 'p1', name: 'x', event_timestamp: new Date(at) });
    const upsert = (at: string): ProjectionWrite =>
      write(
        'products',
        'p1',
        at,
        { kind: 'upsert', row: product(at), children: { table: 'product_variants', rows: [{ product_id: 'p1', sku: 's' }] } },
        { deletedBy: 'product.deleted' },
      );
    const del = { ...write('products', 'p1', '2026-01-01T00:00:05Z', { kind: 'delete' }) };
    del.envelope = { ...del.envelope, event_type: 'product.deleted' };
    const rows = new Map([[targetKey('products', 'p1'), product('2026-01-01T00:00:03Z')]]);

    const plan = planBatch([del, upsert('2026-01-01T00:00:04Z')], { ...noReads(), rows });
    expect(plan.results).toEqual(['applied', 'superseded']);
    expect(plan.tables).toEqual([{ table: 'products', keyColumn: 'product_id', deletes: ['p1'], inserts: [], updates: [], children: [] }]);

    const fromMysql = planBatch([upsert('2026-01-01T00:00:04Z')], {
      ...noReads(),
      deletes: new Map([[appliedKey('p1', 'product.deleted'), { at: Date.parse('2026-01-01T00:00:05Z'), version: null }]]),
    });
    expect(fromMysql.results).toEqual(['superseded']);
    expect(fromMysql.tables).toEqual([]);
  });

  it('recreates a row deleted earlier in the batch: delete first, then the new row and its children', () => {
    const del = write('products', 'p1', '2026-01-01T00:00:01Z', { kind: 'delete' });
    const row = { product_id: 'p1', name: 'again', event_timestamp: new Date('2026-01-01T00:00:02Z') };
    const again = write('products', 'p1', '2026-01-01T00:00:02Z', {
      kind: 'upsert',
      row,
      children: { table: 'product_variants', rows: [{ product_id: 'p1', sku: 'a' }] },
    });
    const rows = new Map([
      [targetKey('products', 'p1'), { product_id: 'p1', name: 'old', event_timestamp: new Date('2026-01-01T00:00:00Z') }],
    ]);
    const plan = planBatch([del, again], { ...noReads(), rows });
    expect(plan.tables).toEqual([
      {
        table: 'products',
        keyColumn: 'product_id',
        deletes: ['p1'],
        inserts: [[row]],
        updates: [],
        children: [{ table: 'product_variants', parentKeys: ['p1'], rows: [{ product_id: 'p1', sku: 'a' }] }],
      },
    ]);
  });

  it('a patch of a row never seen or a delete of a missing row writes nothing but is recorded', () => {
    const patch = write('orders', 'o1', '2026-01-01T00:00:01Z', { kind: 'patch', set: { status: 'cancelled' } });
    const del = write('suppliers', 's1', '2026-01-01T00:00:01Z', { kind: 'delete' });
    const plan = planBatch([patch, del], noReads());
    expect(plan.results).toEqual(['applied', 'applied']);
    expect(plan.tables).toEqual([]);
    expect(plan.processed).toHaveLength(2);
  });

  it('merges a patch into the row MySQL holds, so the written row keeps every column', () => {
    const stored = { order_id: 'o1', status: 'pending', total: '10.00', event_timestamp: new Date('2026-01-01T00:00:00Z') };
    const set = { status: 'shipped', carrier: 'DHL', event_timestamp: new Date('2026-01-01T00:00:01Z') };
    const plan = planBatch([write('orders', 'o1', '2026-01-01T00:00:01Z', { kind: 'patch', set })], {
      ...noReads(),
      rows: new Map([[targetKey('orders', 'o1'), stored]]),
    });
    expect(plan.tables[0].updates).toEqual([[{ ...stored, ...set }]]);
    expect(plan.tables[0].inserts).toEqual([]);
  });

  describe('by entity version', () => {
    /** A write of `user.updated` carrying `version`, dated `at` (the producer's clock, which must not matter). */
    const versioned = (version: number | undefined, at: string, name: string, eventType = 'user.updated'): ProjectionWrite => {
      const w = write('users', 'u1', at, { kind: 'upsert', row: { ...user('u1', at, name), entity_version: version ?? null } });
      w.envelope = { ...w.envelope, event_type: eventType, entity_version: version };
      return w;
    };
    const stored = (version: number | null, at = '2026-01-01T00:00:05Z') =>
      new Map([[targetKey('users', 'u1'), { ...user('u1', at, 'Stored'), entity_version: version }]]);

    it('applies a newer version whatever its timestamp, and takes one not above the row as stale', () => {
      // The second producer's clock is 5 s behind: its newer change is dated before the row.
      const plan = planBatch([versioned(3, '2026-01-01T00:00:00Z', 'Behind clock'), versioned(3, '2026-01-01T00:00:09Z', 'Same version')], {
        ...noReads(),
        rows: stored(2),
      });
      expect(plan.results).toEqual(['applied', 'stale']);
      expect(plan.tables[0].updates).toEqual([[expect.objectContaining({ display_name: 'Behind clock', entity_version: 3 })]]);
      expect(plan.processed.map((p) => p[8])).toEqual([3, 3]);
      expect(plan.gaps).toEqual([]);
    });

    it('takes a version below the row as stale even when dated far in the future', () => {
      const plan = planBatch([versioned(1, '2036-12-02T00:00:00Z', 'Future')], { ...noReads(), rows: stored(2) });
      expect(plan.results).toEqual(['stale']);
    });

    it('applies the next versioned event over a row of unknown version (from before versions), even dated earlier', () => {
      const plan = planBatch([versioned(7, '2026-01-01T00:00:00Z', 'Versioned')], { ...noReads(), rows: stored(null) });
      expect(plan.results).toEqual(['applied']);
      expect(plan.gaps).toEqual([]);
    });

    it('orders a version-less event by timestamp, also against a versioned row', () => {
      const plan = planBatch(
        [versioned(undefined, '2026-01-01T00:00:04Z', 'Older'), versioned(undefined, '2026-01-01T00:00:06Z', 'Newer')],
        {
          ...noReads(),
          rows: stored(2),
        },
      );
      expect(plan.results).toEqual(['stale', 'applied']);
    });

    it('applies a version above the row + 1 and reports the missing range as a gap', () => {
      const plan = planBatch([versioned(5, '2026-01-01T00:00:06Z', 'After a gap'), versioned(6, '2026-01-01T00:00:07Z', 'Next')], {
        ...noReads(),
        rows: stored(2),
      });
      expect(plan.results).toEqual(['applied', 'applied']);
      expect(plan.gaps).toEqual([{ topic: 'user', entity_id: 'u1', event_type: 'user.updated', missing: [3, 4] }]);
    });

    it('counts a gap for a first event above version 1, none for a snapshot', () => {
      expect(planBatch([versioned(3, '2026-01-01T00:00:06Z', 'x')], noReads()).gaps).toEqual([
        { topic: 'user', entity_id: 'u1', event_type: 'user.updated', missing: [1, 2] },
      ]);
      expect(planBatch([versioned(3, '2026-01-01T00:00:06Z', 'x', 'user.snapshot')], noReads()).gaps).toEqual([]);
    });

    it('applies a snapshot of the same version as the row (a heal of a row changed by hand), not an older one', () => {
      const plan = planBatch([versioned(2, '2026-01-01T00:00:00Z', 'Healed', 'user.snapshot')], { ...noReads(), rows: stored(2) });
      expect(plan.results).toEqual(['applied']);
      expect(plan.tables[0].updates).toEqual([[expect.objectContaining({ display_name: 'Healed' })]]);
      expect(planBatch([versioned(1, '2026-01-01T00:00:09Z', 'Old', 'user.snapshot')], { ...noReads(), rows: stored(2) }).results).toEqual([
        'stale',
      ]);
    });

    it('compares delete guards by version: an upsert not above the applied delete is superseded, whatever its timestamp', () => {
      const upsert = (version: number, at: string, eventType = 'product.updated'): ProjectionWrite => {
        const w = write(
          'products',
          'p1',
          at,
          { kind: 'upsert', row: { product_id: 'p1', entity_version: version } },
          { deletedBy: 'product.deleted' },
        );
        w.envelope = { ...w.envelope, event_type: eventType, entity_version: version };
        return w;
      };
      const deletes = new Map([[appliedKey('p1', 'product.deleted'), { at: Date.parse('2026-01-01T00:00:00Z'), version: 4 }]]);
      const plan = planBatch([upsert(4, '2026-01-01T00:00:09Z'), upsert(3, '2026-01-01T00:00:09Z', 'product.snapshot')], {
        ...noReads(),
        deletes,
      });
      expect(plan.results).toEqual(['superseded', 'superseded']);
    });
  });
});
