import { isDuplicateKeyError } from './duplicate-key';

describe('isDuplicateKeyError', () => {
  it('knows MongoDB code 11000 and FerretDB findAndModify unique violations', () => {
    expect(isDuplicateKeyError({ code: 11000, message: 'E11000 duplicate key error' })).toBe(true);
    expect(isDuplicateKeyError(new Error("constraint failed: UNIQUE constraint failed: index 'users_email_1' (2067)"))).toBe(true);
  });

  it('does not take other errors for duplicates', () => {
    expect(isDuplicateKeyError(new Error('connection reset'))).toBe(false);
    expect(isDuplicateKeyError({ code: 2 })).toBe(false);
    expect(isDuplicateKeyError(null)).toBe(false);
  });
});
