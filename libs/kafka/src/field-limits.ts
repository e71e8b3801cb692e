/**
 * The limits of every value the read model stores, in one place: the backend's DTOs (what the API accepts)
 * and the analytics readers (what the consumer projects) both use these, so nothing the API accepts can be
 * rejected by MySQL downstream and sit in a dead letter queue. Lengths count characters (VARCHAR(n) does too);
 * TEXT columns hold 65,535 bytes, so their limits leave room for 4-byte UTF-8 characters.
 */
export const FIELD_LIMITS = {
  /** ObjectId hex strings (ids and references). */
  id: 24,
  email: 320,
  user: { display_name: 200, first_name: 200, last_name: 200, avatar_url: 2048, bio: 2000, phone: 50 },
  supplier: { name: 200, phone: 50, line1: 200, line2: 200, city: 100, state: 100, postal_code: 20, country: 100 },
  product: {
    name: 200,
    description: 5000,
    category: 100,
    variants: 100,
    sku: 100,
    variant_name: 200,
    /** attributes: at most this many keys, each key and value at most these lengths (a TEXT column). */
    attributes: 20,
    attribute_key: 50,
    attribute_value: 200,
  },
  order: {
    order_number: 64,
    items: 100,
    recipient_name: 200,
    line1: 200,
    line2: 200,
    city: 100,
    state: 100,
    postal_code: 20,
    country: 100,
    cancellation_reason: 500,
    carrier: 100,
    tracking_number: 100,
  },
  post: { body: 10_000, media_urls: 20, media_url: 2048, product_ids: 50 },
  currency: 3,
  status: 20,
} as const;

/** MySQL INT (stock, quantity, line_no). */
export const MAX_INT = 2_147_483_647;

/** Largest order line quantity the API takes. */
export const MAX_QUANTITY = 10_000;

/**
 * Largest price in minor units the API takes: an order of FIELD_LIMITS.order.items lines of MAX_QUANTITY each
 * still totals below 2^53, so every amount stays an exact integer in JSON and in BIGINT columns.
 */
export const MAX_PRICE_CENTS = Math.floor(Number.MAX_SAFE_INTEGER / (FIELD_LIMITS.order.items * MAX_QUANTITY));
