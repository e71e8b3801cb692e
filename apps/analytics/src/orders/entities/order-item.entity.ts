import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One line of an order, with the product snapshot copied at order time (FK to orders ON DELETE CASCADE). */
@Entity('order_items')
export class OrderItemEntity {
  @PrimaryColumn({ type: 'varchar', length: 24 })
  order_id: string;

  @PrimaryColumn({ type: 'int' })
  line_no: number;

  @Column({ type: 'varchar', length: 24 })
  product_id: string;

  @Column({ type: 'varchar', length: 24 })
  supplier_id: string;

  @Column({ type: 'varchar', length: 200 })
  product_name: string;

  @Column({ type: 'varchar', length: 100 })
  sku: string;

  @Column({ type: 'varchar', length: 200 })
  variant_name: string;

  @Column({ type: 'int' })
  quantity: number;

  @Column({ type: 'bigint' })
  unit_price_cents: number;

  @Column({ type: 'bigint' })
  line_total_cents: number;
}
