import { Body, Controller, Delete, Get, Param, Patch, Post, UseGuards } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SupplierData, SupplierDeletedData } from '@app/kafka';
import { ApiErrors, ApiSupplierIdentity } from '../common/swagger/api-docs.decorators';
import { ParseObjectIdPipe } from '../common/validation/parse-object-id.pipe';
import { CreateSupplierDto } from './dto/create-supplier.dto';
import { SupplierDeletedSchema, SupplierSchemaDoc } from './dto/supplier.response';
import { UpdateSupplierDto } from './dto/update-supplier.dto';
import { SelfSupplierGuard } from './supplier-identity.guard';
import { SuppliersService } from './suppliers.service';

const SELF = 'must equal :id; another existing supplier gets 403, an unknown one 401';

@ApiTags('suppliers')
@Controller('suppliers')
export class SuppliersController {
  constructor(private readonly suppliers: SuppliersService) {}

  @Post()
  @ApiOperation({ summary: 'Register a supplier; emits supplier.created' })
  @ApiCreatedResponse({ type: SupplierSchemaDoc })
  @ApiErrors(400)
  create(@Body() dto: CreateSupplierDto): Promise<SupplierData> {
    return this.suppliers.create(dto);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A supplier' })
  @ApiOkResponse({ type: SupplierSchemaDoc })
  @ApiErrors(400, 404)
  get(@Param('id', ParseObjectIdPipe) id: string): Promise<SupplierData> {
    return this.suppliers.get(id);
  }

  @Patch(':id')
  @UseGuards(SelfSupplierGuard)
  @ApiOperation({ summary: 'Change any subset of the fields (nested objects merge); emits supplier.updated' })
  @ApiSupplierIdentity(SELF)
  @ApiOkResponse({ type: SupplierSchemaDoc })
  @ApiErrors(400, 401, 403, 404)
  update(@Param('id', ParseObjectIdPipe) id: string, @Body() dto: UpdateSupplierDto): Promise<SupplierData> {
    return this.suppliers.update(id, dto);
  }

  @Delete(':id')
  @UseGuards(SelfSupplierGuard)
  @ApiOperation({ summary: 'Hard delete; emits supplier.deleted' })
  @ApiSupplierIdentity(SELF)
  @ApiOkResponse({ type: SupplierDeletedSchema, description: 'the supplier.deleted event data' })
  @ApiErrors(400, 401, 403, 404)
  remove(@Param('id', ParseObjectIdPipe) id: string): Promise<SupplierDeletedData> {
    return this.suppliers.remove(id);
  }
}
