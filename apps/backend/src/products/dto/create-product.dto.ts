import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsInt,
  IsMongoId,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsStringRecord } from '../../common/validation/is-string-record';
import { OptionalNotNull } from '../../common/validation/optional-not-null';

export class ProductVariantDto {
  @ApiProperty({ example: 'MUG-BLUE-350', description: 'unique within the product', maxLength: 64 })
  @IsString() @IsNotEmpty() @MaxLength(64)
  sku: string;

  @ApiProperty({ example: 'Blue, 350 ml', maxLength: 200 })
  @IsString() @IsNotEmpty() @MaxLength(200)
  name: string;

  @ApiPropertyOptional({ example: { color: 'blue', size: '350ml' }, type: 'object', additionalProperties: { type: 'string' } })
  @OptionalNotNull() @IsStringRecord()
  attributes?: Record<string, string>;

  @ApiProperty({ example: 1490, minimum: 0, description: 'integer minor units' })
  @IsInt() @Min(0)
  price_cents: number;

  @ApiPropertyOptional({ example: 25, minimum: 0, default: 0 })
  @OptionalNotNull() @IsInt() @Min(0)
  stock?: number;
}

export class CreateProductDto {
  @ApiPropertyOptional({
    example: '6650a1b2c3d4e5f601234568',
    description: 'optional; the owner is X-Supplier-ID, and a different value here is refused with 403',
  })
  @OptionalNotNull() @IsMongoId()
  supplier_id?: string;

  @ApiProperty({ example: 'Stoneware mug', maxLength: 200 })
  @IsString() @IsNotEmpty() @MaxLength(200)
  name: string;

  @ApiPropertyOptional({ example: 'Hand-glazed, dishwasher safe.', nullable: true, maxLength: 5000 })
  @IsOptional() @IsString() @MaxLength(5000)
  description?: string | null;

  @ApiPropertyOptional({ example: 'kitchen', nullable: true, maxLength: 100 })
  @IsOptional() @IsString() @MaxLength(100)
  category?: string | null;

  @ApiProperty({ example: 1490, minimum: 0, description: 'integer minor units' })
  @IsInt() @Min(0)
  base_price_cents: number;

  @ApiPropertyOptional({ example: 'USD', default: 'USD', description: 'ISO 4217, upper case' })
  @OptionalNotNull() @Matches(/^[A-Z]{3}$/, { message: 'currency must be a 3-letter upper-case ISO 4217 code' })
  currency?: string;

  @ApiPropertyOptional({ type: [ProductVariantDto], description: 'sku must be unique within the product (400 otherwise)' })
  @OptionalNotNull() @IsArray() @ArrayMaxSize(100)
  @ArrayUnique((v: ProductVariantDto) => v?.sku, { message: 'variants must not repeat a sku' })
  @ValidateNested({ each: true }) @Type(() => ProductVariantDto)
  variants?: ProductVariantDto[];
}
