import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, UseGuards } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ProductData, ProductDeletedData } from '@app/kafka';
import { ApiErrors, ApiErrorsWith, ApiSupplierIdentity } from '../common/swagger/api-docs.decorators';
import { ParseObjectIdPipe } from '../common/validation/parse-object-id.pipe';
import { SupplierRecord } from '../suppliers/schemas/supplier.schema';
import { ActingSupplier, SupplierIdentityGuard } from '../suppliers/supplier-identity.guard';
import { CreateProductDto } from './dto/create-product.dto';
import { ProductDeletedSchema, ProductSchemaDoc } from './dto/product.response';
import { UpdateProductDto } from './dto/update-product.dto';
import { ProductsService } from './products.service';

const OWNER = 'the owning supplier (403 for another one, 401 for an unknown one)';
const TRANSITION = { 409: 'INVALID_TRANSITION: not allowed from the current status (body names from/to)' };

@ApiTags('products')
@Controller('products')
export class ProductsController {
  constructor(private readonly products: ProductsService) {}

  @Post()
  @UseGuards(SupplierIdentityGuard)
  @ApiOperation({ summary: 'Create a product in status draft; emits product.created' })
  @ApiSupplierIdentity('the owner of the new product (an existing supplier)')
  @ApiCreatedResponse({ type: ProductSchemaDoc })
  @ApiErrorsWith({ 403: 'NOT_OWNER: body supplier_id differs from X-Supplier-ID' }, 400, 401)
  create(@ActingSupplier() supplier: SupplierRecord, @Body() dto: CreateProductDto): Promise<ProductData> {
    return this.products.create(supplier._id.toHexString(), dto);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A product, in any status' })
  @ApiOkResponse({ type: ProductSchemaDoc })
  @ApiErrors(400, 404)
  get(@Param('id', ParseObjectIdPipe) id: string): Promise<ProductData> {
    return this.products.get(id);
  }

  @Patch(':id')
  @UseGuards(SupplierIdentityGuard)
  @ApiOperation({ summary: 'Change any subset of the fields (variants replace the list); emits product.updated' })
  @ApiSupplierIdentity(OWNER)
  @ApiOkResponse({ type: ProductSchemaDoc })
  @ApiErrors(400, 401, 403, 404)
  update(
    @ActingSupplier() supplier: SupplierRecord,
    @Param('id', ParseObjectIdPipe) id: string,
    @Body() dto: UpdateProductDto,
  ): Promise<ProductData> {
    return this.products.update(supplier._id.toHexString(), id, dto);
  }

  @Post(':id/publish')
  @HttpCode(200)
  @UseGuards(SupplierIdentityGuard)
  @ApiOperation({ summary: 'draft -> active (sets published_at); emits product.published' })
  @ApiSupplierIdentity(OWNER)
  @ApiOkResponse({ type: ProductSchemaDoc })
  @ApiErrorsWith(TRANSITION, 400, 401, 403, 404)
  publish(@ActingSupplier() supplier: SupplierRecord, @Param('id', ParseObjectIdPipe) id: string): Promise<ProductData> {
    return this.products.transition(supplier._id.toHexString(), id, 'publish');
  }

  @Post(':id/out-of-stock')
  @HttpCode(200)
  @UseGuards(SupplierIdentityGuard)
  @ApiOperation({ summary: 'active -> out_of_stock; emits product.out_of_stock' })
  @ApiSupplierIdentity(OWNER)
  @ApiOkResponse({ type: ProductSchemaDoc })
  @ApiErrorsWith(TRANSITION, 400, 401, 403, 404)
  outOfStock(@ActingSupplier() supplier: SupplierRecord, @Param('id', ParseObjectIdPipe) id: string): Promise<ProductData> {
    return this.products.transition(supplier._id.toHexString(), id, 'out-of-stock');
  }

  @Post(':id/restore')
  @HttpCode(200)
  @UseGuards(SupplierIdentityGuard)
  @ApiOperation({ summary: 'out_of_stock or discontinued -> active; emits product.restored' })
  @ApiSupplierIdentity(OWNER)
  @ApiOkResponse({ type: ProductSchemaDoc })
  @ApiErrorsWith(TRANSITION, 400, 401, 403, 404)
  restore(@ActingSupplier() supplier: SupplierRecord, @Param('id', ParseObjectIdPipe) id: string): Promise<ProductData> {
    return this.products.transition(supplier._id.toHexString(), id, 'restore');
  }

  @Post(':id/discontinue')
  @HttpCode(200)
  @UseGuards(SupplierIdentityGuard)
  @ApiOperation({ summary: 'draft, active or out_of_stock -> discontinued; emits product.discontinued' })
  @ApiSupplierIdentity(OWNER)
  @ApiOkResponse({ type: ProductSchemaDoc })
  @ApiErrorsWith(TRANSITION, 400, 401, 403, 404)
  discontinue(@ActingSupplier() supplier: SupplierRecord, @Param('id', ParseObjectIdPipe) id: string): Promise<ProductData> {
    return this.products.transition(supplier._id.toHexString(), id, 'discontinue');
  }

  @Delete(':id')
  @UseGuards(SupplierIdentityGuard)
  @ApiOperation({ summary: 'Hard delete; emits product.deleted' })
  @ApiSupplierIdentity(OWNER)
  @ApiOkResponse({ type: ProductDeletedSchema, description: 'the product.deleted event data' })
  @ApiErrors(400, 401, 403, 404)
  remove(@ActingSupplier() supplier: SupplierRecord, @Param('id', ParseObjectIdPipe) id: string): Promise<ProductDeletedData> {
    return this.products.remove(supplier._id.toHexString(), id);
  }
}
