import type { Connection, Model } from 'mongoose';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyModel = Model<any>;

const byIdOnly = new WeakMap<object, Promise<boolean>>();

/**
 * True on FerretDB: its SQLite backend uses an index only for a filter that is `_id` alone, and scans the whole
 * collection for `{ _id, status }` (seconds at 100k documents). Asked once per connection (buildInfo names it).
 */
export function filtersByIdOnly(model: AnyModel): Promise<boolean> {
  return isFerretDb(model.db);
}

/** True when the server is FerretDB (buildInfo names it), asked once per connection. */
export function isFerretDb(connection: Connection): Promise<boolean> {
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
