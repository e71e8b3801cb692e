/** One entity's read model in the contract's columns (the shape of test/support/read-model.ts' ReadModelView). */
export interface ReadModelShape {
  row: Record<string, unknown> | null;
  children: Record<string, unknown>[];
}

export interface Difference {
  /** `row`, `row.<column>`, `children`, `children[<i>].<column>`. */
  path: string;
  expected: unknown;
  actual: unknown;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

function columns(prefix: string, expected: Record<string, unknown>, actual: Record<string, unknown>): Difference[] {
  return Object.keys(expected)
    .filter((column) => !same(expected[column], actual[column]))
    .map((column) => ({ path: `${prefix}.${column}`, expected: expected[column], actual: actual[column] }));
}

/** Where MySQL differs from what the contract derives from the MongoDB document: each column, each child row. */
export function readModelDifferences(expected: ReadModelShape, actual: ReadModelShape): Difference[] {
  const differences: Difference[] = [];
  if (!expected.row || !actual.row) {
    if (expected.row || actual.row) differences.push({ path: 'row', expected: expected.row, actual: actual.row });
  } else {
    differences.push(...columns('row', expected.row, actual.row));
  }
  const count = Math.max(expected.children.length, actual.children.length);
  for (let i = 0; i < count; i++) {
    const [want, have] = [expected.children[i], actual.children[i]];
    if (!want || !have) differences.push({ path: `children[${i}]`, expected: want ?? null, actual: have ?? null });
    else differences.push(...columns(`children[${i}]`, want, have));
  }
  return differences;
}
