import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * order.shipped (Challenge 4): the orders table gains the shipment columns. Nullable with no default,
 * so the ALTER keeps every existing row as it is (null = not shipped) and old events still apply unchanged.
 */
export class AddOrderShipment1795478400000 implements MigrationInterface {
  name = 'AddOrderShipment1795478400000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE orders
      ADD COLUMN carrier VARCHAR(100) NULL AFTER cancelled_at,
      ADD COLUMN tracking_number VARCHAR(100) NULL AFTER carrier,
      ADD COLUMN shipped_at DATETIME(3) NULL AFTER tracking_number`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE orders DROP COLUMN shipped_at, DROP COLUMN tracking_number, DROP COLUMN carrier');
  }
}
