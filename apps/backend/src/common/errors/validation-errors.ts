import { ValidationError } from 'class-validator';
import { FieldError } from './api-error';

/** Flattens class-validator's tree into `{field: 'items.0.sku', reason}` pairs, one per failed constraint. */
export function toFieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((reason) => ({ field, reason }));
    return [...own, ...toFieldErrors(error.children ?? [], field)];
  });
}
