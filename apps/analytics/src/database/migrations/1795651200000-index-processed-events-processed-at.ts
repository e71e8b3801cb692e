import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An index on processed_events.processed_at: ProcessedEventsPruner walks the rows older than its cut-off in
 * (processed_at, event_id) order, a few thousand at a time, instead of scanning the whole table each time.
 * InnoDB builds it in place without blocking writes.
 */
export class IndexProcessedEventsProcessedAt1795651200000 implements MigrationInterface {
  name = 'IndexProcessedEventsProcessedAt1795651200000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('CREATE INDEX idx_processed_events_processed_at ON processed_events (processed_at)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP INDEX idx_processed_events_processed_at ON processed_events');
  }
}
