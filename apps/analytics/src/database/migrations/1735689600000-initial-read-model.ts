import { MigrationInterface, QueryRunner } from 'typeorm';

const TABLE_OPTIONS = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';
const LAST_EVENT = 'event_id CHAR(36) NOT NULL, event_timestamp DATETIME(3) NOT NULL';

/** The CONTRACT.md read model plus processed_events. Plain DDL that MariaDB 10.11 and MySQL 8 both accept. */
export class InitialReadModel1735689600000 implements MigrationInterface {
  name = 'InitialReadModel1735689600000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE users (
      user_id VARCHAR(24) NOT NULL PRIMARY KEY,
      email VARCHAR(320) NOT NULL,
      display_name VARCHAR(200) NOT NULL,
      first_name VARCHAR(200) NULL,
      last_name VARCHAR(200) NULL,
      avatar_url VARCHAR(2048) NULL,
      bio TEXT NULL,
      phone VARCHAR(50) NULL,
      status VARCHAR(20) NOT NULL,
      created_at DATETIME(3) NOT NULL,
      updated_at DATETIME(3) NOT NULL,
      deleted_at DATETIME(3) NULL,
      ${LAST_EVENT},
      INDEX idx_users_email (email)
    ) ${TABLE_OPTIONS}`);
    await db.query(`CREATE TABLE suppliers (
      supplier_id VARCHAR(24) NOT NULL PRIMARY KEY,
      name VARCHAR(200) NOT NULL,
      contact_email VARCHAR(320) NOT NULL,
      contact_phone VARCHAR(50) NULL,
      address_line1 VARCHAR(200) NOT NULL,
      address_line2 VARCHAR(200) NULL,
      address_city VARCHAR(100) NOT NULL,
      address_state VARCHAR(100) NULL,
      address_postal_code VARCHAR(20) NULL,
      address_country VARCHAR(100) NOT NULL,
      status VARCHAR(20) NOT NULL,
      created_at DATETIME(3) NOT NULL,
      updated_at DATETIME(3) NOT NULL,
      ${LAST_EVENT}
    ) ${TABLE_OPTIONS}`);
    await db.query(`CREATE TABLE products (
      product_id VARCHAR(24) NOT NULL PRIMARY KEY,
      supplier_id VARCHAR(24) NOT NULL,
      name VARCHAR(200) NOT NULL,
      description TEXT NULL,
      category VARCHAR(100) NULL,
      base_price_cents BIGINT NOT NULL,
      currency CHAR(3) NOT NULL,
      status VARCHAR(20) NOT NULL,
      published_at DATETIME(3) NULL,
      created_at DATETIME(3) NOT NULL,
      updated_at DATETIME(3) NOT NULL,
      ${LAST_EVENT},
      INDEX idx_products_supplier (supplier_id)
    ) ${TABLE_OPTIONS}`);
    await db.query(`CREATE TABLE product_variants (
      product_id VARCHAR(24) NOT NULL,
      sku VARCHAR(100) NOT NULL,
      name VARCHAR(200) NOT NULL,
      attributes TEXT NOT NULL,
      price_cents BIGINT NOT NULL,
      stock INT NOT NULL,
      PRIMARY KEY (product_id, sku),
      CONSTRAINT fk_product_variants_product FOREIGN KEY (product_id) REFERENCES products (product_id) ON DELETE CASCADE
    ) ${TABLE_OPTIONS}`);
    await db.query(`CREATE TABLE orders (
      order_id VARCHAR(24) NOT NULL PRIMARY KEY,
      order_number VARCHAR(64) NOT NULL,
      customer_user_id VARCHAR(24) NOT NULL,
      customer_email VARCHAR(320) NOT NULL,
      customer_display_name VARCHAR(200) NOT NULL,
      shipping_recipient_name VARCHAR(200) NOT NULL,
      shipping_line1 VARCHAR(200) NOT NULL,
      shipping_line2 VARCHAR(200) NULL,
      shipping_city VARCHAR(100) NOT NULL,
      shipping_state VARCHAR(100) NULL,
      shipping_postal_code VARCHAR(20) NOT NULL,
      shipping_country VARCHAR(100) NOT NULL,
      subtotal_cents BIGINT NOT NULL,
      total_cents BIGINT NOT NULL,
      currency CHAR(3) NOT NULL,
      status VARCHAR(20) NOT NULL,
      cancellation_reason VARCHAR(500) NULL,
      cancelled_at DATETIME(3) NULL,
      created_at DATETIME(3) NOT NULL,
      updated_at DATETIME(3) NOT NULL,
      ${LAST_EVENT},
      UNIQUE INDEX uq_orders_order_number (order_number),
      INDEX idx_orders_customer (customer_user_id)
    ) ${TABLE_OPTIONS}`);
    await db.query(`CREATE TABLE order_items (
      order_id VARCHAR(24) NOT NULL,
      line_no INT NOT NULL,
      product_id VARCHAR(24) NOT NULL,
      supplier_id VARCHAR(24) NOT NULL,
      product_name VARCHAR(200) NOT NULL,
      sku VARCHAR(100) NOT NULL,
      variant_name VARCHAR(200) NOT NULL,
      quantity INT NOT NULL,
      unit_price_cents BIGINT NOT NULL,
      line_total_cents BIGINT NOT NULL,
      PRIMARY KEY (order_id, line_no),
      INDEX idx_order_items_product (product_id),
      CONSTRAINT fk_order_items_order FOREIGN KEY (order_id) REFERENCES orders (order_id) ON DELETE CASCADE
    ) ${TABLE_OPTIONS}`);
    await db.query(`CREATE TABLE posts (
      post_id VARCHAR(24) NOT NULL PRIMARY KEY,
      author_user_id VARCHAR(24) NOT NULL,
      author_display_name VARCHAR(200) NOT NULL,
      body TEXT NOT NULL,
      media_urls TEXT NOT NULL,
      product_ids TEXT NOT NULL,
      status VARCHAR(20) NOT NULL,
      published_at DATETIME(3) NULL,
      created_at DATETIME(3) NOT NULL,
      updated_at DATETIME(3) NOT NULL,
      deleted_at DATETIME(3) NULL,
      ${LAST_EVENT},
      INDEX idx_posts_author (author_user_id)
    ) ${TABLE_OPTIONS}`);
    await db.query(`CREATE TABLE processed_events (
      event_id CHAR(36) NOT NULL PRIMARY KEY,
      event_type VARCHAR(64) NOT NULL,
      entity_id VARCHAR(64) NOT NULL,
      event_timestamp DATETIME(3) NOT NULL,
      outcome VARCHAR(16) NOT NULL,
      source_topic VARCHAR(255) NULL,
      source_partition INT NULL,
      source_offset BIGINT NULL,
      processed_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      INDEX idx_processed_events_entity (entity_id)
    ) ${TABLE_OPTIONS}`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['processed_events', 'posts', 'order_items', 'orders', 'product_variants', 'products', 'suppliers', 'users']) {
      await db.query(`DROP TABLE ${table}`);
    }
  }
}
