import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
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
  MaxLength,
  Min,
  ValidateNested,
  IsObject,
} from 'class-validator';

export class OrderLineDto {
  @ApiProperty({ example: '6650a1b2c3d4e5f601234569', description: 'an active product' })
  @IsMongoId()
  product_id: string;

  @ApiProperty({ example: 'MUG-BLUE-350', description: 'a sku of that product' })
  @IsString() @IsNotEmpty()
  sku: string;

  @ApiProperty({ example: 2, minimum: 1, maximum: 10000 })
  @IsInt() @Min(1) @Max(10_000)
  quantity: number;
}

export class ShippingAddressDto {
  @ApiProperty({ example: 'Ada Lovelace', maxLength: 200 })
  @IsString() @IsNotEmpty() @MaxLength(200)
  recipient_name: string;

  @ApiProperty({ example: '12 St James Sq', maxLength: 200 })
  @IsString() @IsNotEmpty() @MaxLength(200)
  line1: string;

  @ApiPropertyOptional({ example: 'Flat 3', nullable: true, maxLength: 200 })
  @IsOptional() @IsString() @MaxLength(200)
  line2?: string | null;

  @ApiProperty({ example: 'London', maxLength: 100 })
  @IsString() @IsNotEmpty() @MaxLength(100)
  city: string;

  @ApiPropertyOptional({ example: null, nullable: true, maxLength: 100 })
  @IsOptional() @IsString() @MaxLength(100)
  state?: string | null;

  @ApiProperty({ example: 'SW1Y 4JH', maxLength: 20 })
  @IsString() @IsNotEmpty() @MaxLength(20)
  postal_code: string;

  @ApiProperty({ example: 'GB', maxLength: 100 })
  @IsString() @IsNotEmpty() @MaxLength(100)
  country: string;
}

export class CreateOrderDto {
  @ApiProperty({ type: [OrderLineDto], minItems: 1 })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(100)
  @ValidateNested({ each: true }) @Type(() => OrderLineDto)
  items: OrderLineDto[];

  @ApiProperty({ type: ShippingAddressDto })
  @IsObject() @ValidateNested() @Type(() => ShippingAddressDto)
  shipping_address: ShippingAddressDto;
}
