import { Body, Controller, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { OrderData } from '@app/kafka';
import { ApiErrors, ApiErrorsWith, ApiSupplierIdentity, ApiUserIdentity } from '../common/swagger/api-docs.decorators';
import { ParseObjectIdPipe } from '../common/validation/parse-object-id.pipe';
import { SupplierRecord } from '../suppliers/schemas/supplier.schema';
import { ActingSupplier, SupplierIdentityGuard } from '../suppliers/supplier-identity.guard';
import { UserRecord } from '../users/schemas/user.schema';
import { ActingUser, UserIdentityGuard } from '../users/user-identity.guard';
import { CancelOrderDto } from './dto/cancel-order.dto';
import { CreateOrderDto } from './dto/create-order.dto';
import { OrderSchemaDoc } from './dto/order.response';
import { ShipOrderDto } from './dto/ship-order.dto';
import { OrdersService } from './orders.service';

const OWNER = 'the customer who placed the order (403 for another user, 401 for an unknown one)';

@ApiTags('orders')
@Controller('orders')
export class OrdersController {
  constructor(private readonly orders: OrdersService) {}

  @Post()
  @UseGuards(UserIdentityGuard)
  @ApiOperation({ summary: 'Place an order at the current variant prices; emits order.created' })
  @ApiUserIdentity('the customer (an existing, not deleted user)')
  @ApiCreatedResponse({ type: OrderSchemaDoc })
  @ApiErrorsWith(
    {
      404: 'PRODUCT_NOT_FOUND / SKU_NOT_FOUND: an item names an unknown product or sku (`field` says which)',
      409: 'PRODUCT_NOT_ACTIVE: an item product is not active; CURRENCY_MISMATCH: the products have different currencies',
    },
    400,
    401,
  )
  create(@ActingUser() user: UserRecord, @Body() dto: CreateOrderDto): Promise<OrderData> {
    return this.orders.create(user, dto);
  }

  @Get(':id')
  @UseGuards(UserIdentityGuard)
  @ApiOperation({ summary: 'An order of the acting user' })
  @ApiUserIdentity(OWNER)
  @ApiOkResponse({ type: OrderSchemaDoc })
  @ApiErrors(400, 401, 403, 404)
  get(@ActingUser() user: UserRecord, @Param('id', ParseObjectIdPipe) id: string): Promise<OrderData> {
    return this.orders.get(user._id.toHexString(), id);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @UseGuards(UserIdentityGuard)
  @ApiOperation({ summary: 'pending -> cancelled with an optional reason; emits order.cancelled' })
  @ApiUserIdentity(OWNER)
  @ApiBody({ type: CancelOrderDto, required: false })
  @ApiOkResponse({ type: OrderSchemaDoc, description: 'the cancelled order' })
  @ApiErrorsWith({ 409: 'INVALID_TRANSITION: the order is not pending (from/to in the body)' }, 400, 401, 403, 404)
  cancel(@ActingUser() user: UserRecord, @Param('id', ParseObjectIdPipe) id: string, @Body() dto: CancelOrderDto): Promise<OrderData> {
    return this.orders.cancel(user._id.toHexString(), id, dto.reason ?? null);
  }

  @Post(':id/ship')
  @HttpCode(200)
  @UseGuards(SupplierIdentityGuard)
  @ApiOperation({ summary: 'pending -> shipped with carrier and tracking number; emits order.shipped' })
  @ApiSupplierIdentity('a supplier with at least one product in the order (403 otherwise, 401 for an unknown one)')
  @ApiOkResponse({ type: OrderSchemaDoc, description: 'the shipped order' })
  @ApiErrorsWith({ 409: 'INVALID_TRANSITION: the order is not pending (from/to in the body)' }, 400, 401, 403, 404)
  ship(
    @ActingSupplier() supplier: SupplierRecord,
    @Param('id', ParseObjectIdPipe) id: string,
    @Body() dto: ShipOrderDto,
  ): Promise<OrderData> {
    return this.orders.ship(supplier._id.toHexString(), id, dto);
  }
}
