import { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * Insert or update by primary key. The applier has already locked and read the row,
 * so no `ON DUPLICATE KEY UPDATE` is needed (and no VALUES()/alias dialect split between MariaDB and MySQL 8).
 */
export async function upsertRow<T extends ObjectLiteral>(
  tx: EntityManager,
  entity: EntityTarget<T>,
  key: Partial<T>,
  row: T,
  rowExists: boolean,
): Promise<void> {
  if (rowExists) await tx.update(entity, key, row);
  else await tx.insert(entity, row);
}
