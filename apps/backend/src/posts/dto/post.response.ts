import { ApiProperty } from '@nestjs/swagger';
import { POST_STATUSES } from '@app/kafka';

class AuthorSchemaDoc {
  @ApiProperty({ example: '6650a1b2c3d4e5f601234567' }) user_id: string;
  @ApiProperty({ example: 'Ada L.' }) display_name: string;
}

/** Swagger picture of PostData (the post.created / updated / published payload). */
export class PostSchemaDoc {
  @ApiProperty({ example: '6650a1b2c3d4e5f60123456b' }) id: string;
  @ApiProperty({ type: AuthorSchemaDoc }) author: AuthorSchemaDoc;
  @ApiProperty({ example: 'Loving this mug for my morning coffee.' }) body: string;
  @ApiProperty({ example: ['https://cdn.example.com/p/mug.jpg'], type: [String] }) media_urls: string[];
  @ApiProperty({ example: ['6650a1b2c3d4e5f601234569'], type: [String] }) product_ids: string[];
  @ApiProperty({ enum: POST_STATUSES, example: 'draft' }) status: string;
  @ApiProperty({ example: null, nullable: true, type: String }) published_at: string | null;
  @ApiProperty({ example: '2026-11-24T10:00:00.000Z' }) created_at: string;
  @ApiProperty({ example: '2026-11-24T10:00:00.000Z' }) updated_at: string;
  @ApiProperty({ example: null, nullable: true, type: String }) deleted_at: string | null;
}

export class PostDeletedSchema {
  @ApiProperty({ example: '6650a1b2c3d4e5f60123456b' }) post_id: string;
  @ApiProperty({ example: '2026-11-24T10:00:00.000Z' }) deleted_at: string;
}
