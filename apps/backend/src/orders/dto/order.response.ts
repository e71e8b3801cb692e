import { ApiProperty } from '@nestjs/swagger';
import { ORDER_STATUSES } from '@app/kafka';
import { ShippingAddressDto } from './create-order.dto';

class CustomerSchemaDoc {
  @ApiProperty({ example: '6650a1b2c3d4e5f601234567' }) user_id: string;
  @ApiProperty({ example: 'ada@example.com' }) email: string;
  @ApiProperty({ example: 'Ada L.' }) display_name: string;
}

class ProductSnapshotSchemaDoc {
  @ApiProperty({ example: '6650a1b2c3d4e5f601234569' }) product_id: string;
  @ApiProperty({ example: '6650a1b2c3d4e5f601234568' }) supplier_id: string;
  @ApiProperty({ example: 'Stoneware mug' }) name: string;
  @ApiProperty({ example: 'MUG-BLUE-350' }) sku: string;
  @ApiProperty({ example: 'Blue, 350 ml' }) variant_name: string;
}

class OrderItemSchemaDoc {
  @ApiProperty({ example: 1 }) line_no: number;
  @ApiProperty({ type: ProductSnapshotSchemaDoc }) product_snapshot: ProductSnapshotSchemaDoc;
  @ApiProperty({ example: 2 }) quantity: number;
  @ApiProperty({ example: 1490 }) unit_price_cents: number;
  @ApiProperty({ example: 2980 }) line_total_cents: number;
}

/** Swagger picture of OrderData (the order.created payload). */
export class OrderSchemaDoc {
  @ApiProperty({ example: '6650a1b2c3d4e5f60123456a' }) id: string;
  @ApiProperty({ example: 'ORD-20261124-7K3F9Q' }) order_number: string;
  @ApiProperty({ type: CustomerSchemaDoc }) customer: CustomerSchemaDoc;
  @ApiProperty({ type: [OrderItemSchemaDoc] }) items: OrderItemSchemaDoc[];
  @ApiProperty({ type: ShippingAddressDto }) shipping_address: ShippingAddressDto;
  @ApiProperty({ example: 2980 }) subtotal_cents: number;
  @ApiProperty({ example: 2980 }) total_cents: number;
  @ApiProperty({ example: 'USD' }) currency: string;
  @ApiProperty({ enum: ORDER_STATUSES, example: 'pending' }) status: string;
  @ApiProperty({ example: null, nullable: true, type: String }) cancellation_reason: string | null;
  @ApiProperty({ example: null, nullable: true, type: String }) cancelled_at: string | null;
  @ApiProperty({ example: null, nullable: true, type: String, description: 'set by POST /orders/:id/ship' }) carrier: string | null;
  @ApiProperty({ example: null, nullable: true, type: String }) tracking_number: string | null;
  @ApiProperty({ example: null, nullable: true, type: String }) shipped_at: string | null;
  @ApiProperty({ example: '2026-11-24T10:00:00.000Z' }) created_at: string;
  @ApiProperty({ example: '2026-11-24T10:00:00.000Z' }) updated_at: string;
}
