/** Stored Date (or null) -> ISO 8601 UTC string (or null) on the wire. */
export function isoOrNull(value: Date | null | undefined): string | null {
  return value ? value.toISOString() : null;
}

export function iso(value: Date): string {
  return value.toISOString();
}

export function orNull<T>(value: T | null | undefined): T | null {
  return value ?? null;
}
