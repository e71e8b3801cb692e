import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { ProjectedRow } from '../../projection/projected-row';

@Entity('users')
export class UserEntity extends ProjectedRow {
  @PrimaryColumn({ type: 'varchar', length: 24 })
  user_id: string;

  @Index('idx_users_email')
  @Column({ type: 'varchar', length: 320 })
  email: string;

  @Column({ type: 'varchar', length: 200 })
  display_name: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  first_name: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  last_name: string | null;

  @Column({ type: 'varchar', length: 2048, nullable: true })
  avatar_url: string | null;

  @Column({ type: 'text', nullable: true })
  bio: string | null;

  @Column({ type: 'varchar', length: 50, nullable: true })
  phone: string | null;

  @Column({ type: 'varchar', length: 20 })
  status: string;

  @Column({ type: 'datetime', precision: 3 })
  created_at: Date;

  @Column({ type: 'datetime', precision: 3 })
  updated_at: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  deleted_at: Date | null;
}
