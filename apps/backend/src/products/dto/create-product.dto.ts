import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { FIELD_LIMITS, MAX_INT, MAX_PRICE_CENTS } from '@app/kafka';
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
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { MaxText } from '../../common/validation/max-text';
import { IsStringRecord } from '../../common/validation/is-string-record';
import { OptionalNotNull } from '../../common/validation/optional-not-null';

export class ProductVariantDto {
  @ApiProperty({ example: 'MUG-BLUE-350', description: 'unique within the product', maxLength: FIELD_LIMITS.product.sku })
  @IsString()
  @IsNotEmpty()
  @MaxText(FIELD_LIMITS.product.sku)
  sku: string;

  @ApiProperty({ example: 'Blue, 350 ml', maxLength: FIELD_LIMITS.product.variant_name })
  @IsString()
  @IsNotEmpty()
  @MaxText(FIELD_LIMITS.product.variant_name)
  name: string;

  @ApiPropertyOptional({ example: { color: 'blue', size: '350ml' }, type: 'object', additionalProperties: { type: 'string' } })
  @OptionalNotNull()
  @IsStringRecord(FIELD_LIMITS.product)
  attributes?: Record<string, string>;

  @ApiProperty({ example: 1490, minimum: 0, maximum: MAX_PRICE_CENTS, description: 'integer minor units' })
  @IsInt()
  @Min(0)
  @Max(MAX_PRICE_CENTS)
  price_cents: number;

  @ApiPropertyOptional({ example: 25, minimum: 0, maximum: MAX_INT, default: 0 })
  @OptionalNotNull()
  @IsInt()
  @Min(0)
  @Max(MAX_INT)
  stock?: number;
}

export class CreateProductDto {
  @ApiPropertyOptional({
    example: '6650a1b2c3d4e5f601234568',
    description: 'optional; the owner is X-Supplier-ID, and a different value here is refused with 403',
  })
  @OptionalNotNull()
  @IsMongoId()
  supplier_id?: string;

  @ApiProperty({ example: 'Stoneware mug', maxLength: FIELD_LIMITS.product.name })
  @IsString()
  @IsNotEmpty()
  @MaxText(FIELD_LIMITS.product.name)
  name: string;

  @ApiPropertyOptional({ example: 'Hand-glazed, dishwasher safe.', nullable: true, maxLength: FIELD_LIMITS.product.description })
  @IsOptional()
  @IsString()
  @MaxText(FIELD_LIMITS.product.description)
  description?: string | null;

  @ApiPropertyOptional({ example: 'kitchen', nullable: true, maxLength: FIELD_LIMITS.product.category })
  @IsOptional()
  @IsString()
  @MaxText(FIELD_LIMITS.product.category)
  category?: string | null;

  @ApiProperty({ example: 1490, minimum: 0, maximum: MAX_PRICE_CENTS, description: 'integer minor units' })
  @IsInt()
  @Min(0)
  @Max(MAX_PRICE_CENTS)
  base_price_cents: number;

  @ApiPropertyOptional({ example: 'USD', default: 'USD', description: 'ISO 4217, upper case' })
  @OptionalNotNull()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be a 3-letter upper-case ISO 4217 code' })
  currency?: string;

  @ApiPropertyOptional({ type: [ProductVariantDto], description: 'sku must be unique within the product (400 otherwise)' })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(FIELD_LIMITS.product.variants)
  @ArrayUnique((v: ProductVariantDto) => v?.sku, { message: 'variants must not repeat a sku' })
  @ValidateNested({ each: true })
  @Type(() => ProductVariantDto)
  variants?: ProductVariantDto[];
}
