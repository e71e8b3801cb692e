/** One value of a parsed JSON body: its field path, how deep it sits, and the object key it is held under. */
export type BodyEntry = {
  value: unknown;
  /** `variants.0.attributes.color`, as the ValidationPipe names fields; NUL characters of keys shown as `\0`. */
  path: string;
  /** 0 for the body itself. */
  depth: number;
  /** The object key holding it; undefined for the body and for array elements. */
  key?: string;
};

/**
 * Every value of a body, depth first and without recursion, so a hostile body cannot overflow the stack. The one
 * walk of the body pipes (depth, forbidden content, Unicode text); a caller may stop early.
 */
export function* walkBody(body: unknown): Generator<BodyEntry> {
  const stack: BodyEntry[] = [{ value: body, path: '', depth: 0 }];
  while (stack.length) {
    const entry = stack.pop()!;
    yield entry;
    const { value, path, depth } = entry;
    if (typeof value !== 'object' || value === null) continue;
    const inArray = Array.isArray(value);
    for (const key of Object.keys(value)) {
      const name = key.replaceAll('\u0000', '\\0');
      stack.push({
        value: (value as Record<string, unknown>)[key],
        path: path ? `${path}.${name}` : name,
        depth: depth + 1,
        key: inArray ? undefined : key,
      });
    }
  }
}
