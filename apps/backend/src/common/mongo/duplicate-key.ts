/**
 * MongoDB's duplicate key error (code 11000). FerretDB 1.24 answers inserts with 11000 too, but a
 * findAndModify that breaks a unique index surfaces its SQLite error instead (no code, "UNIQUE constraint failed").
 */
export function isDuplicateKeyError(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const { code, message } = err as { code?: unknown; message?: unknown };
  return code === 11000 || (typeof message === 'string' && /E11000|UNIQUE constraint failed/.test(message));
}
