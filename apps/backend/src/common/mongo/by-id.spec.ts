import { Types } from 'mongoose';
import { meets } from './by-id';

describe('meets (the condition of updateWhere, checked in code on FerretDB)', () => {
  const supplier = new Types.ObjectId();
  const doc = { status: 'pending', deleted_at: null, supplier_id: supplier, tombstone: false };

  it('matches equal values and rejects others', () => {
    expect(meets(doc, { status: 'pending' })).toBe(true);
    expect(meets(doc, { status: 'cancelled' })).toBe(false);
    expect(meets(doc, { status: 'pending', deleted_at: null })).toBe(true);
  });

  it('matches null against null and a missing field, and not against a value', () => {
    expect(meets({}, { deleted_at: null })).toBe(true);
    expect(meets({ deleted_at: new Date() }, { deleted_at: null })).toBe(false);
  });

  it('compares ObjectIds by value', () => {
    expect(meets(doc, { supplier_id: new Types.ObjectId(supplier.toHexString()) })).toBe(true);
    expect(meets(doc, { supplier_id: new Types.ObjectId() })).toBe(false);
    expect(meets(doc, { supplier_id: supplier.toHexString() })).toBe(false);
  });

  it('supports $in and $ne (a missing field is not equal to true)', () => {
    expect(meets(doc, { status: { $in: ['draft', 'pending'] } })).toBe(true);
    expect(meets(doc, { status: { $in: ['draft'] } })).toBe(false);
    expect(meets(doc, { tombstone: { $ne: true } })).toBe(true);
    expect(meets({}, { tombstone: { $ne: true } })).toBe(true);
    expect(meets({ tombstone: true }, { tombstone: { $ne: true } })).toBe(false);
  });

  it('refuses what it cannot check rather than guess', () => {
    expect(() => meets(doc, { 'profile.name': 'x' })).toThrow('unsupported condition field profile.name');
    expect(() => meets(doc, { status: { $gt: 'a' } })).toThrow('unsupported condition operator $gt on status');
    expect(() => meets(doc, { $or: [] })).toThrow('unsupported condition field $or');
  });
});
