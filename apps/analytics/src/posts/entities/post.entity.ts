import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { ProjectedRow } from '../../projection/projected-row';

@Entity('posts')
export class PostEntity extends ProjectedRow {
  @PrimaryColumn({ type: 'varchar', length: 24 })
  post_id: string;

  @Index('idx_posts_author')
  @Column({ type: 'varchar', length: 24 })
  author_user_id: string;

  @Column({ type: 'varchar', length: 200 })
  author_display_name: string;

  @Column({ type: 'text' })
  body: string;

  /** JSON text of the URL list. */
  @Column({ type: 'text' })
  media_urls: string;

  /** JSON text of the product id list. */
  @Column({ type: 'text' })
  product_ids: string;

  @Column({ type: 'varchar', length: 20 })
  status: string;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  published_at: Date | null;

  @Column({ type: 'datetime', precision: 3 })
  created_at: Date;

  @Column({ type: 'datetime', precision: 3 })
  updated_at: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  deleted_at: Date | null;
}
