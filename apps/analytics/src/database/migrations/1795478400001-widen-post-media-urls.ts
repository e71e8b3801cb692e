import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * posts.media_urls holds the JSON list of up to FIELD_LIMITS.post.media_urls urls of FIELD_LIMITS.post.media_url
 * characters each: up to ~164 KB of UTF-8, more than a TEXT column's 65,535 bytes. MEDIUMTEXT holds 16 MB.
 */
export class WidenPostMediaUrls1795478400001 implements MigrationInterface {
  name = 'WidenPostMediaUrls1795478400001';

  async up(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE posts MODIFY media_urls MEDIUMTEXT NOT NULL');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE posts MODIFY media_urls TEXT NOT NULL');
  }
}
