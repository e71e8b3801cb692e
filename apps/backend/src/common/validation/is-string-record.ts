import { ValidationOptions, registerDecorator } from 'class-validator';

const SAFE_KEY = /^[^.$][^.]*$/; // MongoDB (and FerretDB) keys: no dots, no leading $

/** A flat object of string values with keys MongoDB can store, e.g. `{"size": "M", "color": "red"}`. */
export function IsStringRecord(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isStringRecord',
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        message: `${String(propertyName)} must be an object of string values whose keys have no "." and do not start with "$"`,
        ...options,
      },
      validator: {
        validate: (value: unknown) =>
          typeof value === 'object' &&
          value !== null &&
          !Array.isArray(value) &&
          Object.entries(value).every(([k, v]) => SAFE_KEY.test(k) && typeof v === 'string'),
      },
    });
}
