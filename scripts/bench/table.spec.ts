import { comparison, median, table } from './table';

describe('bench tables', () => {
  it('takes the middle value, the upper one of an even count, NaN of none', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(3);
    expect(median([])).toBeNaN();
  });

  it('right-aligns every column under its header', () => {
    expect(table(['a', 'long'], [['1', '2']])).toBe('| a | long |\n|---|------|\n| 1 |    2 |');
  });

  it('compares two drains by their medians, with every round and each instance peak RSS', () => {
    const single = {
      label: 'single',
      rounds: [
        { eventsPerSecond: 1000, instanceRssMb: [100] },
        { eventsPerSecond: 1200, instanceRssMb: [110] },
        { eventsPerSecond: 900, instanceRssMb: [105] },
      ],
    };
    const two = {
      label: 'two',
      rounds: [
        { eventsPerSecond: 1500, instanceRssMb: [90, 80] },
        { eventsPerSecond: 1400, instanceRssMb: [95, undefined] },
        { eventsPerSecond: 1600, instanceRssMb: [85, 88] },
      ],
    };
    const lines = comparison(single, two, 'two / single').split('\n');
    expect(lines[2]).toMatch(/^\| +single \| +1000 \| +1000 \/ 1200 \/ 900 \| +110 MB \|$/);
    expect(lines[3]).toMatch(/^\| +two \| +1500 \| +1500 \/ 1400 \/ 1600 \| +95 MB \+ 88 MB \|$/);
    expect(lines[4]).toMatch(/^\| two \/ single \| +1\.50 \| +\| +\|$/);
  });

  it('prints n/a for a drain that did not run, and for the ratio with it', () => {
    const lines = comparison(
      { label: 'ran', rounds: [{ eventsPerSecond: 800, instanceRssMb: [100] }] },
      { label: 'left out', rounds: [] },
      'ratio',
    ).split('\n');
    expect(lines[3]).toMatch(/^\| left out \| +n\/a \| +n\/a \| +n\/a \|$/);
    expect(lines[4]).toMatch(/^\| +ratio \| +n\/a \|/);
  });
});
