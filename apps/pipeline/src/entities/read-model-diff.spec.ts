import { readModelDifferences } from './read-model-diff';

describe('readModelDifferences', () => {
  const expected = { row: { status: 'pending', shipping_city: 'London', total_cents: 2500 }, children: [{ line_no: 1, quantity: 2 }] };

  it('finds none when MySQL holds what the document derives to (extra MySQL columns are not compared)', () => {
    expect(readModelDifferences(expected, { row: { ...expected.row, event_id: 'x' }, children: [{ line_no: 1, quantity: 2 }] })).toEqual(
      [],
    );
  });

  it('names each differing column, missing row and extra child row', () => {
    expect(
      readModelDifferences(expected, {
        row: { ...expected.row, shipping_city: 'Paris' },
        children: [
          { line_no: 1, quantity: 3 },
          { line_no: 2, quantity: 1 },
        ],
      }),
    ).toEqual([
      { path: 'row.shipping_city', expected: 'London', actual: 'Paris' },
      { path: 'children[0].quantity', expected: 2, actual: 3 },
      { path: 'children[1]', expected: null, actual: { line_no: 2, quantity: 1 } },
    ]);
    expect(readModelDifferences(expected, { row: null, children: [] })[0]).toEqual({ path: 'row', expected: expected.row, actual: null });
  });
});
