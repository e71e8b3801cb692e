import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { ProjectedRow } from '../../projection/projected-row';

@Entity('orders')
export class OrderEntity extends ProjectedRow {
  @PrimaryColumn({ type: 'varchar', length: 24 })
  order_id: string;

  @Index('uq_orders_order_number', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  order_number: string;

  @Index('idx_orders_customer')
  @Column({ type: 'varchar', length: 24 })
  customer_user_id: string;

  @Column({ type: 'varchar', length: 320 })
  customer_email: string;

  @Column({ type: 'varchar', length: 200 })
  customer_display_name: string;

  @Column({ type: 'varchar', length: 200 })
  shipping_recipient_name: string;

  @Column({ type: 'varchar', length: 200 })
  shipping_line1: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  shipping_line2: string | null;

  @Column({ type: 'varchar', length: 100 })
  shipping_city: string;

  @Column({ type: 'varchar', length: 100, nullable: true })
  shipping_state: string | null;

  @Column({ type: 'varchar', length: 20 })
  shipping_postal_code: string;

  @Column({ type: 'varchar', length: 100 })
  shipping_country: string;

  @Column({ type: 'bigint' })
  subtotal_cents: number;

  @Column({ type: 'bigint' })
  total_cents: number;

  @Column({ type: 'char', length: 3 })
  currency: string;

  @Column({ type: 'varchar', length: 20 })
  status: string;

  @Column({ type: 'varchar', length: 500, nullable: true })
  cancellation_reason: string | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  cancelled_at: Date | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  carrier: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  tracking_number: string | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  shipped_at: Date | null;

  @Column({ type: 'datetime', precision: 3 })
  created_at: Date;

  @Column({ type: 'datetime', precision: 3 })
  updated_at: Date;
}
