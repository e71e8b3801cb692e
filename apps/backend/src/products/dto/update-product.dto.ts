import { OmitType, PartialType } from '@nestjs/swagger';
import { CreateProductDto } from './create-product.dto';

/** Any subset of the product's fields; `variants`, when sent, replaces the whole list. */
export class UpdateProductDto extends PartialType(OmitType(CreateProductDto, ['supplier_id'] as const), {
  skipNullProperties: false,
}) {}
