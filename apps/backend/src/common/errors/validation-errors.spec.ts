import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsEmail, IsInt, Min, ValidateNested, validateSync } from 'class-validator';
import { toFieldErrors } from './validation-errors';

class Item {
  @IsInt() @Min(1) quantity: number;
}
class Body {
  @IsEmail() email: string;
  @ValidateNested({ each: true }) @Type(() => Item) items: Item[];
}

describe('toFieldErrors', () => {
  it('names nested fields by their path and keeps each reason', () => {
    const body = Object.assign(new Body(), { email: 'nope', items: [Object.assign(new Item(), { quantity: 0 })] });
    expect(toFieldErrors(validateSync(body))).toEqual([
      { field: 'email', reason: 'email must be an email' },
      { field: 'items.0.quantity', reason: 'quantity must not be less than 1' },
    ]);
  });
});
