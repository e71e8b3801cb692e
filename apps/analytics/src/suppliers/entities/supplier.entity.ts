import { Column, Entity, PrimaryColumn } from 'typeorm';
import { ProjectedRow } from '../../projection/projected-row';

@Entity('suppliers')
export class SupplierEntity extends ProjectedRow {
  @PrimaryColumn({ type: 'varchar', length: 24 })
  supplier_id: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 320 })
  contact_email: string;

  @Column({ type: 'varchar', length: 50, nullable: true })
  contact_phone: string | null;

  @Column({ type: 'varchar', length: 200 })
  address_line1: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  address_line2: string | null;

  @Column({ type: 'varchar', length: 100 })
  address_city: string;

  @Column({ type: 'varchar', length: 100, nullable: true })
  address_state: string | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  address_postal_code: string | null;

  @Column({ type: 'varchar', length: 100 })
  address_country: string;

  @Column({ type: 'varchar', length: 20 })
  status: string;

  @Column({ type: 'datetime', precision: 3 })
  created_at: Date;

  @Column({ type: 'datetime', precision: 3 })
  updated_at: Date;
}
