import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { ProjectedRow } from '../../projection/projected-row';

@Entity('products')
export class ProductEntity extends ProjectedRow {
  @PrimaryColumn({ type: 'varchar', length: 24 })
  product_id: string;

  @Index('idx_products_supplier')
  @Column({ type: 'varchar', length: 24 })
  supplier_id: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  category: string | null;

  @Column({ type: 'bigint' })
  base_price_cents: number;

  @Column({ type: 'char', length: 3 })
  currency: string;

  @Column({ type: 'varchar', length: 20 })
  status: string;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  published_at: Date | null;

  @Column({ type: 'datetime', precision: 3 })
  created_at: Date;

  @Column({ type: 'datetime', precision: 3 })
  updated_at: Date;
}
