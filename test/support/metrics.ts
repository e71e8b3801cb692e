/** The value of the sample of `name` whose labels include `labels`, in Prometheus text; 0 when absent. */
export function sample(text: string, name: string, labels: Record<string, string>): number {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  const line = text
    .split('\n')
    .find(
      (l) =>
        (l.startsWith(`${name}{`) && wanted.every((pair) => l.slice(0, l.indexOf('}')).includes(pair))) ||
        (wanted.length === 0 && l.startsWith(`${name} `)),
    );
  return line ? Number(line.split(' ').pop()) : 0;
}
