import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { FIELD_LIMITS } from '@app/kafka';
import { IsEmail, IsNotEmpty, IsObject, IsOptional, IsString, ValidateNested } from 'class-validator';
import { MaxText } from '../../common/validation/max-text';

const trimmedLowerCase = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);

export class SupplierContactDto {
  @ApiProperty({ example: 'sales@acme.example' })
  @Transform(trimmedLowerCase)
  @IsEmail()
  email: string;

  @ApiPropertyOptional({ example: '+1 555 0100', nullable: true, maxLength: FIELD_LIMITS.supplier.phone })
  @IsOptional()
  @IsString()
  @MaxText(FIELD_LIMITS.supplier.phone)
  phone?: string | null;
}

export class SupplierAddressDto {
  @ApiProperty({ example: '1 Industrial Way', maxLength: FIELD_LIMITS.supplier.line1 })
  @IsString()
  @IsNotEmpty()
  @MaxText(FIELD_LIMITS.supplier.line1)
  line1: string;

  @ApiPropertyOptional({ example: 'Unit 4', nullable: true, maxLength: FIELD_LIMITS.supplier.line2 })
  @IsOptional()
  @IsString()
  @MaxText(FIELD_LIMITS.supplier.line2)
  line2?: string | null;

  @ApiProperty({ example: 'Springfield', maxLength: FIELD_LIMITS.supplier.city })
  @IsString()
  @IsNotEmpty()
  @MaxText(FIELD_LIMITS.supplier.city)
  city: string;

  @ApiPropertyOptional({ example: 'IL', nullable: true, maxLength: FIELD_LIMITS.supplier.state })
  @IsOptional()
  @IsString()
  @MaxText(FIELD_LIMITS.supplier.state)
  state?: string | null;

  @ApiPropertyOptional({ example: '62701', nullable: true, maxLength: FIELD_LIMITS.supplier.postal_code })
  @IsOptional()
  @IsString()
  @MaxText(FIELD_LIMITS.supplier.postal_code)
  postal_code?: string | null;

  @ApiProperty({ example: 'US', maxLength: FIELD_LIMITS.supplier.country })
  @IsString()
  @IsNotEmpty()
  @MaxText(FIELD_LIMITS.supplier.country)
  country: string;
}

export class CreateSupplierDto {
  @ApiProperty({ example: 'Acme Supplies', maxLength: FIELD_LIMITS.supplier.name })
  @IsString()
  @IsNotEmpty()
  @MaxText(FIELD_LIMITS.supplier.name)
  name: string;

  @ApiProperty({ type: SupplierContactDto })
  @IsObject()
  @ValidateNested()
  @Type(() => SupplierContactDto)
  contact: SupplierContactDto;

  @ApiProperty({ type: SupplierAddressDto })
  @IsObject()
  @ValidateNested()
  @Type(() => SupplierAddressDto)
  address: SupplierAddressDto;
}
