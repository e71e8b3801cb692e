import { ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { FIELD_LIMITS } from '@app/kafka';
import { IsNotEmpty, IsObject, IsString, ValidateNested } from 'class-validator';
import { MaxText } from '../../common/validation/max-text';
import { OptionalNotNull } from '../../common/validation/optional-not-null';
import { SupplierAddressDto, SupplierContactDto } from './create-supplier.dto';

// skipNullProperties: false, so `null` for a required field is rejected instead of stored.
export class UpdateSupplierContactDto extends PartialType(SupplierContactDto, { skipNullProperties: false }) {}
export class UpdateSupplierAddressDto extends PartialType(SupplierAddressDto, { skipNullProperties: false }) {}

/** Any subset of the supplier's fields; nested objects are merged field by field. */
export class UpdateSupplierDto {
  @ApiPropertyOptional({ example: 'Acme Supplies Ltd', maxLength: FIELD_LIMITS.supplier.name })
  @OptionalNotNull()
  @IsString()
  @IsNotEmpty()
  @MaxText(FIELD_LIMITS.supplier.name)
  name?: string;

  @ApiPropertyOptional({ type: UpdateSupplierContactDto })
  @OptionalNotNull()
  @IsObject()
  @ValidateNested()
  @Type(() => UpdateSupplierContactDto)
  contact?: UpdateSupplierContactDto;

  @ApiPropertyOptional({ type: UpdateSupplierAddressDto })
  @OptionalNotNull()
  @IsObject()
  @ValidateNested()
  @Type(() => UpdateSupplierAddressDto)
  address?: UpdateSupplierAddressDto;
}
