import { HttpStatus } from '@nestjs/common';
import { OrderItemData, ProductData } from '@app/kafka';
import { ApiError } from '../common/errors/api-error';

export interface RequestedLine {
  product_id: string;
  sku: string;
  quantity: number;
}

export interface PricedOrder {
  items: OrderItemData[];
  subtotal_cents: number;
  total_cents: number;
  currency: string;
}

/**
 * Copies each line's product and variant into the order at today's price. Every product must exist (404)
 * and be active (409), every sku must exist in its product (404), and all products must share one currency (409).
 */
export function priceOrder(lines: RequestedLine[], products: ReadonlyMap<string, ProductData>): PricedOrder {
  const items = lines.map((line, index): OrderItemData => {
    const field = `items.${index}`;
    const product = products.get(line.product_id);
    if (!product) {
      throw new ApiError(HttpStatus.NOT_FOUND, 'PRODUCT_NOT_FOUND', `${field}.product_id: product ${line.product_id} does not exist`, {
        field: `${field}.product_id`,
      });
    }
    if (product.status !== 'active') {
      throw new ApiError(
        HttpStatus.CONFLICT,
        'PRODUCT_NOT_ACTIVE',
        `${field}.product_id: product ${product.id} is ${product.status}, only active products can be ordered`,
        { field: `${field}.product_id`, status: product.status },
      );
    }
    const variant = product.variants.find((v) => v.sku === line.sku);
    if (!variant) {
      throw new ApiError(HttpStatus.NOT_FOUND, 'SKU_NOT_FOUND', `${field}.sku: product ${product.id} has no sku ${line.sku}`, {
        field: `${field}.sku`,
      });
    }
    return {
      line_no: index + 1,
      product_snapshot: {
        product_id: product.id,
        supplier_id: product.supplier_id,
        name: product.name,
        sku: variant.sku,
        variant_name: variant.name,
      },
      quantity: line.quantity,
      unit_price_cents: variant.price_cents,
      line_total_cents: variant.price_cents * line.quantity,
    };
  });
  const currencies = [...new Set(lines.map((line) => products.get(line.product_id)!.currency))];
  if (currencies.length > 1) {
    throw new ApiError(
      HttpStatus.CONFLICT,
      'CURRENCY_MISMATCH',
      `items: the products are priced in ${currencies.join(', ')}; one order takes one currency`,
      {
        field: 'items',
      },
    );
  }
  const subtotal = items.reduce((sum, item) => sum + item.line_total_cents, 0);
  return { items, subtotal_cents: subtotal, total_cents: subtotal, currency: currencies[0] };
}
