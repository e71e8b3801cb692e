import { Db, ObjectId } from 'mongodb';
import { Pool } from 'mysql2/promise';
import { Touched } from '../../scripts/demo/journey';
import { expectedView, KINDS, readViews, ReadModelView } from '../../scripts/reconcile/read-model';

export type { ReadModelView } from '../../scripts/reconcile/read-model';

/** What the contract says MySQL must hold for the entity, given its MongoDB document (gone: no rows). */
export async function expectedReadModel(db: Db, { kind, id }: Touched): Promise<ReadModelView> {
  return expectedView(kind, await db.collection(KINDS[kind].collection).findOne({ _id: new ObjectId(id) }));
}

/** What MySQL holds for the entity, in the same shape as expectedReadModel. */
export async function readModelOf(pool: Pool, { kind, id }: Touched): Promise<ReadModelView> {
  return (await readViews(pool, kind, [id])).get(id)!;
}
