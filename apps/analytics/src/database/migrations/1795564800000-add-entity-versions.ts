import { MigrationInterface, QueryRunner } from 'typeorm';

const ENTITY_TABLES = ['users', 'suppliers', 'products', 'orders', 'posts'];

/**
 * entity_version on every entity table (the version of the event that wrote the row: it orders the entity's next
 * events) and on processed_events (the delete guards compare it). Rows already there get NULL, unknown: the next
 * versioned event of their entity wins, and from then on versions order it.
 */
export class AddEntityVersions1795564800000 implements MigrationInterface {
  name = 'AddEntityVersions1795564800000';

  async up(db: QueryRunner): Promise<void> {
    for (const table of [...ENTITY_TABLES, 'processed_events']) {
      await db.query(`ALTER TABLE \`${table}\` ADD COLUMN entity_version INT UNSIGNED NULL`);
    }
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of [...ENTITY_TABLES, 'processed_events']) await db.query(`ALTER TABLE \`${table}\` DROP COLUMN entity_version`);
  }
}
