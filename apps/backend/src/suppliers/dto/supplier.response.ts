import { ApiProperty } from '@nestjs/swagger';
import { SUPPLIER_STATUSES } from '@app/kafka';
import { SupplierAddressDto, SupplierContactDto } from './create-supplier.dto';

/** Swagger picture of SupplierData (the supplier.created / supplier.updated payload). */
export class SupplierSchemaDoc {
  @ApiProperty({ example: '6650a1b2c3d4e5f601234568' }) id: string;
  @ApiProperty({ example: 'Acme Supplies' }) name: string;
  @ApiProperty({ type: SupplierContactDto }) contact: SupplierContactDto;
  @ApiProperty({ type: SupplierAddressDto }) address: SupplierAddressDto;
  @ApiProperty({ enum: SUPPLIER_STATUSES, example: 'active' }) status: string;
  @ApiProperty({ example: '2026-11-24T10:00:00.000Z' }) created_at: string;
  @ApiProperty({ example: '2026-11-24T10:00:00.000Z' }) updated_at: string;
}

export class SupplierDeletedSchema {
  @ApiProperty({ example: '6650a1b2c3d4e5f601234568' }) supplier_id: string;
  @ApiProperty({ example: '2026-11-24T10:00:00.000Z' }) deleted_at: string;
}
