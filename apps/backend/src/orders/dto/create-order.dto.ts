import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { FIELD_LIMITS, MAX_QUANTITY } from '@app/kafka';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsMongoId,
  IsNotEmpty,
  IsOptional,
  IsString,
  Max,
  Min,
  ValidateNested,
  IsObject,
} from 'class-validator';
import { MaxText } from '../../common/validation/max-text';

export class OrderLineDto {
  @ApiProperty({ example: '6650a1b2c3d4e5f601234569', description: 'an active product' })
  @IsMongoId()
  product_id: string;

  @ApiProperty({ example: 'MUG-BLUE-350', description: 'a sku of that product' })
  @IsString()
  @IsNotEmpty()
  @MaxText(FIELD_LIMITS.product.sku)
  sku: string;

  @ApiProperty({ example: 2, minimum: 1, maximum: MAX_QUANTITY })
  @IsInt()
  @Min(1)
  @Max(MAX_QUANTITY)
  quantity: number;
}

export class ShippingAddressDto {
  @ApiProperty({ example: 'Ada Lovelace', maxLength: FIELD_LIMITS.order.recipient_name })
  @IsString()
  @IsNotEmpty()
  @MaxText(FIELD_LIMITS.order.recipient_name)
  recipient_name: string;

  @ApiProperty({ example: '12 St James Sq', maxLength: FIELD_LIMITS.order.line1 })
  @IsString()
  @IsNotEmpty()
  @MaxText(FIELD_LIMITS.order.line1)
  line1: string;

  @ApiPropertyOptional({ example: 'Flat 3', nullable: true, maxLength: FIELD_LIMITS.order.line2 })
  @IsOptional()
  @IsString()
  @MaxText(FIELD_LIMITS.order.line2)
  line2?: string | null;

  @ApiProperty({ example: 'London', maxLength: FIELD_LIMITS.order.city })
  @IsString()
  @IsNotEmpty()
  @MaxText(FIELD_LIMITS.order.city)
  city: string;

  @ApiPropertyOptional({ example: null, nullable: true, maxLength: FIELD_LIMITS.order.state })
  @IsOptional()
  @IsString()
  @MaxText(FIELD_LIMITS.order.state)
  state?: string | null;

  @ApiProperty({ example: 'SW1Y 4JH', maxLength: FIELD_LIMITS.order.postal_code })
  @IsString()
  @IsNotEmpty()
  @MaxText(FIELD_LIMITS.order.postal_code)
  postal_code: string;

  @ApiProperty({ example: 'GB', maxLength: FIELD_LIMITS.order.country })
  @IsString()
  @IsNotEmpty()
  @MaxText(FIELD_LIMITS.order.country)
  country: string;
}

export class CreateOrderDto {
  @ApiProperty({ type: [OrderLineDto], minItems: 1 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(FIELD_LIMITS.order.items)
  @ValidateNested({ each: true })
  @Type(() => OrderLineDto)
  items: OrderLineDto[];

  @ApiProperty({ type: ShippingAddressDto })
  @IsObject()
  @ValidateNested()
  @Type(() => ShippingAddressDto)
  shipping_address: ShippingAddressDto;
}
