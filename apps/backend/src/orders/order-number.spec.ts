import { generateOrderNumber, ORDER_NUMBER } from './order-number';

describe('generateOrderNumber', () => {
  it('is ORD-<UTC date>-<6 characters of the chosen alphabet>', () => {
    const picks = [7, 19, 3, 15, 9, 23];
    const number = generateOrderNumber(new Date('2026-11-24T23:59:59.999Z'), () => picks.shift()!);
    expect(number).toBe('ORD-20261124-7K3F9Q');
    expect(number).toMatch(ORDER_NUMBER);
  });

  it('uses the UTC day, not the local one', () => {
    expect(generateOrderNumber(new Date('2026-01-01T00:00:00.000Z'), () => 0)).toBe('ORD-20260101-000000');
  });

  it('gives different numbers on different calls', () => {
    const numbers = new Set(Array.from({ length: 200 }, () => generateOrderNumber()));
    expect(numbers.size).toBe(200);
    for (const n of numbers) expect(n).toMatch(ORDER_NUMBER);
  });
});
