import { randomInt } from 'node:crypto';

// Crockford's base 32: no I, L, O, U, so a number read aloud or typed is not mistaken.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const ORDER_NUMBER = /^ORD-\d{8}-[0-9A-HJKMNP-TV-Z]{6}$/;

/** `ORD-<UTC yyyymmdd>-<6 random chars>`, e.g. ORD-20261124-7K3F9Q; the unique index catches the rare clash. */
export function generateOrderNumber(now: Date = new Date(), pick: (max: number) => number = randomInt): string {
  const day = now.toISOString().slice(0, 10).replace(/-/g, '');
  const suffix = Array.from({ length: 6 }, () => ALPHABET[pick(ALPHABET.length)]).join('');
  return `ORD-${day}-${suffix}`;
}
