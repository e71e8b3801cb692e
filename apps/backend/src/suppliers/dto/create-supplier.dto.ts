import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsEmail, IsNotEmpty, IsObject, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';

const trimmedLowerCase = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);

export class SupplierContactDto {
  @ApiProperty({ example: 'sales@acme.example' })
  @Transform(trimmedLowerCase) @IsEmail()
  email: string;

  @ApiPropertyOptional({ example: '+1 555 0100', nullable: true, maxLength: 40 })
  @IsOptional() @IsString() @MaxLength(40)
  phone?: string | null;
}

export class SupplierAddressDto {
  @ApiProperty({ example: '1 Industrial Way', maxLength: 200 })
  @IsString() @IsNotEmpty() @MaxLength(200)
  line1: string;

  @ApiPropertyOptional({ example: 'Unit 4', nullable: true, maxLength: 200 })
  @IsOptional() @IsString() @MaxLength(200)
  line2?: string | null;

  @ApiProperty({ example: 'Springfield', maxLength: 100 })
  @IsString() @IsNotEmpty() @MaxLength(100)
  city: string;

  @ApiPropertyOptional({ example: 'IL', nullable: true, maxLength: 100 })
  @IsOptional() @IsString() @MaxLength(100)
  state?: string | null;

  @ApiPropertyOptional({ example: '62701', nullable: true, maxLength: 20 })
  @IsOptional() @IsString() @MaxLength(20)
  postal_code?: string | null;

  @ApiProperty({ example: 'US', maxLength: 100 })
  @IsString() @IsNotEmpty() @MaxLength(100)
  country: string;
}

export class CreateSupplierDto {
  @ApiProperty({ example: 'Acme Supplies', maxLength: 200 })
  @IsString() @IsNotEmpty() @MaxLength(200)
  name: string;

  @ApiProperty({ type: SupplierContactDto })
  @IsObject() @ValidateNested() @Type(() => SupplierContactDto)
  contact: SupplierContactDto;

  @ApiProperty({ type: SupplierAddressDto })
  @IsObject() @ValidateNested() @Type(() => SupplierAddressDto)
  address: SupplierAddressDto;
}
