/** pending -> shipped, or pending -> cancelled. */
export const ORDER_STATUSES = ['pending', 'shipped', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export interface OrderItemData {
  line_no: number;
  product_snapshot: {
    product_id: string;
    supplier_id: string;
    name: string;
    sku: string;
    variant_name: string;
  };
  quantity: number;
  unit_price_cents: number;
  line_total_cents: number;
}

export interface ShippingAddressData {
  recipient_name: string;
  line1: string;
  line2: string | null;
  city: string;
  state: string | null;
  postal_code: string;
  country: string;
}

/** Wire shape of an order (event `data` of order.created). */
export interface OrderData {
  id: string;
  order_number: string;
  customer: { user_id: string; email: string; display_name: string };
  items: OrderItemData[];
  shipping_address: ShippingAddressData;
  subtotal_cents: number;
  total_cents: number;
  currency: string;
  status: OrderStatus;
  cancellation_reason: string | null;
  cancelled_at: string | null;
  /** Added with order.shipped; events produced before it lack these three (read them as null). */
  carrier?: string | null;
  tracking_number?: string | null;
  shipped_at?: string | null;
  created_at: string;
  updated_at: string;
}

export interface OrderCancelledData {
  order_id: string;
  order_number: string;
  reason: string | null;
  cancelled_at: string;
}

export interface OrderShippedData {
  order_id: string;
  order_number: string;
  carrier: string;
  tracking_number: string;
  shipped_at: string;
}
