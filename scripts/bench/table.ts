/** A plain markdown table, numbers right-aligned. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padStart(widths[i])).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

/** The middle value (the upper one of an even count); NaN without values (a variant left out), printed as n/a. */
export const median = (xs: number[]) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] : NaN);
export const fixed = (value: number, digits: number) => (Number.isNaN(value) ? 'n/a' : value.toFixed(digits));
export const mb = (value?: number) => (value === undefined ? 'n/a' : `${value.toFixed(0)} MB`);

/** The rounds of one drain: events/s, and each instance's peak RSS (one entry per instance). */
export interface Drain {
  label: string;
  rounds: { eventsPerSecond: number; instanceRssMb: (number | undefined)[] }[];
}

/**
 * Two drains of one backlog and their ratio (`other` / `base`, median against median): a row each with the median
 * events/s, every round's events/s and each instance's peak RSS over the rounds, then the ratio row.
 */
export function comparison(base: Drain, other: Drain, ratioLabel: string): string {
  const rate = (d: Drain) => median(d.rounds.map((r) => r.eventsPerSecond));
  const row = (d: Drain) => [d.label, fixed(rate(d), 0), d.rounds.map((r) => r.eventsPerSecond.toFixed(0)).join(' / ') || 'n/a', peaks(d)];
  return table(
    ['', 'ev/s (median)', 'rounds ev/s', 'peak RSS per instance'],
    [row(base), row(other), [ratioLabel, fixed(rate(other) / rate(base), 2), '', '']],
  );
}

/** Each instance's highest peak over the rounds, "95 MB + 97 MB" for two. */
function peaks(d: Drain): string {
  const instances = Math.max(0, ...d.rounds.map((r) => r.instanceRssMb.length));
  if (!instances) return 'n/a';
  return Array.from({ length: instances }, (_, i) => {
    const known = d.rounds.map((r) => r.instanceRssMb[i]).filter((v): v is number => v !== undefined);
    return mb(known.length ? Math.max(...known) : undefined);
  }).join(' + ');
}
