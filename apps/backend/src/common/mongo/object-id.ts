import { Types } from 'mongoose';

const HEX_24 = /^[0-9a-fA-F]{24}$/;

/** Only the 24-hex form: mongoose's own check also accepts any 12-character string. */
export function isValidObjectId(value: unknown): value is string {
  return typeof value === 'string' && HEX_24.test(value);
}

export function oid(hex: string): Types.ObjectId {
  return new Types.ObjectId(hex);
}
