/**
 * A PATCH body as a `$set`: nested objects become dotted paths so the fields a client did not send
 * keep their value (`{profile: {bio}}` -> `{'profile.bio': bio}`); arrays are replaced whole.
 * `undefined` means "not sent", `null` clears an optional field.
 */
export function toSetPaths(patch: object, prefix = ''): Record<string, unknown> {
  const set: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    const path = prefix + key;
    if (isPlainRecord(value)) Object.assign(set, toSetPaths(value, `${path}.`));
    else set[path] = value;
  }
  return set;
}

function isPlainRecord(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}
