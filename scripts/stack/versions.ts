/** Version numbers as the tools print them, and the checks "new enough" the stack makes before using one. */

/** [major, minor, patch] compared left to right; missing parts count as 0. */
export function isAtLeast(version: number[], minimum: number[]): boolean {
  for (let i = 0; i < Math.max(version.length, minimum.length); i++) {
    const a = version[i] ?? 0;
    const b = minimum[i] ?? 0;
    if (a !== b) return a > b;
  }
  return true;
}

export function parseVersion(text: string): number[] {
  return text.split('.').map((part) => Number.parseInt(part, 10) || 0);
}

/** `go version go1.26.8 linux/amd64` (or `go1.24rc1`, `go1.22`) -> [1, 26, 8]; undefined when it is not Go's output. */
export function goVersionOf(output: string): number[] | undefined {
  const match = /\bgo(\d+)\.(\d+)(?:\.(\d+))?/.exec(output);
  return match ? [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)] : undefined;
}

/** The Go release a module needs: its `toolchain` line if any, else its `go` line. */
export function goModMinimum(goMod: string): number[] {
  const toolchain = /^toolchain\s+go(\d+(?:\.\d+)*)/m.exec(goMod);
  const go = /^go\s+(\d+(?:\.\d+)*)/m.exec(goMod);
  const version = toolchain?.[1] ?? go?.[1];
  if (!version) throw new Error('go.mod has no go line');
  return parseVersion(version);
}

/**
 * The feature release of a `java -version` (it prints on stderr): `openjdk version "17.0.15" 2025-04-15` -> 17,
 * `java version "1.8.0_292"` -> 8 (the old 1.x scheme), `openjdk version "21" 2023-09-19` -> 21.
 */
export function javaMajorOf(output: string): number | undefined {
  const match = /version "(\d+)(?:\.(\d+))?[^"]*"/.exec(output);
  if (!match) return undefined;
  const first = Number(match[1]);
  return first === 1 && match[2] !== undefined ? Number(match[2]) : first;
}

/** `Apache Maven 3.8.7 (...)` -> [3, 8, 7]. */
export function mavenVersionOf(output: string): number[] | undefined {
  // mvn colours its banner on a terminal (ESC[1mApache Maven 3.8.7ESC[m): the escapes sit around it, not inside.
  const match = /Apache Maven (\d+(?:\.\d+)*)/.exec(output);
  return match ? parseVersion(match[1]!) : undefined;
}

export const formatVersion = (version: number[]) => version.join('.');
