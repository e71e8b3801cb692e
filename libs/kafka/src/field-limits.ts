/**
 * The limits of every value the read model stores, in one place: the backend's DTOs (what the API accepts)
 * and the analytics readers (what the consumer projects) both use these, so nothing the API accepts can be
 * rejected by MySQL downstream and sit in a dead letter queue. Lengths count Unicode code points (`textLength`),
 * which is what a utf8mb4 VARCHAR(n) counts: an emoji is one, a variation selector another (JavaScript's `.length`
 * counts UTF-16 units, an emoji two). TEXT columns hold 65,535 bytes, so their limits leave room for 4-byte characters.
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

/** The length of a string as MySQL's utf8mb4 columns count it: Unicode code points, not UTF-16 units. */
export function textLength(value: string): number {
  let length = value.length;
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < value.length) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        length--;
        i++;
      }
    }
  }
  return length;
}

/** False for a string holding a lone surrogate (no Unicode text: UTF-8 and MySQL cannot store it). */
export function isWellFormedText(value: string): boolean {
  return !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(value);
}

/** Why `value` is no text within `max` code points, or null when it is. */
export function textProblem(value: string, max: number): string | null {
  if (!isWellFormedText(value)) return 'must be Unicode text (it holds a lone surrogate)';
  if (textLength(value) > max) return `must be at most ${max} characters`;
  return null;
}
