import { ApiProperty } from '@nestjs/swagger';
import { PRODUCT_STATUSES } from '@app/kafka';
import { ProductVariantDto } from './create-product.dto';

/** Swagger picture of ProductData (the payload of every product event but product.deleted). */
export class ProductSchemaDoc {
  @ApiProperty({ example: '6650a1b2c3d4e5f601234569' }) id: string;
  @ApiProperty({ example: '6650a1b2c3d4e5f601234568' }) supplier_id: string;
  @ApiProperty({ example: 'Stoneware mug' }) name: string;
  @ApiProperty({ example: 'Hand-glazed, dishwasher safe.', nullable: true, type: String }) description: string | null;
  @ApiProperty({ example: 'kitchen', nullable: true, type: String }) category: string | null;
  @ApiProperty({ example: 1490 }) base_price_cents: number;
  @ApiProperty({ example: 'USD' }) currency: string;
  @ApiProperty({ enum: PRODUCT_STATUSES, example: 'draft' }) status: string;
  @ApiProperty({ type: [ProductVariantDto] }) variants: ProductVariantDto[];
  @ApiProperty({ example: null, nullable: true, type: String }) published_at: string | null;
  @ApiProperty({ example: '2026-11-24T10:00:00.000Z' }) created_at: string;
  @ApiProperty({ example: '2026-11-24T10:00:00.000Z' }) updated_at: string;
}

export class ProductDeletedSchema {
  @ApiProperty({ example: '6650a1b2c3d4e5f601234569' }) product_id: string;
  @ApiProperty({ example: '6650a1b2c3d4e5f601234568' }) supplier_id: string;
  @ApiProperty({ example: '2026-11-24T10:00:00.000Z' }) deleted_at: string;
}
