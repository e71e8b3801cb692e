import type { Model, UpdateQuery } from 'mongoose';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyModel = Model<any>;

/** A condition on a document's top-level fields: a value (null: null or missing), `{ $in: [...] }` or `{ $ne: v }`. */
export type Condition = Record<string, unknown>;

const byIdOnly = new WeakMap<object, Promise<boolean>>();

/**
 * True on FerretDB: its SQLite backend uses an index only for a filter that is `_id` alone, and scans the whole
 * collection for `{ _id, status }` (seconds at 100k documents). Asked once per connection (buildInfo names it).
 */
export function filtersByIdOnly(model: AnyModel): Promise<boolean> {
  const connection = model.db;
  let answer = byIdOnly.get(connection);
  if (!answer) {
    answer = connection
      .db!.admin()
      .command({ buildInfo: 1 })
      .then((info) => 'ferretdbVersion' in info)
      .catch((err: unknown) => {
        byIdOnly.delete(connection);
        throw err;
      });
    byIdOnly.set(connection, answer);
  }
  return answer;
}

/**
 * `findOneAndUpdate({ _id: id, ...condition }, update, { new: true })`, lean: the updated document, or null when
 * there is no such document or it does not meet the condition. On MongoDB it is that one conditional update. On
 * FerretDB the document is read by `_id`, checked here, then updated by `_id`: callers hold the entity's lock
 * (EntityLocks), so nothing of this process changes it in between, and FerretDB 1.24 gives a conditional update
 * no more isolation than that (it reads, modifies and writes the document itself). `current`: the document as the
 * caller already read it inside that lock (an owner check), so FerretDB is not asked for it again.
 */
export async function updateWhere<T>(
  model: AnyModel,
  id: string,
  condition: Condition,
  update: UpdateQuery<unknown>,
  { current: known, ...options }: { runValidators?: boolean; current?: object } = {},
): Promise<T | null> {
  if (!(await filtersByIdOnly(model))) {
    return model
      .findOneAndUpdate({ _id: id, ...condition }, update, { ...options, new: true })
      .lean<T>()
      .exec();
  }
  const current = (known as Record<string, unknown> | undefined) ?? (await model.findById(id).lean<Record<string, unknown>>().exec());
  if (!current || !meets(current, condition)) return null;
  return model
    .findOneAndUpdate({ _id: id }, update, { ...options, new: true })
    .lean<T>()
    .exec();
}

/** `find({ _id: { $in: ids } })`, lean; on FerretDB one `_id` lookup each (an `$in` scans there too). */
export async function findByIds<T>(model: AnyModel, ids: unknown[]): Promise<T[]> {
  if (!(await filtersByIdOnly(model)))
    return model
      .find({ _id: { $in: ids } })
      .lean<T[]>()
      .exec();
  const docs = await Promise.all(ids.map((id) => model.findById(id).lean<T>().exec()));
  return docs.filter((doc): doc is Awaited<T> & T => doc !== null);
}

/** Whether `doc` meets `condition`, as MongoDB would match it (for the operators Condition allows). */
export function meets(doc: Record<string, unknown>, condition: Condition): boolean {
  return Object.entries(condition).every(([field, expected]) => {
    if (field.includes('.') || field.startsWith('$')) throw new Error(`unsupported condition field ${field}`);
    const actual = doc[field];
    if (isOperator(expected)) {
      const [[operator, operand], ...more] = Object.entries(expected);
      if (more.length > 0) throw new Error(`one operator per field: ${field}`);
      if (operator === '$in' && Array.isArray(operand)) return operand.some((value) => same(actual, value));
      if (operator === '$ne') return !same(actual, operand);
      throw new Error(`unsupported condition operator ${operator} on ${field}`);
    }
    return same(actual, expected);
  });
}

function isOperator(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).some((k) => k.startsWith('$'));
}

/** MongoDB equality for scalars and ObjectIds; null also matches a missing field. */
function same(actual: unknown, expected: unknown): boolean {
  if (expected === null || expected === undefined) return actual === null || actual === undefined;
  if (hasHex(expected) || hasHex(actual)) return hasHex(actual) && hasHex(expected) && actual.toHexString() === expected.toHexString();
  if (expected instanceof Date) return actual instanceof Date && actual.getTime() === expected.getTime();
  return actual === expected;
}

function hasHex(value: unknown): value is { toHexString(): string } {
  return typeof (value as { toHexString?: unknown } | null)?.toHexString === 'function';
}
