import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A product's variants; replaced as a whole by every product event, removed with the product (FK ON DELETE CASCADE). */
@Entity('product_variants')
export class ProductVariantEntity {
  @PrimaryColumn({ type: 'varchar', length: 24 })
  product_id: string;

  @PrimaryColumn({ type: 'varchar', length: 100 })
  sku: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** JSON text of the attribute map (JSON columns differ between MariaDB and MySQL 8). */
  @Column({ type: 'text' })
  attributes: string;

  @Column({ type: 'bigint' })
  price_cents: number;

  @Column({ type: 'int' })
  stock: number;
}
